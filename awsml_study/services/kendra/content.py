"""Text extraction for each Kendra ContentType: plain text, HTML/XML, Markdown, CSV, JSON, PDF,
Word, PowerPoint and Excel (OOXML), RTF. Returns (title or None, text)."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

MAX_FILE_BYTES = 50 * 1024 * 1024    # Kendra: 50 MB per document
MAX_TEXT_BYTES = 5 * 1024 * 1024     # Kendra: 5 MB of extracted text per document
EXTENSIONS = {".pdf": "PDF", ".html": "HTML", ".htm": "HTML", ".docx": "MS_WORD", ".doc": "MS_WORD",
              ".txt": "PLAIN_TEXT", ".text": "PLAIN_TEXT", ".ppt": "PPT", ".pptx": "PPT", ".rtf": "RTF",
              ".xml": "XML", ".xsl": "XSLT", ".xslt": "XSLT", ".xls": "MS_EXCEL", ".xlsx": "MS_EXCEL",
              ".csv": "CSV", ".json": "JSON", ".md": "MD", ".markdown": "MD"}


class Unextractable(Exception):
    """The document's bytes cannot be read as its content type (the document ends FAILED)."""


def guess_type(data: bytes, key: str | None = None) -> str:
    """The content type from a file name's extension, else from the bytes."""
    if key:
        ext = key[key.rfind("."):].lower() if "." in key.rsplit("/", 1)[-1] else ""
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
    head = bytes(data[:512]).lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "PDF"
    if head.startswith(b"pk\x03\x04"):
        names = _zip_names(data)
        return ("MS_WORD" if any(n.startswith("word/") for n in names) else
                "PPT" if any(n.startswith("ppt/") for n in names) else
                "MS_EXCEL" if any(n.startswith("xl/") for n in names) else "PLAIN_TEXT")
    if head.startswith((b"<!doctype html", b"<html")):
        return "HTML"
    if head.startswith(b"{\\rtf"):
        return "RTF"
    if head.startswith(b"<?xml"):
        return "XML"
    return "PLAIN_TEXT"


def _zip_names(data: bytes) -> list[str]:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return []


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


def extract(data: bytes, content_type: str) -> tuple[str | None, str]:
    handler = {"PLAIN_TEXT": _plain, "HTML": _html, "XML": _markup, "XSLT": _markup, "MD": _markdown,
               "CSV": _csv, "JSON": _json, "PDF": _pdf, "MS_WORD": _docx, "PPT": _pptx,
               "MS_EXCEL": _xlsx, "RTF": _rtf}[content_type]
    title, text = handler(data)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n\s*", "\n\n", text).strip()
    if not text:
        raise Unextractable(f"No text could be extracted from the {content_type} document.")
    return title, text


def _plain(data):
    return None, _decode(data)


def _soup(data, parser="html.parser"):
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(_decode(data), parser)
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup


def _html(data):
    soup = _soup(data)
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    if soup.title:
        soup.title.decompose()
    if not title:
        h1 = soup.find("h1")
        title = h1.get_text(" ", strip=True) if h1 else None
    blocks = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article"]
    for tag in soup.find_all(blocks):
        tag.append("\n\n" if tag.name != "br" else "\n")
    return title or None, soup.get_text("")


def _markup(data):
    import xml.etree.ElementTree as ET
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise Unextractable(f"The XML document is not well formed: {err}.") from None
    return None, "\n".join(t.strip() for t in root.itertext() if t.strip())


def _markdown(data):
    text = _decode(data)
    title = next((m.group(1).strip() for m in re.finditer(r"^#\s+(.+)$", text, re.M)), None)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*(.+?)\s*#*$", r"\1.\n", text, flags=re.M)
    text = re.sub(r"[*_`>]{1,3}", "", text)
    return title, text


def _csv(data):
    rows = list(csv.reader(io.StringIO(_decode(data))))
    return None, "\n".join(", ".join(c.strip() for c in row if c.strip()) + "." for row in rows
                            if any(c.strip() for c in row))


def _json(data):
    try:
        doc = json.loads(_decode(data))
    except json.JSONDecodeError as err:
        raise Unextractable(f"The JSON document is not valid JSON: {err.msg} at line {err.lineno}.") from None
    lines: list[str] = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif value is not None:
            text = str(value).strip()
            lines.append(text if text[-1:] in ".!?:" else text + ".")
    walk(doc)
    title = doc.get("title") if isinstance(doc, dict) and isinstance(doc.get("title"), str) else None
    return title, "\n".join(lines)


def _pdf(data):
    from awsml_study.engines.documents import pdf as pdf_engine
    try:
        doc = pdf_engine.open_document(data)
    except (pdf_engine.UnsupportedFormat, pdf_engine.Unreadable) as err:
        raise Unextractable(f"The PDF document cannot be read: {err}") from None
    pages = []
    with pdf_engine.PDFIUM_LOCK:
        pdf = doc._pdf
        try:
            title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
            for i in range(len(pdf)):
                page = pdf[i]
                tp = page.get_textpage()
                pages.append(tp.get_text_range())
                tp.close()
                page.close()
        finally:
            doc.close()
    return title, "\n\n".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages)


def _docx(data):
    import docx
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several kinds for a file that is not docx
        raise Unextractable(f"The MS_WORD document cannot be read (only .docx is supported): {err}") from None
    title = (d.core_properties.title or "").strip() or None
    parts = []
    for para in d.paragraphs:
        if para.text.strip():
            if title is None and para.style is not None and para.style.name.lower() in ("title", "heading 1"):
                title = para.text.strip()
            parts.append(para.text)
    for table in d.tables:
        for row in table.rows:
            parts.append(", ".join(c.text.strip() for c in row.cells if c.text.strip()) + ".")
    return title, "\n\n".join(parts)


def _ooxml_text(data, prefix: str, tag: str) -> list[str]:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Unextractable("Only the OOXML formats (.pptx, .xlsx) can be read; this file is not one.") from None
    out = []
    for name in sorted(n for n in z.namelist() if n.startswith(prefix) and n.endswith(".xml")):
        xml = z.read(name).decode("utf-8", "replace")
        found = re.findall(rf"<{tag}(?:\s[^>]*)?>([^<]*)</{tag}>", xml)
        if found:
            out.append(" ".join(_unescape(t) for t in found))
    return out


def _unescape(s: str) -> str:
    import html
    return html.unescape(s)


def _pptx(data):
    slides = _ooxml_text(data, "ppt/slides/slide", "a:t")
    return (slides[0][:200] if slides else None), "\n\n".join(s + "." for s in slides)


def _xlsx(data):
    return None, "\n".join(_ooxml_text(data, "xl/sharedStrings", "t") + _ooxml_text(data, "xl/worksheets/", "v"))


def _rtf(data):
    text = _decode(data)
    if not text.lstrip().startswith("{\\rtf"):
        raise Unextractable("The RTF document does not start with {\\rtf.")
    text = re.sub(r"\{\\\*[^{}]*\}", "", text)
    text = re.sub(r"\\par[d]?\b", "\n", text)
    text = re.sub(r"\\'[0-9a-f]{2}", "", text)
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?", "", text)
    return None, text.replace("{", "").replace("}", "")
