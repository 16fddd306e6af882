"""Bots: CreateBot (Creating -> Available), Describe, Update, Delete, List; the test alias it comes with."""
from __future__ import annotations

from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import store
from awsml_study.services.lex.shapes import check, respond, summary

ENGINE = store.MODELS_ENGINE
MAX_BOTS = 100  # bots per account (adjustable quota)


def _test_alias(bot_id: str, tags: dict | None) -> dict:
    props = {"botAliasId": store.TEST_ALIAS_ID, "botAliasName": store.TEST_ALIAS_NAME,
             "description": "test bot alias", "botVersion": store.DRAFT, "botId": bot_id,
             "botAliasStatus": "Available", "creationDateTime": jobs.now(), "lastUpdatedDateTime": jobs.now(),
             "sentimentAnalysisSettings": {"detectSentiment": False}, "tags": dict(tags or {})}
    return {"props": props}


@operation("lexv2-models", "CreateBot", engine=ENGINE)
def create_bot(p: dict) -> dict:
    check("CreateBot", p)
    if not 60 <= p["idleSessionTTLInSeconds"] <= 86400:
        raise AwsError("ValidationException", f"1 validation error detected: Value '{p['idleSessionTTLInSeconds']}' "
                       "at 'idleSessionTTLInSeconds' failed to satisfy constraint: Member must have value "
                       "between 60 and 86400")
    if any(b["props"]["botName"] == p["botName"] for b in store.bots().values()):
        raise AwsError("PreconditionFailedException", f"A bot with the name {p['botName']} already exists.", 412)
    if len(store.bots()) >= MAX_BOTS:
        raise AwsError("ServiceQuotaExceededException", f"You have reached the maximum of {MAX_BOTS} bots.", 402)
    bot_id = store.new_id(store.bots())
    now = jobs.now()
    props = {"botId": bot_id, "botName": p["botName"], "description": p.get("description"),
             "roleArn": p["roleArn"], "dataPrivacy": p["dataPrivacy"],
             "idleSessionTTLInSeconds": p["idleSessionTTLInSeconds"], "creationDateTime": now,
             "lastUpdatedDateTime": now, "botTags": p.get("botTags"), "testBotAliasTags": p.get("testBotAliasTags"),
             "botType": p.get("botType", "Bot"), "botMembers": p.get("botMembers"),
             "errorLogSettings": p.get("errorLogSettings")}
    record = {"props": props, "versions": {store.DRAFT: {"props": {"botVersion": store.DRAFT}, "locales": {}}},
              "aliases": {store.TEST_ALIAS_ID: _test_alias(bot_id, p.get("testBotAliasTags"))}, "next_version": 1}
    store.bots()[bot_id] = record
    store.start(record, "botStatus", "Creating", "Available")
    return respond("CreateBot", props)


@operation("lexv2-models", "DescribeBot", engine=ENGINE)
def describe_bot(p: dict) -> dict:
    check("DescribeBot", p)
    return respond("DescribeBot", store.bot(p["botId"])["props"])


@operation("lexv2-models", "UpdateBot", engine=ENGINE)
def update_bot(p: dict) -> dict:
    check("UpdateBot", p)
    record = store.bot(p["botId"])
    for key in ("botName", "description", "roleArn", "dataPrivacy", "idleSessionTTLInSeconds", "botType",
                "botMembers", "errorLogSettings"):
        if key in p:
            record["props"][key] = p[key]
    record["props"]["lastUpdatedDateTime"] = jobs.now()
    return respond("UpdateBot", record["props"])


@operation("lexv2-models", "DeleteBot", engine=ENGINE)
def delete_bot(p: dict) -> dict:
    check("DeleteBot", p)
    record = store.bot(p["botId"])
    in_use = [a for a in record["aliases"] if a != store.TEST_ALIAS_ID]
    if in_use and not p.get("skipResourceInUseCheck"):
        raise AwsError("PreconditionFailedException",
                       f"Bot {p['botId']} has aliases {', '.join(sorted(in_use))}. Delete them first or "
                       "set skipResourceInUseCheck.", 412)
    del store.bots()[p["botId"]]
    for key in [k for k in store.sessions() if k[0] == p["botId"]]:
        del store.sessions()[key]
    return {"botId": p["botId"], "botStatus": "Deleting"}


def _matches(value: str, flt: dict) -> bool:
    wanted = flt.get("values", [])
    if flt.get("operator") == "EQ":
        return value in wanted
    return any(w.lower() in value.lower() for w in wanted)  # CO: contains


def filtered(items: list[dict], filters: list[dict] | None, names: dict[str, str]) -> list[dict]:
    """Apply Lex's list filters ({name, values, operator CO|EQ}); `names` maps filter -> member."""
    for flt in filters or []:
        member = names.get(flt.get("name"))
        if member:
            items = [i for i in items if _matches(str(i.get(member, "")), flt)]
    return items


def ordered(items: list[dict], sort_by: dict | None, default_attr: str) -> list[dict]:
    attr = (sort_by or {}).get("attribute")
    key = {"BotName": "botName", "IntentName": "intentName", "SlotTypeName": "slotTypeName",
           "SlotName": "slotName", "BotLocaleName": "localeName", "LastUpdatedDateTime": "lastUpdatedDateTime",
           "BotVersion": "botVersion", "IntentSignature": "intentSignature",
           "SlotTypeSignature": "slotTypeSignature"}.get(attr, default_attr)
    reverse = (sort_by or {}).get("order") == "Descending"
    return sorted(items, key=lambda i: (str(i.get(key, "")).lower()), reverse=reverse)


@operation("lexv2-models", "ListBots", engine=ENGINE)
def list_bots(p: dict) -> dict:
    check("ListBots", p)
    records = list(store.bots().values())
    jobs.settle_all(r["job"] for r in records if r.get("job"))
    items = [dict(r["props"], latestBotVersion=_latest(r)) for r in records]
    items = filtered(items, p.get("filters"), {"BotName": "botName", "BotType": "botType"})
    items = ordered(items, p.get("sortBy"), "botName")
    chunk, token = jobs.page([summary(i, "BotSummary") for i in items], p.get("maxResults"), p.get("nextToken"),
                             default=10, error_code="ValidationException")
    return {"botSummaries": chunk, **({"nextToken": token} if token else {})}


def _latest(record: dict) -> str:
    numbers = [int(v) for v in record["versions"] if v != store.DRAFT]
    return str(max(numbers)) if numbers else store.DRAFT
