"""Comprehend's limits, language support, engine names and the analyses of one document
(shared by Detect*, BatchDetect* and async jobs)."""
from __future__ import annotations

from awsml_study.sim.errors import AwsError

SMALL_LIMIT = 5000      # bytes: DetectSentiment, DetectTargetedSentiment, DetectSyntax, batch items
LARGE_LIMIT = 100_000   # bytes: DetectEntities, DetectKeyPhrases, DetectDominantLanguage, PII
BATCH_LIMIT = 25

# Languages Amazon Comprehend supports per operation (AWS documentation), and the subset the
# kit's English engines can analyse honestly.
LANGS_12 = ["en", "es", "fr", "de", "it", "pt", "ar", "hi", "ja", "ko", "zh", "zh-TW"]
SUPPORTED = {"sentiment": LANGS_12, "entities": LANGS_12, "key_phrases": LANGS_12,
             "syntax": ["en", "es", "fr", "de", "it", "pt"], "targeted_sentiment": ["en"],
             "pii": ["en", "es"]}
LOCAL_LANGS = {"en"}

ENGINE_SENTIMENT = "comprehend/vader-lexicon"
ENGINE_LANGUAGE = "comprehend/py3langid"
ENGINE_SPACY = "comprehend/spacy-en_core_web_md+census-names"
ENGINE_PII = "comprehend/patterns+luhn+spacy-md+census-names"


def check_size(text: str, limit: int) -> None:
    size = len(text.encode("utf-8"))
    if size > limit:
        raise AwsError("TextSizeLimitExceededException",
                       f"Input text size exceeds limit. Max length of request text allowed is "
                       f"{limit} bytes while in this request the text size is {size} bytes")
    if not text.strip():
        raise AwsError("InvalidRequestException",
                       "The text is empty or only white space: there is nothing to analyse.",
                       Reason="INVALID_DOCUMENT")


def check_language(code: str, feature: str) -> None:
    if code not in SUPPORTED[feature]:
        raise AwsError("UnsupportedLanguageException",
                       f"Amazon Comprehend can't process the language in the input text. "
                       f"Supported languages for this operation: {', '.join(SUPPORTED[feature])}.")
    if code not in LOCAL_LANGS:
        raise AwsError("UnsupportedLanguageException",
                       f"Amazon Comprehend supports '{code}' here, but awsml-study's local engine "
                       f"analyses English ('en') only. Try English text, or AWSML_STUDY_MODE=aws.")


# ----- the analyses, each on one document (shared by Detect*, BatchDetect* and async jobs) -----

def sentiment_of(text: str) -> dict:
    from awsml_study.engines.text import sentiment
    label, scores = sentiment.analyse(text)
    return {"Sentiment": label, "SentimentScore": scores}


def languages_of(text: str) -> dict:
    from awsml_study.engines.text import language
    return {"Languages": [{"LanguageCode": code, "Score": round(score, 6)}
                          for code, score in language.detect(text)]}


def entities_of(text: str) -> dict:
    from awsml_study.engines.text import nlp
    return {"Entities": nlp.entities(text)}


def key_phrases_of(text: str) -> dict:
    from awsml_study.engines.text import nlp
    return {"KeyPhrases": nlp.key_phrases(text)}


def syntax_of(text: str) -> dict:
    from awsml_study.engines.text import nlp
    return {"SyntaxTokens": nlp.syntax_tokens(text)}


def pii_of(text: str) -> dict:
    from awsml_study.engines.text import pii
    return {"Entities": pii.find(text)}


def targeted_sentiment_of(text: str) -> dict:
    from awsml_study.engines.text import targeted
    return {"Entities": targeted.analyse(text)}
