"""Document layout from OCR lines and page pixels: selection marks, ruled and unruled tables,
key/value pairs, signatures, layout regions and answers to questions.

Everything here works in page pixels. Words are referred to as (line index, word index) into
the OCR lines, so a caller can link them to its own word objects (Textract WORD blocks).
Ruled tables come from OpenCV morphology (long horizontal and vertical strokes), unruled ones
from the alignment of text into rows and columns.
"""
from __future__ import annotations


import numpy as np

from awsml_study.engines.documents.layout import (  # noqa: F401  (the public model)
    MONEY, Answer, Box, Cell, KeyValue, Mark, Merged, PageAnalysis, Ref, Region, Signature, Table, bbox,
    centre, inside, polygon)


# ----- pixels: ink, ruled lines, selection marks -----

def ink_mask(image) -> np.ndarray:
    """Dark pixels (ink) of an RGB page as a uint8 0/255 mask."""
    import cv2
    grey = np.asarray(image).min(axis=2) if np.asarray(image).ndim == 3 else np.asarray(image)
    _, mask = cv2.threshold(grey.astype(np.uint8), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if mask.mean() > 128:  # nothing but paper: Otsu split the noise; no ink
        mask[:] = 0
    return mask


def ruled_lines(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) masks of long straight strokes, by morphological opening."""
    import cv2
    height, width = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, width // 30), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(30, height // 60))))
    return horizontal, vertical


def find_marks(ink: np.ndarray) -> list[Mark]:
    """Check boxes: small hollow squares with four straight sides; SELECTED when marked inside."""
    import cv2
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    marks: list[Mark] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (12 <= w <= 60 and 12 <= h <= 60 and 0.8 <= w / h <= 1.25):
            continue
        approx = cv2.approxPolyDP(contour, 0.06 * cv2.arcLength(contour, True), True)
        if len(approx) != 4 or cv2.contourArea(contour) < 0.7 * w * h:
            continue
        box = ink[y:y + h, x:x + w] > 0
        t = max(2, int(round(min(w, h) * 0.12)))
        sides = [box[:t].any(axis=0).mean(), box[-t:].any(axis=0).mean(),
                 box[:, :t].any(axis=1).mean(), box[:, -t:].any(axis=1).mean()]
        if min(sides) < 0.9:
            continue
        inner = box[int(h * 0.25):int(h * 0.75), int(w * 0.25):int(w * 0.75)]
        filled = float(inner.mean()) if inner.size else 0.0
        if filled > 0.85:
            continue  # a solid block, not a box
        status = "SELECTED" if filled > 0.12 else "NOT_SELECTED"
        certainty = abs(filled - 0.12) / 0.12
        candidate = Mark((float(x), float(y), float(x + w), float(y + h)), status,
                         round(min(99.0, 80 + 19 * min(1.0, certainty)), 3))
        if not any(_overlap(candidate.box, m.box) > 0.5 for m in marks):
            marks.append(candidate)
    return sorted(marks, key=lambda m: (round(m.box[1] / 20), m.box[0]))


def whiten(image, marks: list[Mark]) -> np.ndarray:
    """The page with the selection marks painted out, so the OCR does not read them as letters."""
    if not marks:
        return image
    page = np.array(image, copy=True)
    for mark in marks:
        x0, y0, x1, y1 = (int(v) for v in mark.box)
        page[max(y0 - 2, 0):y1 + 3, max(x0 - 2, 0):x1 + 3] = 255
    return page


def _overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / max(smaller, 1e-6)


# ----- the page as a whole -----

def prepare(image):
    """(image for the OCR, selection marks): marks are found first and hidden from the OCR."""
    marks = find_marks(ink_mask(image))
    return whiten(image, marks), marks


def analyse(image, lines, marks: list[Mark] | None = None, tables: bool = True,
            forms: bool = True, signatures: bool = True, layout: bool = True) -> PageAnalysis:
    """Tables, key/value pairs, signatures and layout of one page, from its pixels and OCR lines."""
    from awsml_study.engines.documents import forms as form_parts
    from awsml_study.engines.documents import regions
    from awsml_study.engines.documents import tables as table_parts

    height, width = np.asarray(image).shape[:2]
    page = PageAnalysis((width, height), list(lines))
    ink = ink_mask(image)
    page.selections = list(marks) if marks is not None else find_marks(ink)
    horizontal, vertical = ruled_lines(ink)
    grids = table_parts.find_grids(horizontal, vertical)
    ruled = [g for g in grids if g.rows >= 2 and g.columns >= 2]
    fields = [g.box for g in grids if not (g.rows >= 2 and g.columns >= 2)]
    if tables or forms or layout:
        page.tables = [table_parts.ruled_table(page, g, vertical, horizontal) for g in ruled]
        page.tables += table_parts.unruled_tables(page, [t.box for t in page.tables] + fields)
        table_parts.find_titles(page)
    if forms:
        page.key_values = form_parts.key_values(page, [t.box for t in page.tables], fields)
    if signatures:
        page.signatures = regions.find_signatures(page, ink, horizontal, vertical)
    if layout:
        page.layout = regions.layout_regions(page)
    return page


def answer_query(question: str, page: PageAnalysis) -> Answer | None:
    """The value that answers `question` on the page, or None: its words are matched to the
    keys of the page's key/value pairs, then to table headers and rows, then to line text."""
    from awsml_study.engines.documents import forms as form_parts
    return form_parts.answer_query(question, page)
