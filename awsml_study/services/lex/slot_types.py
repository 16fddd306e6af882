"""Custom slot types (values, synonyms, resolution strategy, built-in parents) and the built-in catalogue."""
from __future__ import annotations

import copy

from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import store
from awsml_study.services.lex.bots import filtered, ordered
from awsml_study.services.lex.builtins import BUILT_IN_INTENTS, BUILT_IN_SLOT_TYPES
from awsml_study.services.lex.shapes import check, respond, summary

ENGINE = store.MODELS_ENGINE
KEYS = ("slotTypeName", "description", "slotTypeValues", "valueSelectionSetting", "parentSlotTypeSignature",
        "externalSourceSetting", "compositeSlotTypeSetting")
PARENTS = {"AMAZON.AlphaNumeric"}  # the one built-in type a custom type may extend (with a regex)


def _check(p: dict, loc: dict, type_id: str | None) -> None:
    if any(t["props"]["slotTypeName"] == p["slotTypeName"] and tid != type_id for tid, t in loc["slotTypes"].items()):
        raise AwsError("PreconditionFailedException",
                       f"A slot type with the name {p['slotTypeName']} already exists.", 412)
    parent = p.get("parentSlotTypeSignature")
    if parent and parent not in PARENTS:
        raise AwsError("ValidationException",
                       f"The parent slot type signature {parent} is not valid. Only AMAZON.AlphaNumeric can be extended.")
    if parent and not (p.get("valueSelectionSetting") or {}).get("regexFilter"):
        raise AwsError("ValidationException",
                       "A slot type extending AMAZON.AlphaNumeric needs valueSelectionSetting.regexFilter.")
    if not parent and not p.get("valueSelectionSetting"):
        raise AwsError("ValidationException", "valueSelectionSetting is required for a custom slot type.")


def _props(p: dict) -> dict:
    return {k: copy.deepcopy(p[k]) for k in KEYS if k in p}


@operation("lexv2-models", "CreateSlotType", engine=ENGINE)
def create_slot_type(p: dict) -> dict:
    check("CreateSlotType", p)
    loc = store.draft_locale(p)
    _check(p, loc, None)
    type_id = store.new_id(loc["slotTypes"])
    now = jobs.now()
    props = _props(p)
    props.update(slotTypeId=type_id, botId=p["botId"], botVersion=store.DRAFT, localeId=p["localeId"],
                 creationDateTime=now, lastUpdatedDateTime=now)
    loc["slotTypes"][type_id] = {"props": props}
    store.changed(loc)
    return respond("CreateSlotType", props)


def _get(loc: dict, type_id: str) -> dict:
    found = loc["slotTypes"].get(type_id)
    if found is None:
        raise store.not_found("slot type", type_id)
    return found


@operation("lexv2-models", "DescribeSlotType", engine=ENGINE)
def describe_slot_type(p: dict) -> dict:
    check("DescribeSlotType", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    return respond("DescribeSlotType", _get(loc, p["slotTypeId"])["props"])


@operation("lexv2-models", "UpdateSlotType", engine=ENGINE)
def update_slot_type(p: dict) -> dict:
    check("UpdateSlotType", p)
    loc = store.draft_locale(p)
    found = _get(loc, p["slotTypeId"])
    _check(p, loc, p["slotTypeId"])
    keep = {k: found["props"][k] for k in ("slotTypeId", "botId", "botVersion", "localeId", "creationDateTime")}
    found["props"] = dict(keep, **_props(p), lastUpdatedDateTime=jobs.now())
    store.changed(loc)
    return respond("UpdateSlotType", found["props"])


@operation("lexv2-models", "DeleteSlotType", engine=ENGINE)
def delete_slot_type(p: dict) -> dict:
    check("DeleteSlotType", p)
    loc = store.draft_locale(p)
    _get(loc, p["slotTypeId"])
    users = [f"{i['props']['intentName']}.{s['props']['slotName']}" for i in loc["intents"].values()
             for s in i["slots"].values() if s["props"].get("slotTypeId") == p["slotTypeId"]]
    if users and not p.get("skipResourceInUseCheck"):
        raise AwsError("PreconditionFailedException",
                       f"Slot type {p['slotTypeId']} is used by slots {', '.join(users)}.", 412)
    del loc["slotTypes"][p["slotTypeId"]]
    store.changed(loc)
    return {}


@operation("lexv2-models", "ListSlotTypes", engine=ENGINE)
def list_slot_types(p: dict) -> dict:
    check("ListSlotTypes", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    items = [dict(t["props"], slotTypeCategory="Custom") for t in loc["slotTypes"].values()]
    items = filtered(items, p.get("filters"), {"SlotTypeName": "slotTypeName"})
    items = ordered(items, p.get("sortBy"), "slotTypeName")
    chunk, token = jobs.page([summary(i, "SlotTypeSummary") for i in items], p.get("maxResults"),
                             p.get("nextToken"), default=10, error_code="ValidationException")
    return {"botId": p["botId"], "botVersion": p["botVersion"], "localeId": p["localeId"],
            "slotTypeSummaries": chunk, **({"nextToken": token} if token else {})}


def _builtin_locale(p: dict) -> None:
    if p["localeId"] not in store.LOCALES:
        raise AwsError("ValidationException", f"The locale {p['localeId']} is not supported.")


@operation("lexv2-models", "ListBuiltInIntents", engine=ENGINE)
def list_built_in_intents(p: dict) -> dict:
    check("ListBuiltInIntents", p)
    _builtin_locale(p)
    items = [{"intentSignature": k, "description": v[0]} for k, v in BUILT_IN_INTENTS.items()]
    items = ordered(items, p.get("sortBy"), "intentSignature")
    chunk, token = jobs.page(items, p.get("maxResults"), p.get("nextToken"), default=20,
                             error_code="ValidationException")
    return {"builtInIntentSummaries": chunk, "localeId": p["localeId"], **({"nextToken": token} if token else {})}


@operation("lexv2-models", "ListBuiltInSlotTypes", engine=ENGINE)
def list_built_in_slot_types(p: dict) -> dict:
    check("ListBuiltInSlotTypes", p)
    _builtin_locale(p)
    items = [{"slotTypeSignature": k, "description": v} for k, v in BUILT_IN_SLOT_TYPES.items()]
    items = ordered(items, p.get("sortBy"), "slotTypeSignature")
    chunk, token = jobs.page(items, p.get("maxResults"), p.get("nextToken"), default=20,
                             error_code="ValidationException")
    return {"builtInSlotTypeSummaries": chunk, "localeId": p["localeId"], **({"nextToken": token} if token else {})}
