"""Kendra documents: every content type extracted, async status, limits and FailedDocuments."""
import boto3
import pytest
from botocore.exceptions import ClientError

import awsml_study

from awsml_study import data
from tests.services.kendra.helpers import BUCKET, attr, make_index, text_doc, upload_samples

SAMPLES = [("remote-work.pdf", "PDF", "three days a week"), ("wellbeing.docx", "MS_WORD", "counselling"),
           ("laptop-replacement.html", "HTML", "every four years"), ("vpn-access.md", "MD", "error 812"),
           ("expenses.json", "JSON", "0.36 euros"), ("office-locations.csv", "CSV", "Wellington Street"),
           ("password-reset.txt", "PLAIN_TEXT", "14 characters")]


@pytest.fixture(scope="module")
def samples():
    """Every sample file put into one index, in one simulation for the module's read-only tests."""
    with awsml_study.simulate():
        kendra = boto3.client("kendra", region_name="us-east-1")
        index_id = make_index(kendra, fields=False)
        assert kendra.batch_put_document(IndexId=index_id, Documents=[
            {"Id": name, "Blob": data.path(f"kendra/docs/{name}").read_bytes(), "ContentType": kind}
            for name, kind, _ in SAMPLES])["FailedDocuments"] == []
        yield kendra, index_id


@pytest.mark.parametrize("name,kind,phrase", SAMPLES)
def test_each_content_type_is_indexed_and_found(samples, name, kind, phrase):
    kendra, index_id = samples
    status = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=[{"DocumentId": name}])
    assert status["DocumentStatusList"][0]["DocumentStatus"] == "INDEXED"
    hits = [i for i in kendra.query(IndexId=index_id, QueryText=phrase)["ResultItems"] if i["Type"] == "DOCUMENT"]
    assert hits and hits[0]["DocumentId"] == name
    attrs = {a["Key"]: a["Value"] for a in hits[0]["DocumentAttributes"]}
    assert attrs["_file_type"] == {"StringValue": kind}


def test_titles_come_from_the_document_when_not_given(samples):
    kendra, index_id = samples
    titles = {i["DocumentId"]: i["DocumentTitle"]["Text"]
              for i in kendra.query(IndexId=index_id, QueryText="laptop home counselling", PageSize=10)["ResultItems"]
              if i["Type"] == "DOCUMENT"}
    assert titles["laptop-replacement.html"] == "Laptop replacement and repairs"
    assert titles["remote-work.pdf"] == "Working from home policy"
    assert titles["wellbeing.docx"] == "Wellbeing and the employee assistance programme"


def test_s3_path_documents_and_missing_objects(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    upload_samples(s3)
    index_id = make_index(kendra, fields=False)
    kendra.batch_put_document(IndexId=index_id, Documents=[
        {"Id": "pdf", "S3Path": {"Bucket": BUCKET, "Key": "docs/remote-work.pdf"}},
        {"Id": "gone", "S3Path": {"Bucket": BUCKET, "Key": "docs/missing.txt"}}])
    status = {s["DocumentId"]: s for s in kendra.batch_get_document_status(
        IndexId=index_id, DocumentInfoList=[{"DocumentId": "pdf"}, {"DocumentId": "gone"}])["DocumentStatusList"]}
    assert status["pdf"]["DocumentStatus"] == "INDEXED"
    assert status["gone"]["DocumentStatus"] == "FAILED" and "S3" in status["gone"]["FailureReason"]


def test_bad_documents_fail_alone(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra)
    failed = kendra.batch_put_document(IndexId=index_id, Documents=[
        text_doc("ok", "Fine text.", Attributes=[attr("department", "IT")]),
        text_doc("undefined", "x", Attributes=[attr("colour", "red")]),
        text_doc("wrongtype", "x", Attributes=[attr("views", "many")]),
        {"Id": "nothing"},
        text_doc("ok", "Same id twice.")])["FailedDocuments"]
    assert [(f["Id"], f["ErrorCode"]) for f in failed] == [
        ("undefined", "InvalidRequest"), ("wrongtype", "InvalidRequest"), ("nothing", "InvalidRequest"),
        ("ok", "InvalidRequest")]
    assert "not defined" in failed[0]["ErrorMessage"]


def test_unreadable_content_ends_failed(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    kendra.batch_put_document(IndexId=index_id, Documents=[
        {"Id": "pdf", "Blob": b"%PDF-1.4 not really", "ContentType": "PDF"},
        {"Id": "json", "Blob": b"{oops", "ContentType": "JSON"},
        {"Id": "empty", "Blob": b"   ", "ContentType": "PLAIN_TEXT"}])
    statuses = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=[
        {"DocumentId": d} for d in ("pdf", "json", "empty")])["DocumentStatusList"]
    assert [s["DocumentStatus"] for s in statuses] == ["FAILED"] * 3


def test_replacing_a_document_reports_updated_and_changes_results(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    kendra.batch_put_document(IndexId=index_id, Documents=[text_doc("d", "The canteen opens at noon.")])
    kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=[{"DocumentId": "d"}])
    kendra.batch_put_document(IndexId=index_id, Documents=[text_doc("d", "The gym opens at six.")])
    status = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=[{"DocumentId": "d"}])
    assert status["DocumentStatusList"][0]["DocumentStatus"] == "UPDATED"
    assert kendra.query(IndexId=index_id, QueryText="canteen")["TotalNumberOfResults"] == 0
    assert kendra.query(IndexId=index_id, QueryText="gym")["TotalNumberOfResults"] == 1


def test_batch_delete_removes_from_search(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    kendra.batch_put_document(IndexId=index_id, Documents=[text_doc("a", "Bicycle parking is in the basement.")])
    out = kendra.batch_delete_document(IndexId=index_id, DocumentIdList=["a", "never"])
    assert [f["Id"] for f in out["FailedDocuments"]] == ["never"]
    assert kendra.query(IndexId=index_id, QueryText="bicycle parking")["ResultItems"] == []
    stats = kendra.describe_index(Id=index_id)["IndexStatistics"]["TextDocumentStatistics"]
    assert stats["IndexedTextDocumentsCount"] == 0


def test_more_than_ten_documents_is_a_validation_error(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    with pytest.raises(ClientError) as err:
        kendra.batch_put_document(IndexId=index_id, Documents=[text_doc(str(n), "x") for n in range(11)])
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert "less than or equal to 10" in err.value.response["Error"]["Message"]
