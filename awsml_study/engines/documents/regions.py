"""Signatures (ink that is neither text, rules nor boxes) and layout regions of a page."""
from __future__ import annotations

import re

import numpy as np

from awsml_study.engines.documents.layout import (Box, PageAnalysis, Region, Signature, bbox, centre,
                                           inside)


def find_signatures(page: PageAnalysis, ink: np.ndarray, horizontal: np.ndarray,
                    vertical: np.ndarray) -> list[Signature]:
    """Handwritten strokes: ink left once text, ruled lines and check boxes are removed, forming
    a wide, sparse, curvy blob at least as tall as a line of text."""
    import cv2
    boxes = [bbox(line.polygon) for line in page.lines]
    if not boxes:
        return []
    height = float(np.median([b[3] - b[1] for b in boxes]))
    rest = ink.copy()
    pad = int(0.15 * height)
    for x0, y0, x1, y1 in boxes + [m.box for m in page.selections]:
        rest[max(int(y0) - pad, 0):int(y1) + pad, max(int(x0) - pad, 0):int(x1) + pad] = 0
    lines = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    rest[lines > 0] = 0
    rest = cv2.morphologyEx(rest, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks
    joined = cv2.dilate(rest, np.ones((int(0.5 * height) | 1, int(0.8 * height) | 1), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        strokes = rest[y:y + h, x:x + w] > 0
        if w < 2.5 * height or h < 0.8 * height or h > 8 * height or strokes.sum() < 3 * height:
            continue
        density = strokes.mean()
        turns = _direction_changes(strokes)
        if density > 0.35 or turns < 4:
            continue
        confidence = 70 + 29 * min(1.0, turns / 12) * (1 - density)
        found.append(Signature((float(x), float(y), float(x + w), float(y + h)),
                               round(float(confidence), 3)))
    return found


def _direction_changes(strokes: np.ndarray) -> int:
    """How often the pen's mean height changes direction across the blob: handwriting wiggles."""
    cols = [np.flatnonzero(strokes[:, x]).mean() for x in range(strokes.shape[1])
            if strokes[:, x].any()]
    if len(cols) < 5:
        return 0
    smooth = np.convolve(cols, np.ones(3) / 3, mode="valid")
    steps = np.sign(np.diff(smooth))
    steps = steps[steps != 0]
    return int((np.diff(steps) != 0).sum())


PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)


def layout_regions(page: PageAnalysis) -> list[Region]:
    """Each line in exactly one region: title, table, key-value, page number or text paragraph."""
    boxes = [bbox(line.polygon) for line in page.lines]
    if not boxes:
        return []
    height = float(np.median([b[3] - b[1] for b in boxes]))
    width, page_height = page.size
    owner: dict[int, str] = {}
    regions: list[Region] = []
    for table in page.tables:
        members = [i for i, b in enumerate(boxes) if i not in owner and inside(centre(b), table.box)]
        if members:
            owner.update({i: "table" for i in members})
            regions.append(Region("LAYOUT_TABLE", table.box, members, table.confidence))
    kv_lines = sorted({r[0] for kv in page.key_values for r in kv.key_words + kv.value_words}
                      - set(owner))
    for group in _stacks(kv_lines, boxes, height):
        owner.update({i: "kv" for i in group})
        regions.append(Region("LAYOUT_KEY_VALUE", _union(boxes, group), group,
                              _confidence(page, group)))
    rest = [i for i in range(len(boxes)) if i not in owner]
    for i in list(rest):
        b = boxes[i]
        if b[1] > 0.9 * page_height and PAGE_NUMBER.match(page.lines[i].text.strip()):
            regions.append(Region("LAYOUT_PAGE_NUMBER", b, [i], _confidence(page, [i])))
            rest.remove(i)
        elif b[1] < 0.25 * page_height and b[3] - b[1] > 1.3 * height and \
                not any(r.kind == "LAYOUT_TITLE" for r in regions):
            regions.append(Region("LAYOUT_TITLE", b, [i], _confidence(page, [i])))
            rest.remove(i)
    for group in _stacks(rest, boxes, height):
        text = page.lines[group[0]].text.strip()
        kind = "LAYOUT_SECTION_HEADER" if len(group) == 1 and \
            boxes[group[0]][3] - boxes[group[0]][1] > 1.12 * height and \
            len(page.lines[group[0]].words) <= 6 and ":" not in text and \
            not text.endswith(".") else "LAYOUT_TEXT"
        regions.append(Region(kind, _union(boxes, group), group, _confidence(page, group)))
    return sorted(regions, key=lambda r: (r.box[1], r.box[0]))


def _stacks(indices: list[int], boxes, height: float) -> list[list[int]]:
    """Lines grouped into blocks: each line close below the previous one and overlapping it."""
    groups: list[list[int]] = []
    for i in sorted(indices, key=lambda k: (boxes[k][1], boxes[k][0])):
        for group in groups:
            last = boxes[group[-1]]
            b = boxes[i]
            if 0 <= b[1] - last[3] < 1.0 * height and b[0] < last[2] and b[2] > last[0]:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def _union(boxes, group) -> Box:
    return (min(boxes[i][0] for i in group), min(boxes[i][1] for i in group),
            max(boxes[i][2] for i in group), max(boxes[i][3] for i in group))


def _confidence(page: PageAnalysis, group) -> float:
    return round(float(np.mean([page.lines[i].confidence for i in group])), 3)
