"""Sentiment from the VADER lexicon and rules (vaderSentiment ships its lexicon in the wheel).

VADER scores each sentence; the document label weighs the sentences' compound scores.
A document is MIXED when it holds clear praise and clear criticism of comparable strength.
Scores are turned into a probability distribution over the four labels that agrees with it.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

LABELS = ("Positive", "Negative", "Neutral", "Mixed")
CLEAR = 0.25        # |compound| above which a sentence voices a clear opinion
_CONTRAST = re.compile(r"\s*(?:,|;|—|-)?\s*\b(but|however|although|though|yet|except|whereas)\b",
                       re.IGNORECASE)


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def clauses(text: str) -> list[str]:
    """Sentences, further split at contrast words ('..., but ...'), where opinions turn."""
    sentences = re.split(r"(?<=[.!?])\s+|\n+", text.strip())
    parts: list[str] = []
    for sentence in sentences:
        pieces = _CONTRAST.split(sentence)
        # split keeps the contrast word as its own item; glue it to the clause it opens
        current = pieces[0]
        for i in range(1, len(pieces), 2):
            parts.append(current)
            current = pieces[i] + " " + (pieces[i + 1] if i + 1 < len(pieces) else "")
        parts.append(current)
    return [p.strip() for p in parts if p and p.strip()]


def compound(text: str) -> float:
    return _analyzer().polarity_scores(text)["compound"]


def analyse(text: str) -> tuple[str, dict[str, float]]:
    """(label, SentimentScore) for a document; the scores sum to 1 and the label is the largest."""
    scores = [compound(c) for c in clauses(text)] or [0.0]
    pos = sum(s for s in scores if s > 0.05)
    neg = -sum(s for s in scores if s < -0.05)
    strongest_pos = max([s for s in scores if s > 0] or [0.0])
    strongest_neg = -min([s for s in scores if s < 0] or [0.0])
    whole = compound(text)

    # Evidence for each label, on a comparable scale (log-odds-like logits).
    mixed = min(strongest_pos, strongest_neg) if min(strongest_pos, strongest_neg) > CLEAR else 0.0
    logits = {
        "Positive": 4.0 * (pos - 0.6 * neg) + 1.5 * max(whole, 0),
        "Negative": 4.0 * (neg - 0.6 * pos) + 1.5 * max(-whole, 0),
        "Neutral": 1.6 - 2.5 * (strongest_pos + strongest_neg),
        "Mixed": 6.0 * mixed - 1.2 - 2.0 * abs(pos - neg),
    }
    top = max(logits.values())
    exp = {k: math.exp(v - top) for k, v in logits.items()}
    total = sum(exp.values())
    probs = {k: v / total for k, v in exp.items()}
    label = max(probs, key=probs.get)
    return label.upper(), {k: round(probs[k], 6) for k in LABELS}


def polarity(text: str) -> tuple[str, dict[str, float]]:
    """Sentiment of a short span (a mention's context): POSITIVE, NEGATIVE, NEUTRAL or MIXED."""
    return analyse(text)
