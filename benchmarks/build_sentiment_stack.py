"""Rebuild data/comprehend/sentiment_stack.npz and sentiment_stack_tokens.npy, and cross-validate.

Training data: the kit's labelled reviews (data/comprehend/sentiment_train.csv) and the human-rated
development snippets, read from /work/shared/sentiment_dev or ../shared/sentiment_dev beside the
repository (or $SENTIMENT_DEV_DIR); without them nothing is rebuilt. The snippets never enter the
repository: only the two models' weights do (the embedding weights folded per token).
Run: PYTHONPATH=. .venv/bin/python benchmarks/build_sentiment_stack.py [--cv-only]
"""
from __future__ import annotations

import csv
import os
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GATE_C, POLARITY_C, FOLDS = 1.0, 0.3, 5
EMBED_SCALE = 0.5  # mean token vectors have norm ~2; halved they weigh as unit vectors against VADER


def dev_dir() -> Path | None:
    for candidate in (os.environ.get("SENTIMENT_DEV_DIR"), ROOT.parent / "shared" / "sentiment_dev",
                      "/work/shared/sentiment_dev"):
        if candidate and (Path(candidate) / "human_rated_dev.tsv").exists():
            return Path(candidate)
    return None


def read_dev(folder: Path) -> list[dict]:
    with open(folder / "human_rated_dev.tsv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def groups(texts: list[str]) -> np.ndarray:
    """Near-duplicates (word-set Jaccard > 0.5) share a group, so no fold sees a copy of a test item."""
    words = [set(re.findall(r"\w+", t.lower())) for t in texts]
    parent = list(range(len(texts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for i in range(len(texts)):
        for j in range(i):
            if words[i] and words[j] and len(words[i] & words[j]) / len(words[i] | words[j]) > 0.5:
                parent[find(i)] = find(j)
    return np.array([find(i) for i in range(len(texts))])


def _table():
    from awsml_study.engines.search import embeddings
    return embeddings.model().embedding * EMBED_SCALE


def features(texts, kit_rows_scores):
    """(lexical, gate dense, mean token vector) per text, as the engine computes them."""
    from awsml_study.engines.text import sentiment, sentiment_stack
    table = _table()
    lex = np.array([sentiment.lexical(t) for t in texts])
    gate = np.array([sentiment_stack.gate_features(l, k) for l, k in zip(lex, kit_rows_scores)])
    emb = np.array([sentiment_stack.mean_tokens(table, sentiment_stack.token_ids(t)) for t in texts])
    return lex, gate, emb


def kit_scores_cv(rows):
    """The kit scorer's probabilities on its own training rows, each from a model that never saw it."""
    from sklearn.model_selection import StratifiedKFold

    from awsml_study.engines.text import sentiment
    out = [None] * len(rows)
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(rows, [r["label"] for r in rows]):
        scorer = sentiment._train([rows[i] for i in train])
        for i in test:
            out[i] = sentiment.kit_scores(rows[i]["text"], scorer)
    return out


def fit(dev, kit):
    """Gate (four labels) on kit + dev rows; polarity on their POSITIVE and NEGATIVE rows."""
    from sklearn.linear_model import LogisticRegression
    lex = np.vstack([dev["lex"], kit["lex"]])
    gate_x = np.hstack([np.vstack([dev["gate"], kit["gate"]]), np.vstack([dev["emb"], kit["emb"]])])
    y = np.concatenate([dev["y"], kit["y"]])
    gate = LogisticRegression(C=GATE_C, max_iter=5000).fit(gate_x, y)
    polar = np.isin(y, ["POSITIVE", "NEGATIVE"])
    pol_x = np.hstack([lex, np.vstack([dev["emb"], kit["emb"]])])[polar]
    pol = LogisticRegression(C=POLARITY_C, max_iter=5000).fit(pol_x, y[polar] == "POSITIVE")
    return gate, pol, lex.shape[1], dev["gate"].shape[1]


def predict(models, part):
    gate, pol, n_lex, n_gate = models
    probs = gate.predict_proba(np.hstack([part["gate"], part["emb"]]))
    by = dict(zip(gate.classes_, probs.T))
    positive = pol.predict_proba(np.hstack([part["lex"], part["emb"]]))[:, 1]
    polar = by["POSITIVE"] + by["NEGATIVE"]
    stacked = np.stack([polar * positive, polar * (1 - positive), by["NEUTRAL"], by["MIXED"]], 1)
    return stacked


def single_clause_rule(texts, stacked):
    from awsml_study.engines.text import sentiment
    out = stacked.copy()
    for i, t in enumerate(texts):
        if len(sentiment.clauses(t)) < 2:
            out[i, 3] = 0.0
    return np.array(["POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"])[out.argmax(1)]


def load():
    from awsml_study import data
    from awsml_study.engines.text import sentiment
    folder = dev_dir()
    if folder is None:
        return None
    dev_rows, kit_rows = read_dev(folder), data.read_csv("comprehend/sentiment_train.csv")
    parts = {}
    for name, rows, scores in (("dev", dev_rows, [sentiment.kit_scores(r["text"]) for r in dev_rows]),
                               ("kit", kit_rows, kit_scores_cv(kit_rows))):
        lex, gate, emb = features([r["text"] for r in rows], scores)
        parts[name] = {"lex": lex, "gate": gate, "emb": emb, "y": np.array([r["label"] for r in rows])}
    parts["dev"]["source"] = np.array([r["source"] for r in dev_rows])
    parts["dev"]["text"] = [r["text"] for r in dev_rows]
    parts["dev"]["group"] = groups(parts["dev"]["text"])
    return parts


def take(part, idx):
    return {k: (v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx]) for k, v in part.items()}


def cross_validate(parts) -> np.ndarray:
    """Out-of-fold labels for every dev snippet (grouped stratified 5-fold; kit rows always train)."""
    from sklearn.model_selection import StratifiedGroupKFold
    dev = parts["dev"]
    labels = np.empty(len(dev["y"]), dtype=object)
    for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=0).split(dev["y"], dev["y"], dev["group"]):
        models = fit(take(dev, train), parts["kit"])
        held = take(dev, test)
        labels[test] = single_clause_rule(held["text"], predict(models, held))
    return labels


def build(parts) -> None:
    """Fit on everything and write the two artefacts (embedding weights folded per token)."""
    from awsml_study.data import path
    gate, pol, n_lex, n_gate = fit(parts["dev"], parts["kit"])
    table = _table().astype(np.float32)
    tokens = np.hstack([table @ gate.coef_[:, n_gate:].T, table @ pol.coef_[:, n_lex:].T])
    folder = path("comprehend")
    np.save(folder / "sentiment_stack_tokens.npy", tokens.astype(np.float16))
    np.savez(folder / "sentiment_stack.npz", gate_classes=np.array(gate.classes_),
             gate_coef=gate.coef_[:, :n_gate], gate_intercept=gate.intercept_,
             pol_coef=pol.coef_[0, :n_lex], pol_intercept=pol.intercept_[0])


def main() -> None:
    parts = load()
    if parts is None:
        print("sentiment_dev not found (/work/shared/sentiment_dev or ../shared/sentiment_dev): nothing rebuilt")
        return
    labels = cross_validate(parts)
    dev = parts["dev"]
    for source in sorted(set(dev["source"])):
        mask = dev["source"] == source
        print(f"CV {source:<22} {np.mean(labels[mask] == dev['y'][mask]):.1%}")
    print(f"CV all                    {np.mean(labels == dev['y']):.1%}")
    if "--cv-only" not in sys.argv:
        build(parts)
        print("wrote data/comprehend/sentiment_stack.npz and sentiment_stack_tokens.npy")


if __name__ == "__main__":
    main()
