"""Intents and their slots: create, describe, update (slot priorities), delete, list."""
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
INTENT_KEYS = ("intentName", "intentDisplayName", "description", "parentIntentSignature", "sampleUtterances",
               "dialogCodeHook", "fulfillmentCodeHook", "intentConfirmationSetting", "intentClosingSetting",
               "inputContexts", "outputContexts", "kendraConfiguration", "initialResponseSetting",
               "qnAIntentConfiguration", "slotPriorities")
SLOT_KEYS = ("slotName", "description", "slotTypeId", "valueElicitationSetting", "obfuscationSetting",
             "multipleValuesSetting", "subSlotSetting")
MAX_UTTERANCE = 500


def _check_intent(p: dict, loc: dict, intent_id: str | None) -> None:
    name = p["intentName"]
    if any(i["props"]["intentName"] == name and iid != intent_id for iid, i in loc["intents"].items()):
        raise AwsError("PreconditionFailedException",
                       f"An intent with the name {name} already exists in locale {p['localeId']}.", 412)
    parent = p.get("parentIntentSignature")
    if parent and parent not in BUILT_IN_INTENTS:
        raise AwsError("ValidationException", f"The built-in intent {parent} does not exist.")
    if name.startswith("AMAZON.") and name != parent:
        raise AwsError("ValidationException", "Intent names starting with AMAZON. are reserved for built-in intents.")
    for u in p.get("sampleUtterances") or []:
        if len(u["utterance"]) > MAX_UTTERANCE:
            raise AwsError("ValidationException",
                           f"Sample utterance '{u['utterance'][:40]}...' exceeds {MAX_UTTERANCE} characters.")


@operation("lexv2-models", "CreateIntent", engine=ENGINE)
def create_intent(p: dict) -> dict:
    check("CreateIntent", p)
    loc = store.draft_locale(p)
    _check_intent(p, loc, None)
    intent_id = store.new_id(loc["intents"])
    now = jobs.now()
    props = {k: copy.deepcopy(p[k]) for k in INTENT_KEYS if k in p}
    props.update(intentId=intent_id, botId=p["botId"], botVersion=store.DRAFT, localeId=p["localeId"],
                 creationDateTime=now, lastUpdatedDateTime=now)
    loc["intents"][intent_id] = {"props": props, "slots": {}}
    store.changed(loc)
    return respond("CreateIntent", props)


@operation("lexv2-models", "DescribeIntent", engine=ENGINE)
def describe_intent(p: dict) -> dict:
    check("DescribeIntent", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    return respond("DescribeIntent", store.intent(loc, p["intentId"])["props"])


@operation("lexv2-models", "UpdateIntent", engine=ENGINE)
def update_intent(p: dict) -> dict:
    check("UpdateIntent", p)
    loc = store.draft_locale(p)
    found = store.intent(loc, p["intentId"])
    _check_intent(p, loc, p["intentId"])
    for prio in p.get("slotPriorities") or []:
        if prio["slotId"] not in found["slots"]:
            raise AwsError("ValidationException",
                           f"Slot priority refers to slot {prio['slotId']}, which is not in intent {p['intentName']}.")
    props = found["props"]
    for key in INTENT_KEYS:  # an update replaces the whole definition, as in Lex
        if key in p:
            props[key] = copy.deepcopy(p[key])
        elif key != "slotPriorities":
            props.pop(key, None)
    props["lastUpdatedDateTime"] = jobs.now()
    store.changed(loc)
    return respond("UpdateIntent", props)


@operation("lexv2-models", "DeleteIntent", engine=ENGINE)
def delete_intent(p: dict) -> dict:
    check("DeleteIntent", p)
    loc = store.draft_locale(p)
    store.intent(loc, p["intentId"])
    del loc["intents"][p["intentId"]]
    store.changed(loc)
    return {}


@operation("lexv2-models", "ListIntents", engine=ENGINE)
def list_intents(p: dict) -> dict:
    check("ListIntents", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    items = [i["props"] for i in loc["intents"].values()]
    items = filtered(items, p.get("filters"), {"IntentName": "intentName"})
    items = ordered(items, p.get("sortBy"), "intentName")
    chunk, token = jobs.page([summary(i, "IntentSummary") for i in items], p.get("maxResults"), p.get("nextToken"),
                             default=10, error_code="ValidationException")
    return {"botId": p["botId"], "botVersion": p["botVersion"], "localeId": p["localeId"],
            "intentSummaries": chunk, **({"nextToken": token} if token else {})}


# ----- slots -----

def _check_slot(p: dict, loc: dict, found: dict, slot_id: str | None) -> None:
    if any(s["props"]["slotName"] == p["slotName"] and sid != slot_id for sid, s in found["slots"].items()):
        raise AwsError("PreconditionFailedException",
                       f"A slot with the name {p['slotName']} already exists in intent {found['props']['intentName']}.", 412)
    type_id = p.get("slotTypeId")
    if type_id and type_id not in BUILT_IN_SLOT_TYPES and type_id not in loc["slotTypes"]:
        raise AwsError("ValidationException", f"The slot type {type_id} does not exist.")
    if found["props"].get("parentIntentSignature") == store.FALLBACK_SIGNATURE:
        raise AwsError("ValidationException", "The fallback intent can't have slots.")
    setting = p["valueElicitationSetting"]
    if setting.get("slotConstraint") == "Required" and not setting.get("promptSpecification"):
        raise AwsError("ValidationException",
                       f"Slot {p['slotName']} is required, so valueElicitationSetting needs a promptSpecification.")


@operation("lexv2-models", "CreateSlot", engine=ENGINE)
def create_slot(p: dict) -> dict:
    check("CreateSlot", p)
    loc = store.draft_locale(p)
    found = store.intent(loc, p["intentId"])
    _check_slot(p, loc, found, None)
    slot_id = store.new_id(found["slots"])
    now = jobs.now()
    props = {k: copy.deepcopy(p[k]) for k in SLOT_KEYS if k in p}
    props.update(slotId=slot_id, botId=p["botId"], botVersion=store.DRAFT, localeId=p["localeId"],
                 intentId=p["intentId"], creationDateTime=now, lastUpdatedDateTime=now)
    found["slots"][slot_id] = {"props": props}
    # Lex adds a new slot at the end of the intent's priorities
    prios = found["props"].setdefault("slotPriorities", [])
    prios.append({"priority": len(prios) + 1, "slotId": slot_id})
    store.changed(loc)
    return respond("CreateSlot", props)


@operation("lexv2-models", "DescribeSlot", engine=ENGINE)
def describe_slot(p: dict) -> dict:
    check("DescribeSlot", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    slot = store.intent(loc, p["intentId"])["slots"].get(p["slotId"])
    if slot is None:
        raise store.not_found("slot", p["slotId"])
    return respond("DescribeSlot", slot["props"])


@operation("lexv2-models", "UpdateSlot", engine=ENGINE)
def update_slot(p: dict) -> dict:
    check("UpdateSlot", p)
    loc = store.draft_locale(p)
    found = store.intent(loc, p["intentId"])
    slot = found["slots"].get(p["slotId"])
    if slot is None:
        raise store.not_found("slot", p["slotId"])
    _check_slot(p, loc, found, p["slotId"])
    for key in SLOT_KEYS:
        if key in p:
            slot["props"][key] = copy.deepcopy(p[key])
        else:
            slot["props"].pop(key, None)
    slot["props"]["lastUpdatedDateTime"] = jobs.now()
    store.changed(loc)
    return respond("UpdateSlot", slot["props"])


@operation("lexv2-models", "DeleteSlot", engine=ENGINE)
def delete_slot(p: dict) -> dict:
    check("DeleteSlot", p)
    loc = store.draft_locale(p)
    found = store.intent(loc, p["intentId"])
    if p["slotId"] not in found["slots"]:
        raise store.not_found("slot", p["slotId"])
    del found["slots"][p["slotId"]]
    found["props"]["slotPriorities"] = [
        {"priority": i + 1, "slotId": s["slotId"]}
        for i, s in enumerate(x for x in found["props"].get("slotPriorities", []) if x["slotId"] != p["slotId"])]
    store.changed(loc)
    return {}


@operation("lexv2-models", "ListSlots", engine=ENGINE)
def list_slots(p: dict) -> dict:
    check("ListSlots", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    found = store.intent(loc, p["intentId"])
    items = []
    for s in found["slots"].values():
        props = s["props"]
        spec = props.get("valueElicitationSetting", {}).get("promptSpecification")
        items.append(dict(props, slotConstraint=props.get("valueElicitationSetting", {}).get("slotConstraint"),
                          valueElicitationPromptSpecification=spec))
    items = filtered(items, p.get("filters"), {"SlotName": "slotName"})
    items = ordered(items, p.get("sortBy"), "slotName")
    chunk, token = jobs.page([summary(i, "SlotSummary") for i in items], p.get("maxResults"), p.get("nextToken"),
                             default=10, error_code="ValidationException")
    return {"botId": p["botId"], "botVersion": p["botVersion"], "localeId": p["localeId"],
            "intentId": p["intentId"], "slotSummaries": chunk, **({"nextToken": token} if token else {})}
