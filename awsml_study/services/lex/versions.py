"""Bot versions (numbered snapshots of built DRAFT locales) and aliases (with the code-hook Lambda)."""
from __future__ import annotations

import copy

from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import store
from awsml_study.services.lex.shapes import check, respond, summary

ENGINE = store.MODELS_ENGINE


@operation("lexv2-models", "CreateBotVersion", engine=ENGINE)
def create_bot_version(p: dict) -> dict:
    check("CreateBotVersion", p)
    record = store.bot(p["botId"])
    locales = {}
    for locale_id, spec in p["botVersionLocaleSpecification"].items():
        source = store.locale(p["botId"], spec["sourceBotVersion"], locale_id)
        if source["props"].get("botLocaleStatus") != "Built":
            raise AwsError("PreconditionFailedException",
                           f"Bot locale {locale_id} of version {spec['sourceBotVersion']} is not built. "
                           "Build the locale before creating a version.", 412)
        locales[locale_id] = source
    number = str(record["next_version"])
    record["next_version"] += 1
    now = jobs.now()
    props = {k: copy.deepcopy(v) for k, v in record["props"].items() if k not in ("botStatus",)}
    props.update(botVersion=number, description=p.get("description"), creationDateTime=now,
                 botVersionLocaleSpecification=p["botVersionLocaleSpecification"])
    snapshot = {}
    for locale_id, source in locales.items():
        copied = {"props": dict(copy.deepcopy(source["props"]), botVersion=number),
                  "intents": copy.deepcopy(source["intents"]), "slotTypes": copy.deepcopy(source["slotTypes"]),
                  "compiled": source["compiled"]}  # a version keeps the model built from DRAFT
        snapshot[locale_id] = copied
    version = {"props": props, "locales": snapshot}
    record["versions"][number] = version
    store.start(version, "botStatus", "Versioning", "Available")
    return respond("CreateBotVersion", props)


@operation("lexv2-models", "DescribeBotVersion", engine=ENGINE)
def describe_bot_version(p: dict) -> dict:
    check("DescribeBotVersion", p)
    return respond("DescribeBotVersion", store.version(p["botId"], p["botVersion"])["props"])


@operation("lexv2-models", "DeleteBotVersion", engine=ENGINE)
def delete_bot_version(p: dict) -> dict:
    check("DeleteBotVersion", p)
    record = store.bot(p["botId"])
    store.version(p["botId"], p["botVersion"])
    users = [a["props"]["botAliasName"] for a in record["aliases"].values()
             if a["props"].get("botVersion") == p["botVersion"]]
    if users and not p.get("skipResourceInUseCheck"):
        raise AwsError("PreconditionFailedException",
                       f"Version {p['botVersion']} is used by aliases {', '.join(users)}.", 412)
    del record["versions"][p["botVersion"]]
    return {"botId": p["botId"], "botVersion": p["botVersion"], "botStatus": "Deleting"}


@operation("lexv2-models", "ListBotVersions", engine=ENGINE)
def list_bot_versions(p: dict) -> dict:
    check("ListBotVersions", p)
    record = store.bot(p["botId"])
    versions = [v for k, v in record["versions"].items() if k != store.DRAFT]
    jobs.settle_all(v["job"] for v in versions if v.get("job"))
    items = [summary(dict(v["props"], botStatus=v["props"].get("botStatus")), "BotVersionSummary") for v in versions]
    draft = dict(record["props"], botVersion=store.DRAFT)
    items = [summary(draft, "BotVersionSummary")] + items
    reverse = (p.get("sortBy") or {}).get("order") == "Descending"
    items.sort(key=lambda i: -1 if i["botVersion"] == store.DRAFT else int(i["botVersion"]), reverse=reverse)
    chunk, token = jobs.page(items, p.get("maxResults"), p.get("nextToken"), default=10,
                             error_code="ValidationException")
    return {"botId": p["botId"], "botVersionSummaries": chunk, **({"nextToken": token} if token else {})}


# ----- aliases -----

def _check_alias(p: dict, record: dict, alias_id: str | None) -> None:
    if any(a["props"]["botAliasName"] == p["botAliasName"] and aid != alias_id for aid, a in record["aliases"].items()):
        raise AwsError("PreconditionFailedException", f"An alias with the name {p['botAliasName']} already exists.", 412)
    number = p.get("botVersion")
    if number and number not in record["versions"]:
        raise AwsError("ResourceNotFoundException", f"Bot version {number} does not exist for bot {p['botId']}.", 404)
    for locale_id, setting in (p.get("botAliasLocaleSettings") or {}).items():
        if number and locale_id not in record["versions"][number]["locales"]:
            raise AwsError("ValidationException", f"Locale {locale_id} is not in version {number} of the bot.")
        arn = (setting.get("codeHookSpecification") or {}).get("lambdaCodeHook", {}).get("lambdaARN")
        if arn and not arn.startswith("arn:aws:lambda:"):
            raise AwsError("ValidationException", f"Invalid Lambda ARN {arn}.")


ALIAS_KEYS = ("botAliasName", "description", "botVersion", "botAliasLocaleSettings", "conversationLogSettings",
              "sentimentAnalysisSettings")


@operation("lexv2-models", "CreateBotAlias", engine=ENGINE)
def create_bot_alias(p: dict) -> dict:
    check("CreateBotAlias", p)
    record = store.bot(p["botId"])
    _check_alias(p, record, None)
    alias_id = store.new_id(record["aliases"])
    now = jobs.now()
    props = {k: copy.deepcopy(p[k]) for k in ALIAS_KEYS if k in p}
    props.update(botAliasId=alias_id, botId=p["botId"], creationDateTime=now, lastUpdatedDateTime=now,
                 tags=p.get("tags"), botAliasHistoryEvents=[{"botVersion": p.get("botVersion", store.DRAFT),
                                                             "startDate": now}])
    alias = {"props": props}
    record["aliases"][alias_id] = alias
    store.start(alias, "botAliasStatus", "Creating", "Available")
    return respond("CreateBotAlias", props)


@operation("lexv2-models", "DescribeBotAlias", engine=ENGINE)
def describe_bot_alias(p: dict) -> dict:
    check("DescribeBotAlias", p)
    return respond("DescribeBotAlias", store.alias(p["botId"], p["botAliasId"])["props"])


@operation("lexv2-models", "UpdateBotAlias", engine=ENGINE)
def update_bot_alias(p: dict) -> dict:
    check("UpdateBotAlias", p)
    record = store.bot(p["botId"])
    alias = store.alias(p["botId"], p["botAliasId"])
    if p["botAliasId"] == store.TEST_ALIAS_ID and p.get("botVersion") not in (None, store.DRAFT):
        raise AwsError("ValidationException", "The test alias TSTALIASID always points to the DRAFT version.")
    _check_alias(dict(p, botVersion=None if p["botAliasId"] == store.TEST_ALIAS_ID else p.get("botVersion")),
                 record, p["botAliasId"])
    props = alias["props"]
    if p.get("botVersion") and p["botVersion"] != props.get("botVersion"):
        props.setdefault("botAliasHistoryEvents", []).insert(0, {"botVersion": p["botVersion"], "startDate": jobs.now()})
    for key in ALIAS_KEYS:
        if key in p:
            props[key] = copy.deepcopy(p[key])
    props["lastUpdatedDateTime"] = jobs.now()
    return respond("UpdateBotAlias", props)


@operation("lexv2-models", "DeleteBotAlias", engine=ENGINE)
def delete_bot_alias(p: dict) -> dict:
    check("DeleteBotAlias", p)
    record = store.bot(p["botId"])
    if p["botAliasId"] == store.TEST_ALIAS_ID:
        raise AwsError("ValidationException", "The test alias TSTALIASID can't be deleted; it is deleted with its bot.")
    store.alias(p["botId"], p["botAliasId"])
    del record["aliases"][p["botAliasId"]]
    return {"botAliasId": p["botAliasId"], "botId": p["botId"], "botAliasStatus": "Deleting"}


@operation("lexv2-models", "ListBotAliases", engine=ENGINE)
def list_bot_aliases(p: dict) -> dict:
    check("ListBotAliases", p)
    record = store.bot(p["botId"])
    aliases = list(record["aliases"].values())
    jobs.settle_all(a["job"] for a in aliases if a.get("job"))
    items = sorted((summary(a["props"], "BotAliasSummary") for a in aliases), key=lambda a: a["botAliasName"])
    chunk, token = jobs.page(items, p.get("maxResults"), p.get("nextToken"), default=10,
                             error_code="ValidationException")
    return {"botId": p["botId"], "botAliasSummaries": chunk, **({"nextToken": token} if token else {})}
