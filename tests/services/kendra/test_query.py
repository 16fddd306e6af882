"""Kendra Query and Retrieve: ranking, result types, highlights, filters, facets, sorting, ACLs."""
import boto3
import pytest
from botocore.exceptions import ClientError

import awsml_study

from tests.services.kendra.helpers import attr, make_index, synced_index, text_doc

DOCS = [
    text_doc("pw", "To reset a forgotten password, open the self-service portal and choose Forgot password. "
                   "A one-time code is sent to your registered phone.", "Password reset",
             Attributes=[attr("department", "IT"), attr("views", 900), attr("tags", ["account", "login"]),
                         attr("_source_uri", "https://intranet.example.com/it/password")]),
    text_doc("vpn", "Install the VPN client from the Software Center, then sign in with your account.",
             "VPN access", Attributes=[attr("department", "IT"), attr("views", 300), attr("tags", ["network"])]),
    text_doc("leave", "Employees receive 25 days of paid annual leave per year. Up to five unused days "
                      "can be carried over until March.", "Annual leave",
             Attributes=[attr("department", "HR"), attr("views", 1200), attr("tags", ["leave"])]),
    text_doc("pay", "Salary is paid on the 25th of each month.", "Pay day",
             Attributes=[attr("department", "Finance"), attr("views", 50)],
             AccessControlList=[{"Name": "finance", "Type": "GROUP", "Access": "ALLOW"}]),
]


@pytest.fixture(scope="module")
def index():
    """One simulation for the read-only query tests of this module (a fresh one costs ~0.7 s)."""
    with awsml_study.simulate():
        kendra = boto3.client("kendra", region_name="us-east-1")
        index_id = make_index(kendra)
        assert kendra.batch_put_document(IndexId=index_id, Documents=DOCS)["FailedDocuments"] == []
        yield kendra, index_id


def ids(resp, kind="DOCUMENT"):
    return [i["DocumentId"] for i in resp["ResultItems"] if i["Type"] == kind]


def test_question_gets_an_answer_then_documents(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="How do I reset my forgotten password?")
    first = r["ResultItems"][0]
    assert first["Type"] == "ANSWER" and first["DocumentId"] == "pw"
    hl = first["AdditionalAttributes"][0]["Value"]["TextWithHighlightsValue"]
    top = [h for h in hl["Highlights"] if h["TopAnswer"]]
    assert len(top) == 1 and "password" in hl["Text"][top[0]["BeginOffset"]:top[0]["EndOffset"]].lower()
    assert ids(r)[0] == "pw"
    assert r["ResultItems"][1]["ScoreAttributes"]["ScoreConfidence"] in ("VERY_HIGH", "HIGH")
    assert r["ResultItems"][1]["DocumentURI"] == "https://intranet.example.com/it/password"


def test_keyword_query_gets_documents_with_highlights_only(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="vpn client")
    assert [i["Type"] for i in r["ResultItems"]] == ["DOCUMENT"]
    item = r["ResultItems"][0]
    excerpt = item["DocumentExcerpt"]
    marked = {excerpt["Text"][h["BeginOffset"]:h["EndOffset"]].lower() for h in excerpt["Highlights"]}
    assert marked == {"vpn client"}
    assert item["DocumentTitle"]["Highlights"][0]["Type"] == "STANDARD"


def test_meaning_without_shared_words_still_ranks(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="vacation allowance")
    assert ids(r)[0] == "leave"


def test_unrelated_query_finds_nothing(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="zebra xylophone")
    assert r["ResultItems"] == [] and r["TotalNumberOfResults"] == 0


def test_attribute_filters(index):
    kendra, index_id = index
    q = "password leave vpn salary"
    assert set(ids(kendra.query(IndexId=index_id, QueryText=q,
                                AttributeFilter={"EqualsTo": attr("department", "IT")}))) == {"pw", "vpn"}
    assert ids(kendra.query(IndexId=index_id, QueryText=q,
                            AttributeFilter={"GreaterThan": attr("views", 1000)})) == ["leave"]
    assert set(ids(kendra.query(IndexId=index_id, QueryText=q, AttributeFilter={"ContainsAny": attr(
        "tags", ["network", "leave"])}))) == {"vpn", "leave"}
    assert ids(kendra.query(IndexId=index_id, QueryText=q, AttributeFilter={"ContainsAll": attr(
        "tags", ["account", "login"])})) == ["pw"]
    both = {"AndAllFilters": [{"EqualsTo": attr("department", "IT")},
                              {"NotFilter": {"LessThanOrEquals": attr("views", 300)}}]}
    assert ids(kendra.query(IndexId=index_id, QueryText=q, AttributeFilter=both)) == ["pw"]
    either = {"OrAllFilters": [{"EqualsTo": attr("department", "HR")}, {"EqualsTo": attr("department", "Finance")}]}
    assert set(ids(kendra.query(IndexId=index_id, QueryText=q, AttributeFilter=either))) == {"leave", "pay"}


def test_filter_only_browsing_without_query_text(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, AttributeFilter={"EqualsTo": attr("department", "IT")})
    assert set(ids(r)) == {"pw", "vpn"} and r["TotalNumberOfResults"] == 2


def test_facets_count_the_matching_documents(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="password leave vpn salary",
                     Facets=[{"DocumentAttributeKey": "department",
                              "Facets": [{"DocumentAttributeKey": "tags"}]}])
    pairs = {p["DocumentAttributeValue"]["StringValue"]: p for p in r["FacetResults"][0]["DocumentAttributeValueCountPairs"]}
    assert pairs["IT"]["Count"] == 2 and pairs["HR"]["Count"] == 1
    nested = {p["DocumentAttributeValue"]["StringValue"] for p in pairs["IT"]["FacetResults"][0]["DocumentAttributeValueCountPairs"]}
    assert nested == {"account", "login", "network"}


def test_sorting_by_a_sortable_attribute(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="password leave vpn salary",
                     SortingConfiguration={"DocumentAttributeKey": "views", "SortOrder": "DESC"})
    assert ids(r) == ["leave", "pw", "vpn", "pay"]


def test_user_context_acl(index):
    kendra, index_id = index
    q = "when is salary paid"
    assert "pay" in ids(kendra.query(IndexId=index_id, QueryText=q))  # no user context: everything
    assert "pay" not in ids(kendra.query(IndexId=index_id, QueryText=q, UserContext={"UserId": "ann", "Groups": ["hr"]}))
    assert "pay" in ids(kendra.query(IndexId=index_id, QueryText=q, UserContext={"UserId": "bo", "Groups": ["finance"]}))
    assert "pay" not in ids(kendra.query(IndexId=index_id, QueryText=q,
                                         AttributeFilter={"EqualsTo": attr("_group_ids", ["hr"])}))


def test_result_type_filter_and_paging(index):
    kendra, index_id = index
    q = "How do I reset my password or book leave?"
    only = kendra.query(IndexId=index_id, QueryText=q, QueryResultTypeFilter="DOCUMENT")
    assert {i["Type"] for i in only["ResultItems"]} == {"DOCUMENT"}
    p1 = kendra.query(IndexId=index_id, QueryText=q, QueryResultTypeFilter="DOCUMENT", PageSize=1)
    p2 = kendra.query(IndexId=index_id, QueryText=q, QueryResultTypeFilter="DOCUMENT", PageSize=1, PageNumber=2)
    assert ids(p1) + ids(p2) == ids(only)[:2] and p1["TotalNumberOfResults"] == only["TotalNumberOfResults"]


def test_relevance_tuning_changes_the_order(index):
    kendra, index_id = index
    q = "password leave"
    plain = ids(kendra.query(IndexId=index_id, QueryText=q))
    boosted = ids(kendra.query(IndexId=index_id, QueryText=q, DocumentRelevanceOverrideConfigurations=[
        {"Name": "department", "Relevance": {"ValueImportanceMap": {plain_second(plain): 10}}}]))
    assert boosted[0] == plain[1]


def plain_second(order):
    return {"pw": "IT", "leave": "HR"}[order[1]]


def test_unsortable_and_unfacetable_fields_are_refused(index):
    kendra, index_id = index
    for kwargs in ({"SortingConfiguration": {"DocumentAttributeKey": "doc_type", "SortOrder": "ASC"}},
                   {"Facets": [{"DocumentAttributeKey": "views"}]},
                   {"AttributeFilter": {"EqualsTo": attr("colour", "red")}}):
        with pytest.raises(ClientError) as err:
            kendra.query(IndexId=index_id, QueryText="x", **kwargs)
        assert err.value.response["Error"]["Code"] == "ValidationException"


def test_retrieve_returns_passages_for_rag(index):
    kendra, index_id = index
    r = kendra.retrieve(IndexId=index_id, QueryText="how many days of annual leave can be carried over")
    first = r["ResultItems"][0]
    assert first["DocumentId"] == "leave" and "carried over" in first["Content"]
    assert len(first["Content"].split()) <= 200
    assert {"Id", "DocumentTitle", "ScoreAttributes"} <= set(first)


def test_long_query_uses_the_first_thirty_terms(index):
    kendra, index_id = index
    tail = " ".join(f"filler{n}" for n in range(40))
    assert ids(kendra.query(IndexId=index_id, QueryText=f"password reset {tail}"))[:1] == ["pw"]
    assert ids(kendra.query(IndexId=index_id, QueryText=f"{tail} password reset")) == []


def test_full_corpus_sync_answers_the_sample_questions(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    index_id, _ = synced_index(kendra, s3)
    r = kendra.query(IndexId=index_id, QueryText="How many days a week can I work from home?")
    assert r["ResultItems"][0]["DocumentId"].endswith("remote-work.pdf")


def test_spell_correction_suggests_words_from_the_index(index):
    kendra, index_id = index
    r = kendra.query(IndexId=index_id, QueryText="resett my pasword",
                     SpellCorrectionConfiguration={"IncludeQuerySpellCheckSuggestions": True})
    fix = r["SpellCorrectedQueries"][0]
    assert fix["SuggestedQueryText"] == "reset my password"
    assert [(c["Term"], c["CorrectedTerm"]) for c in fix["Corrections"]] == [("resett", "reset"), ("pasword", "password")]
    assert "SpellCorrectedQueries" not in kendra.query(IndexId=index_id, QueryText="resett my pasword")


def test_featured_results_pin_documents_for_exact_queries(index):
    kendra, index_id = index
    fr = kendra.create_featured_results_set(IndexId=index_id, FeaturedResultsSetName="onboarding",
                                            QueryTexts=["first day"], FeaturedDocuments=[{"Id": "vpn"}, {"Id": "nope"}])
    set_id = fr["FeaturedResultsSet"]["FeaturedResultsSetId"]
    r = kendra.query(IndexId=index_id, QueryText="First  Day")
    assert [i["DocumentId"] for i in r["FeaturedResultsItems"]] == ["vpn"]
    assert "FeaturedResultsItems" not in kendra.query(IndexId=index_id, QueryText="first day at work")
    desc = kendra.describe_featured_results_set(IndexId=index_id, FeaturedResultsSetId=set_id)
    assert [d["Id"] for d in desc["FeaturedDocumentsMissing"]] == ["nope"]
    with pytest.raises(ClientError) as err:
        kendra.create_featured_results_set(IndexId=index_id, FeaturedResultsSetName="other", QueryTexts=["first day"])
    assert err.value.response["Error"]["Code"] == "FeaturedResultsConflictException"
    assert err.value.response["ConflictingItems"][0]["SetId"] == set_id
    kendra.update_featured_results_set(IndexId=index_id, FeaturedResultsSetId=set_id, Status="INACTIVE")
    assert "FeaturedResultsItems" not in kendra.query(IndexId=index_id, QueryText="first day")
    kendra.batch_delete_featured_results_set(IndexId=index_id, FeaturedResultsSetIds=[set_id])
