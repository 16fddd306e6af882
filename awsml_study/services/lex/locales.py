"""Bot locales: create (Creating -> NotBuilt), describe, update, delete, list, and BuildBotLocale."""
from __future__ import annotations

from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import build, store
from awsml_study.services.lex.bots import filtered, ordered
from awsml_study.services.lex.shapes import check, respond, summary

ENGINE = store.MODELS_ENGINE


def _fallback_intent(bot_id: str, locale_id: str) -> dict:
    now = jobs.now()
    return {"props": {"intentId": store.FALLBACK_ID, "intentName": store.FALLBACK,
                      "description": "Default intent when no other intent matches",
                      "parentIntentSignature": store.FALLBACK_SIGNATURE, "botId": bot_id, "botVersion": store.DRAFT,
                      "localeId": locale_id, "creationDateTime": now, "lastUpdatedDateTime": now},
            "slots": {}}


def _history(loc: dict, event: str) -> None:
    loc["props"].setdefault("botLocaleHistoryEvents", []).insert(0, {"event": event, "eventDate": jobs.now()})


@operation("lexv2-models", "CreateBotLocale", engine=ENGINE)
def create_bot_locale(p: dict) -> dict:
    check("CreateBotLocale", p)
    if p["botVersion"] != store.DRAFT:
        raise AwsError("ValidationException", "Locales can only be created in the DRAFT version.")
    if p["localeId"] not in store.LOCALES:
        raise AwsError("ValidationException", f"The locale {p['localeId']} is not supported.")
    if not 0 <= p["nluIntentConfidenceThreshold"] <= 1:
        raise AwsError("ValidationException", "nluIntentConfidenceThreshold must be between 0 and 1.")
    draft = store.version(p["botId"], store.DRAFT)
    if p["localeId"] in draft["locales"]:
        raise AwsError("PreconditionFailedException",
                       f"Bot locale {p['localeId']} already exists for bot {p['botId']}.", 412)
    now = jobs.now()
    props = {"botId": p["botId"], "botVersion": store.DRAFT, "localeId": p["localeId"],
             "localeName": store.LOCALES[p["localeId"]], "description": p.get("description"),
             "nluIntentConfidenceThreshold": p["nluIntentConfidenceThreshold"],
             "voiceSettings": p.get("voiceSettings") or {"voiceId": "Joanna", "engine": "standard"},
             "creationDateTime": now, "lastUpdatedDateTime": now,
             "speechDetectionSensitivity": p.get("speechDetectionSensitivity")}
    loc = {"props": props, "intents": {store.FALLBACK_ID: _fallback_intent(p["botId"], p["localeId"])},
           "slotTypes": {}, "compiled": None}
    draft["locales"][p["localeId"]] = loc
    store.start(loc, "botLocaleStatus", "Creating", "NotBuilt")
    return respond("CreateBotLocale", props)


def _counts(loc: dict) -> dict:
    return {"intentsCount": len(loc["intents"]), "slotTypesCount": len(loc["slotTypes"])}


@operation("lexv2-models", "DescribeBotLocale", engine=ENGINE)
def describe_bot_locale(p: dict) -> dict:
    check("DescribeBotLocale", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    return respond("DescribeBotLocale", dict(loc["props"], **_counts(loc)))


@operation("lexv2-models", "UpdateBotLocale", engine=ENGINE)
def update_bot_locale(p: dict) -> dict:
    check("UpdateBotLocale", p)
    loc = store.draft_locale(p)
    for key in ("description", "nluIntentConfidenceThreshold", "voiceSettings", "speechDetectionSensitivity"):
        if key in p:
            loc["props"][key] = p[key]
    store.changed(loc)
    return respond("UpdateBotLocale", loc["props"])


@operation("lexv2-models", "DeleteBotLocale", engine=ENGINE)
def delete_bot_locale(p: dict) -> dict:
    check("DeleteBotLocale", p)
    draft = store.version(p["botId"], p["botVersion"])
    if p["localeId"] not in draft["locales"]:
        raise store.not_found("bot locale", p["localeId"])
    del draft["locales"][p["localeId"]]
    return {"botId": p["botId"], "botVersion": p["botVersion"], "localeId": p["localeId"],
            "botLocaleStatus": "Deleting"}


@operation("lexv2-models", "ListBotLocales", engine=ENGINE)
def list_bot_locales(p: dict) -> dict:
    check("ListBotLocales", p)
    version = store.version(p["botId"], p["botVersion"])
    jobs.settle_all(loc["job"] for loc in version["locales"].values() if loc.get("job"))
    items = [loc["props"] for loc in version["locales"].values()]
    items = filtered(items, p.get("filters"), {"BotLocaleName": "localeName"})
    items = ordered(items, p.get("sortBy"), "localeName")
    chunk, token = jobs.page([summary(i, "BotLocaleSummary") for i in items], p.get("maxResults"),
                             p.get("nextToken"), default=10, error_code="ValidationException")
    return {"botId": p["botId"], "botVersion": p["botVersion"], "botLocaleSummaries": chunk,
            **({"nextToken": token} if token else {})}


@operation("lexv2-models", "BuildBotLocale", engine=ENGINE)
def build_bot_locale(p: dict) -> dict:
    check("BuildBotLocale", p)
    loc = store.locale(p["botId"], p["botVersion"], p["localeId"])
    if loc["props"].get("botLocaleStatus") == "Building":
        raise AwsError("PreconditionFailedException", "The bot locale is already building.", 412)
    record = store.bot(p["botId"])
    loc["props"]["lastBuildSubmittedDateTime"] = jobs.now()
    loc["props"].pop("failureReasons", None)
    _history(loc, "Build submitted")

    def work(job):
        try:
            loc["compiled"] = build.compile_locale(record, loc)
        except jobs.JobFailure:
            _history(loc, "Build failed")
            raise
        loc["props"]["lastUpdatedDateTime"] = jobs.now()
        _history(loc, "Build completed")

    store.start(loc, "botLocaleStatus", "Building", "Built", work)
    return respond("BuildBotLocale", loc["props"])
