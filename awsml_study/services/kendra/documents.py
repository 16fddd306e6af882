"""Kendra documents: BatchPutDocument (Blob or S3Path), BatchDeleteDocument, BatchGetDocumentStatus."""
from __future__ import annotations

import hashlib

from awsml_study.services.kendra import attributes as at, common, content
from awsml_study.services.kendra.records import Doc, IndexRecord
from awsml_study.sim import jobs, s3io
from awsml_study.sim.registry import operation

NEW = jobs.Lifecycle(key="DocumentStatus", running="PROCESSING", done="INDEXED", failed="FAILED",
                     stopped="FAILED", message_key="FailureReason", start_key=None, end_key=None)
REPLACE = jobs.Lifecycle(key="DocumentStatus", running="PROCESSING", done="UPDATED",
                         failed="UPDATE_FAILED", stopped="UPDATE_FAILED", message_key="FailureReason",
                         start_key=None, end_key=None)
ENGINE_INDEXING = "kendra/text-extraction+bm25s"


def _failed(doc_id: str, message: str) -> dict:
    return {"Id": doc_id, "ErrorCode": "InvalidRequest", "ErrorMessage": message[:2048]}


def attribute_problems(spec: dict, fields: dict) -> str | None:
    for attr in spec.get("Attributes") or []:
        why = at.problem(attr, fields)
        if why:
            return why
    return None


def load_and_index(rec: IndexRecord, spec: dict, data: bytes | None, data_source_id: str | None = None,
                   default_uri: str | None = None) -> Doc:
    """Extract the text of one document and add it to the index's search engine.

    Raises jobs.JobFailure with Kendra's words when the document cannot be indexed."""
    doc_id = spec["Id"]
    if data is None:
        bucket, key = spec["S3Path"]["Bucket"], spec["S3Path"]["Key"]
        try:
            data = s3io.read(bucket, key)
        except s3io.S3ReadError as err:
            raise jobs.JobFailure(f"Amazon Kendra could not read the document from S3: {err}") from None
    if len(data) > content.MAX_FILE_BYTES:
        raise jobs.JobFailure("The document is larger than the 50 MB limit.")
    kind = spec.get("ContentType") or content.guess_type(data, (spec.get("S3Path") or {}).get("Key"))
    try:
        title, text = content.extract(data, kind)
    except content.Unextractable as err:
        raise jobs.JobFailure(str(err)) from None
    if len(text.encode()) > content.MAX_TEXT_BYTES:
        raise jobs.JobFailure("The extracted text is larger than the 5 MB limit per document.")
    attrs = {a["Key"]: at.normalise(a["Value"]) for a in spec.get("Attributes") or []}
    attrs.setdefault("_file_type", {"StringValue": kind})
    if data_source_id:
        attrs["_data_source_id"] = {"StringValue": data_source_id}
    if default_uri and "_source_uri" not in attrs:
        attrs["_source_uri"] = {"StringValue": default_uri}
    title = (spec.get("Title") or (attrs.get("_document_title") or {}).get("StringValue") or title
             or ((spec.get("S3Path") or {}).get("Key", "").rsplit("/", 1)[-1]) or "")
    doc = Doc(doc_id, title, text, attrs, list(spec.get("AccessControlList") or []),
              list(spec.get("HierarchicalAccessControlList") or []),
              (attrs.get("_source_uri") or {}).get("StringValue"), data_source_id,
              hashlib.sha256(data).hexdigest(), spec.get("AccessControlConfigurationId"))
    rec.search_engine().add(doc_id, title, text)
    rec.docs[doc_id] = doc
    return doc


def submit_document(rec: IndexRecord, spec: dict, data: bytes | None) -> None:
    """Queue the indexing of one document: PROCESSING, then INDEXED/UPDATED or FAILED."""
    doc_id = spec["Id"]
    life = REPLACE if doc_id in rec.docs else NEW

    def work(job):
        try:
            load_and_index(rec, spec, data)
        except jobs.JobFailure:
            job.props["FailureCode"] = "InvalidRequest"
            raise

    props = {"DocumentId": doc_id, "DocumentStatus": "PROCESSING"}
    rec.status[doc_id] = jobs.submit(jobs.Job(doc_id, props, work=work, lifecycle=life))


@operation("kendra", "BatchPutDocument", engine=ENGINE_INDEXING)
def batch_put_document(p: dict) -> dict:
    common.check("BatchPutDocument", p)
    rec = common.active_index(p["IndexId"])
    fields = rec.fields()
    failed, seen = [], set()
    for spec in p["Documents"]:
        doc_id = spec["Id"]
        blob, s3 = spec.get("Blob"), spec.get("S3Path")
        if isinstance(blob, str):
            blob = blob.encode()
        why = (f"Document {doc_id} appears more than once in the batch." if doc_id in seen else
               "A document needs exactly one of Blob or S3Path." if (blob is None) == (s3 is None) else
               "The document is larger than the 50 MB limit." if blob is not None and len(blob) > content.MAX_FILE_BYTES else
               f"Access control configuration {spec['AccessControlConfigurationId']} does not exist."
               if spec.get("AccessControlConfigurationId") and spec["AccessControlConfigurationId"] not in rec.acl_configs
               else attribute_problems(spec, fields))
        seen.add(doc_id)
        if why:
            failed.append(_failed(doc_id, why))
            continue
        submit_document(rec, spec, bytes(blob) if blob is not None else None)
    return {"FailedDocuments": failed}


@operation("kendra", "BatchDeleteDocument", engine=ENGINE_INDEXING)
def batch_delete_document(p: dict) -> dict:
    common.check("BatchDeleteDocument", p)
    rec = common.active_index(p["IndexId"])
    rec.settle_documents()
    failed = []
    for doc_id in p["DocumentIdList"]:
        if doc_id not in rec.docs and doc_id not in rec.status:
            failed.append(_failed(doc_id, f"Document {doc_id} is not in the index."))
            continue
        delete_document(rec, doc_id)
    return {"FailedDocuments": failed}


def delete_document(rec: IndexRecord, doc_id: str) -> None:
    rec.docs.pop(doc_id, None)
    rec.status.pop(doc_id, None)
    rec.search_engine().remove(doc_id)


@operation("kendra", "BatchGetDocumentStatus", engine=ENGINE_INDEXING)
def batch_get_document_status(p: dict) -> dict:
    common.check("BatchGetDocumentStatus", p)
    rec = common.index_or_404(p["IndexId"])
    out = []
    for info in p["DocumentInfoList"]:
        job = rec.status.get(info["DocumentId"])
        if job is None:
            out.append({"DocumentId": info["DocumentId"], "DocumentStatus": "NOT_FOUND"})
            continue
        job.settle()
        item = {k: job.props[k] for k in ("DocumentId", "DocumentStatus", "FailureCode", "FailureReason")
                if job.props.get(k)}
        out.append(item)
    return {"Errors": [], "DocumentStatusList": out}
