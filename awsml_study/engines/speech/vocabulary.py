"""Custom vocabularies for an end-to-end recogniser: entries with pronunciations, and phonetic post-correction.

    entry = vocabulary.entry("Los-Angeles", "LA")        # VocabEntry(token, display, phones, alternates)
    words = vocabulary.apply(words, (entry,))             # uncertain words that sound like it become it

Moonshine's decoder cannot be told new words, so a custom vocabulary works after recognition (the usual
way to add domain words to an end-to-end recogniser): runs of one to four words the model was unsure of
are compared, as ARPAbet phones, with each entry and its alternate pronunciations.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from awsml_study.engines.speech.align import AsrError, phones, pronunciations, spoken_parts


@dataclass(frozen=True)
class VocabEntry:
    token: str              # the decoder's word for it (unique per entry)
    display: str            # what the transcript shows
    phones: str             # ARPAbet, space separated
    alternates: tuple[str, ...] = ()   # other pronunciations (CMUdict variants, letter-to-sound)


def entry(phrase: str, display: str | None = None) -> VocabEntry:
    """A decoder entry for a Transcribe vocabulary phrase (words joined by hyphens: Los-Angeles)."""
    parts = [p for p in phrase.split("-") if p]
    if not parts:
        raise AsrError(f"empty phrase {phrase!r}")
    options = [pronunciations(p) for p in parts]
    phones = " ".join(o[0] for o in options)
    # alternates: each word's other pronunciations in turn (a phrase keeps its first elsewhere)
    alternates = []
    for i, opts in enumerate(options):
        for alt in opts[1:]:
            alternates.append(" ".join(alt if j == i else o[0] for j, o in enumerate(options)))
    shown = display or " ".join(p.replace(".", "") if re.fullmatch(r"(?:[A-Za-z]\.)+", p) else p
                                for p in parts)
    token = "vocab:" + phrase.lower()
    return VocabEntry(token, shown, phones, tuple(alternates[:8]))


VOCAB_MAX_DISTANCE = 0.34   # weighted phone edits per phone of the entry, at most (entries of >= 6 phones)
VOCAB_SURE = 0.9            # a word the model is this sure of is kept unless an entry sounds exactly like it


def apply(words: list, vocabulary: tuple[VocabEntry, ...]) -> list:
    """Replace runs of uncertain words that sound like a vocabulary entry with the entry's display form.

    Moonshine's decoder cannot be told new words, so a custom vocabulary works as phonetic
    post-correction (the usual way to add domain words to an end-to-end recogniser): runs of one to
    four words are compared, as ARPAbet phones, with each entry and its alternate pronunciations.
    """
    options = [(e, [ph.split() for ph in (e.phones, *e.alternates)]) for e in vocabulary]
    out = []
    i = 0
    while i < len(words):
        best = None
        for n in range(min(4, len(words) - i), 0, -1):
            run = words[i:i + n]
            said = [phones(q) for w in run for q in spoken_parts(w.text)]
            if not said or None in said:
                continue
            heard = " ".join(said).split()
            # a run holding a word the model was sure of ('to' before 'SageMaker') must sound exactly alike
            sure = max(w.confidence for w in run) >= VOCAB_SURE
            for entry, prons in options:
                dist = min(_edit_distance(heard, ph) / max(len(ph), 1) for ph in prons)
                if dist <= _allowed(min(len(ph) for ph in prons)) and (not sure or dist == 0.0) and (
                        best is None or (dist, -n) < best[0]):
                    best = ((dist, -n), entry, run)
        if best is None or " ".join(w.text for w in best[2]).lower() == best[1].display.lower():
            out.append(words[i])
            i += 1
            continue
        _, entry, run = best
        out.append(dataclasses.replace(run[0], text=entry.display, end=run[-1].end, punct=run[-1].punct,
                                       confidence=round(sum(w.confidence for w in run) / len(run), 4)))
        i += len(run)
    return out


_VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
_CLASSES = [{"P", "B", "T", "D", "K", "G"}, {"M", "N", "NG"}, {"F", "V", "TH", "DH", "S", "Z", "SH", "ZH", "HH"},
            {"CH", "JH"}, {"L", "R", "W", "Y"}]


def _sub_cost(a: str, b: str) -> float:
    """Phones that sound alike cost less to swap: any two vowels, or consonants made the same way."""
    if a == b:
        return 0.0
    if a in _VOWELS and b in _VOWELS:
        return 0.5
    return 0.6 if any(a in c and b in c for c in _CLASSES) else 1.0


def _allowed(phones: int) -> float:
    """Short entries must sound nearly the same: 'cut' is 0.17 from 'cat', 'look' 0.33 from 'book'."""
    return VOCAB_MAX_DISTANCE if phones >= 6 else 0.2 if phones >= 4 else 0.0


def _edit_distance(a: list[str], b: list[str]) -> float:
    """Weighted Levenshtein distance over phones (vowels are cheaper to insert or drop)."""
    gap = [0.0] + [0.6 if p in _VOWELS else 1.0 for p in b]
    row = [sum(gap[:j + 1]) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cost_a = 0.6 if a[i - 1] in _VOWELS else 1.0
        prev, row = row, [row[0] + cost_a] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + cost_a, row[j - 1] + gap[j], prev[j - 1] + _sub_cost(a[i - 1], b[j - 1]))
    return row[-1]
