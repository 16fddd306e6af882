"""Targeted sentiment: the sentiment expressed towards each entity, from the clause around it.

Mentions of the same entity (same text, or a pronoun after it) form one group, as in
Comprehend's DetectTargetedSentiment.
"""
from __future__ import annotations

from awsml_study.engines.text import nlp, sentiment

# Comprehend's targeted-sentiment entity types, from spaCy's labels and noun-phrase heads.
TYPES = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "NORP": "ORGANIZATION", "GPE": "LOCATION",
         "LOC": "LOCATION", "FAC": "FACILITY", "PRODUCT": "BRAND", "EVENT": "EVENT",
         "DATE": "DATE", "TIME": "DATE", "MONEY": "MONETARY_VALUE", "QUANTITY": "QUANTITY",
         "CARDINAL": "QUANTITY", "PERCENT": "QUANTITY", "WORK_OF_ART": "OTHER"}


def _mentions(doc):
    spans = [(ent, TYPES.get(ent.label_, "OTHER")) for ent in doc.ents]
    taken = {i for ent, _ in spans for i in range(ent.start, ent.end)}
    for chunk in doc.noun_chunks:  # things people have opinions about: "the battery"
        if chunk.root.pos_ == "NOUN" and not any(i in taken for i in range(chunk.start, chunk.end)):
            spans.append((chunk, "OTHER"))
        elif chunk.root.pos_ == "PRON" and chunk.root.lower_ in ("i", "me", "we", "us", "my"):
            spans.append((chunk, "PERSON"))
    return sorted(spans, key=lambda s: s[0].start)


def _clause_around(text: str, begin: int) -> str:
    pos = 0
    for clause in sentiment.clauses(text):
        at = text.find(clause[:20], pos)
        if at <= begin < at + len(clause) + 1:
            return clause
        pos = max(pos, at)
    return text


def analyse(text: str) -> list[dict]:
    doc = nlp.parse(text)
    groups: dict[str, list[dict]] = {}
    for span, kind in _mentions(doc):
        label, scores = sentiment.polarity(_clause_around(text, span.start_char))
        key = span.root.lemma_.lower() if kind == "OTHER" else span.text.lower()
        groups.setdefault(key, []).append({
            "Score": 0.95, "GroupScore": 1.0, "Text": span.text, "Type": kind,
            "MentionSentiment": {"Sentiment": label, "SentimentScore": scores},
            "BeginOffset": span.start_char, "EndOffset": span.end_char})
    entities = []
    for mentions in groups.values():
        longest = max(range(len(mentions)), key=lambda i: len(mentions[i]["Text"]))
        entities.append({"DescriptiveMentionIndex": [longest], "Mentions": mentions})
    return entities
