"""Document pages as images: PNG and JPEG decoded, PDF rasterised with pypdfium2, TIFF frames.

`open_document(data)` sniffs the format from the bytes (never from a file name), counts pages
cheaply, and renders a page only when asked. Problems are reported as `UnsupportedFormat` (not a
PNG, JPEG, PDF or TIFF) or `Unreadable` (the right kind of file, but it cannot be read), which the
Textract service turns into UnsupportedDocumentException and BadDocumentException.
"""
from __future__ import annotations

import io
import threading

import numpy as np

PDF_DPI = 150            # rendering resolution for PDF pages (a Letter page is 1275 x 1650 px)
MAX_SIDE_PX = 10_000     # Textract hard limit for images
MAX_PDF_POINTS = 9_000   # Textract hard limit: 40 inches / 9,000 points per side
# PDFium is not thread-safe, even across documents: every call into it holds this lock.
PDFIUM_LOCK = threading.RLock()


class UnsupportedFormat(Exception):
    """The bytes are not a PNG, JPEG, PDF or TIFF document."""


class Unreadable(Exception):
    """The bytes look like a supported format but cannot be decoded (corrupt, encrypted, too big)."""


def sniff(data: bytes) -> str | None:
    """'PNG', 'JPEG', 'PDF' or 'TIFF' from the file's magic bytes, or None."""
    head = bytes(data[:1024])
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if b"%PDF-" in head:
        return "PDF"
    return None


class Document:
    """A decoded document: its format, its page count and its pages rendered on demand."""

    def __init__(self, data: bytes, fmt: str, pages: int):
        self.data = data
        self.format = fmt
        self.pages = pages
        self._pdf = None

    def page_image(self, index: int) -> np.ndarray:
        """Page `index` (0-based) as an RGB uint8 array."""
        try:
            if self.format == "PDF":
                return self._render_pdf_page(index)
            from PIL import Image
            with Image.open(io.BytesIO(self.data)) as img:
                if self.format == "TIFF":
                    img.seek(index)
                return _rgb(img)
        except (UnsupportedFormat, Unreadable):
            raise
        except Exception as err:
            raise Unreadable(f"page {index + 1} cannot be decoded: {err}") from None

    def _render_pdf_page(self, index: int) -> np.ndarray:
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                bitmap = page.render(scale=PDF_DPI / 72, fill_color=(255, 255, 255, 255))
                return np.array(bitmap.to_pil().convert("RGB"))
            finally:
                page.close()

    def close(self) -> None:
        if self._pdf is not None:
            with PDFIUM_LOCK:
                self._pdf.close()
            self._pdf = None


def open_document(data: bytes) -> Document:
    """Check the bytes and count the pages; raise UnsupportedFormat or Unreadable."""
    if not data:
        raise Unreadable("the document is empty")
    fmt = sniff(data)
    if fmt is None:
        raise UnsupportedFormat("not a PNG, JPEG, PDF or TIFF document")
    if fmt == "PDF":
        return _open_pdf(data)
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            frames = getattr(img, "n_frames", 1) if fmt == "TIFF" else 1
            if max(width, height) > MAX_SIDE_PX:
                raise Unreadable(f"image is {width} x {height} px; the limit is "
                                 f"{MAX_SIDE_PX} px per side")
            img.load()  # a truncated or corrupt file fails here rather than later
    except Unreadable:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as err:
        raise Unreadable(f"the {fmt} data cannot be decoded: {err}") from None
    return Document(data, fmt, frames)


def _open_pdf(data: bytes) -> Document:
    with PDFIUM_LOCK:
        return _open_pdf_locked(data)


def _open_pdf_locked(data: bytes) -> Document:
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise Unreadable(f"the PDF cannot be opened: {err}") from None
    pages = len(pdf)
    if pages == 0:
        pdf.close()
        raise Unreadable("the PDF has no pages")
    for index in range(min(pages, 3000)):
        width, height = pdf.get_page_size(index)
        if max(width, height) > MAX_PDF_POINTS:
            pdf.close()
            raise Unreadable(f"page {index + 1} is {width:.0f} x {height:.0f} points; the limit "
                             f"is {MAX_PDF_POINTS} points (40 inches) per side")
    doc = Document(data, "PDF", pages)
    doc._pdf = pdf
    return doc


def _rgb(img) -> np.ndarray:
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        from PIL import Image
        img = img.convert("RGBA")
        paper = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(paper, img)
    return np.array(img.convert("RGB"))


def images_to_pdf(images, resolution: float = 150.0) -> bytes:
    """Several page images (PIL or arrays) as one PDF, with Pillow's PDF writer."""
    return _save_pages(images, "PDF", resolution=resolution)


def images_to_tiff(images) -> bytes:
    """Several page images as one multi-page TIFF."""
    return _save_pages(images, "TIFF", compression="tiff_deflate")


def _save_pages(images, fmt: str, **options) -> bytes:
    from PIL import Image
    pages = [img if isinstance(img, Image.Image) else Image.fromarray(np.asarray(img))
             for img in images]
    pages = [p.convert("RGB") for p in pages]
    buffer = io.BytesIO()
    pages[0].save(buffer, fmt, save_all=True, append_images=pages[1:], **options)
    return buffer.getvalue()
