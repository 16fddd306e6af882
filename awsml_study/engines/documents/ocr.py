"""OCR: lines and words of text with their polygons, from rapidocr's bundled ONNX models (PP-OCRv4).

The engine loads once, lazily, on the first call. Confidences are percentages (0-100) and polygons
are four (x, y) pixel points, clockwise from the top-left corner of the text as it reads.
Shared by Textract (DetectDocumentText, AnalyzeDocument, ...) and Rekognition (DetectText).
"""
from __future__ import annotations

import functools
import os
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


_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _engine():
    import logging

    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    # rec_img_shape width 48: crops are padded to the widest crop of their batch, and batches of
    # one keep short crops (numbers in table cells) from being padded to 320 px for nothing.
    # No angle classifier: on long upright English lines it often answers "upside down" with
    # high confidence; the page's orientation is checked by reading it instead (read_lines).
    threads = int(os.environ.get("AWSML_STUDY_OCR_THREADS", "0") or 0)  # 0: one per core
    extra = {"intra_op_num_threads": threads, "inter_op_num_threads": 1} if threads > 0 else {}
    # det_limit_type "max": rapidocr 1.4.4 then detects at full resolution up to 1,500 px and
    # scales larger images down (to 2,000 px); blank bands are cut out first (compact_bands).
    engine = RapidOCR(det_limit_type="max", text_score=0.0,
                      rec_batch_num=1, rec_img_shape=[3, 48, 48], use_cls=False, **extra)
    _limit_detection(engine.text_det, DET_MAX_SIDE)
    return engine


DET_MAX_SIDE = 1280   # px: the detector sees at most this; recognition still crops the full page


def _limit_detection(text_det, side: int) -> None:
    """Detect on the image scaled so its longer side is at most `side` px. rapidocr's "max" mode
    ignores det_limit_side_len (it picks 960/1500/2000 from the image size), and the detector's
    cost grows with pixels: an A4 page at 150 dpi (1754 px) costs half as much at 1280 px, and
    its boxes are mapped back onto the full-size page, where the words are read."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess
    if side <= 0:
        return
    text_det.get_preprocess = lambda max_wh: DetPreProcess(side, "max", text_det.mean, text_det.std)


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


MIN_SCORE = 0.5  # lines the recogniser is less sure of are dropped, as rapidocr does


def read_lines(image) -> list[Line]:
    """Every line of text in the image, in reading order (top to bottom, then left to right).

    Pages may be turned: when most detected lines cannot be read, or most are vertical, the page
    is also read turned by 180, 90 and 270 degrees, and the best reading is kept, with its
    polygons mapped back onto the page as given.
    """
    bgr = as_bgr(image)
    if bgr.shape[0] < 8 or bgr.shape[1] < 8:
        return []
    lines, failed, vertical = _read(bgr)
    found = len(lines) + failed
    if found and (failed > 0.5 * found or vertical > 0.5 * found):
        best, best_score = sort_reading_order(lines), _score(lines)
        for turns in (2, 1, 3):
            turned, *_ = _read(np.ascontiguousarray(np.rot90(bgr, turns)))
            if _score(turned) > 1.2 * best_score:  # reading order is the turned page's
                best = [_turn_back(line, turns, bgr.shape) for line in sort_reading_order(turned)]
                best_score = _score(turned)
        return best
    return sort_reading_order(lines)


def _score(lines: list[Line]) -> float:
    return sum(len(line.text) * line.confidence for line in lines)


def _turn_back(line: Line, turns: int, shape) -> Line:
    """A line read on the page turned `turns` x 90 degrees counter-clockwise, on the page as given."""
    height, width = shape[:2]

    def back(point):
        x, y = point
        if turns == 1:
            return width - 1 - y, x
        if turns == 2:
            return width - 1 - x, height - 1 - y
        return y, height - 1 - x

    words = [Word(w.text, w.confidence, [back(p) for p in w.polygon]) for w in line.words]
    return Line(line.text, line.confidence, [back(p) for p in line.polygon], words)


def _read(bgr: np.ndarray) -> tuple[list[Line], int, int]:
    """(lines read, boxes that could not be read, boxes taller than wide) of one orientation."""
    grey = darkest(bgr)
    compact, bands = compact_bands(bgr, grey)
    with _lock:  # one ONNX session pair, shared; rapidocr keeps per-call state on the engine
        result, _ = _engine()(compact, return_word_box=True, text_score=0.0)
    lines, failed, vertical = [], 0, 0
    for item in result or []:
        box, text, score = _restore(item[0], bands), item[1], float(item[2])
        (x0, y0), (x1, y1) = np.min(box, axis=0), np.max(box, axis=0)
        if y1 - y0 > 1.5 * (x1 - x0):
            vertical += 1
        if score < MIN_SCORE or not text.strip():
            failed += 1
            continue
        char_boxes = [_restore(b, bands) for b in item[3]] if len(item) > 3 and item[3] else []
        chars = item[4] if len(item) > 4 else []
        char_scores = item[5] if len(item) > 5 else []
        polygon = [(float(x), float(y)) for x, y in box]
        if chars and len(chars) == len(char_boxes):
            chars, char_boxes, char_scores = _add_missing_spaces(grey, chars, char_boxes,
                                                                 char_scores)
            text = "".join(chars)
        words = _words(text, score, polygon, chars, char_boxes, char_scores)
        if words:
            lines.append(Line(" ".join(w.text for w in words), round(score * 100, 3), polygon, words))
    return lines, failed, vertical


# ----- blank-space removal: the detector's cost grows with the pixels it looks at -----

BAND_GAP = 24    # px of blank paper between two bands of ink that keeps them apart
BAND_PAD = 10    # px of blank paper kept above and below each band


def darkest(bgr: np.ndarray) -> np.ndarray:
    """The darkest channel of each pixel (ink in any colour), faster than min(axis=2)."""
    return np.minimum(np.minimum(bgr[:, :, 0], bgr[:, :, 1]), bgr[:, :, 2])


def compact_bands(bgr: np.ndarray, grey: np.ndarray | None = None):
    """The page with its empty horizontal stretches cut out, and how to map points back.

    Text lines never cross a blank row, so detecting on the stacked bands finds the same lines
    as on the full page, at a fraction of the cost for the sparse pages documents usually are.
    Returns (image, bands) with bands = [(y in compact image, y in page, height, x offset)].
    """
    ink = (darkest(bgr) if grey is None else grey) < 160
    ink_rows = ink.any(axis=1)
    ink_cols = np.flatnonzero(ink.any(axis=0))
    height, width = ink.shape
    if not ink_rows.any():
        return bgr, [(0, 0, height, 0)]
    x0 = max(int(ink_cols[0]) - BAND_PAD, 0)
    x1 = min(int(ink_cols[-1]) + BAND_PAD + 1, width)
    runs, start, last = [], None, None
    for y in np.flatnonzero(ink_rows):
        if start is None:
            start = last = y
        elif y - last > BAND_GAP:
            runs.append((start, last))
            start = y
        last = y
    runs.append((start, last))
    spans = [(max(a - BAND_PAD, 0), min(b + BAND_PAD + 1, height)) for a, b in runs]
    kept = sum(b - a for a, b in spans) + BAND_GAP * (len(spans) - 1)
    if kept > 0.8 * height and x1 - x0 > 0.8 * width:
        return bgr, [(0, 0, height, 0)]
    parts, bands, y = [], [], 0
    blank = np.full((BAND_GAP, x1 - x0, 3), 255, np.uint8)
    for i, (a, b) in enumerate(spans):
        if i:
            parts.append(blank)
            y += BAND_GAP
        parts.append(bgr[a:b, x0:x1])
        bands.append((y, a, b - a, x0))
        y += b - a
    return np.ascontiguousarray(np.vstack(parts)), bands


def _restore(points, bands) -> list[Point]:
    """Points of the compact image mapped back onto the page."""
    pts = np.asarray(points, dtype=float)
    if len(bands) == 1 and bands[0][0] == bands[0][1] and bands[0][3] == 0:
        return [(float(x), float(y)) for x, y in pts]
    cy = float(pts[:, 1].mean())
    band = min(bands, key=lambda b: 0 if b[0] <= cy < b[0] + b[2] else
               min(abs(cy - b[0]), abs(cy - b[0] - b[2])))
    pts += (band[3], band[1] - band[0])
    return [(float(x), float(y)) for x, y in pts]


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


def _add_missing_spaces(grey, chars, boxes, scores):
    """Insert the spaces the recogniser dropped ("FullName"), where the page shows a word gap.

    A gap is a run of ink-free pixel columns inside the line. Word gaps are told from letter
    gaps by the widest jump between the line's gap widths when there is a clear one, else by
    being wider than 42% of the ink height and twice the median gap (so monospaced text, with
    its wide gaps around narrow letters, is not split). Gaps between two digits are left alone ("11.10", "2019").
    """
    pts = np.asarray(boxes, dtype=float)
    if len(chars) < 2 or pts.ndim != 3:
        return chars, boxes, scores
    top = pts[:, :2, :].reshape(-1, 2)
    if abs(top[-1, 1] - top[0, 1]) > 0.05 * max(1.0, top[-1, 0] - top[0, 0]):
        return chars, boxes, scores  # not horizontal: leave it to the recogniser
    x0, x1 = int(max(pts[:, :, 0].min(), 0)), int(min(pts[:, :, 0].max(), grey.shape[1]))
    y0, y1 = int(max(pts[:, :, 1].min(), 0)), int(min(pts[:, :, 1].max(), grey.shape[0]))
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0 or x1 - x0 < 4:
        return chars, boxes, scores
    ink = crop < (int(crop.max()) + int(crop.min())) / 2
    cols = np.flatnonzero(ink.any(axis=0))
    rows = np.flatnonzero(ink.any(axis=1))
    if len(cols) < 2:
        return chars, boxes, scores
    blank = ~ink.any(axis=0)
    runs, start = [], None
    for x in range(cols[0], cols[-1] + 1):
        if blank[x] and start is None:
            start = x
        elif not blank[x] and start is not None:
            runs.append((start, x))
            start = None
    if not runs:
        return chars, boxes, scores
    widths = np.array([b - a for a, b in runs], dtype=float)
    centres = pts[:, :, 0].mean(axis=1)
    ink_height = rows[-1] - rows[0] + 1
    threshold = max(0.42 * ink_height, 2.0 * float(np.median(widths)))
    # Gaps between letters and gaps between words form two groups: split at the widest jump
    # when it is clear (blurred or resampled pages have narrower word gaps than crisp ones).
    values = np.unique(widths)
    if len(values) >= 2:
        jumps = np.diff(values)
        k = int(np.argmax(jumps))
        low, high = values[k], values[k + 1]
        if high >= 1.6 * max(low, 1.0) and high >= 0.3 * ink_height and jumps[k] >= 2 \
                and (widths >= high).sum() >= 2:
            threshold = (low + high) / 2
    inserts = set()
    for (a, b), width in zip(runs, widths):
        if width <= threshold:
            continue
        mid = x0 + (a + b) / 2
        i = int(np.searchsorted(centres, mid)) - 1
        if 0 <= i < len(chars) - 1 and _may_split(chars, i):
            inserts.add(i)
    if not inserts:
        return chars, boxes, scores
    new_chars, new_boxes, new_scores = [], [], []
    for i, ch in enumerate(chars):
        new_chars.append(ch)
        new_boxes.append(boxes[i])
        new_scores.append(scores[i] if i < len(scores) else 1.0)
        if i in inserts:
            new_chars.append(" ")
            new_boxes.append(boxes[i])
            new_scores.append(1.0)
    return new_chars, new_boxes, new_scores


def _may_split(chars: list[str], i: int) -> bool:
    """Whether a space may go between chars[i] and chars[i + 1] (typography, not pixels)."""
    left, right = chars[i], chars[i + 1]
    if left.isspace() or right.isspace() or (left.isdigit() and right.isdigit()):
        return False
    if right in ",.:;!?)%]}" or left in "([{$#/-" or right in "/-":
        return False
    if left in ":.," and i > 0 and chars[i - 1].isdigit() and right.isdigit():
        return False  # 08:42, 49.50, 18,240.00
    return True


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
