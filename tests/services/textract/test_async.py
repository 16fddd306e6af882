"""Textract asynchronous jobs: multi-page PDF and TIFF, pagination, SNS to SQS, failures."""
import io
import json
import time
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from PIL import Image

import awsml_study
from awsml_study.engines.documents import pdf
from awsml_study.services.textract.blocks import check_graph
from awsml_study.widgets import document_viewer as parse
from awsml_study.services.textract import jobs as textract_jobs
from tests.services.textract.contract_examples import page_png

DATA = Path(__file__).resolve().parents[3] / "data" / "textract"
BUCKET = "async-docs"
ROLE = "arn:aws:iam::123456789012:role/TextractSNS"


@pytest.fixture(scope="module")
def aws():
    with awsml_study.simulate():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key="review.pdf", Body=(DATA / "multipage.pdf").read_bytes())
        page = Image.open(io.BytesIO(page_png()))
        s3.put_object(Bucket=BUCKET, Key="two.tiff", Body=pdf.images_to_tiff([page, page.rotate(0)]))
        s3.put_object(Bucket=BUCKET, Key="two.pdf", Body=pdf.images_to_pdf([page, page]))
        s3.put_object(Bucket=BUCKET, Key="broken.pdf", Body=b"%PDF-1.7\n" + b"\x00garbage" * 50)
        s3.put_object(Bucket=BUCKET, Key="notes.txt", Body=b"plain text, not a document")
        yield lambda name: boto3.client(name, region_name="us-east-1")


def location(key):
    return {"S3Object": {"Bucket": BUCKET, "Name": key}}


def wait(get, job_id, timeout=180):
    """Poll Get* as a learner's loop would, until the job leaves IN_PROGRESS."""
    deadline = time.time() + timeout
    while True:
        resp = get(JobId=job_id)
        if resp["JobStatus"] != "IN_PROGRESS" or time.time() > deadline:
            return resp
        time.sleep(0.2)


def all_blocks(get, job_id, page_size):
    blocks, token, pages = [], None, 0
    while True:
        resp = get(JobId=job_id, MaxResults=page_size, **({"NextToken": token} if token else {}))
        blocks += resp["Blocks"]
        pages += 1
        token = resp.get("NextToken")
        if not token:
            return blocks, pages, resp


@pytest.fixture(scope="module")
def analysis(aws):
    """One document-analysis job on the 3-page PDF, followed through SNS into an SQS queue."""
    sns, sqs, textract = aws("sns"), aws("sqs"), aws("textract")
    topic = sns.create_topic(Name="textract-jobs")["TopicArn"]
    queue = sqs.create_queue(QueueName="textract-jobs")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    job_id = textract.start_document_analysis(
        DocumentLocation=location("review.pdf"), FeatureTypes=["TABLES", "FORMS", "QUERIES"],
        QueriesConfig={"Queries": [{"Text": "Who approved the contract?", "Pages": ["*"]}]},
        NotificationChannel={"SNSTopicArn": topic, "RoleArn": ROLE}, JobTag="supplier-review",
        OutputConfig={"S3Bucket": BUCKET, "S3Prefix": "results"})["JobId"]
    running = not textract_jobs.table()[job_id].ended  # Start* returned before the work was done
    # No Get* before the message: the completion must reach subscribers without any polling.
    deadline, messages = time.time() + 180, []
    while not messages and time.time() < deadline:
        messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", [])
    return {"job_id": job_id, "running": running, "messages": messages}


def test_job_runs_after_start_then_notifies_sns_subscribers_without_a_get(analysis):
    assert analysis["running"]
    assert analysis["messages"], "no completion message reached the queue"
    note = json.loads(json.loads(analysis["messages"][0]["Body"])["Message"])
    assert note["JobId"] == analysis["job_id"] and note["Status"] == "SUCCEEDED"
    assert note["API"] == "StartDocumentAnalysis" and note["JobTag"] == "supplier-review"
    assert note["DocumentLocation"] == {"S3ObjectName": "review.pdf", "S3Bucket": BUCKET}
    assert isinstance(note["Timestamp"], int)


def test_results_paginate_over_all_pages(aws, analysis):
    get = aws("textract").get_document_analysis
    whole = get(JobId=analysis["job_id"])
    assert whole["JobStatus"] == "SUCCEEDED" and whole["DocumentMetadata"] == {"Pages": 3}
    paged, calls, last = all_blocks(get, analysis["job_id"], 40)
    assert calls > 1 and [b["Id"] for b in paged] == [b["Id"] for b in whole["Blocks"]]
    assert last["DocumentMetadata"] == {"Pages": 3}
    assert {b["Page"] for b in paged} == {1, 2, 3}
    assert check_graph(paged) == []


def test_pages_hold_their_own_text_tables_forms_and_answers(aws, analysis):
    blocks = aws("textract").get_document_analysis(JobId=analysis["job_id"])["Blocks"]
    truth = json.loads((DATA / "multipage.json").read_text())["pages"]
    page1 = parse.lines([b for b in blocks if b.get("Page") == 1])
    assert page1[0] == truth[0]["segments"][0]["text"]
    grid = parse.tables(blocks)[0]
    assert grid[2] == ["Contoso Hardware", "9", "2", "12,115.50"]
    table = next(b for b in blocks if b["BlockType"] == "TABLE")
    assert table["Page"] == 2
    assert ("Approved By:", "Helen Park") in [(k, v) for k, v, _ in parse.key_values(blocks)]
    assert parse.query_answers(blocks)["Who approved the contract?"][0] == "Helen Park"


def test_output_config_writes_the_pages_to_s3(aws, analysis):
    keys = [o["Key"] for o in aws("s3").list_objects_v2(Bucket=BUCKET, Prefix="results/")["Contents"]]
    assert f"results/{analysis['job_id']}/1" in keys
    body = json.loads(aws("s3").get_object(Bucket=BUCKET, Key=f"results/{analysis['job_id']}/1")["Body"].read())
    assert body["JobStatus"] == "SUCCEEDED" and body["DocumentMetadata"]["Pages"] == 3


def test_multi_page_tiff_text_detection(aws):
    textract = aws("textract")
    job_id = textract.start_document_text_detection(DocumentLocation=location("two.tiff"))["JobId"]
    resp = wait(textract.get_document_text_detection, job_id)
    assert resp["JobStatus"] == "SUCCEEDED" and resp["DocumentMetadata"]["Pages"] == 2
    for page in (1, 2):
        assert "Invoice Number: A-5521" in parse.lines(resp["Blocks"], page)
    assert check_graph(resp["Blocks"]) == []


def test_expense_analysis_pages_documents_twenty_at_a_time(aws):
    textract = aws("textract")
    job_id = textract.start_expense_analysis(DocumentLocation=location("two.pdf"))["JobId"]
    resp = wait(textract.get_expense_analysis, job_id)
    assert [d["ExpenseIndex"] for d in resp["ExpenseDocuments"]] == [1, 2]
    first = textract.get_expense_analysis(JobId=job_id, MaxResults=1)
    assert len(first["ExpenseDocuments"]) == 1 and first["NextToken"]
    summary, _ = parse.expense_fields({"ExpenseDocuments": first["ExpenseDocuments"]})
    assert summary["TOTAL"] == "88.40" and summary["INVOICE_RECEIPT_ID"] == "A-5521"


def test_unreadable_document_fails_the_job(aws):
    textract = aws("textract")
    job_id = textract.start_document_text_detection(DocumentLocation=location("broken.pdf"))["JobId"]
    resp = wait(textract.get_document_text_detection, job_id)
    assert resp["JobStatus"] == "FAILED" and resp["StatusMessage"]
    assert "Blocks" not in resp


def test_client_request_token_is_idempotent(aws):
    textract = aws("textract")
    params = {"DocumentLocation": location("two.pdf"), "ClientRequestToken": "batch-7"}
    assert textract.start_document_text_detection(**params)["JobId"] == \
        textract.start_document_text_detection(**params)["JobId"]
    with pytest.raises(ClientError) as info:
        textract.start_document_text_detection(DocumentLocation=location("two.tiff"),
                                               ClientRequestToken="batch-7")
    assert info.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"


@pytest.mark.parametrize("call,params,code", [
    ("start_document_text_detection", {"DocumentLocation": location("missing.pdf")},
     "InvalidS3ObjectException"),
    ("start_document_text_detection", {"DocumentLocation": location("notes.txt")},
     "UnsupportedDocumentException"),
    ("start_document_analysis", {"DocumentLocation": location("two.pdf"), "FeatureTypes": ["TABLES"],
                                 "NotificationChannel": {"SNSTopicArn": "arn:aws:s3:::not-a-topic", "RoleArn": ROLE}},
     "InvalidParameterException"),
    ("start_document_analysis", {"DocumentLocation": location("two.pdf"), "FeatureTypes": ["FORMS"],
                                 "OutputConfig": {"S3Bucket": "no-such-bucket"}},
     "InvalidS3ObjectException"),
    ("get_document_analysis", {"JobId": "no-such-job"}, "InvalidJobIdException"),
    ("get_expense_analysis", {"JobId": "no-such-job"}, "InvalidJobIdException"),
])
def test_async_errors(aws, call, params, code):
    with pytest.raises(ClientError) as info:
        getattr(aws("textract"), call)(**params)
    assert info.value.response["Error"]["Code"] == code


def test_bad_next_token_and_wrong_api_job_id(aws, analysis):
    textract = aws("textract")
    with pytest.raises(ClientError) as info:
        textract.get_document_analysis(JobId=analysis["job_id"], NextToken="not-a-token")
    assert info.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as info:
        textract.get_document_text_detection(JobId=analysis["job_id"])
    assert info.value.response["Error"]["Code"] == "InvalidJobIdException"
