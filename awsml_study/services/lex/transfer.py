"""Bot export and import (CreateExport, CreateUploadUrl, StartImport…) in Lex's LexJson zip layout."""
# The zip holds Manifest.json and <BotName>/Bot.json, <BotName>/BotLocales/<locale>/BotLocale.json,
# …/Intents/<Intent>/Intent.json, …/Intents/<Intent>/Slots/<Slot>/Slot.json and
# …/SlotTypes/<SlotType>/SlotType.json, resources named (not numbered) as in Lex's export. The files
# travel through pre-signed URLs of a simulated S3 bucket, as Lex's own do through an AWS bucket.
from __future__ import annotations

import io
import json
import zipfile

from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import store
from awsml_study.services.lex.shapes import check, respond

ENGINE = store.MODELS_ENGINE
INTENT_FILE_KEYS = ("description", "parentIntentSignature", "sampleUtterances", "dialogCodeHook",
                    "fulfillmentCodeHook", "intentConfirmationSetting", "intentClosingSetting", "inputContexts",
                    "outputContexts", "kendraConfiguration", "initialResponseSetting")
SLOT_FILE_KEYS = ("description", "valueElicitationSetting", "obfuscationSetting", "multipleValuesSetting")
TYPE_FILE_KEYS = ("description", "slotTypeValues", "valueSelectionSetting", "parentSlotTypeSignature")


def _table(name: str) -> dict:
    from awsml_study.sim import state
    return state.store(f"lex.{name}")


def bucket() -> str:
    """The caller's transfer bucket: S3 bucket names are global, so each account has its own."""
    return f"awsml-study-lex-transfers-{store.account()}"


def _s3():
    import boto3
    s3 = boto3.client("s3", region_name=store.REGION)
    try:
        s3.head_bucket(Bucket=bucket())
    except Exception:
        s3.create_bucket(Bucket=bucket())
    return s3


def _life(key: str) -> jobs.Lifecycle:
    return jobs.Lifecycle(key=key, running="InProgress", done="Completed", failed="Failed", stopped="Failed",
                          message_key=None, start_key=None, end_key=None)


# ----- export -----

def bot_files(bot_id: str, version: str, only_locale: str | None = None) -> dict[str, dict]:
    """{path: JSON document} of a bot version in the LexJson layout."""
    record = store.bot(bot_id)
    ver = store.version(bot_id, version)
    props = record["props"]
    root = props["botName"]
    files = {"Manifest.json": {"metadata": {"schemaVersion": "1", "fileFormat": "LexJson",
                                            "resourceType": "BotLocale" if only_locale else "Bot"}},
             f"{root}/Bot.json": {"name": root, "version": version, "description": props.get("description"),
                                  "identifier": bot_id, "dataPrivacy": props["dataPrivacy"],
                                  "idleSessionTTLInSeconds": props["idleSessionTTLInSeconds"]}}
    for locale_id, loc in ver["locales"].items():
        if only_locale and locale_id != only_locale:
            continue
        lp = loc["props"]
        base = f"{root}/BotLocales/{locale_id}"
        files[f"{base}/BotLocale.json"] = {"name": lp["localeName"], "identifier": locale_id, "version": version,
                                           "description": lp.get("description"), "voiceSettings": lp.get("voiceSettings"),
                                           "nluConfidenceThreshold": lp["nluIntentConfidenceThreshold"]}
        type_names = {tid: t["props"]["slotTypeName"] for tid, t in loc["slotTypes"].items()}
        for tid, t in loc["slotTypes"].items():
            doc = {"name": t["props"]["slotTypeName"], "identifier": tid}
            doc.update({k: t["props"][k] for k in TYPE_FILE_KEYS if k in t["props"]})
            files[f"{base}/SlotTypes/{doc['name']}/SlotType.json"] = doc
        for iid, intent in loc["intents"].items():
            ip = intent["props"]
            slot_names = {sid: s["props"]["slotName"] for sid, s in intent["slots"].items()}
            doc = {"name": ip["intentName"], "identifier": iid}
            doc.update({k: ip[k] for k in INTENT_FILE_KEYS if k in ip})
            doc["slotPriorities"] = [{"priority": x["priority"], "slotName": slot_names[x["slotId"]]}
                                     for x in ip.get("slotPriorities") or [] if x["slotId"] in slot_names]
            files[f"{base}/Intents/{ip['intentName']}/Intent.json"] = doc
            for sid, slot in intent["slots"].items():
                sp = slot["props"]
                kind = sp.get("slotTypeId")
                sdoc = {"name": sp["slotName"], "identifier": sid, "slotTypeName": type_names.get(kind, kind)}
                sdoc.update({k: sp[k] for k in SLOT_FILE_KEYS if k in sp})
                files[f"{base}/Intents/{ip['intentName']}/Slots/{sp['slotName']}/Slot.json"] = sdoc
    return files


def _zip(files: dict[str, dict]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, doc in files.items():
            z.writestr(path, json.dumps({k: v for k, v in doc.items() if v is not None}, indent=2, default=str))
    return buf.getvalue()


@operation("lexv2-models", "CreateExport", engine=ENGINE)
def create_export(p: dict) -> dict:
    check("CreateExport", p)
    spec = p["resourceSpecification"]
    target = spec.get("botExportSpecification") or spec.get("botLocaleExportSpecification")
    if target is None:
        raise AwsError("ValidationException", "Only bot and bot locale exports are simulated by awsml-study.")
    if p["fileFormat"] != "LexJson":
        raise AwsError("ValidationException", f"The file format {p['fileFormat']} is not supported for bot exports; use LexJson.")
    locale_id = target.get("localeId")
    if locale_id:
        store.locale(target["botId"], target["botVersion"], locale_id)
    else:
        store.version(target["botId"], target["botVersion"])
    export_id = store.new_id(_table("exports"))
    now = jobs.now()
    props = {"exportId": export_id, "resourceSpecification": spec, "fileFormat": "LexJson",
             "creationDateTime": now, "lastUpdatedDateTime": now}
    key = f"exports/{export_id}.zip"

    def work(job):
        _s3().put_object(Bucket=bucket(), Key=key, Body=_zip(bot_files(target["botId"], target["botVersion"], locale_id)))
        props["lastUpdatedDateTime"] = jobs.now()

    props["exportStatus"] = "InProgress"
    _table("exports")[export_id] = {"props": props, "key": key,
                                    "job": jobs.submit(jobs.Job(export_id, props, work=work, lifecycle=_life("exportStatus")))}
    return respond("CreateExport", props)


def _export(export_id: str) -> dict:
    found = _table("exports").get(export_id)
    if found is None:
        raise store.not_found("export", export_id)
    return store.settle(found)


@operation("lexv2-models", "DescribeExport", engine=ENGINE)
def describe_export(p: dict) -> dict:
    check("DescribeExport", p)
    found = _export(p["exportId"])
    out = dict(found["props"])
    if out.get("exportStatus") == "Completed":
        _s3()
        out["downloadUrl"] = s3io.presigned_url("get_object", bucket(), found["key"], 300)
    return respond("DescribeExport", out)


@operation("lexv2-models", "ListExports", engine=ENGINE)
def list_exports(p: dict) -> dict:
    check("ListExports", p)
    found = list(_table("exports").values())
    jobs.settle_all(f["job"] for f in found)
    items = [{k: f["props"][k] for k in ("exportId", "resourceSpecification", "fileFormat", "exportStatus",
                                         "creationDateTime", "lastUpdatedDateTime")} for f in found]
    chunk, token = jobs.page(items, p.get("maxResults"), p.get("nextToken"), default=10, error_code="ValidationException")
    return {"exportSummaries": chunk, **({"nextToken": token} if token else {})}


@operation("lexv2-models", "DeleteExport", engine=ENGINE)
def delete_export(p: dict) -> dict:
    check("DeleteExport", p)
    _export(p["exportId"])
    del _table("exports")[p["exportId"]]
    return {"exportId": p["exportId"], "exportStatus": "Deleting"}
