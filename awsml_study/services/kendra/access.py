"""Kendra access control: reusable access control configurations and principal (group) mappings."""
from __future__ import annotations

import copy
import json
import time
from types import SimpleNamespace

from awsml_study.services.kendra import common
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

MAPPING = jobs.Lifecycle(key="Status", running="PROCESSING", done="SUCCEEDED", failed="FAILED",
                         stopped="FAILED", message_key="FailureReason", start_key=None, end_key="LastUpdatedAt")
MAX_NESTING = 10  # how deep group-in-group membership is followed


# ----- access control configurations -----

@operation("kendra", "CreateAccessControlConfiguration", engine=common.ENGINE_CONTROL)
def create_configuration(p: dict) -> dict:
    common.check("CreateAccessControlConfiguration", p)
    rec = common.active_index(p["IndexId"])
    if rec.props["Edition"] == "GEN_AI_ENTERPRISE_EDITION" and p.get("HierarchicalAccessControlList"):
        raise AwsError("ValidationException", "Gen AI Enterprise Edition indexes take a flat AccessControlList.")
    cid = common.new_id()
    rec.acl_configs[cid] = {"Id": cid, "Name": p["Name"], "Description": p.get("Description", ""),
                            "AccessControlList": copy.deepcopy(p.get("AccessControlList") or []),
                            "HierarchicalAccessControlList": copy.deepcopy(p.get("HierarchicalAccessControlList") or [])}
    return {"Id": cid}


def _configuration_or_404(rec, cid: str) -> dict:
    conf = rec.acl_configs.get(cid)
    if conf is None:
        raise AwsError("ResourceNotFoundException", f"Access control configuration {cid} does not exist.")
    return conf


@operation("kendra", "DescribeAccessControlConfiguration", engine=common.ENGINE_CONTROL)
def describe_configuration(p: dict) -> dict:
    common.check("DescribeAccessControlConfiguration", p)
    conf = _configuration_or_404(common.index_or_404(p["IndexId"]), p["Id"])
    return {k: copy.deepcopy(v) for k, v in conf.items() if k != "Id" and v not in ("", [])}


@operation("kendra", "ListAccessControlConfigurations", engine=common.ENGINE_CONTROL)
def list_configurations(p: dict) -> dict:
    common.check("ListAccessControlConfigurations", p)
    rec = common.index_or_404(p["IndexId"])
    page, token = jobs.page([{"Id": c} for c in rec.acl_configs], p.get("MaxResults"), p.get("NextToken"),
                            error_code="ValidationException")
    return {"AccessControlConfigurations": page, **({"NextToken": token} if token else {})}


@operation("kendra", "UpdateAccessControlConfiguration", engine=common.ENGINE_CONTROL)
def update_configuration(p: dict) -> dict:
    """The new ACL applies to every document that names the configuration, without re-indexing."""
    common.check("UpdateAccessControlConfiguration", p)
    rec = common.active_index(p["IndexId"])
    conf = _configuration_or_404(rec, p["Id"])
    for key in ("Name", "Description", "AccessControlList", "HierarchicalAccessControlList"):
        if key in p:
            conf[key] = copy.deepcopy(p[key])
    return {}


@operation("kendra", "DeleteAccessControlConfiguration", engine=common.ENGINE_CONTROL)
def delete_configuration(p: dict) -> dict:
    common.check("DeleteAccessControlConfiguration", p)
    rec = common.index_or_404(p["IndexId"])
    _configuration_or_404(rec, p["Id"])
    if any(d.acl_config_id == p["Id"] for d in list(rec.docs.values())):
        raise AwsError("ConflictException", "Documents still use this access control configuration.")
    rec.acl_configs.pop(p["Id"])
    return {}


def effective(rec, doc):
    """The ACL that governs a document: its access control configuration's, if it names one."""
    conf = rec.acl_configs.get(doc.acl_config_id) if doc.acl_config_id else None
    if conf is None:
        return doc
    return SimpleNamespace(acl=conf["AccessControlList"], hierarchical=conf["HierarchicalAccessControlList"])


# ----- principal mapping (users and groups into groups) -----

def _members(p: dict) -> dict:
    gm = p["GroupMembers"]
    users = {u["UserId"] for u in gm.get("MemberUsers") or []}
    groups = {g["GroupId"] for g in gm.get("MemberGroups") or []}
    return {"users": users, "groups": groups, "s3": gm.get("S3PathforGroupMembers")}


@operation("kendra", "PutPrincipalMapping", engine="kendra/principal-mapping")
def put_principal_mapping(p: dict) -> dict:
    common.check("PutPrincipalMapping", p)
    rec = common.active_index(p["IndexId"])
    members = _members(p)
    if members["s3"] and (members["users"] or members["groups"]):
        raise AwsError("ValidationException", "Give members inline or in S3PathforGroupMembers, not both.")
    if members["s3"] and not p.get("RoleArn"):
        raise AwsError("ValidationException", "S3PathforGroupMembers needs a RoleArn that can read the file.")
    key = (p["GroupId"], p.get("DataSourceId"))
    ordering = p.get("OrderingId", int(time.time() * 1000))
    previous = rec.principals.get(key)
    if previous is not None:
        previous.settle()
        if previous.props.get("OrderingId", 0) > ordering:
            raise AwsError("ConflictException", "A newer update (higher OrderingId) of this group already exists.")
    now = jobs.now()
    props = {"OrderingId": ordering, "ReceivedAt": now, "LastUpdatedAt": now, "Status": "PROCESSING",
             "_members": {"users": set(), "groups": set()}, "_history": (previous.props.get("_history", [])
                                                                       if previous else [])}

    def work(job):
        users, groups = members["users"], members["groups"]
        if members["s3"]:
            try:
                doc = json.loads(s3io.read(members["s3"]["Bucket"], members["s3"]["Key"]))
                users = {u["UserId"] for u in doc.get("MemberUsers", [])}
                groups = {g["GroupId"] for g in doc.get("MemberGroups", [])}
            except s3io.S3ReadError as err:
                raise jobs.JobFailure(f"The group members file could not be read: {err}") from None
            except (ValueError, KeyError, TypeError, AttributeError):
                raise jobs.JobFailure('The group members file must be JSON with "MemberUsers" and/or '
                                      '"MemberGroups" lists.') from None
        job.props["_members"] = {"users": users, "groups": groups}

    job = jobs.Job(f"{p['GroupId']}:{ordering}", props, work=work, lifecycle=MAPPING)
    props["_history"] = props["_history"][-9:] + [props]
    rec.principals[key] = jobs.submit(job)
    return {}


def _mapping_or_404(rec, group_id: str, ds_id: str | None):
    job = rec.principals.get((group_id, ds_id))
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Group {group_id} has no principal mapping in this index.")
    return job.settle()


@operation("kendra", "DescribePrincipalMapping", engine="kendra/principal-mapping")
def describe_principal_mapping(p: dict) -> dict:
    common.check("DescribePrincipalMapping", p)
    rec = common.index_or_404(p["IndexId"])
    job = _mapping_or_404(rec, p["GroupId"], p.get("DataSourceId"))
    summaries = [{k: h[k] for k in ("Status", "LastUpdatedAt", "ReceivedAt", "OrderingId", "FailureReason") if k in h}
                 for h in job.props["_history"]]
    out = {"IndexId": rec.index_id, "GroupId": p["GroupId"], "GroupOrderingIdSummaries": summaries}
    if p.get("DataSourceId"):
        out["DataSourceId"] = p["DataSourceId"]
    return out


@operation("kendra", "DeletePrincipalMapping", engine="kendra/principal-mapping")
def delete_principal_mapping(p: dict) -> dict:
    common.check("DeletePrincipalMapping", p)
    rec = common.active_index(p["IndexId"])
    job = _mapping_or_404(rec, p["GroupId"], p.get("DataSourceId"))
    if p.get("OrderingId") is not None and p["OrderingId"] < job.props.get("OrderingId", 0):
        raise AwsError("ConflictException", "A newer update (higher OrderingId) of this group exists.")
    rec.principals.pop((p["GroupId"], p.get("DataSourceId")))
    return {}


@operation("kendra", "ListGroupsOlderThanOrderingId", engine="kendra/principal-mapping")
def list_groups_older(p: dict) -> dict:
    common.check("ListGroupsOlderThanOrderingId", p)
    rec = common.index_or_404(p["IndexId"])
    jobs.settle_all(list(rec.principals.values()))
    items = [{"GroupId": g, "OrderingId": j.props["OrderingId"]} for (g, ds), j in rec.principals.items()
             if ds == p.get("DataSourceId") and j.props["OrderingId"] < p["OrderingId"]]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), default=10,
                            error_code="ValidationException")
    return {"GroupsSummaries": page, **({"NextToken": token} if token else {})}


def expand_groups(rec, users: set, groups: set) -> set:
    """The user's groups plus every mapped group that contains the user or one of those groups,
    followed through nested groups."""
    mapped = {}
    for (group_id, _), job in list(rec.principals.items()):
        job.settle()
        if job.props.get("Status") == "SUCCEEDED":
            m = job.props["_members"]
            entry = mapped.setdefault(group_id, {"users": set(), "groups": set()})
            entry["users"] |= m["users"]
            entry["groups"] |= m["groups"]
    found = set(groups) | {g for g, m in mapped.items() if m["users"] & users}
    for _ in range(MAX_NESTING):
        more = {g for g, m in mapped.items() if m["groups"] & found} - found
        if not more:
            break
        found |= more
    return found
