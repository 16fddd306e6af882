"""Kendra data sources: an S3 connector with inclusion/exclusion patterns, metadata sidecars and an
ACL file; sync jobs (Start/Stop/ListDataSourceSyncJobs) with real added/modified/deleted metrics."""
from __future__ import annotations

import copy
import fnmatch
import hashlib
import json

from awsml_study.services.kendra import attributes as at, common, content, documents
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

LIFE = jobs.Lifecycle(key="Status", running="CREATING", done="ACTIVE", failed="FAILED",
                      stopped="FAILED", message_key="ErrorMessage", start_key=None, end_key=None)
SYNC = jobs.Lifecycle(key="Status", running="SYNCING", done="SUCCEEDED", failed="FAILED",
                      stopped="ABORTED", message_key="ErrorMessage", start_key=None, end_key="EndTime")
DEVELOPER_MAX_SOURCES = 5   # Developer Edition: 5 data-source connectors per index
ENTERPRISE_MAX_SOURCES = 50
ENGINE_SYNC = "kendra/s3-connector+bm25s"


def _source_or_404(rec, ds_id: str):
    job = rec.sources.get(ds_id)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Data source {ds_id} does not exist in index {rec.index_id}.")
    return job.settle()


@operation("kendra", "CreateDataSource", engine=common.ENGINE_CONTROL)
def create_data_source(p: dict) -> dict:
    common.check("CreateDataSource", p)
    rec = common.active_index(p["IndexId"])
    kind = p["Type"]
    limit = DEVELOPER_MAX_SOURCES if rec.props["Edition"] == "DEVELOPER_EDITION" else ENTERPRISE_MAX_SOURCES
    if len(rec.sources) >= limit:
        raise AwsError("ServiceQuotaExceededException", f"This index can have at most {limit} data sources.")
    if kind != "CUSTOM" and not p.get("RoleArn"):
        raise AwsError("ValidationException", f"A {kind} data source needs a RoleArn Kendra can assume.")
    if kind == "S3" and not (p.get("Configuration") or {}).get("S3Configuration"):
        raise AwsError("ValidationException", "An S3 data source needs Configuration.S3Configuration.")
    if kind == "CUSTOM" and p.get("Configuration"):
        raise AwsError("ValidationException", "A CUSTOM data source takes no Configuration.")
    ds_id = common.new_id()
    now = jobs.now()
    props = {"Id": ds_id, "IndexId": rec.index_id, "Name": p["Name"], "Type": kind, "CreatedAt": now,
             "UpdatedAt": now, "Status": "CREATING", "LanguageCode": p.get("LanguageCode", "en")}
    for key in ("Configuration", "VpcConfiguration", "Description", "Schedule", "RoleArn",
                "CustomDocumentEnrichmentConfiguration"):
        if p.get(key) not in (None, ""):
            props[key] = copy.deepcopy(p[key])
    rec.sources[ds_id] = jobs.submit(jobs.Job(ds_id, props, work=lambda job: None, lifecycle=LIFE))
    rec.syncs[ds_id] = []
    common.add_tags(f"{common.arn_prefix()}{rec.index_id}/data-source/{ds_id}", p.get("Tags"))
    return {"Id": ds_id}


@operation("kendra", "DescribeDataSource", engine=common.ENGINE_CONTROL)
def describe_data_source(p: dict) -> dict:
    common.check("DescribeDataSource", p)
    job = _source_or_404(common.index_or_404(p["IndexId"]), p["Id"])
    return copy.deepcopy(job.props)


@operation("kendra", "ListDataSources", engine=common.ENGINE_CONTROL)
def list_data_sources(p: dict) -> dict:
    common.check("ListDataSources", p)
    rec = common.index_or_404(p["IndexId"])
    jobs.settle_all(list(rec.sources.values()))
    items = [{k: j.props[k] for k in ("Name", "Id", "Type", "CreatedAt", "UpdatedAt", "Status", "LanguageCode")}
             for j in rec.sources.values()]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), error_code="ValidationException")
    return {"SummaryItems": page, **({"NextToken": token} if token else {})}


@operation("kendra", "UpdateDataSource", engine=common.ENGINE_CONTROL)
def update_data_source(p: dict) -> dict:
    common.check("UpdateDataSource", p)
    rec = common.active_index(p["IndexId"])
    props = _source_or_404(rec, p["Id"]).props
    if any(j.props["Status"] == "SYNCING" for j in rec.syncs.get(p["Id"], []) if not j.ended):
        raise AwsError("ConflictException", "The data source is syncing; update it when the sync ends.")
    for key in ("Name", "Configuration", "VpcConfiguration", "Description", "Schedule", "RoleArn",
                "LanguageCode", "CustomDocumentEnrichmentConfiguration"):
        if key in p:
            props[key] = copy.deepcopy(p[key])
    props["UpdatedAt"] = jobs.now()
    return {}


@operation("kendra", "DeleteDataSource", engine=common.ENGINE_CONTROL)
def delete_data_source(p: dict) -> dict:
    common.check("DeleteDataSource", p)
    rec = common.index_or_404(p["IndexId"])
    _source_or_404(rec, p["Id"])
    for job in rec.syncs.get(p["Id"], []):
        job.request_stop()
    for doc_id in [d for d, doc in rec.docs.items() if doc.data_source_id == p["Id"]]:
        documents.delete_document(rec, doc_id)  # Kendra removes the source's documents too
    rec.sources.pop(p["Id"], None)
    rec.syncs.pop(p["Id"], None)
    common.tags().pop(f"{common.arn_prefix()}{rec.index_id}/data-source/{p['Id']}", None)
    return {}


# ----- sync -----

def _selected(key: str, conf: dict, skip_prefixes: list[str]) -> bool:
    if any(key.startswith(s) for s in skip_prefixes if s):
        return False
    prefixes = conf.get("InclusionPrefixes") or []
    if prefixes and not any(key.startswith(x) for x in prefixes):
        return False
    inc = conf.get("InclusionPatterns") or []
    if inc and not any(fnmatch.fnmatchcase(key, pat) for pat in inc):
        return False
    # Exclusion wins over inclusion, as in Kendra.
    return not any(fnmatch.fnmatchcase(key, pat) for pat in conf.get("ExclusionPatterns") or [])


def _acl_rules(bucket: str, conf: dict) -> list[tuple[str, list]]:
    path = (conf.get("AccessControlListConfiguration") or {}).get("KeyPath")
    if not path:
        return []
    try:
        rules = json.loads(s3io.read(bucket, path))
        return [(r["keyPrefix"], r["aclEntries"]) for r in rules]
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(f"The access control list file could not be read: {err}") from None
    except (ValueError, KeyError, TypeError):
        raise jobs.JobFailure("The access control list file must be a JSON list of "
                              '{"keyPrefix": ..., "aclEntries": [...]} objects.') from None


def _sidecar(bucket: str, key: str, meta_prefix: str | None) -> dict:
    where = f"{meta_prefix.rstrip('/')}/{key}.metadata.json" if meta_prefix else f"{key}.metadata.json"
    try:
        raw = s3io.read(bucket, where)
    except s3io.S3ReadError:
        return {}
    try:
        meta = json.loads(raw)
        return meta if isinstance(meta, dict) else {}
    except ValueError:
        raise DocumentFailure(f"The metadata file {where} is not valid JSON.")


class DocumentFailure(Exception):
    """One document of a sync fails (counted in DocumentsFailed); the sync goes on."""


def _attributes(meta: dict, fields: dict) -> list[dict]:
    out = []
    for k, v in (meta.get("Attributes") or {}).items():
        kind = (fields.get(k) or {}).get("Type")
        value = ({"StringListValue": list(v)} if isinstance(v, list) else
                 {"LongValue": int(v)} if kind == "LONG_VALUE" else
                 {"DateValue": v} if kind == "DATE_VALUE" else {"StringValue": str(v)})
        attr = {"Key": k, "Value": value}
        why = at.problem(attr, fields)
        if why:
            raise DocumentFailure(why)
        out.append(attr)
    return out


def _title_from_key(key: str, data: bytes) -> str | None:
    """Kendra titles a document by its own title (HTML <title>, PDF or Word properties) and
    otherwise by its file name; None lets extraction find an embedded title first."""
    kind = content.guess_type(data, key)
    return None if kind in ("HTML", "PDF", "MS_WORD", "MD", "JSON", "PPT") else key.rsplit("/", 1)[-1]


def run_sync(rec, ds_props: dict, job) -> None:
    ds_id = ds_props["Id"]
    metrics = job.props["Metrics"]
    if ds_props["Type"] == "CUSTOM":
        raise jobs.JobFailure("awsml-study does not track sync jobs of CUSTOM data sources: push "
                              "their documents with BatchPutDocument.")
    if ds_props["Type"] != "S3":
        raise jobs.JobFailure(f"awsml-study crawls S3 data sources only; the {ds_props['Type']} "
                              "connector needs the real service.")
    conf = ds_props["Configuration"]["S3Configuration"]
    bucket = conf["BucketName"]
    meta_prefix = (conf.get("DocumentsMetadataConfiguration") or {}).get("S3Prefix")
    acl_key = (conf.get("AccessControlListConfiguration") or {}).get("KeyPath")
    try:
        keys = s3io.list_objects(bucket, "")
    except s3io.S3ReadError as err:
        if "No input documents" in str(err):
            keys = []
        else:
            raise jobs.JobFailure(f"Amazon Kendra could not list the bucket {bucket}: {err}") from None
    acl_rules = _acl_rules(bucket, conf)
    fields = rec.fields()
    seen: set[str] = set()
    counts = {"DocumentsAdded": 0, "DocumentsModified": 0, "DocumentsDeleted": 0, "DocumentsFailed": 0,
              "DocumentsScanned": 0}
    for key in keys:
        if key.endswith(".metadata.json") or key == acl_key or not _selected(key, conf, [meta_prefix or ""]):
            continue
        job.check_stop()
        counts["DocumentsScanned"] += 1
        try:
            meta = _sidecar(bucket, key, meta_prefix)
            data = s3io.read(bucket, key)
            doc_id = meta.get("DocumentId") or f"s3://{bucket}/{key}"
            seen.add(doc_id)
            finger = hashlib.sha256(data + json.dumps(meta, sort_keys=True, default=str).encode()).hexdigest()
            old = rec.docs.get(doc_id)
            if old is not None and old.fingerprint == finger:
                continue
            acl = meta.get("AccessControlList") or next(
                (entries for prefix, entries in sorted(acl_rules, key=lambda r: -len(r[0]))
                 if f"s3://{bucket}/{key}".startswith(prefix)), [])
            spec = {"Id": doc_id, "Title": meta.get("Title") or _title_from_key(key, data), "ContentType": meta.get("ContentType")
                    or content.guess_type(data, key), "Attributes": _attributes(meta, fields),
                    "AccessControlList": acl, "S3Path": {"Bucket": bucket, "Key": key}}
            doc = documents.load_and_index(rec, spec, data, ds_id,
                                           s3io.object_url(bucket, key))
            doc.fingerprint = finger
            status = "UPDATED" if old is not None else "INDEXED"
            rec.status[doc_id] = jobs.Job(doc_id, {"DocumentId": doc_id, "DocumentStatus": status})
            counts["DocumentsModified" if old is not None else "DocumentsAdded"] += 1
        except (jobs.JobFailure, DocumentFailure, s3io.S3ReadError) as err:
            counts["DocumentsFailed"] += 1
            doc_id = f"s3://{bucket}/{key}"
            rec.status[doc_id] = jobs.Job(doc_id, {"DocumentId": doc_id, "DocumentStatus": "FAILED",
                                                   "FailureCode": "InvalidRequest", "FailureReason": str(err)[:2048]})
        metrics.update({k: str(v) for k, v in counts.items()})
    for doc_id in [d for d, doc in rec.docs.items() if doc.data_source_id == ds_id and d not in seen]:
        documents.delete_document(rec, doc_id)
        counts["DocumentsDeleted"] += 1
    metrics.update({k: str(v) for k, v in counts.items()})


@operation("kendra", "StartDataSourceSyncJob", engine=ENGINE_SYNC)
def start_sync(p: dict) -> dict:
    common.check("StartDataSourceSyncJob", p)
    rec = common.active_index(p["IndexId"])
    ds = _source_or_404(rec, p["Id"])
    history = rec.syncs.setdefault(p["Id"], [])
    if any(not j.ended for j in history):
        raise AwsError("ResourceInUseException", "A sync job is already running for this data source.")
    exec_id = common.new_id()
    props = {"ExecutionId": exec_id, "StartTime": jobs.now(), "Status": "SYNCING",
             "Metrics": {k: "0" for k in ("DocumentsAdded", "DocumentsModified", "DocumentsDeleted",
                                          "DocumentsFailed", "DocumentsScanned")}}

    def work(job):
        try:
            run_sync(rec, ds.props, job)
        except jobs.JobFailure:
            job.props["ErrorCode"] = "InvalidRequest"
            raise

    history.append(jobs.submit(jobs.Job(exec_id, props, work=work, lifecycle=SYNC)))
    return {"ExecutionId": exec_id}


@operation("kendra", "StopDataSourceSyncJob", engine=ENGINE_SYNC)
def stop_sync(p: dict) -> dict:
    common.check("StopDataSourceSyncJob", p)
    rec = common.index_or_404(p["IndexId"])
    _source_or_404(rec, p["Id"])
    running = [j for j in rec.syncs.get(p["Id"], []) if not j.ended]
    if not running:
        raise AwsError("ValidationException", "There is no sync job running for this data source.")
    for j in running:
        j.request_stop()
    return {}


@operation("kendra", "ListDataSourceSyncJobs", engine=ENGINE_SYNC)
def list_syncs(p: dict) -> dict:
    common.check("ListDataSourceSyncJobs", p)
    rec = common.index_or_404(p["IndexId"])
    _source_or_404(rec, p["Id"])
    history = rec.syncs.get(p["Id"], [])
    jobs.settle_all(history)
    items = [copy.deepcopy(j.props) for j in reversed(history)]  # newest first
    if p.get("StatusFilter"):
        items = [i for i in items if i["Status"] == p["StatusFilter"]]
    window = p.get("StartTimeFilter") or {}
    if window.get("StartTime"):
        items = [i for i in items if i["StartTime"] >= at.as_date(window["StartTime"])]
    if window.get("EndTime"):
        items = [i for i in items if i["StartTime"] <= at.as_date(window["EndTime"])]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), default=10,
                            error_code="ValidationException")
    return {"History": page, **({"NextToken": token} if token else {})}
