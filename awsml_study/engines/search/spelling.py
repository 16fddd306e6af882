"""Query spell correction from the index's own vocabulary (rapidfuzz edit-distance matching)."""
from __future__ import annotations

from collections import Counter

from awsml_study.engines.search import text as tx

MIN_LENGTH = 4      # shorter words are too ambiguous to correct
MIN_SCORE = 80      # rapidfuzz ratio (0-100) a replacement must reach


def vocabulary(texts) -> Counter:
    """Lower-cased words of the indexed texts with their counts."""
    counts: Counter = Counter()
    for t in texts:
        counts.update(w.lower() for _, _, w in tx.words(t))
    return counts


def corrections(query: str, vocab: Counter) -> list[dict]:
    """Kendra Correction items for the query's words that the index does not contain but a
    close, frequent word does: [{BeginOffset, EndOffset, Term, CorrectedTerm}]."""
    from rapidfuzz import fuzz, process
    found = []
    words = list(vocab)
    for b, e, w in tx.words(query):
        low = w.lower()
        if len(low) < MIN_LENGTH or low in vocab or low in tx.STOPWORDS or not low.isalpha():
            continue
        best = process.extract(low, words, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=5)
        if best:
            # among near-equal spellings prefer the word the documents use most
            choice = max(best, key=lambda x: (x[1], vocab[x[0]]))[0]
            found.append({"BeginOffset": b, "EndOffset": e, "Term": w, "CorrectedTerm": choice})
    return found


def corrected(query: str, fixes: list[dict]) -> str:
    out, last = [], 0
    for c in fixes:
        out.append(query[last:c["BeginOffset"]] + c["CorrectedTerm"])
        last = c["EndOffset"]
    return "".join(out) + query[last:]
