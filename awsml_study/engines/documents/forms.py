"""Forms: key/value pairs (labels with a colon, labels over boxed fields, check boxes) and
answers to natural-language queries matched against them."""
from __future__ import annotations

import re

import numpy as np

from awsml_study.engines.documents.layout import (Answer, Box, KeyValue, PageAnalysis, Ref, bbox,
                                           centre, inside)

TIME = re.compile(r"^\d{1,2}:\d{2}")


def _is_key_word(text: str, first: bool = False) -> bool:
    """A word that ends a key: 'Name:' — or a lone ':' after a word, which OCR reads when the
    font leaves a space before the colon ('Address :')."""
    if text == ":":
        return not first
    return text.endswith(":") and not TIME.match(text)


class _Page:
    """Geometry helpers over a PageAnalysis: line boxes, the typical line height, used words."""

    def __init__(self, page: PageAnalysis, tables: list[Box], fields: list[Box]):
        self.page = page
        self.boxes = [bbox(line.polygon) for line in page.lines]
        self.height = float(np.median([b[3] - b[1] for b in self.boxes])) if self.boxes else 20.0
        self.width = page.size[0]
        self.blocked = tables
        self.fields = fields
        self.used: set[Ref] = set()

    def free_lines(self) -> list[int]:
        return [i for i, b in enumerate(self.boxes)
                if not any(inside(centre(b), t, 2) for t in self.blocked)]

    def refs(self, li: int, start: int = 0, end: int | None = None) -> list[Ref]:
        words = self.page.lines[li].words
        return [(li, wi) for wi in range(start, len(words) if end is None else end)
                if (li, wi) not in self.used]

    def pair(self, key: list[Ref], value: list[Ref], value_box: Box | None = None,
             selection: int | None = None, confidence: float | None = None) -> KeyValue:
        self.used.update(key)
        self.used.update(value)
        key_box = self.page.box_of(key)
        if value_box is None:
            value_box = self.page.box_of(value) if value else self._empty_value(key_box)
        if confidence is None:
            confidence = 0.97 * self.page.confidence_of(key + value)
        return KeyValue(key, value, key_box, value_box, round(confidence, 3),
                        self.page.text_of(key), self.page.text_of(value), selection)

    def _empty_value(self, key_box: Box) -> Box:
        left = min(key_box[2] + 0.5 * self.height, self.width - 2)
        return left, key_box[1], min(left + 4 * self.height, self.width - 1), key_box[3]


def key_values(page: PageAnalysis, tables: list[Box], fields: list[Box]) -> list[KeyValue]:
    g = _Page(page, tables, fields)
    pairs = _boxed_fields(g) + _check_boxes(g) + _colon_keys(g)
    return sorted(pairs, key=lambda kv: (round(kv.key_box[1] / (0.6 * g.height)), kv.key_box[0]))


def _boxed_fields(g: _Page) -> list[KeyValue]:
    """A label just above (or left of) a drawn box is the key; the words in the box the value."""
    pairs = []
    for field in g.fields:
        h = field[3] - field[1]
        if not (0.8 * g.height <= h <= 5 * g.height) or field[2] - field[0] < 1.5 * h:
            continue
        value = [(li, wi) for li in g.free_lines() for wi in range(len(g.page.lines[li].words))
                 if inside(centre(bbox(g.page.lines[li].words[wi].polygon)), field)]
        above = [i for i in g.free_lines()
                 if field[1] - 2.5 * g.height <= g.boxes[i][3] <= field[1] + 0.3 * g.height
                 and field[0] - g.height <= g.boxes[i][0] <= field[0] + 0.6 * (field[2] - field[0])
                 and not any(inside(centre(g.boxes[i]), f) for f in g.fields)]
        left = [i for i in g.free_lines()
                if g.boxes[i][2] <= field[0] + 2 and field[0] - g.boxes[i][2] < 0.3 * g.width
                and field[1] <= centre(g.boxes[i])[1] <= field[3]]
        if above:
            key_line = max(above, key=lambda i: g.boxes[i][3])
        elif left:
            key_line = max(left, key=lambda i: g.boxes[i][2])
        else:
            continue
        key = g.refs(key_line)
        if key:
            pairs.append(g.pair(key, [r for r in value if r not in g.used],
                                value_box=field if not value else None))
    return pairs


def _check_boxes(g: _Page) -> list[KeyValue]:
    """A check box's label (the text beside it) is the key; the selection element its value."""
    pairs = []
    for index, mark in enumerate(g.page.selections):
        if any(inside(centre(mark.box), t) for t in g.blocked):
            continue
        size = mark.box[3] - mark.box[1]
        cy = centre(mark.box)[1]
        beside = [i for i in g.free_lines() if abs(centre(g.boxes[i])[1] - cy) < 0.6 * g.height]
        right = [i for i in beside if -2 <= g.boxes[i][0] - mark.box[2] <= 3 * size]
        left = [i for i in beside if -2 <= mark.box[0] - g.boxes[i][2] <= 3 * size]
        line = min(right, key=lambda i: g.boxes[i][0]) if right else \
            max(left, key=lambda i: g.boxes[i][2]) if left else None
        if line is None:
            continue
        key = _until_gap(g, line, from_left=line in right)
        if key:
            pairs.append(g.pair(key, [], value_box=mark.box, selection=index,
                                confidence=0.5 * (mark.confidence +
                                                  g.page.confidence_of(key))))
    return pairs


def _until_gap(g: _Page, li: int, from_left: bool) -> list[Ref]:
    """The words of a line up to the first wide gap (the label next to a check box)."""
    words = g.page.lines[li].words
    order = list(range(len(words))) if from_left else list(range(len(words)))[::-1]
    picked = [order[0]]
    for a, b in zip(order, order[1:]):
        left_box, right_box = sorted((bbox(words[a].polygon), bbox(words[b].polygon)))
        if right_box[0] - left_box[2] > 1.2 * g.height:
            break
        picked.append(b)
    return [(li, wi) for wi in sorted(picked) if (li, wi) not in g.used]


def _colon_keys(g: _Page) -> list[KeyValue]:
    """'Key: value' on a line; a key ending its line takes the text to its right or below."""
    pairs = []
    for li in g.free_lines():
        words = g.page.lines[li].words
        keys = [wi for wi, w in enumerate(words) if _is_key_word(w.text, wi == 0) and (li, wi) not in g.used]
        start = 0
        for n, k in enumerate(keys):
            key_start = _key_start(g, li, start, k)
            nxt = keys[n + 1] if n + 1 < len(keys) else None
            value_end = _key_start(g, li, k + 1, nxt) if nxt is not None else len(words)
            key = g.refs(li, key_start, k + 1)
            value = g.refs(li, k + 1, value_end)
            if not key:
                continue
            if not value and nxt is None:
                value = _value_elsewhere(g, li, g.page.box_of(key))
            pairs.append(g.pair(key, value))
            start = value_end
    return pairs


def _key_start(g: _Page, li: int, start: int, colon: int) -> int:
    """Where the key ending at word `colon` begins: after the widest gap since `start`, if any."""
    words = g.page.lines[li].words
    gaps = [(bbox(words[i + 1].polygon)[0] - bbox(words[i].polygon)[2], i + 1)
            for i in range(start, colon)]
    wide = [g_ for g_ in gaps if g_[0] > 0.8 * g.height]
    if wide:
        return max(wide)[1]
    return start if start == 0 else colon


def _value_elsewhere(g: _Page, li: int, key_box: Box) -> list[Ref]:
    """The value of a key that ends its line: the next text to the right, else just below."""
    cy = centre(key_box)[1]
    candidates = [i for i in g.free_lines() if i != li and not _is_key_line(g, i)]
    right = [i for i in candidates if abs(centre(g.boxes[i])[1] - cy) < 0.6 * g.height
             and 0 <= g.boxes[i][0] - key_box[2] < 0.3 * g.width]
    if right:
        return g.refs(min(right, key=lambda i: g.boxes[i][0]))
    # Tightly set lines overlap in OCR boxes, so "below" is judged by the centres.
    below = [i for i in candidates if -0.5 * g.height <= g.boxes[i][1] - key_box[3] < 1.2 * g.height
             and centre(g.boxes[i])[1] > cy + 0.5 * g.height
             and abs(g.boxes[i][0] - key_box[0]) < 2 * g.height]
    if below:
        return g.refs(min(below, key=lambda i: g.boxes[i][1]))
    return []


def _is_key_line(g: _Page, li: int) -> bool:
    return any(_is_key_word(w.text, n == 0) for n, w in enumerate(g.page.lines[li].words))


# ----- queries -----

STOP = set("""a an the of for on in at to is are was were be been what whats which who whom whose
when where how much many does do did this that these those there it its please tell me give
document page form value listed shown stated by""".split())


def tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [_stem(w) for w in words if w not in STOP]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "al", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# Words that say what kind of field it is, not which one: they count half when matching.
GENERIC = {"number", "no", "date", "name", "id", "amount", "code", "type", "detail", "info"}


def _weight(token: str) -> float:
    return 0.5 if token in GENERIC else 1.0


def _f1(query: list[str], other: list[str]) -> float:
    """Weighted F1 overlap of two token lists (1.0: the same words; 0: nothing in common)."""
    q, o = set(query), set(other)
    common = sum(_weight(t) for t in q & o)
    if not common:
        return 0.0
    precision = common / sum(_weight(t) for t in o)
    recall = common / sum(_weight(t) for t in q)
    return 2 * precision * recall / (precision + recall)


DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\b\d{1,2}:\d{2}\b|"
                       r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d", re.I)
AMOUNT_LIKE = re.compile(r"^[-+$€£(]*\d[\d,]*(\.\d+)?%?\)?$")


def _fits(question: str, value: str) -> bool:
    """Whether a value has the kind of answer the question word asks for."""
    q = question.strip().lower()
    compact = value.replace(" ", "")
    if q.startswith("who"):
        return any(ch.isalpha() for ch in value) and not DATE_LIKE.search(value)
    if q.startswith("when"):
        return bool(DATE_LIKE.search(value))
    if q.startswith(("how much", "how many")):
        return bool(AMOUNT_LIKE.match(compact))
    return True


def answer_query(question: str, page: PageAnalysis) -> Answer | None:
    asked = tokens(question)
    if not asked:
        return None
    found = _candidates(question, asked, page)
    found = [(score, answer) for score, answer in found if _fits(question, answer.text)]
    if not found:
        return None
    score, best = max(found, key=lambda c: (c[0], c[1].confidence))
    if score < 0.5:
        return None
    best.confidence = round(min(99.0, best.confidence), 3)
    return best


def _candidates(question: str, asked: list[str], page: PageAnalysis):
    candidates: list[tuple[float, Answer]] = []
    for kv in page.key_values:
        score = _f1(asked, tokens(kv.key_text))
        if score > 0 and (kv.value_words or kv.selection is not None):
            text = kv.value_text if kv.selection is None else page.selections[kv.selection].status
            candidates.append((score, Answer(text, kv.value_box, score * kv.confidence)))
    for table in page.tables:
        headers = {c.column: c.text for c in table.cells if c.header}
        first = {c.row: c.text for c in table.cells if c.column == 1 and not c.header}
        for cell in table.cells:
            if cell.header or cell.column == 1 or not cell.text:
                continue
            # With a header row, a cell is named by its column and row; without one (a receipt's
            # "Total  15.96" rows), by its row's first cell alone.
            label = f"{headers.get(cell.column, '')} {first.get(cell.row, '')}"
            score = _f1(asked, tokens(label))
            if score > 0 and first.get(cell.row) and (headers.get(cell.column) or not headers):
                box = page.box_of(cell.words) if cell.words else cell.box
                candidates.append((score, Answer(cell.text, box, score * cell.confidence)))
    if not [c for c in candidates if _fits(question, c[1].text)]:
        candidates += _from_lines(asked, page)
    return candidates


def _from_lines(asked: list[str], page: PageAnalysis) -> list[tuple[float, Answer]]:
    """Last resort: a line that starts with the asked words; the rest of the line answers."""
    found = []
    for li, line in enumerate(page.lines):
        words = [tokens(w.text) for w in line.words]
        for end in range(1, len(words)):
            label = [t for ws in words[:end] for t in ws]
            score = _f1(asked, label)
            if score >= 0.99 and end < len(words):
                refs = [(li, wi) for wi in range(end, len(words))]
                found.append((0.6, Answer(page.text_of(refs), page.box_of(refs),
                                          0.6 * page.confidence_of(refs))))
                break
    return found
