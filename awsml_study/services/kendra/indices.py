"""Kendra indexes: CreateIndex (CREATING → ACTIVE), Describe/List/Update/Delete, field metadata."""
from __future__ import annotations

import copy

from awsml_study.services.kendra import common
from awsml_study.services.kendra.records import MAX_CUSTOM_FIELDS, IndexRecord, built_in_configurations
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

LIFE = jobs.Lifecycle(key="Status", running="CREATING", done="ACTIVE", failed="FAILED",
                      stopped="FAILED", message_key="ErrorMessage", start_key=None, end_key=None)
UPDATE_LIFE = jobs.Lifecycle(key="Status", running="UPDATING", done="ACTIVE", failed="FAILED",
                             stopped="ACTIVE", message_key="ErrorMessage", start_key=None, end_key="UpdatedAt")
DELETE_LIFE = jobs.Lifecycle(key="Status", running="DELETING", done="DELETING", failed="FAILED",
                             stopped="DELETING", message_key="ErrorMessage", start_key=None, end_key=None)
MAX_INDICES = 10  # per account, all editions (adjustable quota)
# Capacity units: Developer Edition has none to add; Enterprise starts with one of each included.
EXTRA_UNITS = {"DEVELOPER_EDITION": 0, "ENTERPRISE_EDITION": 100, "GEN_AI_ENTERPRISE_EDITION": 100}


def _fingerprint(p: dict) -> str:
    return repr(sorted((k, repr(v)) for k, v in p.items() if k != "ClientToken"))


@operation("kendra", "CreateIndex", engine=common.ENGINE_CONTROL)
def create_index(p: dict) -> dict:
    common.check("CreateIndex", p)
    table = common.indices()
    token = p.get("ClientToken")
    if token:
        for rec in table.values():
            if rec.props.get("_token") == token:
                if rec.props.get("_fingerprint") != _fingerprint(p):
                    raise AwsError("ConflictException", "The ClientToken was already used with "
                                                         "different parameters.")
                return {"Id": rec.index_id}
    if len(table) >= MAX_INDICES:
        raise AwsError("ServiceQuotaExceededException",
                       f"You have reached the maximum of {MAX_INDICES} indices for this account.")
    if p.get("Edition") == "GEN_AI_ENTERPRISE_EDITION" and p.get("UserContextPolicy") == "USER_TOKEN":
        raise AwsError("ValidationException", "Gen AI Enterprise Edition indexes filter by user "
                                              "context with ATTRIBUTE_FILTER only, not USER_TOKEN.")
    if p.get("UserContextPolicy") == "USER_TOKEN" and not p.get("UserTokenConfigurations"):
        raise AwsError("ValidationException", "UserContextPolicy USER_TOKEN needs a "
                                              "UserTokenConfigurations entry (JWT or JSON token).")
    index_id = common.new_id()
    now = jobs.now()
    props = {"Name": p["Name"], "Id": index_id, "Edition": p.get("Edition", "ENTERPRISE_EDITION"),
             "RoleArn": p["RoleArn"], "Status": "CREATING", "Description": p.get("Description", ""),
             "CreatedAt": now, "UpdatedAt": now,
             "DocumentMetadataConfigurations": built_in_configurations(),
             "UserContextPolicy": p.get("UserContextPolicy", "ATTRIBUTE_FILTER"),
             "_token": token, "_fingerprint": _fingerprint(p)}
    for key in ("ServerSideEncryptionConfiguration", "UserTokenConfigurations",
                "UserGroupResolutionConfiguration"):
        if key in p:
            props[key] = copy.deepcopy(p[key])
    if props["Edition"] != "DEVELOPER_EDITION":
        props["CapacityUnits"] = {"StorageCapacityUnits": 0, "QueryCapacityUnits": 0}
    job = jobs.Job(index_id, props, work=lambda job: None, lifecycle=LIFE)
    table[index_id] = IndexRecord(props=props, job=jobs.submit(job))
    common.add_tags(common.arn_prefix() + index_id, p.get("Tags"))
    return {"Id": index_id}


def _statistics(rec: IndexRecord) -> dict:
    rec.settle_documents()
    jobs.settle_all(list(rec.faqs.values()))
    faq_count = sum(len(rec.faq_entries.get(fid, [])) for fid, j in rec.faqs.items()
                    if j.props.get("Status") == "ACTIVE")
    return {"FaqStatistics": {"IndexedQuestionAnswersCount": faq_count},
            "TextDocumentStatistics": {"IndexedTextDocumentsCount": len(rec.docs),
                                       "IndexedTextBytes": sum(len(d.text.encode()) for d in rec.docs.values())}}


def public(props: dict) -> dict:
    return {k: copy.deepcopy(v) for k, v in props.items() if not k.startswith("_") and v != ""}


@operation("kendra", "DescribeIndex", engine=common.ENGINE_CONTROL)
def describe_index(p: dict) -> dict:
    common.check("DescribeIndex", p)
    rec = common.index_or_404(p["Id"])
    out = public(rec.props)
    out["IndexStatistics"] = _statistics(rec)
    return out


@operation("kendra", "ListIndices", engine=common.ENGINE_CONTROL)
def list_indices(p: dict) -> dict:
    common.check("ListIndices", p)
    recs = list(common.indices().values())
    jobs.settle_all([r.job for r in recs])
    items = [{k: r.props[k] for k in ("Name", "Id", "Edition", "CreatedAt", "UpdatedAt", "Status")}
             for r in common.indices().values()]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), default=10,
                            error_code="ValidationException")
    out = {"IndexConfigurationSummaryItems": page}
    if token:
        out["NextToken"] = token
    return out


def _apply_field_updates(rec: IndexRecord, updates: list[dict]) -> None:
    fields = rec.fields()
    for u in updates:
        name = u["Name"]
        old = fields.get(name)
        if old is not None and old["Type"] != u["Type"]:
            raise AwsError("ValidationException", f"The type of field {name} is {old['Type']}; "
                                                  "a field's type cannot be changed.")
        if name.startswith("_") and old is None:
            raise AwsError("ValidationException", f"{name} is not a reserved Kendra field; custom "
                                                  "field names cannot start with an underscore.")
        search = u.get("Search", {})
        if search.get("Sortable") and u["Type"] == "STRING_LIST_VALUE":
            raise AwsError("ValidationException", f"Field {name}: STRING_LIST_VALUE fields cannot be sortable.")
        rel = u.get("Relevance", {})
        if rel.get("ValueImportanceMap") and u["Type"] not in ("STRING_VALUE", "STRING_LIST_VALUE"):
            raise AwsError("ValidationException", f"Field {name}: ValueImportanceMap applies to string fields only.")
        if rel.get("Freshness") and u["Type"] != "DATE_VALUE":
            raise AwsError("ValidationException", f"Field {name}: Freshness applies to date fields only.")
        for v in (rel.get("ValueImportanceMap") or {}).values():
            if not 1 <= v <= 10:
                raise AwsError("ValidationException", f"Field {name}: importance values run from 1 to 10.")
        merged = copy.deepcopy(old) if old else {"Name": name, "Type": u["Type"],
                                                 "Relevance": {"Importance": 1},
                                                 "Search": {"Facetable": False, "Searchable": False,
                                                            "Displayable": True, "Sortable": False}}
        merged["Relevance"].update(copy.deepcopy(rel))
        merged["Search"].update(search)
        fields[name] = merged
    custom = [n for n in fields if not n.startswith("_")]
    if len(custom) > MAX_CUSTOM_FIELDS:
        raise AwsError("ServiceQuotaExceededException",
                       f"An index can have at most {MAX_CUSTOM_FIELDS} custom fields.")
    rec.props["DocumentMetadataConfigurations"] = list(fields.values())


@operation("kendra", "UpdateIndex", engine=common.ENGINE_CONTROL)
def update_index(p: dict) -> dict:
    common.check("UpdateIndex", p)
    rec = common.active_index(p["Id"])
    if "CapacityUnits" in p:
        units = p["CapacityUnits"]
        limit = EXTRA_UNITS[rec.props["Edition"]]
        if rec.props["Edition"] == "DEVELOPER_EDITION":
            raise AwsError("ValidationException", "Developer Edition indexes cannot add capacity units.")
        if units["StorageCapacityUnits"] > limit or units["QueryCapacityUnits"] > limit:
            raise AwsError("ServiceQuotaExceededException",
                           f"At most {limit} extra storage and query capacity units per index.")
    if "DocumentMetadataConfigurationUpdates" in p:
        _apply_field_updates(rec, p["DocumentMetadataConfigurationUpdates"])
    for key in ("Name", "RoleArn", "Description", "CapacityUnits", "UserTokenConfigurations",
                "UserContextPolicy", "UserGroupResolutionConfiguration"):
        if key in p:
            rec.props[key] = copy.deepcopy(p[key])
    rec.props["Status"] = "UPDATING"
    rec.job = jobs.submit(jobs.Job(rec.index_id, rec.props, work=lambda job: None, lifecycle=UPDATE_LIFE))
    return {}


@operation("kendra", "DeleteIndex", engine=common.ENGINE_CONTROL)
def delete_index(p: dict) -> dict:
    common.check("DeleteIndex", p)
    rec = common.index_or_404(p["Id"])
    if rec.props["Status"] == "DELETING":
        raise AwsError("ConflictException", f"Index {p['Id']} is already being deleted.")
    rec.props["Status"] = "DELETING"
    table = common.indices()

    def remove(job):
        table.pop(rec.index_id, None)
        arn = common.arn_prefix() + rec.index_id
        for key in [k for k in common.tags() if k == arn or k.startswith(arn + "/")]:
            common.tags().pop(key, None)

    rec.job = jobs.submit(jobs.Job(rec.index_id, rec.props, work=remove, lifecycle=DELETE_LIFE))
    return {}
