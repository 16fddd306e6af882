"""Self-checks for notebooks/13_capstone.ipynb: change one stage, see the effect downstream."""
from __future__ import annotations

import math

from awsml_study.capstone import offer_filter_category
from awsml_study.exercises.feedback import blank, say


def check_happier_call(comprehend, words: str) -> bool:
    """Exercise 1: customer words that Comprehend reads as POSITIVE, so the offer turns to upsell."""
    if blank(words):
        return False
    sentiment = comprehend.detect_sentiment(Text=words, LanguageCode="en")["Sentiment"]
    return say(sentiment == "POSITIVE",
               f"Comprehend reads POSITIVE: the pipeline now offers a {offer_filter_category(sentiment)} offer.",
               f"Comprehend reads {sentiment}, so the offer stays {offer_filter_category(sentiment)}. "
               "Try words of thanks and praise, without complaints.")


def check_faq(kendra, index_id: str, question: str, known: tuple[str, ...] = ("support-faq",)) -> bool:
    """Exercise 2: a new Kendra FAQ whose question answers `question` as a QUESTION_ANSWER result."""
    mine = [f for f in kendra.list_faqs(IndexId=index_id)["FaqSummaryItems"] if f["Name"] not in known]
    if not mine:
        blank(None)
        return False
    ready = [f["Name"] for f in mine if kendra.describe_faq(IndexId=index_id, Id=f["Id"])["Status"] == "ACTIVE"]
    items = kendra.query(IndexId=index_id, QueryText=question)["ResultItems"]
    answer = next((i for i in items if i["Type"] == "QUESTION_ANSWER"), None)
    return say(bool(ready) and answer is not None,
               f"Kendra answers from your FAQ: {answer and answer['DocumentExcerpt']['Text']}",
               f"Your FAQ(s) {[f['Name'] for f in mine]} exist but the question gets no QUESTION_ANSWER "
               "result: is it ACTIVE, and does one of its questions say the same thing?")


def _scores(runtime, endpoint: str, csv_rows: bytes) -> list[float]:
    body = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Body=csv_rows)["Body"].read()
    return [float(v) for v in body.decode().replace("\n", ",").split(",") if v.strip()]


def best_threshold(scores: list[float], churned: list[int], recall: float = 0.8) -> tuple[float, float]:
    """The range (low, high] of thresholds that are the highest still flagging `recall` of churners."""
    positives = sorted((s for s, c in zip(scores, churned) if c), reverse=True)
    k = math.ceil(recall * len(positives))
    high = positives[k - 1]
    low = positives[k] if k < len(positives) else 0.0
    return low, high


def check_threshold(runtime, endpoint: str, csv_rows: bytes, churned: list[int], threshold) -> bool:
    """Exercise 3: the highest threshold on the churn score that still flags 80% of the churners."""
    if blank(threshold):
        return False
    scores = _scores(runtime, endpoint, csv_rows)
    low, high = best_threshold(scores, churned)
    flagged = sum(s >= threshold for s, c in zip(scores, churned) if c) / max(sum(churned), 1)
    return say(low < threshold <= high,
               f"Threshold {threshold} flags {flagged:.0%} of the churners, and no higher one flags 80%.",
               f"Threshold {threshold} flags {flagged:.0%} of the churners; the highest that flags at "
               f"least 80% lies in ({low:.3f}, {high:.3f}].")
