"""An image classifier trained on the learner's labelled pictures (scikit-learn), for Custom Labels.

Features are what a small model can learn from a few dozen pictures: a hue histogram of the
coloured pixels, and a coarse histogram of oriented gradients of a grey 32 x 32 thumbnail (shape).
The model is a logistic regression; its class probabilities become the confidences.
"""
from __future__ import annotations

import functools
import random

import numpy as np

SIDE = 64


@functools.lru_cache(maxsize=1)
def _hog():
    import cv2
    return cv2.HOGDescriptor((32, 32), (16, 16), (16, 16), (8, 8), 9)


def features(rgb: np.ndarray) -> np.ndarray:
    """Hue histogram of the saturated (coloured) pixels, and a coarse HOG of the 32 x 32 thumbnail."""
    import cv2
    small = cv2.resize(rgb, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    coloured = (hsv[:, :, 1] > 90).astype(np.uint8)
    colour = cv2.calcHist([hsv], [0], coloured, [18], [0, 180]).reshape(-1)
    colour = colour / max(1.0, colour.sum())
    thumb = cv2.cvtColor(cv2.resize(rgb, (32, 32), interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY)
    shape = _hog().compute(thumb).reshape(-1)
    shape = shape / (np.linalg.norm(shape) or 1.0)
    return np.concatenate([3.0 * colour, 0.5 * shape]).astype(np.float32)


class Model:
    """A trained classifier: classes, and probabilities for a new picture."""

    def __init__(self, classes: list[str], estimator):
        self.classes = classes
        self.estimator = estimator

    def predict(self, rgb: np.ndarray) -> list[tuple[str, float]]:
        """(class, confidence 0-100) for every class, most likely first."""
        probs = self.estimator.predict_proba(features(rgb)[None, :])[0]
        order = np.argsort(-probs)
        return [(str(self.estimator.classes_[i]), float(probs[i]) * 100.0) for i in order]


def train(pictures: list[np.ndarray], labels: list[str]) -> Model:
    from sklearn.linear_model import LogisticRegression

    x = np.stack([features(p) for p in pictures])
    estimator = LogisticRegression(max_iter=2000, C=10.0)
    estimator.fit(x, labels)
    return Model(sorted(set(labels)), estimator)


def f1_per_class(model: Model, pictures, labels) -> tuple[float, dict[str, dict]]:
    """Macro F1 on held-out pictures, and precision/recall/F1 per class."""
    from sklearn.metrics import precision_recall_fscore_support

    predicted = [model.predict(p)[0][0] for p in pictures]
    classes = sorted(set(labels) | set(predicted))
    p, r, f, n = precision_recall_fscore_support(labels, predicted, labels=classes, zero_division=0)
    per = {c: {"Precision": float(p[i]), "Recall": float(r[i]), "F1": float(f[i]), "Support": int(n[i])}
           for i, c in enumerate(classes)}
    return float(np.mean(f)), per


# ----- a synthetic dataset: three logos on busy backgrounds (for notebooks and tests) -----

LOGOS = ("circle-logo", "triangle-logo", "square-logo")


def logo_picture(kind: str, rng: random.Random, size: int = 160) -> np.ndarray:
    """A picture of one logo (red circle, blue triangle, green square) at a random place and scale."""
    from PIL import Image, ImageDraw

    bg = tuple(rng.randint(150, 245) for _ in range(3))
    img = Image.new("RGB", (size, size), bg)
    d = ImageDraw.Draw(img)
    for _ in range(6):  # clutter: thin grey lines
        d.line([rng.randint(0, size) for _ in range(4)], fill=tuple(rng.randint(90, 200) for _ in range(3)), width=2)
    r = rng.randint(size // 6, size // 3)
    cx, cy = rng.randint(r, size - r), rng.randint(r, size - r)
    jitter = lambda base: tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in base)  # noqa: E731
    if kind == "circle-logo":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=jitter((210, 40, 40)))
    elif kind == "triangle-logo":
        d.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=jitter((40, 70, 200)))
    else:
        d.rectangle([cx - r, cy - r, cx + r, cy + r], fill=jitter((40, 150, 60)))
    return np.asarray(img)
