"""Self-checks for notebooks/07_comprehend.ipynb."""
from __future__ import annotations

from awsml_study.exercises.feedback import blank, say


def check_batch_split(texts: list[str], batches: list[list[str]]) -> bool:
    """Exercise 1: split the documents into BatchDetectSentiment calls of at most 25."""
    if blank(batches):
        return False
    flat = [t for b in batches for t in (b if isinstance(b, (list, tuple)) else [b])]
    ok = flat == texts and all(isinstance(b, (list, tuple)) and 1 <= len(b) <= 25 for b in batches)
    return say(ok, f"{len(batches)} batches, none over the limit of 25 documents.",
               "Every document must appear once, in order, in batches of 1 to 25 documents.")


def check_most_negative(client, texts: list[str], answer: int) -> bool:
    """Exercise 2: the index of the document with the highest Negative score."""
    if blank(answer):
        return False
    scores = [client.detect_sentiment(Text=t, LanguageCode="en")["SentimentScore"]["Negative"]
              for t in texts]
    best = max(range(len(texts)), key=scores.__getitem__)
    return say(answer == best, f"Document {best} is the most negative ({scores[best]:.2f}).",
               "Not quite: compare SentimentScore['Negative'] across the documents.")


def check_redaction(client, text: str, redacted: str) -> bool:
    """Exercise 3: replace each PII entity found by DetectPiiEntities with [TYPE]."""
    if blank(redacted):
        return False
    entities = client.detect_pii_entities(Text=text, LanguageCode="en")["Entities"]
    expected, last = [], 0
    for e in sorted(entities, key=lambda e: e["BeginOffset"]):
        expected.append(text[last:e["BeginOffset"]] + f"[{e['Type']}]")
        last = e["EndOffset"]
    expected = "".join(expected) + text[last:]
    return say(redacted == expected, "Redacted exactly as Comprehend's offsets say.",
               f"Expected: {expected}")
