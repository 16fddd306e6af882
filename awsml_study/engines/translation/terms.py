"""Custom terminology applied to a translation, and profanity masked with Amazon Translate's grawlix."""
from __future__ import annotations

import re
from typing import Callable

GRAWLIX = "?$#@$"  # Amazon Translate writes this for each profane word or phrase, whatever its length

# Words masked by Profanity=MASK, per target language. A short list written for the kit (not AWS's
# list, which is not published); it masks whole words only, literally, as the service does.
PROFANITY = {
    "en": ["fucking", "fuck", "shit", "bullshit", "bitch", "bastard", "asshole", "damn", "crap",
           "dickhead", "piss off", "motherfucker", "goddamn"],
    "pt": ["merda", "porra", "caralho", "puta", "foda", "foder", "fodido", "fodida", "cacete",
           "babaca", "bosta", "maldito", "maldita", "puta que pariu", "filho da puta"],
}


def _pattern(term: str, flags=0) -> re.Pattern:
    # Whole words only: "Amazon" must not match inside "Amazonian".
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", flags)


def found_in(source: str, terms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The terms whose source text occurs in `source` (case-sensitive, as AWS matches them), longest first."""
    hits, taken = [], []
    for src, tgt in sorted(terms, key=lambda t: -len(t[0])):
        for m in _pattern(src).finditer(source):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                if (src, tgt) not in hits:
                    hits.append((src, tgt))
    return hits


def apply_to_output(source: str, output: str, terms: list[tuple[str, str]],
                    engine: Callable[[str], str] | None) -> tuple[str, list[tuple[str, str]]]:
    """Make each term found in `source` appear as its custom translation in the engine's `output`.

    The engine translates the term on its own; where that rendering (or the untouched source term)
    appears in the output it is replaced. Failing that, the sentence is translated again with the
    custom translation already in place. Returns the output and the terms really applied.
    """
    applied = []
    for src, tgt in found_in(source, terms):
        if _pattern(tgt).search(output):
            applied.append((src, tgt))
            continue
        candidates = [src]
        if engine is not None:
            default = engine(src).strip().rstrip(".!?")
            if default and default != src:
                candidates.insert(0, default)
        for cand in candidates:
            pattern = _pattern(cand, re.IGNORECASE)
            if pattern.search(output):
                output = pattern.sub(lambda _m: tgt, output)
                applied.append((src, tgt))
                break
        else:
            if engine is not None:
                again = engine(_pattern(src).sub(lambda _m: tgt, source))
                if _pattern(tgt, re.IGNORECASE).search(again):
                    output = _pattern(tgt, re.IGNORECASE).sub(lambda _m: tgt, again)
                    applied.append((src, tgt))
    return output, applied


def cover(segment: str, terms: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]] | None:
    """The segment with every word replaced by a term's translation, or None when any word is not
    a term (numbers, punctuation and URLs need no term). Only the learner's data is used."""
    from awsml_study.engines.translation.segments import has_words
    hits = found_in(segment, terms)
    rest = segment
    for src, _ in hits:
        rest = _pattern(src).sub(" ", rest)
    if has_words(rest) or not hits:
        return None
    out = segment
    for src, tgt in hits:
        out = _pattern(src).sub(lambda _m, t=tgt: t, out)
    return out, hits


def mask_profanity(text: str, language: str) -> tuple[str, int]:
    """(text with each profane word or phrase replaced by ?$#@$, how many were masked)."""
    words = PROFANITY.get(language.split("-")[0], [])
    count = 0
    for word in sorted(words, key=len, reverse=True):
        text, n = _pattern(word, re.IGNORECASE).subn(GRAWLIX, text)
        count += n
    return text, count
