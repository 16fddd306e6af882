"""Bot import: CreateUploadUrl, StartImport (a LexJson zip → bot or locale), DescribeImport, ListImports."""
from __future__ import annotations

import io
import json
import zipfile

from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import bots, intents, locales, slot_types, store
from awsml_study.services.lex.shapes import check, respond
from awsml_study.services.lex.transfer import (ENGINE, INTENT_FILE_KEYS, SLOT_FILE_KEYS, TYPE_FILE_KEYS,
                                               _life, _s3, _table, bucket)


@operation("lexv2-models", "CreateUploadUrl", engine=ENGINE)
def create_upload_url(p: dict) -> dict:
    check("CreateUploadUrl", p)
    import_id = store.new_id(_table("imports"))
    _table("uploads")[import_id] = f"imports/{import_id}.zip"
    _s3()
    url = s3io.presigned_url("put_object", bucket(), f"imports/{import_id}.zip", 300)
    return {"importId": import_id, "uploadUrl": url}


def read_zip(data: bytes) -> dict[str, dict]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n: json.loads(z.read(n)) for n in z.namelist() if n.endswith(".json")}
    except (zipfile.BadZipFile, ValueError) as exc:
        raise jobs.JobFailure(f"The import file is not a valid LexJson zip archive: {exc}") from None


def _locales(files: dict) -> dict[str, dict]:
    """{localeId: {"locale": doc, "types": [...], "intents": {name: (doc, [slot docs])}}}."""
    out: dict[str, dict] = {}
    for path, doc in files.items():
        parts = path.split("/")
        if "BotLocales" not in parts:
            continue
        i = parts.index("BotLocales")
        loc = out.setdefault(parts[i + 1], {"locale": None, "types": [], "intents": {}})
        rest = parts[i + 2:]
        if rest == ["BotLocale.json"]:
            loc["locale"] = doc
        elif rest[:1] == ["SlotTypes"]:
            loc["types"].append(doc)
        elif rest[:1] == ["Intents"] and rest[-1] == "Intent.json":
            loc["intents"].setdefault(rest[1], [None, []])[0] = doc
        elif rest[:1] == ["Intents"] and rest[-1] == "Slot.json":
            loc["intents"].setdefault(rest[1], [None, []])[1].append(doc)
    return out


def load_locale(bot_id: str, locale_id: str, content: dict, threshold: float | None = None) -> None:
    """Create one locale's slot types, intents and slots from its exported documents."""
    doc = content["locale"] or {}
    ids = {"botId": bot_id, "botVersion": store.DRAFT, "localeId": locale_id}
    locales.create_bot_locale(dict(ids, nluIntentConfidenceThreshold=threshold if threshold is not None
                                   else doc.get("nluConfidenceThreshold", 0.4),
                                   **({"voiceSettings": doc["voiceSettings"]} if doc.get("voiceSettings") else {})))
    type_ids = {}
    for t in content["types"]:
        made = slot_types.create_slot_type(dict(ids, slotTypeName=t["name"], **{k: t[k] for k in TYPE_FILE_KEYS if k in t}))
        type_ids[t["name"]] = made["slotTypeId"]
    for name, (idoc, slots) in content["intents"].items():
        if idoc is None:
            continue
        fields = {k: idoc[k] for k in INTENT_FILE_KEYS if k in idoc}
        if idoc.get("parentIntentSignature") == store.FALLBACK_SIGNATURE:
            intents.update_intent(dict(ids, intentId=store.FALLBACK_ID, intentName=idoc["name"], **fields))
            continue
        intent_id = intents.create_intent(dict(ids, intentName=idoc["name"], **fields))["intentId"]
        slot_ids = {}
        for s in slots:
            kind = type_ids.get(s.get("slotTypeName"), s.get("slotTypeName"))
            made = intents.create_slot(dict(ids, intentId=intent_id, slotName=s["name"], slotTypeId=kind,
                                            **{k: s[k] for k in SLOT_FILE_KEYS if k in s}))
            slot_ids[s["name"]] = made["slotId"]
        prios = [{"priority": x["priority"], "slotId": slot_ids[x["slotName"]]}
                 for x in idoc.get("slotPriorities") or [] if x.get("slotName") in slot_ids]
        if prios:
            current = store.locale(bot_id, store.DRAFT, locale_id)["intents"][intent_id]["props"]
            current["slotPriorities"] = prios


@operation("lexv2-models", "StartImport", engine=ENGINE)
def start_import(p: dict) -> dict:
    check("StartImport", p)
    key = _table("uploads").get(p["importId"])
    if key is None:
        raise store.not_found("import", p["importId"])
    spec = p["resourceSpecification"]
    bot_spec, locale_spec = spec.get("botImportSpecification"), spec.get("botLocaleImportSpecification")
    if not bot_spec and not locale_spec:
        raise AwsError("ValidationException", "Only bot and bot locale imports are simulated by awsml-study.")
    if locale_spec:
        store.bot(locale_spec["botId"])
    now = jobs.now()
    props = {"importId": p["importId"], "resourceSpecification": spec, "mergeStrategy": p["mergeStrategy"],
             "creationDateTime": now, "lastUpdatedDateTime": now}

    def work(job):
        try:
            data = _s3().get_object(Bucket=bucket(), Key=key)["Body"].read()
        except Exception:
            props["failureReasons"] = ["No file was uploaded to the upload URL of this import."]
            raise jobs.JobFailure(props["failureReasons"][0])
        content = _locales(read_zip(data))
        try:
            if bot_spec:
                existing = next((b for b in store.bots().values() if b["props"]["botName"] == bot_spec["botName"]), None)
                if existing and p["mergeStrategy"] == "FailOnConflict":
                    raise AwsError("ConflictException", f"A bot named {bot_spec['botName']} already exists.")
                if existing:
                    bots.delete_bot({"botId": existing["props"]["botId"], "skipResourceInUseCheck": True})
                made = bots.create_bot({"botName": bot_spec["botName"], "roleArn": bot_spec["roleArn"],
                                        "dataPrivacy": bot_spec["dataPrivacy"],
                                        "idleSessionTTLInSeconds": bot_spec.get("idleSessionTTLInSeconds", 300),
                                        **({"botTags": bot_spec["botTags"]} if bot_spec.get("botTags") else {})})
                store.bot(made["botId"])
                for locale_id, loc in content.items():
                    load_locale(made["botId"], locale_id, loc)
                props.update(importedResourceId=made["botId"], importedResourceName=bot_spec["botName"])
            else:
                locale_id = locale_spec["localeId"]
                if locale_id not in content:
                    raise AwsError("ValidationException", f"The file holds no locale {locale_id}.")
                draft = store.version(locale_spec["botId"], store.DRAFT)
                if locale_id in draft["locales"]:
                    if p["mergeStrategy"] == "FailOnConflict":
                        raise AwsError("ConflictException", f"Locale {locale_id} already exists.")
                    del draft["locales"][locale_id]
                load_locale(locale_spec["botId"], locale_id, content[locale_id],
                            locale_spec.get("nluIntentConfidenceThreshold"))
                props.update(importedResourceId=locale_spec["botId"], importedResourceName=locale_id)
        except AwsError as err:
            props["failureReasons"] = [err.message]
            raise jobs.JobFailure(err.message) from None
        props["lastUpdatedDateTime"] = jobs.now()

    props["importStatus"] = "InProgress"
    _table("imports")[p["importId"]] = {"props": props, "job": jobs.submit(
        jobs.Job(p["importId"], props, work=work, lifecycle=_life("importStatus")))}
    return respond("StartImport", props)


def _import(import_id: str) -> dict:
    found = _table("imports").get(import_id)
    if found is None:
        raise store.not_found("import", import_id)
    return store.settle(found)


@operation("lexv2-models", "DescribeImport", engine=ENGINE)
def describe_import(p: dict) -> dict:
    check("DescribeImport", p)
    return respond("DescribeImport", _import(p["importId"])["props"])


@operation("lexv2-models", "ListImports", engine=ENGINE)
def list_imports(p: dict) -> dict:
    check("ListImports", p)
    found = list(_table("imports").values())
    jobs.settle_all(f["job"] for f in found)
    keys = ("importId", "importedResourceId", "importedResourceName", "importStatus", "mergeStrategy",
            "creationDateTime", "lastUpdatedDateTime")
    items = [{k: f["props"][k] for k in keys if k in f["props"]} for f in found]
    chunk, token = jobs.page(items, p.get("maxResults"), p.get("nextToken"), default=10, error_code="ValidationException")
    return {"importSummaries": chunk, **({"nextToken": token} if token else {})}


@operation("lexv2-models", "DeleteImport", engine=ENGINE)
def delete_import(p: dict) -> dict:
    check("DeleteImport", p)
    _import(p["importId"])
    del _table("imports")[p["importId"]]
    return {"importId": p["importId"], "importStatus": "Deleting"}
