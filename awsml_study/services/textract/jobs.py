"""Textract asynchronous jobs: multi-page PDF and TIFF from S3, results paginated by Get*, an SNS
message on completion, optional JSON output in the caller's bucket.

Jobs run on the shared runner (awsml_study.sim.jobs): Start* returns at once with the job
IN_PROGRESS, the worker reads its pages, and the completion message is published to
NotificationChannel.SNSTopicArn without anyone having to call Get* first. A Get* settles the job
(waits for its pages) and then reports SUCCEEDED or FAILED with the results.
"""
from __future__ import annotations

import json
import re
import time

from awsml_study.services.textract import common as tx
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

TOPIC = re.compile(r"^arn:aws(-[a-z-]+)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$")
ROLE = re.compile(r"^arn:([a-z\d-]+):iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")
TOKEN = re.compile(r"^[a-zA-Z0-9-_]+$")
TAG = re.compile(r"^[a-zA-Z0-9_.\-:]+$")
LIFE = jobs.Lifecycle(key="JobStatus", running="IN_PROGRESS", done="SUCCEEDED",
                      message_key="StatusMessage", end_key=None)
KINDS = {  # Start operation -> (Get operation, result key, page size limit, model version key)
    "StartDocumentTextDetection": ("GetDocumentTextDetection", "Blocks", 1000,
                                   "DetectDocumentTextModelVersion"),
    "StartDocumentAnalysis": ("GetDocumentAnalysis", "Blocks", 1000, "AnalyzeDocumentModelVersion"),
    "StartExpenseAnalysis": ("GetExpenseAnalysis", "ExpenseDocuments", 20,
                             "AnalyzeExpenseModelVersion"),
}


def table() -> dict:
    return state.store("textract.jobs")


# ----- Start* -----

def _check_common(params: dict) -> None:
    token = params.get("ClientRequestToken")
    if token is not None and not (TOKEN.match(token) and len(token) <= 64):
        raise tx.invalid("ClientRequestToken must match ^[a-zA-Z0-9-_]+$ (1-64 characters)")
    tag = params.get("JobTag")
    if tag is not None and not (TAG.match(tag) and len(tag) <= 64):
        raise tx.invalid("JobTag must match [a-zA-Z0-9_.\\-:]+ (1-64 characters)")
    channel = params.get("NotificationChannel")
    if channel is not None:
        if not TOPIC.match(channel.get("SNSTopicArn", "")):
            raise tx.invalid("NotificationChannel.SNSTopicArn is not an SNS topic ARN")
        if not ROLE.match(channel.get("RoleArn", "")):
            raise tx.invalid("NotificationChannel.RoleArn is not an IAM role ARN")
    output = params.get("OutputConfig")
    if output is not None:
        from botocore.exceptions import ClientError

        from awsml_study.sim import s3io
        try:
            s3io.s3().head_bucket(Bucket=output.get("S3Bucket", ""))
        except ClientError:
            raise AwsError("InvalidS3ObjectException",
                           f"Amazon Textract cannot write to the output bucket "
                           f"'{output.get('S3Bucket')}': it does not exist or denies access.") from None
    kms = params.get("KMSKeyId")
    if kms is not None and not (1 <= len(kms) <= 2048):
        raise AwsError("InvalidKMSKeyException", "KMSKeyId must be 1 to 2048 characters long")


def _read_input(params: dict) -> bytes:
    from awsml_study.engines.documents import pdf

    location = params.get("DocumentLocation") or {}
    s3object = location.get("S3Object") if isinstance(location, dict) else None
    data = tx.s3_bytes(s3object, tx.ASYNC_LIMIT)
    if not data:
        raise AwsError("BadDocumentException", "Amazon Textract isn't able to read the document: "
                                               "the S3 object is empty")
    fmt = pdf.sniff(data)
    if fmt is None:
        raise AwsError("UnsupportedDocumentException", tx.UNSUPPORTED)
    if fmt in ("PNG", "JPEG") and len(data) > tx.ASYNC_IMAGE_LIMIT:
        raise tx.too_large(len(data), tx.ASYNC_IMAGE_LIMIT)
    return data


def _start(api: str, params: dict, request: dict) -> dict:
    _check_common(params)
    token = params.get("ClientRequestToken")
    fingerprint = json.dumps({"api": api, **request}, sort_keys=True, default=str)
    earlier = jobs.same_request(table(), api, token, fingerprint)
    if earlier is not None:
        return {"JobId": earlier.id}
    data = _read_input(params)
    location = params["DocumentLocation"]["S3Object"]
    job = jobs.Job(jobs.new_id(), {
        "API": api, "JobStatus": "IN_PROGRESS", "JobTag": params.get("JobTag"),
        "_token": token, "_fingerprint": fingerprint, "_topic": (params.get("NotificationChannel")
                                                                 or {}).get("SNSTopicArn"),
        "_output": params.get("OutputConfig"), "_kms": params.get("KMSKeyId"),
        "_location": {"S3ObjectName": location["Name"], "S3Bucket": location["Bucket"]},
    }, lambda job: _run(job, data, request), LIFE, on_end=_finish)
    table()[job.id] = jobs.submit(job)
    return {"JobId": job.id}


def _run(job: jobs.Job, data: bytes, request: dict) -> None:
    """The job's work: read every page and build the results."""
    from awsml_study.engines.documents import pdf
    from awsml_study.services.textract import analysis
    from awsml_study.services.textract import expense

    api = job.props["API"]
    doc = None
    try:
        try:
            doc = pdf.open_document(data)
        except (pdf.UnsupportedFormat, pdf.Unreadable):
            raise
        except Exception as err:  # Pillow's other refusals: a decompression bomb, a truncated TIFF
            raise pdf.Unreadable(f"{type(err).__name__}: {str(err)[:200]}") from None
        if doc.pages > tx.ASYNC_MAX_PAGES:
            raise jobs.JobFailure(f"The document has {doc.pages} pages; asynchronous operations "
                                  f"accept up to {tx.ASYNC_MAX_PAGES} pages.")
        queries = request.get("queries", [])
        try:
            analysis.check_query_pages(queries, doc.pages)
        except AwsError as err:
            raise jobs.JobFailure(err.message) from None
        images = (doc.page_image(i) for i in range(doc.pages))
        if api == "StartDocumentTextDetection":
            result = analysis.text_blocks(images).items
        elif api == "StartDocumentAnalysis":
            result = analysis.analysis_blocks(images, request["features"], queries,
                                              doc.pages).items
        else:
            result = expense.expense_documents(images)
        job.props.update({"_result": result, "_pages": doc.pages})
    except (pdf.UnsupportedFormat, pdf.Unreadable) as err:
        raise jobs.JobFailure(f"Unable to read the document: {err}") from None
    except jobs.JobFailure:
        raise
    except Exception as err:  # a kit bug must still end the job, as AWS's jobs always end
        raise jobs.JobFailure(f"awsml-study internal error in {api}: {err}") from None
    finally:
        if doc is not None:
            doc.close()


def _finish(job: jobs.Job) -> None:
    _write_output(job)
    _notify(job)


def _session():
    import boto3
    return boto3.session.Session(region_name="us-east-1")  # clients of the default session are
    # not to be created from several threads at once


def _write_output(job: jobs.Job) -> None:
    """OutputConfig: the Get* pages as JSON objects <prefix>/<JobId>/1, /2, ... as AWS writes them."""
    output = job.props.get("_output")
    if not output or job.props["JobStatus"] != "SUCCEEDED":
        return
    s3 = _session().client("s3")
    prefix = (output.get("S3Prefix") or "textract_output").strip("/")
    extra = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": job.props["_kms"]} \
        if job.props.get("_kms") else {}
    get_api, key, limit, _ = KINDS[job.props["API"]]
    try:
        s3.put_object(Bucket=output["S3Bucket"], Key=f"{prefix}/{job.id}/.s3_access_check", Body=b"")
        token, number = None, 1
        while True:
            page = _get_page(job, limit, token)
            body = json.dumps(page, default=_json_default).encode()
            s3.put_object(Bucket=output["S3Bucket"], Key=f"{prefix}/{job.id}/{number}", Body=body,
                          ContentType="application/json", **extra)
            token = page.get("NextToken")
            if not token:
                break
            number += 1
    except Exception as err:  # AWS reports an output failure on the job itself
        job.props.update({"JobStatus": "FAILED",
                          "StatusMessage": f"Unable to write output to s3://{output['S3Bucket']}/"
                                           f"{prefix}/: {err}"})


def _json_default(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _notify(job: jobs.Job) -> None:
    topic = job.props.get("_topic")
    if not topic:
        return
    message = {"JobId": job.id, "Status": job.props["JobStatus"], "API": job.props["API"],
               "JobTag": job.props.get("JobTag") or "", "Timestamp": int(time.time() * 1000),
               "DocumentLocation": job.props["_location"]}
    jobs.publish(topic, message)  # a missing topic loses the message, as on AWS


@operation("textract", "StartDocumentTextDetection", engine=tx.ENGINE_TEXT)
def start_document_text_detection(params: dict) -> dict:
    return _start("StartDocumentTextDetection", params, {"location": params.get("DocumentLocation")})


@operation("textract", "StartDocumentAnalysis", engine=tx.ENGINE_ANALYSIS)
def start_document_analysis(params: dict) -> dict:
    features, queries = tx.check_features(params.get("FeatureTypes"), params.get("QueriesConfig"),
                                          tx.MAX_QUERIES_ASYNC)
    return _start("StartDocumentAnalysis", params, {"location": params.get("DocumentLocation"),
                                                    "features": features, "queries": queries})


@operation("textract", "StartExpenseAnalysis", engine=tx.ENGINE_EXPENSE)
def start_expense_analysis(params: dict) -> dict:
    return _start("StartExpenseAnalysis", params, {"location": params.get("DocumentLocation")})


# ----- Get* -----

def _job(params: dict, start_api: str) -> jobs.Job:
    job_id = params.get("JobId", "")
    job = table().get(job_id)
    if job is None or job.props["API"] != start_api:
        raise AwsError("InvalidJobIdException", "An invalid job identifier was passed.")
    return job


def _get_page(job: jobs.Job, limit: int, token: str | None, max_results: int | None = None) -> dict:
    get_api, key, _, version_key = KINDS[job.props["API"]]
    response = {"JobStatus": job.props["JobStatus"]}
    if job.props["JobStatus"] == "SUCCEEDED":
        size = min(max_results or limit, limit)
        chunk, next_token = jobs.page(job.props["_result"], size, token, default=limit,
                                      error_code="InvalidParameterException")
        response.update({"DocumentMetadata": {"Pages": job.props["_pages"]}, key: chunk,
                         version_key: "1.0"})
        if next_token:
            response["NextToken"] = next_token
    elif job.props["JobStatus"] == "FAILED":
        response["StatusMessage"] = job.props.get("StatusMessage", "")
    return response


def _get(params: dict, start_api: str) -> dict:
    job = _job(params, start_api).settle()
    max_results = params.get("MaxResults")
    if max_results is not None and max_results < 1:
        raise tx.invalid("MaxResults must be at least 1")
    return _get_page(job, KINDS[start_api][2], params.get("NextToken"), max_results)


@operation("textract", "GetDocumentTextDetection", engine=tx.ENGINE_TEXT)
def get_document_text_detection(params: dict) -> dict:
    return _get(params, "StartDocumentTextDetection")


@operation("textract", "GetDocumentAnalysis", engine=tx.ENGINE_ANALYSIS)
def get_document_analysis(params: dict) -> dict:
    return _get(params, "StartDocumentAnalysis")


@operation("textract", "GetExpenseAnalysis", engine=tx.ENGINE_EXPENSE)
def get_expense_analysis(params: dict) -> dict:
    return _get(params, "StartExpenseAnalysis")
