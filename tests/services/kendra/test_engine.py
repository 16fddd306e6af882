"""The search engine under Kendra: offline embeddings, text handling, ranking and synonyms."""
import numpy as np
import pytest

from awsml_study.engines.search import embeddings, ranker, text as tx
from awsml_study.services.kendra import content, thesauri
from awsml_study.sim.jobs import JobFailure


def test_embeddings_load_from_the_wheel_without_any_download(monkeypatch):
    import requests

    def no_network(*args, **kwargs):
        raise AssertionError("the embedding model tried to download something")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(requests, "get", no_network)
    monkeypatch.setattr(embeddings, "_model", None)
    vecs = embeddings.embed(["reset my password", "change a forgotten login password", "banana bread recipe"])
    assert vecs.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2


def test_stemming_and_stop_words():
    assert tx.terms("Resetting the passwords") == ["reset", "password"]
    assert tx.stem("policies") == tx.stem("policy") and tx.stem("studied") == tx.stem("study")
    assert tx.query_terms(" ".join(f"w{n}" for n in range(40))) == [f"w{n}" for n in range(30)]


def test_passages_stay_within_the_word_limit():
    text = ("One two three four five six seven. " * 30) + "A" + " very" * 250 + " long sentence."
    spans = tx.passages(text, max_words=100)
    assert spans and all(len(tx.words(text[b:e])) <= 100 for b, e in spans)
    assert text[spans[-1][0]:spans[-1][1]].endswith("sentence")


def test_highlights_merge_neighbours_and_mark_synonyms():
    hl = tx.highlights("Reset password now, or take annual leave.", {"reset", "password"}, {"annual", "leave"})
    assert [(h["BeginOffset"], h["EndOffset"], h["Type"]) for h in hl] == [
        (0, 14, "STANDARD"), (28, 40, "THESAURUS_SYNONYM")]


def test_ranker_prefers_the_relevant_document_and_respects_allowed():
    ix = ranker.SearchIndex()
    ix.add("a", "Printer", "Add the office printer from the print portal.")
    ix.add("b", "Leave", "Employees get 25 days of annual leave.")
    hits = ix.search("how do I add a printer")
    assert hits[0].doc_id == "a" and ranker.confidence_label(hits[0].confidence) in ("HIGH", "VERY_HIGH")
    assert all(h.doc_id == "b" for h in ix.search("how do I add a printer", allowed={"b"}))
    ix.remove("a")
    assert all(h.doc_id != "a" for h in ix.search("printer"))


def test_thesaurus_rules():
    rules = thesauri.parse(b"# comment\nholiday, vacation, annual leave\npto => annual leave\n")
    assert len(rules) == 2
    grow = thesauri.expansions(rules, tx.query_terms("pto"))
    assert grow == {"pto": {"annual", "leave"}}
    assert thesauri.expansions(rules, tx.query_terms("vacation"))["vacation"] == {"holiday", "annual", "leave"}
    for bad in (b"", b"lonely\n", b"a => b => c\n", b"\xff\xfe\xfa"):
        with pytest.raises(JobFailure):
            thesauri.parse(bad)


@pytest.mark.parametrize("data,key,kind", [(b"%PDF-1.7", None, "PDF"), (b"<html><p>x</p>", None, "HTML"),
                                            (b"{\\rtf1 hi}", None, "RTF"), (b"hello", "notes.md", "MD"),
                                            (b"a,b", "t.csv", "CSV"), (b"plain", None, "PLAIN_TEXT")])
def test_content_type_guessing(data, key, kind):
    assert content.guess_type(data, key) == kind


def test_rtf_and_xml_extraction():
    assert "Hello world" in content.extract(b"{\\rtf1\\ansi {\\b Hello} world\\par}", "RTF")[1]
    assert content.extract(b"<?xml version='1.0'?><a><b>Inside text</b></a>", "XML")[1] == "Inside text"
    with pytest.raises(content.Unextractable):
        content.extract(b"not rtf", "RTF")
