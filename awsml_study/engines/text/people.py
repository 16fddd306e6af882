"""People's names the statistical model missed or mistyped, found with the 1990 US Census name lists."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

# Labels a name may wrongly carry; places (GPE, LOC, FAC) are left alone: "Grant Park", "Jackson Heights".
_RETYPE = {"ORG", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT", "LAW"}


@lru_cache(maxsize=1)
def census() -> tuple[frozenset, frozenset]:
    """(given names, commonest surnames), title-cased."""
    raw = json.loads((Path(__file__).with_name("census_names.json")).read_text(encoding="utf-8"))
    return frozenset(raw["given"]), frozenset(raw["surnames"])


def _is_word(tok) -> bool:
    return tok.is_title and tok.is_alpha and len(tok) > 1


def name_spans(doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) of given name(s) + optional initial + a census surname."""
    given, surnames = census()
    spans, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and _is_word(doc[j]) and doc[j].text in given:
            j += 1
        if j == i:
            i += 1
            continue
        if j < len(doc) and len(doc[j]) == 2 and doc[j].text[0].isupper() and doc[j].text[1] == ".":
            j += 1  # a middle initial: "Marie J. Haman"
        if j < len(doc) and _is_word(doc[j]) and doc[j].text in surnames:
            spans.append((i, j + 1))
            i = j + 1
        elif j - i >= 2 and doc[j - 1].text in surnames:
            spans.append((i, j))  # "Grace Kelly": the surname is itself a given name
            i = j
        else:
            i = max(j, i + 1)
    return spans


def correct(doc) -> None:
    """Add PERSON for census names with no entity; retype a name the model called ORG and the like."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    for start, end in name_spans(doc):
        clash = [e for e in ents if e.start < end and start < e.end]
        if not clash:
            ents.append(Span(doc, start, end, label="PERSON"))
        elif len(clash) == 1 and clash[0].label_ in _RETYPE and start <= clash[0].start and clash[0].end <= end:
            ents.remove(clash[0])
            ents.append(Span(doc, start, end, label="PERSON"))
    doc.ents = sorted(ents, key=lambda e: e.start)
