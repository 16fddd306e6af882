"""Document sentiment: a classifier trained at first use on the kit's labelled reviews, fed with
word n-grams and lexicon evidence (VADER's lexicon, shipped in the vaderSentiment wheel, plus the
kit's review-phrase lexicon).

Training data: data/comprehend/sentiment_train.csv (1,000 reviews written for the kit). The
benchmark measures it on a separate set, data/comprehend/reviews.csv, that training never sees.
analyse() feeds that classifier's four probabilities, with the lexicon evidence, to the stacked
models of sentiment_stack.py (whose docstring says why), which keep NEUTRAL and MIXED for the kit's
reviews but stop calling clearly-rated public text neutral. Scores sum to 1 and the label is the
most probable one, as in Comprehend.
"""
from __future__ import annotations

import csv
import os
import re
import threading
from functools import lru_cache

LABELS = ("Positive", "Negative", "Neutral", "Mixed")
_CONTRAST = re.compile(r"\s*(?:,|;|—|-)?\s*\b(but|however|although|though|yet|except|whereas|while)\b",
                       re.IGNORECASE)
_lock = threading.Lock()
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


@lru_cache(maxsize=1)
def _lexicon():
    """VADER's analyser with the kit's review phrases added; multi-word phrases as patterns."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from awsml_study.data import path
    analyser = SentimentIntensityAnalyzer()
    phrases = []
    with open(path("comprehend/sentiment_lexicon_extra.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if " " in row["phrase"]:
                phrases.append((re.compile(r"\b" + re.escape(row["phrase"]) + r"\b"), float(row["valence"])))
            else:
                analyser.lexicon[row["phrase"]] = float(row["valence"])
    return analyser, phrases


def clauses(text: str) -> list[str]:
    """Sentences, further split at contrast words ('..., but ...'), where opinions turn."""
    parts: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text.strip()):
        pieces = _CONTRAST.split(sentence)
        current = pieces[0]
        for i in range(1, len(pieces), 2):  # glue each contrast word to the clause it opens
            parts.append(current)
            current = pieces[i] + " " + (pieces[i + 1] if i + 1 < len(pieces) else "")
        parts.append(current)
    return [p.strip() for p in parts if p and p.strip()]


def compound(text: str) -> float:
    return _lexicon()[0].polarity_scores(text)["compound"]


def evidence(text: str) -> list[float]:
    """Lexicon evidence: strongest and total praise and criticism by clause, contrast, phrases."""
    analyser, phrases = _lexicon()
    scores = [analyser.polarity_scores(c)["compound"] for c in clauses(text)] or [0.0]
    lower = text.lower()
    hits = [v for pattern, v in phrases if pattern.search(lower)]
    strongest_pos, strongest_neg = max(scores + [0.0]), -min(scores + [0.0])
    return [strongest_pos, strongest_neg, sum(s for s in scores if s > 0), -sum(s for s in scores if s < 0),
            analyser.polarity_scores(text)["compound"], min(strongest_pos, strongest_neg),
            float(bool(_CONTRAST.search(text))), sum(v for v in hits if v > 0) / 4,
            -sum(v for v in hits if v < 0) / 4, len(scores) / 5]


def lexical(text: str) -> list[float]:
    """VADER's four scores and the clause evidence: the lexicon inputs of the stacked models."""
    vader = _lexicon()[0].polarity_scores(text)
    return [vader["pos"], vader["neg"], vader["neu"], vader["compound"]] + evidence(text)


EVIDENCE_WEIGHT = 0.5  # chosen on the training data's scale; the test set played no part


@lru_cache(maxsize=1)
def _model():
    """The trained scorer: from the on-disk cache when the training inputs are unchanged, else
    trained now (a few seconds) and cached, so later processes (every notebook kernel) start fast."""
    import pickle

    cache = _cache_file()
    try:
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # absent, stale or unreadable: train again
        pass
    scorer = _train()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as handle:
            pickle.dump(scorer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)  # atomic: parallel kernels never read half a file
    except Exception:
        pass  # a read-only home only costs the training time again
    return scorer


def _cache_file():
    """~/.cache/awsml-study/sentiment-<digest>.pkl (or $AWSML_STUDY_CACHE), the digest covering
    the training data, the lexicon, this module and the library versions, so any change retrains."""
    import hashlib
    from importlib.metadata import version
    from pathlib import Path

    from awsml_study.data import path
    digest = hashlib.sha256()
    for source in (path("comprehend/sentiment_train.csv"), path("comprehend/sentiment_lexicon_extra.csv"),
                   Path(__file__)):
        digest.update(Path(source).read_bytes())
    digest.update(f"{version('scikit-learn')} {version('numpy')}".encode())  # no import: fast
    root = Path(os.environ.get("AWSML_STUDY_CACHE") or Path.home() / ".cache" / "awsml-study")
    return root / f"sentiment-{digest.hexdigest()[:16]}.pkl"


def _train(rows=None):
    """The kit-review scorer, from sentiment_train.csv (or the given rows, for cross-validation)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from awsml_study.data import read_csv
    rows = rows if rows is not None else read_csv("comprehend/sentiment_train.csv")
    texts = [r["text"] for r in rows]
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    features = _join(words.fit_transform(texts), np.array([evidence(t) for t in texts]))
    # saga converges in well under a second here; lbfgs needs over ten.
    classifier = LogisticRegression(solver="saga", max_iter=3000, C=10.0, random_state=0).fit(
        features, [r["label"] for r in rows])
    return _Scorer(words, classifier)


class _Scorer:
    """The trained model's arithmetic without sklearn's per-call input checks, which cost more
    than the model itself on one short document (the simulator aims at moto's latency)."""

    def __init__(self, words, classifier):
        self.vocab = words.vocabulary_
        self.idf = words.idf_
        n_words = len(self.vocab)
        self.word_coef = classifier.coef_[:, :n_words].T.copy()
        self.evidence_coef = classifier.coef_[:, n_words:].T.copy()
        self.intercept = classifier.intercept_
        self.classes = [str(c) for c in classifier.classes_]

    @staticmethod
    def terms(text: str) -> list[str]:
        """TfidfVectorizer(ngram_range=(1, 2))'s analyzer, written out so that loading a cached
        scorer needs numpy only (importing scikit-learn alone takes about a second)."""
        tokens = _TOKEN.findall(text.lower())
        return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]

    def probabilities(self, text: str) -> dict[str, float]:
        import numpy as np
        counts: dict[int, int] = {}
        for term in self.terms(text):
            index = self.vocab.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        logits = self.intercept + np.asarray(evidence(text)) * EVIDENCE_WEIGHT @ self.evidence_coef
        if counts:
            idx = np.fromiter(counts, dtype=int)
            weights = (1 + np.log(np.fromiter(counts.values(), dtype=float))) * self.idf[idx]
            logits = logits + (weights / np.linalg.norm(weights)) @ self.word_coef[idx]
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, exp / exp.sum()))


def _join(word_matrix, evidence_rows):
    """Training features: TF-IDF words beside the weighted lexicon evidence."""
    from scipy.sparse import csr_matrix, hstack
    return hstack([word_matrix, csr_matrix(evidence_rows * EVIDENCE_WEIGHT)]).tocsr()


def kit_scores(text: str, scorer=None) -> dict[str, float]:
    """The kit-review scorer's four probabilities (Mixed set to 0 for a single clause)."""
    if scorer is None:
        with _lock:  # first use trains the model; later calls only read it
            scorer = _model()
    by_label = {label.title(): float(p) for label, p in scorer.probabilities(text).items()}
    if len(clauses(text)) < 2:
        # One clause with no turn in it holds one opinion: a short "Brilliant!" is not MIXED,
        # however often such words appear in the mixed training reviews.
        rest = 1.0 - by_label.pop("Mixed", 0.0)
        by_label = {k: v / rest for k, v in by_label.items()} if rest > 0 else by_label
        by_label["Mixed"] = 0.0
    return {k: by_label.get(k, 0.0) for k in LABELS}


def analyse(text: str) -> tuple[str, dict[str, float]]:
    """(label, SentimentScore) for a document; the scores sum to 1 and the label is the largest."""
    from awsml_study.engines.text import sentiment_stack
    by_label = sentiment_stack.combine(text, lexical(text), kit_scores(text))
    if len(clauses(text)) < 2:  # one clause, one opinion: as in kit_scores, never MIXED
        rest = 1.0 - by_label.pop("Mixed")
        by_label = {k: v / rest for k, v in by_label.items()} if rest > 0 else by_label
        by_label["Mixed"] = 0.0
    scores = {k: round(float(by_label.get(k, 0.0)), 6) for k in LABELS}
    label = max(scores, key=scores.get)
    return label.upper(), scores


def polarity(text: str) -> tuple[str, dict[str, float]]:
    """Sentiment of a short span (a mention's context): POSITIVE, NEGATIVE, NEUTRAL or MIXED."""
    return analyse(text)
