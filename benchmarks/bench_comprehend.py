"""Comprehend through the simulator: latency against plain moto, cold import time, and quality.

Prints a table; ratios use baselines measured in the same run. Sentiment quality beside VADER, on
the kit's reviews and the shared human-rated snippets: benchmarks/bench_sentiment.py. Run: .venv/bin/python benchmarks/bench_comprehend.py
"""
from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEXT = "The room was spotless and the staff were lovely, but breakfast was cold."


def p50_ms(call, n=200) -> float:
    call()  # warm-up: engines load on first use
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cold_import_s(module: str, runs: int = 5) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    values = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   cwd=ROOT).stdout) for _ in range(runs)]
    return statistics.median(values)


def main() -> None:
    import boto3
    import moto

    import awsml_study
    from awsml_study import data

    with moto.mock_aws():  # plain moto: its canned DetectSentiment answer
        c = boto3.client("comprehend", region_name="us-east-1")
        moto_ms = p50_ms(lambda: c.detect_sentiment(Text=TEXT, LanguageCode="en"))
    with awsml_study.simulate():
        c = boto3.client("comprehend", region_name="us-east-1")
        sim_ms = p50_ms(lambda: c.detect_sentiment(Text=TEXT, LanguageCode="en"))
        reviews = data.read_csv("comprehend/reviews.csv")
        right = sum(c.detect_sentiment(Text=r["text"], LanguageCode="en")["Sentiment"] == r["label"]
                    for r in reviews)
        langs = data.read_csv("comprehend/language_samples.csv")
        lang_right = sum(c.detect_dominant_language(Text=r["text"])["Languages"][0]["LanguageCode"]
                         == r["language_code"] for r in langs)
        per_language = {r["language_code"] for r in langs}
    boto3_s = cold_import_s("boto3")
    kit_s = cold_import_s("awsml_study")

    rows = [
        ("DetectSentiment p50, simulator (ms)", f"{sim_ms:.2f}", f"{sim_ms / moto_ms:.2f}× moto (goal ≤ 3×)"),
        ("DetectSentiment p50, plain moto (ms)", f"{moto_ms:.2f}", "baseline"),
        ("cold `import awsml_study` (s)", f"{kit_s:.3f}", f"goal ≤ 0.5 s; `import boto3` {boto3_s:.3f} s"),
        ("sentiment accuracy, reviews.csv", f"{right / len(reviews):.1%}", f"{right}/{len(reviews)}, goal ≥ 80 %"),
        ("dominant language right", f"{lang_right / len(langs):.1%}",
         f"{lang_right}/{len(langs)} sentences in {len(per_language)} languages"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>9}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")
    print()
    import bench_entities  # entities, PII and syntax on labelled external text (issue 13)
    bench_entities.main(quick="--quick" in sys.argv)


if __name__ == "__main__":
    main()
