"""Textract's engine names, limits and request checks, and reading the document (shared by every
Textract module)."""
from __future__ import annotations

from awsml_study.sim.errors import AwsError

ENGINE_TEXT = "textract/rapidocr-ppocrv4"
ENGINE_ANALYSIS = "textract/rapidocr+opencv-layout"
ENGINE_EXPENSE = "textract/rapidocr+expense-rules"

SYNC_LIMIT = 10 * 1024 * 1024      # bytes: synchronous operations (Bytes or S3)
ASYNC_IMAGE_LIMIT = 10 * 1024 * 1024
ASYNC_LIMIT = 500 * 1024 * 1024    # bytes: PDF and TIFF in asynchronous operations
ASYNC_MAX_PAGES = 3000
FEATURES = ("TABLES", "FORMS", "QUERIES", "SIGNATURES", "LAYOUT")
MAX_QUERIES_SYNC = 15
MAX_QUERIES_ASYNC = 30

INVALID_PARAMETERS = "Request has invalid parameters"
UNSUPPORTED = "Request has unsupported document format"
S3_UNREADABLE = ("Unable to get object metadata from S3. Check object key, region and/or "
                 "access permissions.")


def invalid(detail: str | None = None) -> AwsError:
    return AwsError("InvalidParameterException",
                    INVALID_PARAMETERS + (f": {detail}" if detail else ""))


# ----- reading the document -----

def s3_bytes(s3object: dict, limit: int) -> bytes:
    """The bytes of Document.S3Object / DocumentLocation.S3Object, checked against `limit`."""
    from botocore.exceptions import ClientError

    from awsml_study.sim import s3io

    if not isinstance(s3object, dict) or not s3object.get("Bucket") or not s3object.get("Name"):
        raise invalid("S3Object needs a Bucket and a Name")
    extra = {"VersionId": s3object["Version"]} if s3object.get("Version") else {}
    try:
        head = s3io.s3().head_object(Bucket=s3object["Bucket"], Key=s3object["Name"], **extra)
        if head["ContentLength"] > limit:
            raise too_large(head["ContentLength"], limit)
        return s3io.s3().get_object(Bucket=s3object["Bucket"], Key=s3object["Name"],
                                    **extra)["Body"].read()
    except ClientError:
        raise AwsError("InvalidS3ObjectException", S3_UNREADABLE) from None


def too_large(size: int, limit: int) -> AwsError:
    return AwsError("DocumentTooLargeException",
                    f"Document size {size} bytes exceeds the limit of {limit} bytes "
                    f"({limit // (1024 * 1024)} MB) for this operation")


def document_bytes(document) -> bytes:
    """Document.Bytes or Document.S3Object of a synchronous request."""
    if not isinstance(document, dict):
        raise invalid("Document is required")
    has_bytes, has_s3 = "Bytes" in document, "S3Object" in document
    if has_bytes == has_s3:
        raise invalid("Document needs exactly one of Bytes or S3Object")
    if has_bytes:
        data = document["Bytes"]
        if isinstance(data, str):
            data = data.encode("latin-1", errors="replace")
        if len(data) > SYNC_LIMIT:
            raise too_large(len(data), SYNC_LIMIT)
        return bytes(data)
    return s3_bytes(document["S3Object"], SYNC_LIMIT)


def open_bytes(data: bytes):
    """An engines.pdf.Document, or the Textract error for unreadable or unsupported bytes."""
    from awsml_study.engines.documents import pdf

    try:
        return pdf.open_document(data)
    except pdf.UnsupportedFormat:
        raise AwsError("UnsupportedDocumentException", UNSUPPORTED) from None
    except pdf.Unreadable as err:
        raise AwsError("BadDocumentException",
                       f"Amazon Textract isn't able to read the document: {err}") from None
    except Exception as err:  # Pillow's other refusals: a decompression bomb, a truncated TIFF
        raise AwsError("BadDocumentException",
                       f"Amazon Textract isn't able to read the document: {type(err).__name__}: "
                       f"{str(err)[:200]}") from None


def open_sync(document):
    """The single page of a synchronous request: (Document, RGB image)."""
    doc = open_bytes(document_bytes(document))
    if doc.pages > 1:
        doc.close()
        raise AwsError("UnsupportedDocumentException",
                       f"{UNSUPPORTED}: synchronous operations accept single-page documents; "
                       f"this {doc.format} has {doc.pages} pages. Use the asynchronous "
                       f"Start* operations for multi-page documents.")
    return doc, page_image(doc, 0)


def page_image(doc, index: int):
    from awsml_study.engines.documents import pdf

    try:
        return doc.page_image(index)
    except pdf.Unreadable as err:
        raise AwsError("BadDocumentException",
                       f"Amazon Textract isn't able to read the document: {err}") from None


# ----- request checks shared with the asynchronous operations -----

def check_features(features, queries_config, max_queries: int) -> tuple[list[str], list[dict]]:
    if not isinstance(features, list) or not features:
        raise invalid("FeatureTypes must list at least one of " + ", ".join(FEATURES))
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise invalid(f"unknown FeatureTypes {unknown}; valid values: {', '.join(FEATURES)}")
    queries = (queries_config or {}).get("Queries") or []
    if "QUERIES" in features and not queries:
        raise invalid("FeatureTypes QUERIES needs QueriesConfig with at least one query")
    if queries and "QUERIES" not in features:
        raise invalid("QueriesConfig is given but FeatureTypes does not include QUERIES")
    if len(queries) > max_queries:
        raise invalid(f"{len(queries)} queries; the limit is {max_queries} per page")
    for query in queries:
        text = query.get("Text", "") if isinstance(query, dict) else ""
        if not text.strip() or len(text) > 200:
            raise invalid("each query needs a Text of 1 to 200 characters")
    return list(dict.fromkeys(features)), queries


def check_human_loop(config) -> dict | None:
    """HumanLoopConfig is accepted and echoed: the kit starts no Amazon A2I human loop."""
    if not config:
        return None
    if not config.get("HumanLoopName") or not config.get("FlowDefinitionArn"):
        raise invalid("HumanLoopConfig needs HumanLoopName and FlowDefinitionArn")
    return None


# ----- synchronous operations -----

