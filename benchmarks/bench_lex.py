"""Lex V2 figures: a 10-intent build, and a RecognizeText turn after the build, against moto's canned call."""
from __future__ import annotations

import os
import statistics
import sys
import time

import boto3

import awsml_study
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repo, for tests/
from tests.services.lex import sample_bot as sb  # noqa: E402

TOPICS = ["hotel", "flight", "taxi", "weather", "pizza", "flowers", "cinema", "doctor", "bank", "gym"]


def ten_intent_bot(make):
    lex = make("lexv2-models")
    ids = sb.locale(make, sb.bot(make, "BenchBot"))
    for t in TOPICS:
        lex.create_intent(**ids, intentName=f"Order{t.title()}", sampleUtterances=[{"utterance": u} for u in (
            f"I want a {t}", f"book a {t}", f"can I get a {t}", f"I need a {t} please", f"{t} now",
            f"help me with a {t}", f"order {t}", f"find me a {t}")])
    return ids


def timed(fn, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main():
    with awsml_study.simulate():
        make = lambda name: boto3.client(name, region_name="us-east-1")
        lex, rt = make("lexv2-models"), make("lexv2-runtime")
        ids = ten_intent_bot(make)
        t = time.perf_counter()
        import sklearn.feature_extraction.text  # noqa: F401  (once per process; Comprehend imports it too)
        import sklearn.linear_model  # noqa: F401,F811
        imported = time.perf_counter() - t
        t = time.perf_counter()
        lex.build_bot_locale(**ids)
        lex.get_waiter("bot_locale_built").wait(**ids)
        build = time.perf_counter() - t
        t = time.perf_counter()
        lex.build_bot_locale(**ids)
        lex.get_waiter("bot_locale_built").wait(**ids)
        rebuild = time.perf_counter() - t
        say = lambda: rt.recognize_text(botId=ids["botId"], botAliasId="TSTALIASID", localeId="en_US",
                                        sessionId="bench", text="could you find me a taxi")
        say()
        turn = timed(say, 50)
        baseline = timed(lambda: make("sqs").list_queues(), 50)  # a moto-served call through the same seam
        print(f"{'figure':<38} {'value':>10} {'goal':>8} {'ratio to moto call':>20}")
        print(f"{'import scikit-learn, first time (s)':<38} {imported:>10.3f} {'':>8} {imported / baseline:>20.1f}")
        print(f"{'BuildBotLocale, 10 intents (s)':<38} {build:>10.3f} {'<= 2':>8} {build / baseline:>20.1f}")
        print(f"{'BuildBotLocale again, warm (s)':<38} {rebuild:>10.3f} {'<= 2':>8} {rebuild / baseline:>20.1f}")
        print(f"{'RecognizeText turn (ms)':<38} {turn * 1000:>10.2f} {'<= 20':>8} {turn / baseline:>20.2f}")
        print(f"{'moto SQS ListQueues (ms, baseline)':<38} {baseline * 1000:>10.2f}")


if __name__ == "__main__":
    main()
