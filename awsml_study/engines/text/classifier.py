"""Custom document classification: TF-IDF features and a logistic-regression classifier.

Trained for real on the learner's labelled CSV; evaluation metrics come from a held-out split,
as Comprehend reports them (it holds out 10 % of the training data by default).
"""
from __future__ import annotations


def train(labels: list[str], texts: list[str], seed: int = 0):
    """(model, metrics) where metrics has Comprehend's EvaluationMetrics fields."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline

    def build():
        return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
                             LogisticRegression(max_iter=1000, C=10.0))

    x_train, x_test, y_train, y_test = train_test_split(
        texts, labels, test_size=0.1, random_state=seed, stratify=labels)
    held_out = build().fit(x_train, y_train)
    predicted = held_out.predict(x_test)
    macro = precision_recall_fscore_support(y_test, predicted, average="macro", zero_division=0)
    micro = precision_recall_fscore_support(y_test, predicted, average="micro", zero_division=0)
    metrics = {"Accuracy": accuracy_score(y_test, predicted), "Precision": macro[0],
               "Recall": macro[1], "F1Score": macro[2], "MicroPrecision": micro[0],
               "MicroRecall": micro[1], "MicroF1Score": micro[2]}
    # The served model learns from every document, as Comprehend's final model does.
    model = build().fit(texts, labels)
    return model, {k: round(float(v), 4) for k, v in metrics.items()}, len(x_train), len(x_test)


def classify(model, text: str) -> list[tuple[str, float]]:
    probs = model.predict_proba([text])[0]
    ranked = sorted(zip(model.classes_, probs), key=lambda cp: -cp[1])
    return [(str(c), round(float(p), 6)) for c, p in ranked]
