"""OCR: lines and words of text with their polygons, from rapidocr's bundled ONNX models (PP-OCRv4).

The engine loads once, lazily, on the first call. Confidences are percentages (0-100) and polygons
are four (x, y) pixel points, clockwise from the top-left corner of the text as it reads.
Shared by Textract (DetectDocumentText, AnalyzeDocument, ...) and Rekognition (DetectText).
"""
from __future__ import annotations

import functools
import threading
import unicodedata
from typing import NamedTuple

import numpy as np

Point = tuple[float, float]


class Word(NamedTuple):
    text: str
    confidence: float          # 0-100
    polygon: list[Point]       # 4 points in pixels: top-left, top-right, bottom-right, bottom-left


class Line(NamedTuple):
    text: str
    confidence: float
    polygon: list[Point]
    words: list[Word]


# Detection runs on the page scaled so that its longer side is at most this many pixels (text
# stays legible at document resolutions); recognition reads each line from the full-size page.
DET_MAX_SIDE = 1280
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _engine():
    import logging

    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return RapidOCR(det_limit_side_len=DET_MAX_SIDE, det_limit_type="max", text_score=0.5)


def warm_up() -> None:
    """Load the models and run them once, so timings that follow measure the steady state."""
    blank = np.full((64, 256, 3), 255, np.uint8)
    blank[24:40, 20:236] = 0
    read_lines(blank)


def as_bgr(image) -> np.ndarray:
    """An RGB, RGBA or grey numpy image (or a PIL image) as the BGR uint8 array OpenCV expects."""
    array = np.asarray(image)
    if array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    elif array.shape[2] == 4:
        alpha = array[:, :, 3:4].astype(np.float32) / 255.0
        array = (array[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)  # onto white paper
    return np.ascontiguousarray(array[:, :, 2::-1])


def read_lines(image) -> list[Line]:
    """Every line of text in the image, in reading order (top to bottom, then left to right)."""
    bgr = as_bgr(image)
    if bgr.shape[0] < 8 or bgr.shape[1] < 8:
        return []
    with _lock:  # one ONNX session pair, shared; rapidocr keeps per-call state on the engine
        result, _ = _engine()(bgr, return_word_box=True)
    lines = []
    for item in result or []:
        box, text, score = item[0], item[1], float(item[2])
        char_boxes = item[3] if len(item) > 3 else []
        chars = item[4] if len(item) > 4 else []
        char_scores = item[5] if len(item) > 5 else []
        polygon = [(float(x), float(y)) for x, y in box]
        words = _words(text, score, polygon, chars, char_boxes, char_scores)
        if words:
            lines.append(Line(" ".join(w.text for w in words), round(score * 100, 3), polygon, words))
    return sort_reading_order(lines)


def read_words(image) -> list[Word]:
    """Every word, line by line in reading order: (text, confidence 0-100, 4-point polygon)."""
    return [word for line in read_lines(image) for word in line.words]


def sort_reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines whose vertical centres are within half a line height share a row."""
    def centre_y(line):
        return sum(p[1] for p in line.polygon) / 4

    def left(line):
        return min(p[0] for p in line.polygon)

    ordered = sorted(lines, key=centre_y)
    rows: list[list[Line]] = []
    for line in ordered:
        height = _height(line.polygon)
        if rows and abs(centre_y(line) - centre_y(rows[-1][0])) < 0.5 * height:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=left)]


def _height(polygon: list[Point]) -> float:
    return max(1.0, (np.hypot(*np.subtract(polygon[3], polygon[0]))
                     + np.hypot(*np.subtract(polygon[2], polygon[1]))) / 2)


def _clean(text: str) -> str:
    # PP-OCR's dictionary also holds full-width forms (，：％); documents in Latin script want ASCII.
    return unicodedata.normalize("NFKC", text)


def _words(text, score, polygon, chars, char_boxes, char_scores) -> list[Word]:
    """Split a recognised line into words, each with the polygon spanned by its characters."""
    text = _clean(text)
    chars = [_clean(c) for c in chars]
    if not chars or len(chars) != len(char_boxes) or "".join(chars) != text:
        return _words_by_share(text, score, polygon)
    words: list[Word] = []
    current: list[int] = []

    def flush():
        if current:
            token = "".join(chars[i] for i in current)
            conf = float(np.mean([char_scores[i] for i in current])) if char_scores else score
            first, last = char_boxes[current[0]], char_boxes[current[-1]]
            poly = [tuple(map(float, first[0])), tuple(map(float, last[1])),
                    tuple(map(float, last[2])), tuple(map(float, first[3]))]
            words.append(Word(token, round(min(conf, score) * 100, 3), poly))
            current.clear()

    for i, ch in enumerate(chars):
        if ch.isspace():
            flush()
            continue
        current.append(i)
        if _colon_glued(chars, i):
            flush()  # "Date:2024-03-15": the recogniser dropped the space after the label
    flush()
    return words


def _colon_glued(chars: list[str], i: int) -> bool:
    if chars[i] != ":" or i == 0 or i + 1 >= len(chars):
        return False
    before, after = chars[i - 1], chars[i + 1]
    return before.isalpha() and after.isalnum() or before == ")" and after.isalnum()


def _words_by_share(text: str, score: float, polygon: list[Point]) -> list[Word]:
    """Word polygons by each word's share of the characters, when character boxes are missing."""
    tokens = text.split()
    if not tokens:
        return []
    total = len(text)
    p = np.array(polygon, dtype=float)
    top, bottom = p[1] - p[0], p[2] - p[3]
    words, start = [], 0
    for token in tokens:
        start = text.index(token, start)
        a, b = start / total, (start + len(token)) / total
        start += len(token)
        poly = [tuple(p[0] + a * top), tuple(p[0] + b * top), tuple(p[3] + b * bottom),
                tuple(p[3] + a * bottom)]
        words.append(Word(token, round(score * 100, 3), [(float(x), float(y)) for x, y in poly]))
    return words
