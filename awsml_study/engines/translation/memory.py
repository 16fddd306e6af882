"""A translation memory: the learner's own segment pairs, matched exactly or fuzzily (rapidfuzz)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

FUZZY_THRESHOLD = 90.0  # rapidfuzz ratio (0-100) at or above which a stored pair is reused


def normalise(text: str) -> str:
    """Case, accents of the *form* (NFC), spacing and end punctuation do not make segments differ."""
    text = unicodedata.normalize("NFC", text).casefold().strip()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(" .!?;:。！？")


@dataclass
class Match:
    source: str        # the stored source segment that matched
    target: str        # its stored translation
    score: float       # 100 for an exact match
    origin: str        # the resource the pair came from (parallel data or terminology name)

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


@dataclass
class Memory:
    """Segment pairs of one language direction, from one or more named resources."""
    pairs: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # normalised → (src, tgt, origin)

    def add(self, source: str, target: str, origin: str) -> None:
        if source.strip() and target.strip():
            # Later records win, as Amazon Translate keeps the record closest to the end of the file.
            self.pairs[normalise(source)] = (source, target, origin)

    def __len__(self) -> int:
        return len(self.pairs)

    def lookup(self, segment: str, fuzzy: bool = True) -> Match | None:
        key = normalise(segment)
        if not key:
            return None
        hit = self.pairs.get(key)
        if hit is not None:
            return Match(hit[0], _carry_end(segment, hit[1]), 100.0, hit[2])
        if not fuzzy or not self.pairs:
            return None
        from rapidfuzz import fuzz, process
        best = process.extractOne(key, list(self.pairs), scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_THRESHOLD)
        if best is None:
            return None
        src, tgt, origin = self.pairs[best[0]]
        return Match(src, _carry_end(segment, tgt), float(best[1]), origin)


def _carry_end(segment: str, target: str) -> str:
    """Give the stored translation the end punctuation the segment being translated has (or lacks)."""
    ends = ".!?;:。！？"
    seg_end = re.search(r"[.!?;:。！？]*$", segment.strip()).group(0)
    target = target.strip()
    if not seg_end:
        return target.rstrip(ends)
    return target if target[-1:] in ends else target + seg_end
