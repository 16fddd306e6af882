"""Splitting text into translatable segments (sentences) and putting the translations back."""
from __future__ import annotations

import re

# A sentence ends at . ! ? (or their CJK forms) followed by space and an upper-case letter, digit
# or opening quote; abbreviations like "e.g." stay inside their sentence.
_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'“‘¿¡(\[]?[A-ZÀ-ÖØ-Þ0-9])|(?<=[。！？])")
_ABBREV = re.compile(r"\b(e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|Sr|Sra|St|vs|No|Nr)\.$", re.IGNORECASE)
WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def split_sentences(line: str) -> list[str]:
    """The sentences of one line, each keeping its own trailing text; joined with single spaces."""
    parts, start = [], 0
    for m in _END.finditer(line):
        piece = line[start:m.start()]
        if _ABBREV.search(piece):
            continue
        parts.append(piece)
        start = m.end()
    parts.append(line[start:])
    return [p for p in parts if p]


def layout(text: str) -> list[tuple[str, list[str]]]:
    """[(line break text before the line, [sentences of the line])]: newlines and indentation are kept."""
    out = []
    for chunk in re.split(r"(\r?\n)", text):
        if chunk in ("\n", "\r\n"):
            out.append((chunk, []))
        elif chunk:
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            trail = chunk[len(chunk.rstrip()):]
            body = chunk.strip()
            out.append((lead, split_sentences(body) if body else []))
            if trail:
                out.append((trail, []))
    return out


def rebuild(parts: list[tuple[str, list[str]]]) -> str:
    return "".join(lead + " ".join(sentences) for lead, sentences in parts)


def has_words(text: str) -> bool:
    """False for text with nothing to translate: numbers, punctuation, symbols, URLs."""
    stripped = re.sub(r"(https?://\S+|\S+@\S+\.\w+)", " ", text)
    return any(not w.isdigit() for w in WORD.findall(stripped))
