"""The stacked sentiment engine: its run-time inputs match training's, and labels stay sensible."""
import sys
from pathlib import Path

import pytest

from awsml_study.engines.text import sentiment, sentiment_stack


def test_token_ids_are_the_ones_wordllama_averages_over():
    from awsml_study.engines.search import embeddings
    for text in ("The bus was late again.", "@someone sooo good :) http://x.y", "Ça coûte 12,50 €"):
        assert sentiment_stack.token_ids(text) == embeddings.model().tokenize(text)[0].ids


@pytest.mark.parametrize("text, not_label", [("The bus was late again.", "POSITIVE"),
                                             ("the battery is awful", "MIXED"),
                                             ("the battery is awful", "POSITIVE")])
def test_demo_sentences_keep_their_sense(text, not_label):
    assert sentiment.analyse(text)[0] != not_label


def test_factual_sentences_stay_neutral_and_scores_are_plain_floats():
    for text in ("The package contains two cables and a manual.", "The parcel arrived on Tuesday."):
        label, scores = sentiment.analyse(text)
        assert label == "NEUTRAL"
        assert all(type(v) is float for v in scores.values()) and abs(sum(scores.values()) - 1) < 1e-3


def test_build_script_skips_without_the_shared_snippets(monkeypatch, capsys):
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    import build_sentiment_stack
    monkeypatch.setattr(build_sentiment_stack, "dev_dir", lambda: None)
    build_sentiment_stack.main()
    assert "nothing rebuilt" in capsys.readouterr().out
