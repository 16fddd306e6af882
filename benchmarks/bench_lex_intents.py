"""Lex V2 intent recognition on questions nobody on this project wrote, beside scikit-learn.

Data: the three corpora of Braun et al., "Evaluating Natural Language Understanding Services for
Conversational Question Answering Systems" (SIGdial 2017; CC BY-SA 3.0): questions to a Munich
public-transport chatbot, and questions from askubuntu.com and webapps.stackexchange.com, each
labelled with an intent and split into train and test by the authors (data/lex/nlu_*.tsv).

For each corpus a bot is built through the simulator with one intent per label, its training
questions as sample utterances, and the test questions are sent to RecognizeText. The label "None"
gets no intent: a "None" question is right when Lex answers AMAZON.FallbackIntent (confidence
threshold 0.4, as the kit's sample bots use; and 0, where Lex always picks its best intent). Baseline in the same run: scikit-learn's TF-IDF and logistic regression trained on
the same questions, "None" a class of its own, and the majority class.
Run: .venv/bin/python benchmarks/bench_lex_intents.py
"""
from __future__ import annotations

import csv
import os
import re
import sys
from collections import Counter

import boto3

import awsml_study

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # the repo, for tests/
from tests.services.lex import sample_bot as sb  # noqa: E402

CORPORA = {"chatbot (transport)": "nlu_chatbot.tsv", "askubuntu": "nlu_askubuntu.tsv",
           "webapps": "nlu_webapps.tsv"}
NONE = "None"


def read(name: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    with open(os.path.join(ROOT, "data", "lex", name), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    pick = lambda split: [(r["intent"], r["text"]) for r in rows if r["split"] == split]  # noqa: E731
    return pick("train"), pick("test")


def intent_name(label: str) -> str:
    """A label as a Lex intent name (letters and digits: "Departure Time" -> DepartureTime)."""
    return re.sub(r"[^0-9A-Za-z]", "", label) or "Unnamed"


def utterance(text: str) -> str:
    """A question as a sample utterance: braces mark slots in Lex, so they go; 500 characters at most."""
    return " ".join(text.replace("{", " ").replace("}", " ").split())[:500]


def kit_accuracy(make, corpus: str, train, test, threshold: float) -> tuple[float, int]:
    """(accuracy, labelled questions answered FallbackIntent) with the locale's confidence threshold."""
    lex, runtime = make("lexv2-models"), make("lexv2-runtime")
    bot_id = sb.bot(make, f"Nlu{intent_name(corpus.split()[0]).title()}{int(threshold * 100)}")
    lex.create_bot_locale(botId=bot_id, botVersion="DRAFT", localeId="en_US",
                          nluIntentConfidenceThreshold=threshold)
    ids = {"botId": bot_id, "botVersion": "DRAFT", "localeId": "en_US"}
    by_label: dict[str, list[str]] = {}
    for label, text in train:
        if label != NONE:
            by_label.setdefault(label, []).append(utterance(text))
    for label, texts in by_label.items():
        lex.create_intent(**ids, intentName=intent_name(label),
                          sampleUtterances=[{"utterance": u} for u in dict.fromkeys(texts) if u])
    lex.build_bot_locale(**ids)
    lex.get_waiter("bot_locale_built").wait(**ids)
    right = false_fallbacks = 0
    for n, (label, text) in enumerate(test):
        out = runtime.recognize_text(botId=ids["botId"], botAliasId="TSTALIASID", localeId="en_US",
                                     sessionId=f"q{n}", text=text[:1024])
        got = out["sessionState"]["intent"]["name"]
        right += got == ("FallbackIntent" if label == NONE else intent_name(label))
        false_fallbacks += got == "FallbackIntent" and label != NONE
    return right / len(test), false_fallbacks


def sklearn_accuracy(train, test) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                          LogisticRegression(max_iter=2000))
    model.fit([t for _, t in train], [label for label, _ in train])
    predicted = model.predict([t for _, t in test])
    return sum(p == label for p, (label, _) in zip(predicted, test)) / len(test)


def main() -> None:
    print(f"{'corpus':<22}{'intents':>8}{'train':>7}{'test':>6}  {'kit Lex':>8} {'fallbacks':>9}  "
          f"{'kit, threshold 0':>16}  {'sklearn TF-IDF+LR':>18}  {'majority':>9}")
    totals = Counter()
    with awsml_study.simulate():
        make = lambda name: boto3.client(name, region_name="us-east-1")  # noqa: E731
        for corpus, name in CORPORA.items():
            train, test = read(name)
            kit, fallbacks = kit_accuracy(make, corpus, train, test, 0.4)
            kit_any, _ = kit_accuracy(make, corpus, train, test, 0.0)
            base = sklearn_accuracy(train, test)
            majority = Counter(label for label, _ in train).most_common(1)[0][0]
            share = sum(label == majority for label, _ in test) / len(test)
            labels = {label for label, _ in train}
            print(f"{corpus:<22}{len(labels):>8}{len(train):>7}{len(test):>6}  {100 * kit:>7.1f}% {fallbacks:>9}  "
                  f"{100 * kit_any:>15.1f}%  {100 * base:>17.1f}%  {100 * share:>8.1f}%")
            for key, value in (("kit", kit), ("any", kit_any), ("base", base), ("majority", share)):
                totals[key] += value * len(test)
            totals["n"] += len(test)
            totals["fallbacks"] += fallbacks
    pct = lambda key: 100 * totals[key] / totals["n"]  # noqa: E731
    print(f"{'all (by question)':<22}{'':>8}{'':>7}{totals['n']:>6}  {pct('kit'):>7.1f}% {totals['fallbacks']:>9}  "
          f"{pct('any'):>15.1f}%  {pct('base'):>17.1f}%  {pct('majority'):>8.1f}%")
    print("(fallbacks: questions with an intent that Lex answered with AMAZON.FallbackIntent at threshold 0.4)")


if __name__ == "__main__":
    main()
