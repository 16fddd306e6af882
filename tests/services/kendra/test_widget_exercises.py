"""The Kendra search box widget and the notebook's exercise checkers."""
import re

import pytest

from awsml_study.exercises import kendra as check
from awsml_study.widgets.search_box import SearchBox, marked
from tests.services.kendra.helpers import synced_index


@pytest.fixture
def corpus(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    index_id, _ = synced_index(kendra, s3)
    return kendra, index_id


def test_marked_escapes_and_colours_highlights():
    html = marked({"Text": "<b> reset now", "Highlights": [
        {"BeginOffset": 4, "EndOffset": 9, "TopAnswer": False, "Type": "STANDARD"},
        {"BeginOffset": 10, "EndOffset": 13, "TopAnswer": True, "Type": "STANDARD"}]})
    assert html.startswith("&lt;b&gt;") and ">reset</mark>" in html and "#bfdbfe" in html


def test_search_box_shows_answer_documents_and_facets(corpus):
    kendra, index_id = corpus
    box = SearchBox(kendra, index_id, facets=("department",))
    resp = box.search("Is counselling free for employees?")
    page = re.sub(r"<[^>]+>", "", box.render())
    assert resp["ResultItems"][0]["Type"] == "ANSWER" and page.count("Answer") >= 1
    assert "Wellbeing and the employee assistance programme" in page
    labels = [c.description for c in box.facet_box.children if hasattr(c, "indent")]
    assert any(label.startswith("HR (") for label in labels)


def test_search_box_facet_selection_filters(corpus):
    kendra, index_id = corpus
    box = SearchBox(kendra, index_id)
    box.search("working days")
    everything = box.response["TotalNumberOfResults"]
    box.select("department", "IT")
    depts = {a["Value"]["StringValue"] for i in box.response["ResultItems"] if i["Type"] == "DOCUMENT"
             for a in i["DocumentAttributes"] if a["Key"] == "department"}
    assert depts == {"IT"} and box.response["TotalNumberOfResults"] < everything
    box.select("department", "IT")  # toggled off again
    assert box.response["TotalNumberOfResults"] == everything


def test_search_box_shows_errors(corpus):
    kendra, _ = corpus
    box = SearchBox(kendra, "00000000-0000-0000-0000-000000000000")
    box.search("anything")
    assert "ResourceNotFoundException" in box.render()


def test_checkers_accept_the_right_answers(corpus, capsys):
    kendra, index_id = corpus
    good = {"AndAllFilters": [{"EqualsTo": {"Key": "department", "Value": {"StringValue": "IT"}}},
                              {"GreaterThan": {"Key": "views", "Value": {"LongValue": 1000}}}]}
    assert check.check_it_filter(kendra, index_id, good) is True
    q = "How do I reset a forgotten password?"
    body = kendra.query(IndexId=index_id, QueryText=q, QueryResultTypeFilter="ANSWER")["ResultItems"][0][
        "AdditionalAttributes"][0]["Value"]["TextWithHighlightsValue"]
    top = next(h for h in body["Highlights"] if h["TopAnswer"])
    assert check.check_top_answer(kendra, index_id, q, body["Text"][top["BeginOffset"]:top["EndOffset"]]) is True
    seen = [i["DocumentId"] for i in kendra.query(IndexId=index_id, QueryText="budget approval",
                                                   UserContext={"Groups": ["finance"]},
                                                   QueryResultTypeFilter="DOCUMENT")["ResultItems"]]
    assert any(s.endswith("budget-process.txt") for s in seen)
    assert check.check_visible_to(kendra, index_id, "budget approval", ["finance"], seen) is True
    assert check.check_synonyms("sick leave, illness") is True
    assert "✅" in capsys.readouterr().out


def test_checkers_reject_wrong_and_blank_answers(corpus, capsys):
    kendra, index_id = corpus
    assert check.check_it_filter(kendra, index_id, None) is None
    assert "Not answered yet" in capsys.readouterr().out
    assert check.check_it_filter(kendra, index_id, {"EqualsTo": {"Key": "department",
                                                                 "Value": {"StringValue": "IT"}}}) is False
    assert check.check_it_filter(kendra, index_id, {"EqualsTo": {"Key": "nope", "Value": {"StringValue": "x"}}}) is False
    assert check.check_top_answer(kendra, index_id, "How do I reset a forgotten password?", "wrong") is False
    assert check.check_visible_to(kendra, index_id, "budget approval", ["finance"], []) is False
    assert check.check_synonyms("sick leave => illness") is False
    assert check.check_synonyms("a => b => c") is False
    assert check.check_synonyms(...) is None
