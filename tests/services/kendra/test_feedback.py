"""Kendra feedback and query suggestions."""
import pytest
from botocore.exceptions import ClientError

from tests.services.kendra.helpers import make_index, text_doc


@pytest.fixture
def index(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    kendra.batch_put_document(IndexId=index_id, Documents=[
        text_doc("a", "Printer setup: add the office printer from the print portal.", "Printer setup"),
        text_doc("b", "Printer troubleshooting: if the printer jams, open tray two.", "Printer jams")])
    return kendra, index_id


def test_relevance_feedback_moves_a_result_up(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="printer")
    docs = [i for i in r["ResultItems"] if i["Type"] == "DOCUMENT"]
    second = docs[1]
    kendra.submit_feedback(IndexId=index_id, QueryId=r["QueryId"],
                           RelevanceFeedbackItems=[{"ResultId": second["Id"], "RelevanceValue": "RELEVANT"}])
    again = [i["DocumentId"] for i in kendra.query(IndexId=index_id, QueryText="printer")["ResultItems"]]
    assert again[0] == second["DocumentId"]


def test_feedback_for_an_unknown_result_is_refused(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="printer")
    with pytest.raises(ClientError) as err:
        kendra.submit_feedback(IndexId=index_id, QueryId=r["QueryId"],
                               ClickFeedbackItems=[{"ResultId": "made-up", "ClickTime": "2026-12-01T10:00:00Z"}])
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_suggestions_come_from_past_queries(index):
    kendra, index_id = index
    for q in ["printer jams", "printer jams", "printer setup", "zebra"]:
        kendra.query(IndexId=index_id, QueryText=q)
    got = kendra.get_query_suggestions(IndexId=index_id, QueryText="print")["Suggestions"]
    texts = [s["Value"]["Text"]["Text"] for s in got]
    assert texts == ["printer jams", "printer setup"]  # most frequent first; "zebra" found nothing
    assert got[0]["Value"]["Text"]["Highlights"] == [{"BeginOffset": 0, "EndOffset": 5}]
    kendra.update_query_suggestions_config(IndexId=index_id, MinimumQueryCount=2)
    texts = [s["Value"]["Text"]["Text"] for s in kendra.get_query_suggestions(IndexId=index_id, QueryText="print")["Suggestions"]]
    assert texts == ["printer jams"]
    assert kendra.describe_query_suggestions_config(IndexId=index_id)["MinimumQueryCount"] == 2
    kendra.clear_query_suggestions(IndexId=index_id)
    assert kendra.get_query_suggestions(IndexId=index_id, QueryText="print")["Suggestions"] == []
