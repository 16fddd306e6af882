"""Words, light stemming, sentences, passages and highlight spans for the search engine."""
from __future__ import annotations

import functools
import re

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•#\d])")
# A short English stop-word list: Kendra drops stop words before it counts the 30 query words.
STOPWORDS = frozenset("""a about above after again against all am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves s t""".split())
MAX_QUERY_WORDS = 30  # Kendra truncates query text at 30 token words (no stop words, punctuation)


@functools.lru_cache(maxsize=200_000)  # the same words recur in every document and query
def stem(word: str) -> str:
    """A light suffix stripper (plurals, -ing, -ed, -ly), enough to match 'resets' with 'reset'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""),
                         ("ly", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not w.endswith(("shes", "ches", "xes", "zes", "sses", "oes")):
                w = w[:-1]
                break
            w = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # running → run
            break
    return w


def words(text: str) -> list[tuple[int, int, str]]:
    """(begin, end, word) for every word of the text, offsets in characters."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def terms(text: str) -> list[str]:
    """The stemmed, lower-cased content words of a text (stop words dropped)."""
    return [stem(w) for _, _, w in words(text) if w.lower() not in STOPWORDS]


def query_terms(text: str) -> list[str]:
    """The content terms Kendra considers: at most 30, the rest of a long query ignored."""
    return terms(text)[:MAX_QUERY_WORDS]


HEADING_BREAK = re.compile(r"\n(?=\s*[A-Z])")
MAX_HEADING = 80  # a short line without final punctuation, followed by a capital, is a heading


def sentences(text: str) -> list[tuple[int, int]]:
    """(begin, end) character spans of the sentences (and list items, headings or paragraphs)."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.extend(_headings(text, *_strip(text, start, m.start())))
        start = m.end()
    if text[start:].strip():
        spans.extend(_headings(text, *_strip(text, start, len(text))))
    return spans


def _headings(text: str, b: int, e: int) -> list[tuple[int, int]]:
    """Split a heading line (a PDF title, say) off the sentence that follows it."""
    out = []
    for m in HEADING_BREAK.finditer(text, b, e):
        line = text[b:m.start()].rstrip()
        if line and len(line) <= MAX_HEADING and line[-1] not in ".,;:-!?" and "\n" not in line:
            out.append(_strip(text, b, m.start()))
            b = m.end()
    out.append(_strip(text, b, e))
    return [s for s in out if s[1] > s[0]]


def _strip(text: str, b: int, e: int) -> tuple[int, int]:
    while b < e and text[b].isspace():
        b += 1
    while e > b and text[e - 1].isspace():
        e -= 1
    return b, e


def passages(text: str, max_words: int = 100) -> list[tuple[int, int]]:
    """Consecutive sentences grouped into passages of at most `max_words` words each; a longer
    sentence is cut into windows of `max_words` words."""
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    cur_words = 0
    for b, e in sentences(text):
        ws = words(text[b:e])
        if len(ws) > max_words:
            if cur:
                out.append(cur)
                cur, cur_words = None, 0
            for i in range(0, len(ws), max_words):
                chunk = ws[i:i + max_words]
                out.append((b + chunk[0][0], b + chunk[-1][1]))
            continue
        if cur and cur_words + len(ws) > max_words:
            out.append(cur)
            cur, cur_words = None, 0
        cur = (cur[0], e) if cur else (b, e)
        cur_words += len(ws)
    if cur:
        out.append(cur)
    return out


def highlights(text: str, wanted: set[str], synonyms: set[str] = frozenset()) -> list[dict]:
    """Kendra-style Highlight spans over the words of `text` whose stem is a query term
    (Type STANDARD) or a thesaurus synonym of one (Type THESAURUS_SYNONYM); neighbours merge."""
    spans: list[dict] = []
    for b, e, w in words(text):
        if w.lower() in STOPWORDS:
            continue
        s = stem(w)
        kind = "STANDARD" if s in wanted else "THESAURUS_SYNONYM" if s in synonyms else None
        if kind is None:
            continue
        last = spans[-1] if spans else None
        if last and last["Type"] == kind and text[last["EndOffset"]:b].strip() == "":
            last["EndOffset"] = e
        else:
            spans.append({"BeginOffset": b, "EndOffset": e, "TopAnswer": False, "Type": kind})
    return spans
