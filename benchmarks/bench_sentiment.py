"""Sentiment on the kit's own reviews and on human-rated public snippets, beside vaderSentiment.

Columns: vaderSentiment 3.3.2 (compound, ±0.05), the old engine (the kit-review scorer alone) and
the new stacked engine (awsml_study/engines/text/sentiment_stack.py says why it was chosen). On the
development snippets (/work/shared/sentiment_dev or ../shared/sentiment_dev, skipped when absent)
the new engine learned from them, so its figure there is 5-fold cross-validated with near-duplicates
grouped (benchmarks/build_sentiment_stack.py), never measured on items it trained on.
First-call time: a fresh process's first DetectSentiment-engine call, as a ratio to VADER's first
call in a fresh process. Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_sentiment.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
FIRST_CALL = {
    "vader": "from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as A; A().polarity_scores(T)",
    "kit": "from awsml_study.engines.text import sentiment; sentiment.analyse(T)",
}


def vader_label(analyser, text: str) -> str:
    c = analyser.polarity_scores(text)["compound"]
    return "POSITIVE" if c >= 0.05 else "NEGATIVE" if c <= -0.05 else "NEUTRAL"


def first_call_s(key: str, runs: int = 3) -> float:
    code = ("import time; T = 'The bus was late again.'; t = time.perf_counter(); "
            f"{FIRST_CALL[key]}; print(time.perf_counter() - t)")
    return statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                  cwd=ROOT, env={"PYTHONPATH": str(ROOT)}).stdout)
                             for _ in range(runs))


def main() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from awsml_study import data
    from awsml_study.engines.text import sentiment
    vader = SentimentIntensityAnalyzer()
    old = lambda t: max(sentiment.kit_scores(t).items(), key=lambda kv: kv[1])[0].upper()  # noqa: E731
    print(f"{'data set':<34} {'n':>5} {'VADER':>7} {'old':>7} {'new':>7}")
    reviews = data.read_csv("comprehend/reviews.csv")
    for label in ("POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED", None):
        rows = [r for r in reviews if label in (None, r["label"])]
        acc = [np.mean([f(r["text"]) == r["label"] for r in rows])
               for f in (lambda t: vader_label(vader, t), old, lambda t: sentiment.analyse(t)[0])]
        name = f"kit reviews.csv {label or 'all'}"
        print(f"{name:<34} {len(rows):>5} {acc[0]:>7.1%} {acc[1]:>7.1%} {acc[2]:>7.1%}")

    import build_sentiment_stack as build
    parts = build.load()
    if parts is None:
        print("shared dev snippets: skipped (no /work/shared/sentiment_dev or ../shared/sentiment_dev)")
    else:
        dev, cv = parts["dev"], build.cross_validate(parts)
        rows = list(zip(dev["source"], dev["y"], dev["text"], cv))
        for source in sorted(set(dev["source"])) + [None]:
            part = [r for r in rows if source in (None, r[0])]
            acc = [np.mean([vader_label(vader, t) == y for _, y, t, _ in part]),
                   np.mean([old(t) == y for _, y, t, _ in part]), np.mean([c == y for _, y, _, c in part])]
            name = f"dev {source or 'all'} (new: 5-fold CV)"
            print(f"{name:<34} {len(part):>5} {acc[0]:>7.1%} {acc[1]:>7.1%} {acc[2]:>7.1%}")
    for text in ("The bus was late again.", "the battery is awful", "The package contains two cables and a manual."):
        print(f"demo {text!r}: old {old(text)}, new {sentiment.analyse(text)[0]}")
    vader_s, kit_s = first_call_s("vader"), first_call_s("kit")
    print(f"first call in a fresh process: engine {kit_s:.2f} s = {kit_s / vader_s:.1f}× VADER's first call "
          f"({vader_s:.2f} s), goal ≤ 0.5 s with the on-disk cache warm")


if __name__ == "__main__":
    main()
