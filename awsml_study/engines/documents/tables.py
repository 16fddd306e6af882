"""Tables: ruled ones from the grid of drawn lines, unruled ones from text aligned in columns."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from awsml_study.engines.documents.layout import (MONEY, Box, Cell, Merged, PageAnalysis, Ref, Table,
                                           bbox, centre, inside)


@dataclass
class Grid:
    """Row separators (ys) and column separators (xs) of one connected set of ruled lines."""
    xs: list[float]
    ys: list[float]

    @property
    def box(self) -> Box:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def columns(self) -> int:
        return len(self.xs) - 1


def _cluster(values: list[float], tolerance: float) -> list[float]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [float(np.mean(g)) for g in groups]


def _segments(mask: np.ndarray, axis: int) -> list[tuple[float, float, float]]:
    """(position across, start, end) of each straight stroke in a horizontal or vertical mask."""
    import cv2
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if axis == 0:
            out.append((y + h / 2, float(x), float(x + w)))
        else:
            out.append((x + w / 2, float(y), float(y + h)))
    return out


def find_grids(horizontal: np.ndarray, vertical: np.ndarray) -> list[Grid]:
    """Closed grids of ruled lines: tables (2+ rows and columns) and single boxes (form fields)."""
    import cv2
    joined = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    grids = []
    for x, y, w, h, _area in stats[1:n]:
        if w < 40 or h < 20:
            continue
        sub_h = horizontal[y:y + h, x:x + w]
        sub_v = vertical[y:y + h, x:x + w]
        ys = _cluster([s[0] + y for s in _segments(sub_h, 0) if s[2] - s[1] >= 0.05 * w], 6)
        xs = _cluster([s[0] + x for s in _segments(sub_v, 1) if s[2] - s[1] >= 0.05 * h], 6)
        if len(ys) < 2 or len(xs) < 2:
            continue
        # A closed grid has its border: first/last separators at the edges of the component.
        if ys[0] - y > 8 or y + h - ys[-1] > 8 or xs[0] - x > 8 or x + w - xs[-1] > 8:
            continue
        grids.append(Grid(xs, ys))
    return sorted(grids, key=lambda g: (g.ys[0], g.xs[0]))


def _border(mask: np.ndarray, fixed: float, start: float, end: float, vertical: bool) -> float:
    """Share of a cell border that is drawn (0..1)."""
    a, b = int(start + 0.2 * (end - start)), int(end - 0.2 * (end - start))
    if b <= a:
        return 1.0
    f = int(round(fixed))
    if vertical:
        strip = mask[a:b, max(f - 4, 0):f + 5]
        return float(strip.any(axis=1).mean()) if strip.size else 0.0
    strip = mask[max(f - 4, 0):f + 5, a:b]
    return float(strip.any(axis=0).mean()) if strip.size else 0.0


def _words_in(page: PageAnalysis, box: Box, taken: set[Ref]) -> list[Ref]:
    refs = []
    for li, line in enumerate(page.lines):
        for wi, word in enumerate(line.words):
            if (li, wi) not in taken and inside(centre(bbox(word.polygon)), box):
                refs.append((li, wi))
    return refs


def _header_rows(cells: list[Cell], merged: list[Merged], page: PageAnalysis) -> int:
    first = [c for c in cells if c.row == 1 and c.text]
    if not first or any(_numeric(c.text) for c in first):
        return 0
    spans = [m.row_span for m in merged if m.row == 1]
    return max([1] + spans)


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[-+$€£(]*[\d.,]+%?\)?", text.replace(" ", "")))


def ruled_table(page: PageAnalysis, grid: Grid, vertical: np.ndarray,
                horizontal: np.ndarray) -> Table:
    rows, columns = grid.rows, grid.columns
    parent = {(r, c): (r, c) for r in range(rows) for c in range(columns)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(rows):
        for c in range(columns):
            if c + 1 < columns and _border(vertical, grid.xs[c + 1], grid.ys[r], grid.ys[r + 1],
                                           True) < 0.5:
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < rows and _border(horizontal, grid.ys[r + 1], grid.xs[c], grid.xs[c + 1],
                                        False) < 0.5:
                parent[find((r + 1, c))] = find((r, c))
    taken: set[Ref] = set()
    cells = []
    for r in range(rows):
        for c in range(columns):
            box = (grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[r + 1])
            refs = _words_in(page, box, taken)
            taken.update(refs)
            cells.append(Cell(r + 1, c + 1, box, refs, page.text_of(refs),
                              round(page.confidence_of(refs, 95.0) * 0.98, 3),
                              selections=[i for i, m in enumerate(page.selections)
                                          if inside(centre(m.box), box)]))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    merged = []
    for members in groups.values():
        if len(members) > 1:
            r0, c0 = min(m[0] for m in members), min(m[1] for m in members)
            r1, c1 = max(m[0] for m in members), max(m[1] for m in members)
            merged.append(Merged(r0 + 1, c0 + 1, r1 - r0 + 1, c1 - c0 + 1,
                                 [(r + 1, c + 1) for r in range(r0, r1 + 1)
                                  for c in range(c0, c1 + 1)]))
    merged.sort(key=lambda m: (m.row, m.column))
    header = _header_rows(cells, merged, page)
    for cell in cells:
        cell.header = cell.row <= header
    confidence = float(np.mean([c.confidence for c in cells])) if cells else 90.0
    return Table(grid.box, cells, merged, True, round(confidence, 3), rows, columns)


# ----- unruled tables: rows of 2+ text segments whose columns line up -----

def _is_key_line(line) -> bool:
    return any(w.text.endswith(":") and len(w.text) > 1 for w in line.words)


def unruled_tables(page: PageAnalysis, exclude: list[Box]) -> list[Table]:
    boxes = [bbox(line.polygon) for line in page.lines]
    if not boxes:
        return []
    height = float(np.median([b[3] - b[1] for b in boxes]))
    candidates = [i for i, b in enumerate(boxes)
                  if not any(inside(centre(b), e, 2) for e in exclude)
                  and not _is_key_line(page.lines[i]) and (b[3] - b[1]) < 1.5 * height]
    rows: list[list[int]] = []
    for i in sorted(candidates, key=lambda k: centre(boxes[k])[1]):
        cy = centre(boxes[i])[1]
        if rows and abs(cy - np.mean([centre(boxes[k])[1] for k in rows[-1]])) < 0.5 * height:
            rows[-1].append(i)
        else:
            rows.append([i])
    rows = [sorted(r, key=lambda k: boxes[k][0]) for r in rows]
    runs: list[list[list[int]]] = []
    for row in rows:
        y = centre(boxes[row[0]])[1]
        if len(row) >= 2 and runs and runs[-1] and \
                y - centre(boxes[runs[-1][-1][0]])[1] < 2.6 * height:
            runs[-1].append(row)
        elif len(row) >= 2:
            runs.append([row])
        else:
            runs.append([])
    tables = []
    for run in runs:
        # Three rows make a table; two do when both end with an amount (a short receipt).
        if len(run) >= 3 or len(run) == 2 and all(
                MONEY.match(page.lines[row[-1]].text.replace(" ", "")) for row in run):
            table = _aligned_table(page, run, boxes, height)
            if table is not None:
                tables.append(table)
    return tables


def _aligned_table(page: PageAnalysis, run: list[list[int]], boxes, height) -> Table | None:
    intervals = sorted((boxes[i][0], boxes[i][2]) for row in run for i in row)
    columns: list[list[float]] = []
    for left, right in intervals:
        if columns and left <= columns[-1][1] + 0.3 * height:
            columns[-1][1] = max(columns[-1][1], right)
        else:
            columns.append([left, right])
    if len(columns) < 2:
        return None
    grid = [[[] for _ in columns] for _ in run]
    for r, row in enumerate(run):
        for i in row:
            cx = centre(boxes[i])[0]
            c = min(range(len(columns)), key=lambda k: 0 if columns[k][0] <= cx <= columns[k][1]
                    else min(abs(cx - columns[k][0]), abs(cx - columns[k][1])))
            grid[r][c].append(i)
    filled = sum(1 for row in grid for cell in row if cell)
    if filled < 0.6 * len(run) * len(columns):
        return None
    ys = [centre(boxes[row[0]])[1] for row in run]
    top = min(boxes[i][1] for i in run[0]) - 0.3 * height
    bottom = max(boxes[i][3] for i in run[-1]) + 0.3 * height
    row_edges = [top] + [(a + b) / 2 for a, b in zip(ys, ys[1:])] + [bottom]
    left = columns[0][0] - 0.3 * height
    right = columns[-1][1] + 0.3 * height
    col_edges = [left] + [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])] + [right]
    cells = []
    for r in range(len(run)):
        for c in range(len(columns)):
            refs = [(i, w) for i in grid[r][c] for w in range(len(page.lines[i].words))]
            box = (col_edges[c], row_edges[r], col_edges[c + 1], row_edges[r + 1])
            cells.append(Cell(r + 1, c + 1, box, refs, page.text_of(refs),
                              round(page.confidence_of(refs, 90.0) * 0.95, 3)))
    header = _header_rows(cells, [], page)
    for cell in cells:
        cell.header = cell.row <= header
    confidence = float(np.mean([c.confidence for c in cells]))
    return Table((left, top, right, bottom), cells, [], False, round(confidence, 3), len(run),
                 len(columns))


def find_titles(page: PageAnalysis) -> None:
    """A short line just above a table, not itself part of a table, is the table's title."""
    boxes = [bbox(line.polygon) for line in page.lines]
    if not boxes:
        return
    height = float(np.median([b[3] - b[1] for b in boxes]))
    in_tables = {i for i, b in enumerate(boxes) for t in page.tables if inside(centre(b), t.box)}
    for table in page.tables:
        above = [i for i, b in enumerate(boxes) if i not in in_tables
                 and 0 <= table.box[1] - b[3] < 1.5 * height
                 and table.box[0] - height <= b[0] < (table.box[0] + table.box[2]) / 2
                 and len(page.lines[i].words) <= 8 and not page.lines[i].text.rstrip().endswith(":")]
        if above:
            line = max(above, key=lambda i: boxes[i][3])
            table.title = [(line, w) for w in range(len(page.lines[line].words))]
