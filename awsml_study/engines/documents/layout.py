"""The page model shared by the document engines: boxes, word references, marks, key/value
pairs, cells, tables, signatures, regions, answers and the PageAnalysis that holds them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

Box = tuple[float, float, float, float]      # left, top, right, bottom (pixels)
Ref = tuple[int, int]                        # (line index, word index)


def polygon(box: Box) -> list[tuple[float, float]]:
    x0, y0, x1, y1 = box
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def bbox(points) -> Box:
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


def centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def inside(point, box: Box, margin: float = 0.0) -> bool:
    return box[0] - margin <= point[0] <= box[2] + margin and box[1] - margin <= point[1] <= box[3] + margin


@dataclass
class Mark:
    box: Box
    status: str              # SELECTED | NOT_SELECTED
    confidence: float

    @property
    def polygon(self):
        return polygon(self.box)


@dataclass
class KeyValue:
    key_words: list[Ref]
    value_words: list[Ref]
    key_box: Box
    value_box: Box
    confidence: float
    key_text: str
    value_text: str
    selection: int | None = None     # index into PageAnalysis.selections

    @property
    def key_polygon(self):
        return polygon(self.key_box)

    @property
    def value_polygon(self):
        return polygon(self.value_box)


@dataclass
class Cell:
    row: int
    column: int
    box: Box
    words: list[Ref]
    text: str
    confidence: float
    header: bool = False
    selections: list[int] = field(default_factory=list)

    @property
    def polygon(self):
        return polygon(self.box)


@dataclass
class Merged:
    row: int
    column: int
    row_span: int
    column_span: int
    cells: list[tuple[int, int]]


@dataclass
class Table:
    box: Box
    cells: list[Cell]
    merged: list[Merged]
    ruled: bool
    confidence: float
    rows: int
    columns: int
    title: list[Ref] = field(default_factory=list)   # words of the caption just above it

    @property
    def polygon(self):
        return polygon(self.box)

    def grid(self) -> list[list[str]]:
        """Cell texts as rows of columns (merged areas repeat nothing: their first cell holds it)."""
        out = [["" for _ in range(self.columns)] for _ in range(self.rows)]
        for cell in self.cells:
            out[cell.row - 1][cell.column - 1] = cell.text
        return out


@dataclass
class Signature:
    box: Box
    confidence: float

    @property
    def polygon(self):
        return polygon(self.box)


@dataclass
class Region:
    kind: str                # LAYOUT_TITLE, LAYOUT_TEXT, LAYOUT_TABLE, LAYOUT_KEY_VALUE, ...
    box: Box
    lines: list[int]
    confidence: float

    @property
    def polygon(self):
        return polygon(self.box)


@dataclass
class Answer:
    text: str
    box: Box
    confidence: float

    @property
    def polygon(self):
        return polygon(self.box)


@dataclass
class PageAnalysis:
    size: tuple[int, int]
    lines: list
    selections: list[Mark] = field(default_factory=list)
    key_values: list[KeyValue] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    layout: list[Region] = field(default_factory=list)

    def word(self, ref: Ref):
        return self.lines[ref[0]].words[ref[1]]

    def text_of(self, refs: list[Ref]) -> str:
        return " ".join(self.word(r).text for r in refs)

    def box_of(self, refs: list[Ref]) -> Box:
        return bbox([self.word(r).polygon for r in refs])

    def confidence_of(self, refs: list[Ref], default: float = 90.0) -> float:
        return float(np.mean([self.word(r).confidence for r in refs])) if refs else default



MONEY = re.compile(r"^[-+]?[$€£]?\s?\d{1,3}(?:[,\s]?\d{3})*(?:[.,]\d{2})$")
