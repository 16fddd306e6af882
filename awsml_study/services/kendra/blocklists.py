"""Kendra query-suggestion block lists: phrases from an S3 text file that suggestions must never show."""
from __future__ import annotations

from awsml_study.services.kendra import common
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

LIFE = jobs.Lifecycle(key="Status", running="CREATING", done="ACTIVE", failed="FAILED",
                      stopped="FAILED", message_key="ErrorMessage", start_key=None, end_key="UpdatedAt")
UPDATE_LIFE = jobs.Lifecycle(key="Status", running="UPDATING", done="ACTIVE",
                             failed="ACTIVE_BUT_UPDATE_FAILED", stopped="ACTIVE",
                             message_key="ErrorMessage", start_key=None, end_key="UpdatedAt")
ENGINE = "kendra/query-log"


def _load(rec, list_id: str, path: dict, job) -> None:
    try:
        data = s3io.read(path["Bucket"], path["Key"])
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(f"Amazon Kendra could not read the block list: {err}") from None
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise jobs.JobFailure("The block list file is not UTF-8 text.") from None
    phrases = [" ".join(line.lower().split()) for line in lines if line.strip()]
    rec.blocked[list_id] = phrases
    job.props.update({"ItemCount": len(phrases), "FileSizeBytes": len(data)})
    job.props.pop("ErrorMessage", None)


@operation("kendra", "CreateQuerySuggestionsBlockList", engine=ENGINE)
def create_block_list(p: dict) -> dict:
    common.check("CreateQuerySuggestionsBlockList", p)
    rec = common.active_index(p["IndexId"])
    list_id = common.new_id()
    now = jobs.now()
    props = {"IndexId": rec.index_id, "Id": list_id, "Name": p["Name"], "Description": p.get("Description", ""),
             "Status": "CREATING", "CreatedAt": now, "UpdatedAt": now, "SourceS3Path": dict(p["SourceS3Path"]),
             "RoleArn": p["RoleArn"]}
    rec.block_lists[list_id] = jobs.submit(jobs.Job(
        list_id, props, work=lambda job: _load(rec, list_id, p["SourceS3Path"], job), lifecycle=LIFE))
    common.add_tags(f"{common.arn_prefix()}{rec.index_id}/query-suggestions-block-list/{list_id}", p.get("Tags"))
    return {"Id": list_id}


def _list_or_404(rec, list_id: str):
    job = rec.block_lists.get(list_id)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Block list {list_id} does not exist in index {rec.index_id}.")
    return job.settle()


@operation("kendra", "DescribeQuerySuggestionsBlockList", engine=ENGINE)
def describe_block_list(p: dict) -> dict:
    common.check("DescribeQuerySuggestionsBlockList", p)
    job = _list_or_404(common.index_or_404(p["IndexId"]), p["Id"])
    return {k: v for k, v in job.props.items() if v != ""}


@operation("kendra", "ListQuerySuggestionsBlockLists", engine=ENGINE)
def list_block_lists(p: dict) -> dict:
    common.check("ListQuerySuggestionsBlockLists", p)
    rec = common.index_or_404(p["IndexId"])
    jobs.settle_all(list(rec.block_lists.values()))
    items = [{k: j.props[k] for k in ("Id", "Name", "Status", "CreatedAt", "UpdatedAt", "ItemCount") if k in j.props}
             for j in rec.block_lists.values()]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), error_code="ValidationException")
    return {"BlockListSummaryItems": page, **({"NextToken": token} if token else {})}


@operation("kendra", "UpdateQuerySuggestionsBlockList", engine=ENGINE)
def update_block_list(p: dict) -> dict:
    common.check("UpdateQuerySuggestionsBlockList", p)
    rec = common.active_index(p["IndexId"])
    props = _list_or_404(rec, p["Id"]).props
    for key in ("Name", "Description", "RoleArn"):
        if key in p:
            props[key] = p[key]
    path = p.get("SourceS3Path") or props["SourceS3Path"]
    props["SourceS3Path"] = dict(path)
    props["Status"] = "UPDATING"
    # Kendra re-reads the file on every update, so a changed S3 object takes effect.
    rec.block_lists[p["Id"]] = jobs.submit(jobs.Job(
        p["Id"], props, work=lambda job: _load(rec, p["Id"], path, job), lifecycle=UPDATE_LIFE))
    return {}


@operation("kendra", "DeleteQuerySuggestionsBlockList", engine=ENGINE)
def delete_block_list(p: dict) -> dict:
    common.check("DeleteQuerySuggestionsBlockList", p)
    rec = common.index_or_404(p["IndexId"])
    _list_or_404(rec, p["Id"])
    rec.block_lists.pop(p["Id"], None)
    rec.blocked.pop(p["Id"], None)
    return {}


def is_blocked(rec, suggestion: str) -> bool:
    """A suggestion containing any blocked phrase (as whole words) is never shown."""
    padded = f" {suggestion} "
    return any(f" {phrase} " in padded for lid, phrases in rec.blocked.items()
               if lid in rec.block_lists for phrase in phrases)
