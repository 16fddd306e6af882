"""Entities, PII names and syntax: census names, retyped names, possessives, sentence-initial plurals."""
import pytest
from spacy.tokens import Span

from awsml_study.engines.text import nlp, people


@pytest.fixture
def comprehend(aws):
    return aws("comprehend")


def test_census_lists_are_loaded_and_title_cased():
    given, surnames = people.census()
    assert len(given) > 5000 and len(surnames) == 20000
    assert "Mary" in given and "Smith" in surnames and "The" not in given


def test_a_name_the_model_called_an_organization_becomes_a_person():
    doc = nlp.pipeline()("Yesterday Wendy Calloway opened the new plant in Ohio.")
    doc.ents = [Span(doc, 1, 3, label="ORG")]
    people.correct(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Wendy Calloway", "PERSON")]


def test_a_place_named_after_a_person_stays_a_place():
    doc = nlp.pipeline()("We walked through Grant Park in the rain.")
    doc.ents = [Span(doc, 3, 5, label="FAC")]
    people.correct(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Grant Park", "FAC")]


def test_capitalised_words_that_are_not_names_are_left_alone():
    doc = nlp.pipeline()("The Quarterly Report Shows Growth.")
    assert people.name_spans(doc) == []


def test_name_entity_leaves_the_possessive_out(comprehend):
    text = "We forwarded Gaetane Lavoie's complaint to the manager."
    ents = comprehend.detect_entities(Text=text, LanguageCode="en")["Entities"]
    assert ("PERSON", "Gaetane Lavoie") in {(e["Type"], e["Text"]) for e in ents}
    pii = comprehend.detect_pii_entities(Text=text, LanguageCode="en")["Entities"]
    assert ("NAME", "Gaetane Lavoie") in {(e["Type"], text[e["BeginOffset"]:e["EndOffset"]]) for e in pii}


def test_sentence_initial_plural_noun_and_its_verb(comprehend):
    for text, noun, verb in (("Dogs bark at night.", "Dogs", "bark"),
                             ("Kettles whistle when the water boils.", "Kettles", "whistle")):
        tokens = comprehend.detect_syntax(Text=text, LanguageCode="en")["SyntaxTokens"]
        tags = {t["Text"]: t["PartOfSpeech"]["Tag"] for t in tokens}
        assert tags[noun] == "NOUN" and tags[verb] == "VERB", (text, tags)
        for t in tokens:
            assert text[t["BeginOffset"]:t["EndOffset"]] == t["Text"]


def test_a_sentence_starting_with_a_name_keeps_its_proper_noun(comprehend):
    tokens = comprehend.detect_syntax(Text="Margaret plays the violin.", LanguageCode="en")["SyntaxTokens"]
    assert tokens[0]["PartOfSpeech"]["Tag"] == "PROPN"


def test_a_name_ending_in_a_model_number_is_a_commercial_item():
    doc = nlp.pipeline()("They shipped the Falcon T7 to Falcon Industries.")
    assert nlp._kind(Span(doc, 3, 5, label="ORG")) == "COMMERCIAL_ITEM"
    assert nlp._kind(Span(doc, 6, 8, label="ORG")) == "ORGANIZATION"


def test_entity_text_leaves_title_quotes_out(comprehend):
    text = 'Her novel "The Salt Marsh Letters" sold well, said "Harbor Press" in Boston.'
    for e in comprehend.detect_entities(Text=text, LanguageCode="en")["Entities"]:
        assert e["Text"][0] != '"' and e["Text"][-1] != '"', e
        assert text[e["BeginOffset"]:e["EndOffset"]] == e["Text"]
