"""The intent classifier a Lex build trains: TF-IDF word and character n-grams, logistic regression."""
# The score of an intent blends the model's probability with the closest training utterance's cosine
# similarity, so an utterance unlike anything the bot was taught scores low on every intent and
# falls below the locale's confidence threshold (then Lex answers with AMAZON.FallbackIntent).
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

PROBABILITY_WEIGHT = 0.45  # the rest is nearest-utterance similarity
SCALE = 1.6                # maps the blend of a clear in-domain match to about 0.8-1.0
FLOOR = 0.2                # what an utterance sharing no content word with an intent keeps
REQUEST_WORDS = {"want", "like", "need", "please", "would", "could", "going", "gonna", "wanna", "let",
                 "lets", "just", "also", "really", "hi", "hello", "hey", "thanks", "thank", "ok", "okay"}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()


@dataclass
class IntentModel:
    labels: list[str]
    vectoriser: object
    model: object | None
    matrix: object          # training vectors, rows L2-normalised
    row_labels: np.ndarray  # label index of every training row
    vocab: list[set]        # content words of each intent's utterances

    def scores(self, text: str) -> list[tuple[str, float]]:
        """(intent, confidence 0..1) for every intent, best first."""
        x = self.vectoriser.transform([normalise(text)])
        sims = (self.matrix @ x.T).toarray().ravel()
        nearest = np.zeros(len(self.labels))
        np.maximum.at(nearest, self.row_labels, sims)
        if self.model is not None:
            proba = np.zeros(len(self.labels))
            proba[self.model.classes_] = self.model.predict_proba(x)[0]
        else:
            proba = np.ones(len(self.labels))
        score = PROBABILITY_WEIGHT * proba + (1 - PROBABILITY_WEIGHT) * np.clip(nearest, 0, 1)
        # Words the bot was never taught for an intent lower its score: without this, shared
        # function words ("what is the ...") would make any question look like a known intent.
        words = content_words(text)
        if words:
            coverage = np.array([sum(_covered(w, v) for w in words) / len(words) for v in self.vocab])
            score = score * np.maximum(coverage, FLOOR)
        else:  # only greetings and function words: no evidence for any intent
            score = score * 0.5
        score = np.clip(score * SCALE, 0.0, 1.0)
        if not x.nnz:
            score[:] = 0.0
        order = np.argsort(-score)
        return [(self.labels[i], float(score[i])) for i in order]


def content_words(text: str) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    return [w for w in normalise(text).split()
            if w not in ENGLISH_STOP_WORDS and w not in REQUEST_WORDS and len(w) > 1]


def _covered(word: str, vocab: set) -> bool:
    if word in vocab:
        return True
    stem = word[:5] if len(word) >= 5 else None
    return bool(stem) and any(v.startswith(stem) or word.startswith(v[:5]) and len(v) >= 5 for v in vocab)


def train(examples: dict[str, list[str]]) -> IntentModel:
    """Train on {intent name: utterances}; every intent needs at least one utterance."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion
    from sklearn.preprocessing import normalize

    labels = sorted(examples)
    texts, rows = [], []
    for i, label in enumerate(labels):
        for u in examples[label]:
            texts.append(normalise(u))
            rows.append(i)
    vectoriser = FeatureUnion([
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=r"(?u)\b\w+\b")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
    ])
    matrix = vectoriser.fit_transform(texts)
    matrix = normalize(matrix)
    model = None
    if len(labels) > 1:
        model = LogisticRegression(C=20.0, max_iter=500)
        model.fit(matrix, rows)
    vectoriser.transform = _normalised(vectoriser.transform)
    vocab = [set() for _ in labels]
    for text, row in zip(texts, rows):
        vocab[row].update(content_words(text))
    return IntentModel(labels, vectoriser, model, matrix, np.asarray(rows), vocab)


def _normalised(transform):
    from sklearn.preprocessing import normalize

    def wrapped(texts):
        return normalize(transform(texts))
    return wrapped
