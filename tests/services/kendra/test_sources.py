"""Kendra S3 data sources, FAQs and thesauri: sync metrics, sidecars, ACL file, synonyms."""
import pytest
from botocore.exceptions import ClientError

from tests.services.kendra.helpers import BUCKET, ROLE, make_index, s3_source, synced_index, upload_samples


def history(kendra, index_id, ds_id):
    return kendra.list_data_source_sync_jobs(Id=ds_id, IndexId=index_id)["History"]


def test_sync_indexes_the_bucket_with_metadata_and_acl(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    index_id, ds_id = synced_index(kendra, s3)
    job = history(kendra, index_id, ds_id)[0]
    assert job["Status"] == "SUCCEEDED"
    assert job["Metrics"] == {"DocumentsAdded": "12", "DocumentsModified": "0", "DocumentsDeleted": "0",
                              "DocumentsFailed": "0", "DocumentsScanned": "12"}
    r = kendra.query(IndexId=index_id, QueryText="parental leave weeks")
    item = next(i for i in r["ResultItems"] if i["Type"] == "DOCUMENT")
    attrs = {a["Key"]: a["Value"] for a in item["DocumentAttributes"]}
    assert item["DocumentId"] == f"s3://{BUCKET}/docs/parental-leave.txt"
    assert attrs["department"] == {"StringValue": "HR"} and attrs["_data_source_id"] == {"StringValue": ds_id}
    assert item["DocumentURI"].endswith(f"/{BUCKET}/docs/parental-leave.txt")
    # budget-process.txt carries the ACL file's rule: finance allowed, contractors denied.
    q = "department budget draft"
    seen = lambda groups: [i["DocumentId"] for i in kendra.query(IndexId=index_id, QueryText=q,
                                                                  UserContext={"Groups": groups})["ResultItems"]]
    budget = f"s3://{BUCKET}/docs/budget-process.txt"
    assert budget in seen(["finance"]) and budget not in seen(["hr"]) and budget not in seen(["finance", "contractors"])


def test_second_sync_counts_modified_and_deleted(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    index_id, ds_id = synced_index(kendra, s3)
    s3.put_object(Bucket=BUCKET, Key="docs/password-reset.txt", Body=b"Passwords now expire every 60 days.")
    s3.delete_object(Bucket=BUCKET, Key="docs/vpn-access.md")
    s3.put_object(Bucket=BUCKET, Key="docs/canteen.txt", Body=b"The canteen serves lunch from noon.")
    kendra.start_data_source_sync_job(Id=ds_id, IndexId=index_id)
    latest = history(kendra, index_id, ds_id)[0]
    assert latest["Metrics"]["DocumentsAdded"] == "1"
    assert latest["Metrics"]["DocumentsModified"] == "1"
    assert latest["Metrics"]["DocumentsDeleted"] == "1"
    assert kendra.query(IndexId=index_id, QueryText="canteen lunch")["TotalNumberOfResults"] == 1


def test_inclusion_and_exclusion_patterns(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    upload_samples(s3)
    index_id = make_index(kendra)
    ds_id = s3_source(kendra, index_id, InclusionPatterns=["*.txt", "*.md"], ExclusionPatterns=["*salary*"])
    kendra.start_data_source_sync_job(Id=ds_id, IndexId=index_id)
    assert history(kendra, index_id, ds_id)[0]["Metrics"]["DocumentsScanned"] == "6"


def test_stop_aborts_a_queued_sync_and_busy_source_is_in_use(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    upload_samples(s3)
    index_id = make_index(kendra)
    ds_id = s3_source(kendra, index_id)
    kendra.start_data_source_sync_job(Id=ds_id, IndexId=index_id)
    with pytest.raises(ClientError) as err:
        kendra.start_data_source_sync_job(Id=ds_id, IndexId=index_id)
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"
    kendra.stop_data_source_sync_job(Id=ds_id, IndexId=index_id)
    assert history(kendra, index_id, ds_id)[0]["Status"] == "ABORTED"
    assert kendra.describe_index(Id=index_id)["IndexStatistics"]["TextDocumentStatistics"]["IndexedTextDocumentsCount"] == 0


def test_missing_bucket_fails_the_sync(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra)
    ds_id = kendra.create_data_source(Name="s3", IndexId=index_id, Type="S3", RoleArn=ROLE, Configuration={
        "S3Configuration": {"BucketName": "no-such-bucket"}})["Id"]
    kendra.start_data_source_sync_job(Id=ds_id, IndexId=index_id)
    job = history(kendra, index_id, ds_id)[0]
    assert job["Status"] == "FAILED" and "no-such-bucket" in job["ErrorMessage"]


def test_delete_data_source_removes_its_documents(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    index_id, ds_id = synced_index(kendra, s3)
    kendra.delete_data_source(Id=ds_id, IndexId=index_id)
    assert kendra.list_data_sources(IndexId=index_id)["SummaryItems"] == []
    assert kendra.query(IndexId=index_id, QueryText="password")["TotalNumberOfResults"] == 0


@pytest.mark.parametrize("key,fmt", [("config/faq.csv", "CSV"), ("config/faq.json", "JSON"),
                                     ("config/faq_with_header.csv", "CSV_WITH_HEADER")])
def test_faq_formats_answer_questions(aws, key, fmt):
    kendra, s3 = aws("kendra"), aws("s3")
    upload_samples(s3)
    index_id = make_index(kendra)
    faq_id = kendra.create_faq(IndexId=index_id, Name="faq", RoleArn=ROLE, FileFormat=fmt,
                               S3Path={"Bucket": BUCKET, "Key": key})["Id"]
    assert kendra.describe_faq(IndexId=index_id, Id=faq_id)["Status"] == "ACTIVE"
    question = {"CSV": "How many annual leave days do I get?", "JSON": "where is my payslip",
                "CSV_WITH_HEADER": "emergency security number"}[fmt]
    r = kendra.query(IndexId=index_id, QueryText=question)
    qa = r["ResultItems"][0]
    assert qa["Type"] == "QUESTION_ANSWER"
    keys = [a["Key"] for a in qa["AdditionalAttributes"]]
    assert keys == ["QuestionText", "AnswerText"] and qa["DocumentURI"].startswith("https://")
    assert kendra.describe_index(Id=index_id)["IndexStatistics"]["FaqStatistics"]["IndexedQuestionAnswersCount"] >= 2
    kendra.delete_faq(IndexId=index_id, Id=faq_id)
    assert kendra.list_faqs(IndexId=index_id)["FaqSummaryItems"] == []


def test_malformed_faq_fails_with_a_message(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="bad.csv", Body=b"just one column\n")
    index_id = make_index(kendra)
    faq_id = kendra.create_faq(IndexId=index_id, Name="bad", RoleArn=ROLE,
                               S3Path={"Bucket": BUCKET, "Key": "bad.csv"})["Id"]
    desc = kendra.describe_faq(IndexId=index_id, Id=faq_id)
    assert desc["Status"] == "FAILED" and "two columns" in desc["ErrorMessage"]


def test_thesaurus_expands_queries(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    index_id, _ = synced_index(kendra, s3)
    assert kendra.query(IndexId=index_id, QueryText="pto")["TotalNumberOfResults"] == 0
    tid = kendra.create_thesaurus(IndexId=index_id, Name="syn", RoleArn=ROLE,
                                  SourceS3Path={"Bucket": BUCKET, "Key": "config/synonyms.txt"})["Id"]
    desc = kendra.describe_thesaurus(IndexId=index_id, Id=tid)
    assert desc["Status"] == "ACTIVE" and desc["SynonymRuleCount"] == 5
    r = kendra.query(IndexId=index_id, QueryText="pto")
    first = r["ResultItems"][0]
    assert first["DocumentId"].endswith("annual-leave.md")
    assert {h["Type"] for h in first["DocumentExcerpt"]["Highlights"]} == {"THESAURUS_SYNONYM"}
    kendra.delete_thesaurus(IndexId=index_id, Id=tid)
    assert kendra.query(IndexId=index_id, QueryText="pto")["TotalNumberOfResults"] == 0


def test_bad_thesaurus_update_keeps_the_old_rules(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    index_id, _ = synced_index(kendra, s3)
    tid = kendra.create_thesaurus(IndexId=index_id, Name="syn", RoleArn=ROLE,
                                  SourceS3Path={"Bucket": BUCKET, "Key": "config/synonyms.txt"})["Id"]
    s3.put_object(Bucket=BUCKET, Key="config/bad.txt", Body=b"a => b => c\n")
    kendra.update_thesaurus(IndexId=index_id, Id=tid, SourceS3Path={"Bucket": BUCKET, "Key": "config/bad.txt"})
    assert kendra.describe_thesaurus(IndexId=index_id, Id=tid)["Status"] == "ACTIVE_BUT_UPDATE_FAILED"
    assert kendra.query(IndexId=index_id, QueryText="pto")["TotalNumberOfResults"] > 0


def test_json_faq_entries_respect_their_acl(aws):
    import json
    kendra, s3 = aws("kendra"), aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="faq/private.json", Body=json.dumps({"SchemaVersion": 1, "FaqDocuments": [
        {"Question": "What is the bonus pool this year?", "Answer": "Four percent of payroll.",
         "AccessControlList": [{"Name": "hr", "Type": "GROUP", "Access": "ALLOW"}]}]}).encode())
    index_id = make_index(kendra)
    kendra.create_faq(IndexId=index_id, Name="private", RoleArn=ROLE, FileFormat="JSON",
                      S3Path={"Bucket": BUCKET, "Key": "faq/private.json"})
    types = lambda **kw: [i["Type"] for i in kendra.query(IndexId=index_id, QueryText="bonus pool this year",
                                                          **kw)["ResultItems"]]
    assert types(UserContext={"Groups": ["hr"]}) == ["QUESTION_ANSWER"]
    assert types(UserContext={"Groups": ["it"]}) == []
