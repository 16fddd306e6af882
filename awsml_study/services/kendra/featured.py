"""Kendra featured results: sets of documents pinned above the ranked results for exact query texts."""
from __future__ import annotations

import time

from awsml_study.services.kendra import common
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation


def _sets(index_id: str) -> dict:
    return state.store("kendra.featured").setdefault(index_id, {})


def _now_ms() -> int:
    return int(time.time() * 1000)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _check_conflicts(index_id: str, set_id: str | None, status: str, queries: list[str]) -> None:
    """An ACTIVE set cannot claim a query text that another ACTIVE set already features."""
    if status != "ACTIVE":
        return
    clashes = [{"QueryText": q, "SetName": s["FeaturedResultsSetName"], "SetId": s["FeaturedResultsSetId"]}
               for s in _sets(index_id).values() if s["FeaturedResultsSetId"] != set_id and s["Status"] == "ACTIVE"
               for q in queries if _norm(q) in {_norm(x) for x in s["QueryTexts"]}]
    if clashes:
        raise AwsError("FeaturedResultsConflictException",
                       "Another active featured results set already uses these query texts.",
                       ConflictingItems=clashes)


@operation("kendra", "CreateFeaturedResultsSet", engine=common.ENGINE_CONTROL)
def create_set(p: dict) -> dict:
    common.check("CreateFeaturedResultsSet", p)
    rec = common.active_index(p["IndexId"])
    status = p.get("Status", "ACTIVE")
    _check_conflicts(rec.index_id, None, status, p.get("QueryTexts") or [])
    set_id = common.new_id()
    now = _now_ms()
    item = {"FeaturedResultsSetId": set_id, "FeaturedResultsSetName": p["FeaturedResultsSetName"],
            "Description": p.get("Description", ""), "Status": status,
            "QueryTexts": list(p.get("QueryTexts") or []),
            "FeaturedDocuments": [{"Id": d["Id"]} for d in p.get("FeaturedDocuments") or [] if d.get("Id")],
            "LastUpdatedTimestamp": now, "CreationTimestamp": now}
    _sets(rec.index_id)[set_id] = item
    common.add_tags(f"{common.arn_prefix()}{rec.index_id}/featured-results-set/{set_id}", p.get("Tags"))
    return {"FeaturedResultsSet": dict(item)}


def _set_or_404(index_id: str, set_id: str) -> dict:
    item = _sets(index_id).get(set_id)
    if item is None:
        raise AwsError("ResourceNotFoundException", f"Featured results set {set_id} does not exist.")
    return item


@operation("kendra", "UpdateFeaturedResultsSet", engine=common.ENGINE_CONTROL)
def update_set(p: dict) -> dict:
    common.check("UpdateFeaturedResultsSet", p)
    rec = common.active_index(p["IndexId"])
    item = _set_or_404(rec.index_id, p["FeaturedResultsSetId"])
    _check_conflicts(rec.index_id, item["FeaturedResultsSetId"], p.get("Status", item["Status"]),
                     p.get("QueryTexts", item["QueryTexts"]))
    for key in ("FeaturedResultsSetName", "Description", "Status", "QueryTexts"):
        if key in p:
            item[key] = p[key]
    if "FeaturedDocuments" in p:
        item["FeaturedDocuments"] = [{"Id": d["Id"]} for d in p["FeaturedDocuments"] if d.get("Id")]
    item["LastUpdatedTimestamp"] = _now_ms()
    return {"FeaturedResultsSet": dict(item)}


@operation("kendra", "DescribeFeaturedResultsSet", engine=common.ENGINE_CONTROL)
def describe_set(p: dict) -> dict:
    common.check("DescribeFeaturedResultsSet", p)
    rec = common.index_or_404(p["IndexId"])
    item = _set_or_404(rec.index_id, p["FeaturedResultsSetId"])
    rec.settle_documents()
    out = {k: v for k, v in item.items() if k != "FeaturedDocuments"}
    present, missing = [], []
    for d in item["FeaturedDocuments"]:
        doc = rec.docs.get(d["Id"])
        if doc is None:
            missing.append({"Id": d["Id"]})
        else:
            entry = {"Id": doc.doc_id, "Title": doc.title or doc.doc_id}
            if doc.uri:
                entry["URI"] = doc.uri
            present.append(entry)
    out["FeaturedDocumentsWithMetadata"], out["FeaturedDocumentsMissing"] = present, missing
    return out


@operation("kendra", "ListFeaturedResultsSets", engine=common.ENGINE_CONTROL)
def list_sets(p: dict) -> dict:
    common.check("ListFeaturedResultsSets", p)
    rec = common.index_or_404(p["IndexId"])
    items = [{k: s[k] for k in ("FeaturedResultsSetId", "FeaturedResultsSetName", "Status",
                                "LastUpdatedTimestamp", "CreationTimestamp")} for s in _sets(rec.index_id).values()]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), error_code="ValidationException")
    return {"FeaturedResultsSetSummaryItems": page, **({"NextToken": token} if token else {})}


@operation("kendra", "BatchDeleteFeaturedResultsSet", engine=common.ENGINE_CONTROL)
def batch_delete_sets(p: dict) -> dict:
    common.check("BatchDeleteFeaturedResultsSet", p)
    rec = common.index_or_404(p["IndexId"])
    errors = []
    for set_id in p["FeaturedResultsSetIds"]:
        if _sets(rec.index_id).pop(set_id, None) is None:
            errors.append({"Id": set_id, "ErrorCode": "InvalidRequest",
                           "ErrorMessage": f"Featured results set {set_id} does not exist."})
    return {"Errors": errors}


def featured_for(index_id: str, query: str) -> list[str]:
    """Document ids an ACTIVE set features for exactly this query text (case and spaces ignored)."""
    q = _norm(query)
    for s in _sets(index_id).values():
        if s["Status"] == "ACTIVE" and q in {_norm(x) for x in s["QueryTexts"]}:
            return [d["Id"] for d in s["FeaturedDocuments"]]
    return []
