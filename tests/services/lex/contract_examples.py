"""Representative valid calls and error cases for every simulated Lex V2 operation (models and runtime)."""
import base64
import gzip
import json

from tests.services.lex import sample_bot as sb

M, R = "lexv2-models", "lexv2-runtime"


def _ids(make):
    return sb.hotel(make)


def _draft(make):
    return sb.hotel(make, build=False)


def _rt(make, **extra):
    ids = _ids(make)
    return dict(botId=ids["botId"], botAliasId="TSTALIASID", localeId="en_US", sessionId="contract-1", **extra)


def _talked(make):
    p = _rt(make)
    make(R).recognize_text(**p, text="book a king room")
    return p


def _slot_id(make):
    ids = _draft(make)
    slot = make(M).list_slots(**{k: ids[k] for k in ("botId", "botVersion", "localeId", "intentId")})["slotSummaries"][0]
    return dict({k: ids[k] for k in ("botId", "botVersion", "localeId", "intentId")}, slotId=slot["slotId"])


def _version(make):
    ids = _ids(make)
    v = make(M).create_bot_version(botId=ids["botId"], botVersionLocaleSpecification={"en_US": {"sourceBotVersion": "DRAFT"}})
    return {"botId": ids["botId"], "botVersion": v["botVersion"]}


def _alias(make):
    ids = _ids(make)
    return {"botId": ids["botId"], "botAliasId": sb.alias_with_lambda(make, ids, None)}


def _gz(value):
    return base64.b64encode(gzip.compress(json.dumps(value).encode())).decode()


def _loc(ids):
    return {k: ids[k] for k in ("botId", "botVersion", "localeId")}


def _export(make):
    ids = _ids(make)
    e = make(M).create_export(resourceSpecification={"botExportSpecification": {"botId": ids["botId"], "botVersion": "DRAFT"}},
                              fileFormat="LexJson")
    return {"exportId": e["exportId"]}


def _import_spec(make, name="Imported"):
    return {"botImportSpecification": {"botName": name, "roleArn": sb.role(make), "dataPrivacy": {"childDirected": False},
                                       "idleSessionTTLInSeconds": 300}}


def _uploaded(make):
    import requests
    exported = make(M).describe_export(**_export(make))["downloadUrl"]
    up = make(M).create_upload_url()
    requests.put(up["uploadUrl"], data=requests.get(exported).content)
    return up["importId"]


def _import(make):
    i = make(M).start_import(importId=_uploaded(make), resourceSpecification=_import_spec(make), mergeStrategy="FailOnConflict")
    return {"importId": i["importId"]}


def _bot_arn(make):
    return f"arn:aws:lex:us-east-1:123456789012:bot/{sb.bot(make)}"


EXAMPLES = {
    f"{M}:TagResource": lambda make: {"resourceARN": _bot_arn(make), "tags": {"team": "bots"}},
    f"{M}:UntagResource": lambda make: {"resourceARN": _bot_arn(make), "tagKeys": ["team"]},
    f"{M}:ListTagsForResource": lambda make: (lambda a: {"resourceARN": f"arn:aws:lex:us-east-1:123456789012:bot-alias/{a['botId']}/{a['botAliasId']}"})(_alias(make)),
    f"{M}:CreateExport": lambda make: {"resourceSpecification": {"botExportSpecification": {"botId": _ids(make)["botId"],
                                                                                            "botVersion": "DRAFT"}},
                                       "fileFormat": "LexJson"},
    f"{M}:DescribeExport": _export,
    f"{M}:ListExports": lambda make: {} if _export(make) else {},
    f"{M}:DeleteExport": _export,
    f"{M}:CreateUploadUrl": lambda make: {},
    f"{M}:StartImport": lambda make: {"importId": _uploaded(make), "resourceSpecification": _import_spec(make),
                                      "mergeStrategy": "FailOnConflict"},
    f"{M}:DescribeImport": _import,
    f"{M}:ListImports": lambda make: {} if _import(make) else {},
    f"{M}:DeleteImport": _import,
    f"{M}:CreateBot": lambda make: {"botName": "ContractBot", "roleArn": sb.role(make), "dataPrivacy": {"childDirected": False},
                                    "idleSessionTTLInSeconds": 300},
    f"{M}:DescribeBot": lambda make: {"botId": sb.bot(make)},
    f"{M}:UpdateBot": lambda make: {"botId": sb.bot(make), "botName": "Renamed", "roleArn": sb.role(make),
                                    "dataPrivacy": {"childDirected": False}, "idleSessionTTLInSeconds": 600},
    f"{M}:DeleteBot": lambda make: {"botId": sb.bot(make)},
    f"{M}:ListBots": lambda make: {"maxResults": 5} if sb.bot(make) else {},
    f"{M}:CreateBotLocale": lambda make: {"botId": sb.bot(make), "botVersion": "DRAFT", "localeId": "en_GB",
                                          "nluIntentConfidenceThreshold": 0.5, "voiceSettings": {"voiceId": "Amy"}},
    f"{M}:DescribeBotLocale": lambda make: _loc(_ids(make)),
    f"{M}:UpdateBotLocale": lambda make: dict(_loc(_draft(make)), nluIntentConfidenceThreshold=0.6),
    f"{M}:DeleteBotLocale": lambda make: _loc(_draft(make)),
    f"{M}:ListBotLocales": lambda make: {"botId": _draft(make)["botId"], "botVersion": "DRAFT"},
    f"{M}:BuildBotLocale": lambda make: _loc(_draft(make)),
    f"{M}:CreateIntent": lambda make: dict(sb.locale(make, sb.bot(make)), intentName="Greet",
                                           sampleUtterances=[{"utterance": "hello there"}]),
    f"{M}:DescribeIntent": lambda make: (lambda ids: dict(_loc(ids), intentId=ids["intentId"]))(_draft(make)),
    f"{M}:UpdateIntent": lambda make: (lambda ids: dict(_loc(ids), intentId=ids["intentId"], intentName="BookHotel",
                                                        sampleUtterances=[{"utterance": "book a hotel"}]))(_draft(make)),
    f"{M}:DeleteIntent": lambda make: (lambda ids: dict(_loc(ids), intentId=ids["intentId"]))(_draft(make)),
    f"{M}:ListIntents": lambda make: _loc(_draft(make)),
    f"{M}:CreateSlot": lambda make: (lambda ids: dict(_loc(ids), intentId=ids["intentId"], slotName="Guests",
                                                      slotTypeId="AMAZON.Number",
                                                      valueElicitationSetting={"slotConstraint": "Optional"}))(_draft(make)),
    f"{M}:DescribeSlot": _slot_id,
    f"{M}:UpdateSlot": lambda make: dict(_slot_id(make), slotName="RoomType2",
                                         valueElicitationSetting={"slotConstraint": "Optional"}, slotTypeId="AMAZON.AlphaNumeric"),
    f"{M}:DeleteSlot": _slot_id,
    f"{M}:ListSlots": lambda make: (lambda ids: dict(_loc(ids), intentId=ids["intentId"]))(_draft(make)),
    f"{M}:CreateSlotType": lambda make: dict(sb.locale(make, sb.bot(make)), slotTypeName="Colour",
                                             slotTypeValues=[{"sampleValue": {"value": "red"}}],
                                             valueSelectionSetting={"resolutionStrategy": "OriginalValue"}),
    f"{M}:DescribeSlotType": lambda make: (lambda ids: dict(_loc(ids), slotTypeId=ids["slotTypeId"]))(_draft(make)),
    f"{M}:UpdateSlotType": lambda make: (lambda ids: dict(_loc(ids), slotTypeId=ids["slotTypeId"], slotTypeName="RoomType",
                                                          slotTypeValues=[{"sampleValue": {"value": "twin"}}],
                                                          valueSelectionSetting={"resolutionStrategy": "TopResolution"}))(_draft(make)),
    f"{M}:DeleteSlotType": lambda make: (lambda ids: dict(_loc(ids), slotTypeId=ids["slotTypeId"],
                                                          skipResourceInUseCheck=True))(_draft(make)),
    f"{M}:ListSlotTypes": lambda make: _loc(_draft(make)),
    f"{M}:ListBuiltInIntents": lambda make: {"localeId": "en_US"},
    f"{M}:ListBuiltInSlotTypes": lambda make: {"localeId": "en_US", "maxResults": 20},
    f"{M}:CreateBotVersion": lambda make: {"botId": _ids(make)["botId"],
                                           "botVersionLocaleSpecification": {"en_US": {"sourceBotVersion": "DRAFT"}}},
    f"{M}:DescribeBotVersion": _version,
    f"{M}:DeleteBotVersion": _version,
    f"{M}:ListBotVersions": lambda make: {"botId": _version(make)["botId"]},
    f"{M}:CreateBotAlias": lambda make: (lambda v: {"botId": v["botId"], "botAliasName": "Prod", "botVersion": v["botVersion"]})(_version(make)),
    f"{M}:DescribeBotAlias": _alias,
    f"{M}:UpdateBotAlias": lambda make: dict(_alias(make), botAliasName="Live2", sentimentAnalysisSettings={"detectSentiment": True}),
    f"{M}:DeleteBotAlias": _alias,
    f"{M}:ListBotAliases": lambda make: {"botId": _alias(make)["botId"]},
    f"{R}:RecognizeText": lambda make: _rt(make, text="I want a king room for 3 nights"),
    f"{R}:RecognizeUtterance": lambda make: _rt(make, requestContentType="text/plain; charset=utf-8",
                                                inputStream=b"book a queen room",
                                                sessionState=_gz({"sessionAttributes": {"channel": "web"}})),
    f"{R}:GetSession": _talked,
    f"{R}:DeleteSession": _talked,
    f"{R}:PutSession": lambda make: _rt(make, sessionState={"sessionAttributes": {"vip": "yes"},
                                                            "dialogAction": {"type": "ElicitIntent"}},
                                        messages=[{"contentType": "PlainText", "content": "How can I help?"}]),
}

ERRORS = [
    (M, "ListTagsForResource", lambda make: {"resourceARN": "arn:aws:lex:us-east-1:123456789012:bot/NOSUCHBOT1"},
     "ResourceNotFoundException"),
    (M, "CreateExport", lambda make: {"resourceSpecification": {"botExportSpecification": {"botId": _ids(make)["botId"],
                                                                                           "botVersion": "DRAFT"}},
                                      "fileFormat": "TSV"}, "ValidationException"),
    (M, "DescribeExport", lambda make: {"exportId": "NOSUCHEXPO"}, "ResourceNotFoundException"),
    (M, "StartImport", lambda make: {"importId": "NOSUCHIMPO", "resourceSpecification": _import_spec(make),
                                     "mergeStrategy": "Overwrite"}, "ResourceNotFoundException"),
    (M, "DescribeBot", lambda make: {"botId": "NOSUCHBOT1"}, "ResourceNotFoundException"),
    (M, "CreateBot", lambda make: {"botName": "bad name!", "roleArn": sb.role(make), "dataPrivacy": {"childDirected": False},
                                   "idleSessionTTLInSeconds": 300}, "ValidationException"),
    (M, "CreateBot", lambda make: {"botName": "Short", "roleArn": sb.role(make), "dataPrivacy": {"childDirected": False},
                                   "idleSessionTTLInSeconds": 90000}, "ValidationException"),
    (M, "CreateBotVersion", lambda make: {"botId": _draft(make)["botId"],
                                          "botVersionLocaleSpecification": {"en_US": {"sourceBotVersion": "DRAFT"}}},
     "PreconditionFailedException"),
    (M, "CreateIntent", lambda make: dict(_loc(_draft(make)), intentName="BookHotel"), "PreconditionFailedException"),
    (M, "CreateSlot", lambda make: (lambda ids: dict(_loc(ids), intentId=ids["intentId"], slotName="X1", slotTypeId="NOSUCHTYPE",
                                                     valueElicitationSetting={"slotConstraint": "Optional"}))(_draft(make)),
     "ValidationException"),
    (M, "DescribeBotAlias", lambda make: {"botId": sb.bot(make), "botAliasId": "NOSUCHALIA"}, "ResourceNotFoundException"),
    (R, "RecognizeText", lambda make: dict(_rt(make), botAliasId="NOSUCHALIA", text="hi"), "ResourceNotFoundException"),
    (R, "RecognizeText", lambda make: {"botId": _draft(make)["botId"], "botAliasId": "TSTALIASID", "localeId": "en_US",
                                       "sessionId": "s-1", "text": "book a room"}, "ResourceNotFoundException"),
    (R, "RecognizeText", lambda make: _rt(make, text="x" * 1025), "ValidationException"),
    (R, "GetSession", lambda make: _rt(make), "ResourceNotFoundException"),
    (R, "RecognizeUtterance", lambda make: _rt(make, requestContentType="video/mp4", inputStream=b"x"), "ValidationException"),
]
