"""Comprehend Detect* and BatchDetect*: one document or up to 25, answered by local engines."""
from __future__ import annotations

from awsml_study.services.comprehend.analysis import (
    SMALL_LIMIT, LARGE_LIMIT, BATCH_LIMIT, ENGINE_SENTIMENT, ENGINE_LANGUAGE, ENGINE_SPACY, ENGINE_PII, check_size, check_language, sentiment_of, languages_of, entities_of, key_phrases_of, syntax_of, pii_of, targeted_sentiment_of)
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation


# ----- synchronous, one document -----

@operation("comprehend", "DetectSentiment", ENGINE_SENTIMENT)
def detect_sentiment(p):
    check_size(p["Text"], SMALL_LIMIT)
    check_language(p["LanguageCode"], "sentiment")
    return sentiment_of(p["Text"])


@operation("comprehend", "DetectDominantLanguage", ENGINE_LANGUAGE)
def detect_dominant_language(p):
    check_size(p["Text"], LARGE_LIMIT)
    return languages_of(p["Text"])


@operation("comprehend", "DetectEntities", ENGINE_SPACY)
def detect_entities(p):
    if "EndpointArn" in p:
        raise AwsError("InvalidRequestException", "awsml-study trains custom document classifiers, "
                       "not custom entity recognizers; call DetectEntities with LanguageCode.")
    if "Text" not in p:
        raise AwsError("InvalidRequestException", "Provide Text (document Bytes are not simulated).")
    check_size(p["Text"], LARGE_LIMIT)
    check_language(p.get("LanguageCode", ""), "entities")
    return entities_of(p["Text"])


@operation("comprehend", "DetectKeyPhrases", ENGINE_SPACY)
def detect_key_phrases(p):
    check_size(p["Text"], LARGE_LIMIT)
    check_language(p["LanguageCode"], "key_phrases")
    return key_phrases_of(p["Text"])


@operation("comprehend", "DetectSyntax", ENGINE_SPACY)
def detect_syntax(p):
    check_size(p["Text"], SMALL_LIMIT)
    check_language(p["LanguageCode"], "syntax")
    return syntax_of(p["Text"])


@operation("comprehend", "DetectTargetedSentiment", ENGINE_SPACY + "+vader-lexicon")
def detect_targeted_sentiment(p):
    check_size(p["Text"], SMALL_LIMIT)
    check_language(p["LanguageCode"], "targeted_sentiment")
    return targeted_sentiment_of(p["Text"])


@operation("comprehend", "DetectPiiEntities", ENGINE_PII)
def detect_pii_entities(p):
    check_size(p["Text"], LARGE_LIMIT)
    check_language(p["LanguageCode"], "pii")
    return pii_of(p["Text"])


@operation("comprehend", "ContainsPiiEntities", ENGINE_PII)
def contains_pii_entities(p):
    check_size(p["Text"], LARGE_LIMIT)
    check_language(p["LanguageCode"], "pii")
    best: dict[str, float] = {}
    for ent in pii_of(p["Text"])["Entities"]:
        best[ent["Type"]] = max(best.get(ent["Type"], 0.0), ent["Score"])
    return {"Labels": [{"Name": name, "Score": score} for name, score in sorted(best.items())]}


# ----- synchronous, up to 25 documents -----

def _batch(p, analyse, limit: int, feature: str | None):
    texts = p["TextList"]
    if len(texts) > BATCH_LIMIT:
        raise AwsError("BatchSizeLimitExceededException",
                       f"The number of documents in the request exceeds the limit of {BATCH_LIMIT}. "
                       f"Try your request again with fewer documents.")
    if feature:
        check_language(p["LanguageCode"], feature)
    results, errors = [], []
    for index, text in enumerate(texts):
        try:
            check_size(text, limit)
            results.append({"Index": index, **analyse(text)})
        except AwsError as err:
            # A bad document does not sink the batch: it is reported in ErrorList by its Index.
            code = "TEXT_SIZE_LIMIT_EXCEEDED" if err.code.startswith("TextSize") else "INVALID_DOCUMENT"
            errors.append({"Index": index, "ErrorCode": code, "ErrorMessage": err.message})
    return {"ResultList": results, "ErrorList": errors}


@operation("comprehend", "BatchDetectSentiment", ENGINE_SENTIMENT)
def batch_detect_sentiment(p):
    return _batch(p, sentiment_of, SMALL_LIMIT, "sentiment")


@operation("comprehend", "BatchDetectDominantLanguage", ENGINE_LANGUAGE)
def batch_detect_dominant_language(p):
    return _batch(p, languages_of, SMALL_LIMIT, None)


@operation("comprehend", "BatchDetectEntities", ENGINE_SPACY)
def batch_detect_entities(p):
    return _batch(p, entities_of, SMALL_LIMIT, "entities")


@operation("comprehend", "BatchDetectKeyPhrases", ENGINE_SPACY)
def batch_detect_key_phrases(p):
    return _batch(p, key_phrases_of, SMALL_LIMIT, "key_phrases")


@operation("comprehend", "BatchDetectSyntax", ENGINE_SPACY)
def batch_detect_syntax(p):
    return _batch(p, syntax_of, SMALL_LIMIT, "syntax")


@operation("comprehend", "BatchDetectTargetedSentiment", ENGINE_SPACY + "+vader-lexicon")
def batch_detect_targeted_sentiment(p):
    return _batch(p, targeted_sentiment_of, SMALL_LIMIT, "targeted_sentiment")
