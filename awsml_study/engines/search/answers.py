"""Extractive answers and excerpts: which sentence of a passage answers the question, and where."""
from __future__ import annotations

import numpy as np

from awsml_study.engines.search import embeddings, text as tx

QUESTION_WORDS = frozenset("what when where which who whom whose why how is are can does do did "
                           "should could will was were".split())
EXCERPT_WORDS = 60  # Kendra excerpts are short; its documented maximum is 100 token words


def looks_like_question(query: str) -> bool:
    """Kendra returns ANSWER results for natural-language questions, not for keyword lists."""
    ws = [w.lower() for _, _, w in tx.words(query)]
    return bool(ws) and (query.rstrip().endswith("?") or ws[0] in QUESTION_WORDS or len(ws) >= 6)


def best_sentence(passage: str, query: str, wanted: set[str]) -> tuple[int, int, float]:
    """(begin, end, score) of the passage's sentence that best answers the query: term overlap
    plus embedding similarity."""
    spans = tx.sentences(passage) or [(0, len(passage))]
    sims = embeddings.embed([passage[b:e] for b, e in spans]) @ embeddings.embed([query])[0]
    best, best_score = spans[0], -1.0
    for (b, e), sim in zip(spans, sims):
        have = set(tx.terms(passage[b:e]))
        overlap = len(have & wanted) / max(1, len(wanted))
        score = 0.5 * overlap + 0.5 * float(sim)
        if score > best_score:
            best, best_score = (b, e), score
    return best[0], best[1], best_score


def excerpt(text: str, begin: int, end: int, wanted: set[str], max_words: int = EXCERPT_WORDS) -> tuple[str, int]:
    """A window of at most `max_words` words inside [begin, end) holding the most query terms.
    Returns (excerpt text, offset of the excerpt in `text`)."""
    ws = tx.words(text[begin:end])
    if len(ws) <= max_words:
        return text[begin:end], begin
    hits = np.array([1 if tx.stem(w) in wanted else 0 for _, _, w in ws])
    sums = np.convolve(hits, np.ones(max_words, int), "valid")
    start = int(np.argmax(sums))
    b, e = begin + ws[start][0], begin + ws[start + max_words - 1][1]
    return text[b:e], b
