"""The sentiment model is trained once per machine and loaded from a cache afterwards."""
import pytest

from awsml_study.engines.text import sentiment


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("AWSML_STUDY_CACHE", str(tmp_path))
    sentiment._model.cache_clear()
    yield tmp_path
    sentiment._model.cache_clear()


def test_first_use_trains_and_caches_later_uses_load(fresh, monkeypatch):
    label, _ = sentiment.analyse("I love this course, the labs are brilliant.")
    assert label == "POSITIVE"
    assert len(list(fresh.glob("sentiment-*.pkl"))) == 1
    sentiment._model.cache_clear()
    monkeypatch.setattr(sentiment, "_train", lambda: pytest.fail("retrained despite the cache"))
    assert sentiment.analyse("I love this course, the labs are brilliant.")[0] == "POSITIVE"


def test_a_corrupt_cache_is_retrained_not_fatal(fresh):
    sentiment._cache_file().parent.mkdir(parents=True, exist_ok=True)
    sentiment._cache_file().write_bytes(b"not a pickle")
    assert sentiment.analyse("This is the worst phone I have ever owned.")[0] == "NEGATIVE"


def test_written_out_analyzer_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer
    analyzer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).build_analyzer()
    for text in ("Ça coûte 12,50 € — naïve café!!", "I don't like it, but it's OK-ish.", "a b cd_ef 3D x2"):
        assert sentiment._Scorer.terms(text) == analyzer(text)
