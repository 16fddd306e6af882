"""Lex V2 bots built and talked to: build lifecycle, classification, slots, confirmation, code hooks, audio."""
import base64
import gzip
import json

import pytest
from botocore.exceptions import ClientError

from tests.services.lex import sample_bot as sb

VALIDATE_HOOK = '''
def lambda_handler(event, context):
    intent = event["sessionState"]["intent"]
    nights = intent["slots"].get("Nights")
    if event["invocationSource"] == "DialogCodeHook":
        if nights and int(nights["value"]["interpretedValue"]) > 14:
            intent["slots"]["Nights"] = None
            return {"sessionState": {"dialogAction": {"type": "ElicitSlot", "slotToElicit": "Nights"},
                                     "intent": intent, "sessionAttributes": {"checked": "yes"}},
                    "messages": [{"contentType": "PlainText", "content": "We take at most 14 nights. How many?"}]}
        return {"sessionState": {"dialogAction": {"type": "Delegate"}, "intent": intent}}
    intent["state"] = "Fulfilled"
    return {"sessionState": {"dialogAction": {"type": "Close"}, "intent": intent},
            "messages": [{"contentType": "PlainText", "content": "Booked " + intent["slots"]["RoomType"]["value"]["interpretedValue"]}]}
'''


def say(aws, ids, text, alias="TSTALIASID", session="s1", **extra):
    return aws("lexv2-runtime").recognize_text(botId=ids["botId"], botAliasId=alias, localeId="en_US",
                                               sessionId=session, text=text, **extra)


def slots(r):
    return {k: v["value"]["interpretedValue"] for k, v in r["sessionState"]["intent"].get("slots", {}).items()}


def test_build_lifecycle_and_waiters(aws):
    ids = sb.hotel(aws, build=False)
    lex = aws("lexv2-models")
    assert lex.describe_bot(botId=ids["botId"])["botStatus"] == "Available"
    assert lex.describe_bot_locale(**sb_loc(ids))["botLocaleStatus"] == "NotBuilt"
    assert lex.build_bot_locale(**sb_loc(ids))["botLocaleStatus"] == "Building"
    lex.get_waiter("bot_locale_built").wait(**sb_loc(ids))
    described = lex.describe_bot_locale(**sb_loc(ids))
    assert described["botLocaleStatus"] == "Built" and described["intentsCount"] == 3


def sb_loc(ids):
    return {k: ids[k] for k in ("botId", "botVersion", "localeId")}


def test_build_fails_for_an_intent_without_utterances(aws):
    ids = sb.hotel(aws, build=False)
    lex = aws("lexv2-models")
    lex.create_intent(**sb_loc(ids), intentName="Empty")
    lex.build_bot_locale(**sb_loc(ids))
    described = lex.describe_bot_locale(**sb_loc(ids))
    assert described["botLocaleStatus"] == "Failed"
    assert any("Empty" in reason for reason in described["failureReasons"])


def test_slot_filling_across_turns_and_confirmation(aws):
    ids = sb.hotel(aws)
    r = say(aws, ids, "I want a big bed room for three nights")
    assert r["sessionState"]["intent"]["name"] == "BookHotel"
    assert slots(r) == {"RoomType": "king", "Nights": "3"}
    assert r["sessionState"]["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "CheckIn"}
    assert r["messages"][0]["content"] == "What day do you check in?"
    r = say(aws, ids, "2027-01-15")
    assert slots(r)["CheckIn"] == "2027-01-15"
    assert r["sessionState"]["dialogAction"]["type"] == "ConfirmIntent"
    assert r["messages"][0]["content"] == "Book a king room from 2027-01-15 for 3 nights?"
    r = say(aws, ids, "yes")
    assert r["sessionState"]["intent"]["confirmationState"] == "Confirmed"
    assert r["sessionState"]["intent"]["state"] == "ReadyForFulfillment"
    assert r["messages"][0]["content"] == "Your king room is booked."


def test_denied_confirmation_fails_the_intent(aws):
    ids = sb.hotel(aws)
    say(aws, ids, "I want a queen room for 2 nights")
    say(aws, ids, "tomorrow")
    r = say(aws, ids, "no")
    assert r["sessionState"]["intent"]["state"] == "Failed"
    assert r["messages"][0]["content"] == "Okay, I have cancelled it."


def test_classifier_and_fallback(aws):
    ids = sb.hotel(aws)
    r = say(aws, ids, "is it going to rain", session="weather")
    first = r["interpretations"][0]
    assert first["intent"]["name"] == "Weather" and first["nluConfidence"]["score"] >= 0.4
    scores = [i["nluConfidence"]["score"] for i in r["interpretations"] if "nluConfidence" in i]
    assert scores == sorted(scores, reverse=True)
    r = say(aws, ids, "what is the capital of portugal", session="fallback")
    assert r["sessionState"]["intent"]["name"] == "FallbackIntent"


def test_misspelt_value_and_wrong_answer_reprompts(aws):
    ids = sb.hotel(aws)
    say(aws, ids, "book a hotel")
    r = say(aws, ids, "qeen")
    assert slots(r)["RoomType"] == "queen"
    r = say(aws, ids, "banana")
    assert r["sessionState"]["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "CheckIn"}


def test_code_hook_validates_a_slot(aws):
    ids = sb.hotel(aws, hooks=True)
    alias = sb.alias_with_lambda(aws, ids, sb.hook_function(aws, VALIDATE_HOOK))
    r = say(aws, ids, "I want a suite room for 20 nights", alias=alias)
    assert r["sessionState"]["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "Nights"}
    assert r["messages"][0]["content"].startswith("We take at most 14 nights")
    assert r["sessionState"]["sessionAttributes"] == {"checked": "yes"}
    say(aws, ids, "4", alias=alias)
    r = say(aws, ids, "next monday", alias=alias)
    assert r["sessionState"]["dialogAction"]["type"] == "ConfirmIntent"
    r = say(aws, ids, "yes", alias=alias)
    assert r["sessionState"]["intent"]["state"] == "Fulfilled"
    assert r["messages"][0]["content"] == "Booked suite"


@pytest.mark.parametrize("source", [
    "def lambda_handler(event, context):\n    raise RuntimeError('database down')\n",
    "def lambda_handler(event, context):\n    return {'sessionState': {'dialogAction': {'type': 'Dance'}}}\n",
])
def test_failing_or_malformed_hook_is_dependency_failed(aws, source):
    ids = sb.hotel(aws, hooks=True)
    alias = sb.alias_with_lambda(aws, ids, sb.hook_function(aws, source))
    with pytest.raises(ClientError) as err:
        say(aws, ids, "book a hotel", alias=alias)
    assert err.value.response["Error"]["Code"] == "DependencyFailedException"


def test_missing_lambda_is_dependency_failed(aws):
    ids = sb.hotel(aws, hooks=True)
    alias = sb.alias_with_lambda(aws, ids, "arn:aws:lambda:us-east-1:123456789012:function:gone")
    with pytest.raises(ClientError) as err:
        say(aws, ids, "book a hotel", alias=alias)
    assert err.value.response["Error"]["Code"] == "DependencyFailedException"


def test_sentiment_and_session_operations(aws):
    ids = sb.hotel(aws)
    alias = sb.alias_with_lambda(aws, ids, None, sentiment=True)
    r = say(aws, ids, "I love this hotel, book a king room", alias=alias,
            sessionState={"sessionAttributes": {"customer": "gold"}}, requestAttributes={"channel": "web"})
    assert r["interpretations"][0]["sentimentResponse"]["sentiment"] == "POSITIVE"
    assert r["requestAttributes"] == {"channel": "web"}
    rt = aws("lexv2-runtime")
    key = dict(botId=ids["botId"], botAliasId=alias, localeId="en_US", sessionId="s1")
    got = rt.get_session(**key)
    assert got["sessionState"]["sessionAttributes"] == {"customer": "gold"}
    assert got["sessionState"]["dialogAction"]["slotToElicit"] == "CheckIn"
    rt.delete_session(**key)
    with pytest.raises(ClientError) as err:
        rt.get_session(**key)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    put = rt.put_session(**key, sessionState={"sessionAttributes": {"a": "b"}, "dialogAction": {"type": "ElicitIntent"}})
    state = json.loads(gzip.decompress(base64.b64decode(put["sessionState"])))
    assert state["sessionAttributes"] == {"a": "b"}


def test_recognize_utterance_audio_round_trip(aws):
    ids = sb.hotel(aws)
    speech = aws("polly").synthesize_speech(Text="I want a king room", VoiceId="Joanna", OutputFormat="pcm",
                                            SampleRate="16000")["AudioStream"].read()
    r = aws("lexv2-runtime").recognize_utterance(
        botId=ids["botId"], botAliasId="TSTALIASID", localeId="en_US", sessionId="audio",
        requestContentType="audio/l16; rate=16000; channels=1", responseContentType="audio/pcm", inputStream=speech)
    assert r["inputMode"] == "Speech"
    transcript = gzip.decompress(base64.b64decode(r["inputTranscript"])).decode()
    assert "king" in transcript
    state = json.loads(gzip.decompress(base64.b64decode(r["sessionState"])))
    assert state["intent"]["name"] == "BookHotel"
    assert len(r["audioStream"].read()) > 16000  # the spoken prompt


def test_unbuilt_locale_and_unknown_alias(aws):
    ids = sb.hotel(aws, build=False)
    with pytest.raises(ClientError) as err:
        say(aws, ids, "book a hotel")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as err:
        say(aws, ids, "book a hotel", alias="ABCDEFGHIJ")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_export_and_import_round_trip(aws):
    import io
    import zipfile

    import requests
    ids = sb.hotel(aws)
    lex = aws("lexv2-models")
    export = lex.create_export(resourceSpecification={"botExportSpecification": {"botId": ids["botId"], "botVersion": "DRAFT"}},
                               fileFormat="LexJson")
    lex.get_waiter("bot_export_completed").wait(exportId=export["exportId"])
    data = requests.get(lex.describe_export(exportId=export["exportId"])["downloadUrl"]).content
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "HotelBot/BotLocales/en_US/Intents/BookHotel/Slots/RoomType/Slot.json" in names
    assert "HotelBot/BotLocales/en_US/SlotTypes/RoomType/SlotType.json" in names
    upload = lex.create_upload_url()
    requests.put(upload["uploadUrl"], data=data)
    started = lex.start_import(importId=upload["importId"], mergeStrategy="FailOnConflict", resourceSpecification={
        "botImportSpecification": {"botName": "HotelCopy", "roleArn": sb.role(aws), "dataPrivacy": {"childDirected": False},
                                   "idleSessionTTLInSeconds": 300}})
    lex.get_waiter("bot_import_completed").wait(importId=started["importId"])
    copy_id = lex.describe_import(importId=started["importId"])["importedResourceId"]
    loc = {"botId": copy_id, "botVersion": "DRAFT", "localeId": "en_US"}
    lex.build_bot_locale(**loc)
    lex.get_waiter("bot_locale_built").wait(**loc)
    r = say(aws, loc, "I want a king room for 2 nights")
    assert slots(r) == {"RoomType": "king", "Nights": "2"}


def test_conversation_logs_hide_obfuscated_slots(aws):
    ids = sb.hotel(aws, build=False)
    lex = aws("lexv2-models")
    loc = {k: ids[k] for k in ("botId", "botVersion", "localeId")}
    lex.create_slot(**loc, intentId=ids["intentId"], slotName="Email", slotTypeId="AMAZON.EmailAddress",
                    obfuscationSetting={"obfuscationSettingType": "DefaultObfuscation"},
                    valueElicitationSetting={"slotConstraint": "Optional"})
    intent = lex.describe_intent(**loc, intentId=ids["intentId"])
    keep = {k: intent[k] for k in ("intentName", "intentConfirmationSetting", "intentClosingSetting", "slotPriorities")}
    lex.update_intent(**loc, intentId=ids["intentId"], **keep, sampleUtterances=intent["sampleUtterances"] + [
        {"utterance": "book a {RoomType} room and mail {Email}"}])
    lex.build_bot_locale(**loc)
    aws("logs").create_log_group(logGroupName="/lex/hotel")
    version = lex.create_bot_version(botId=ids["botId"], botVersionLocaleSpecification={"en_US": {"sourceBotVersion": "DRAFT"}})["botVersion"]
    alias = lex.create_bot_alias(botId=ids["botId"], botAliasName="Logged", botVersion=version, conversationLogSettings={
        "textLogSettings": [{"enabled": True, "destination": {"cloudWatch": {
            "cloudWatchLogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/lex/hotel", "logPrefix": "hotel/"}}}]})
    r = say(aws, ids, "book a king room and mail sam@example.com", alias=alias["botAliasId"])
    assert slots(r)["Email"] == "sam@example.com"
    logs = aws("logs")
    stream = logs.describe_log_streams(logGroupName="/lex/hotel")["logStreams"][0]["logStreamName"]
    logged = json.loads(logs.get_log_events(logGroupName="/lex/hotel", logStreamName=stream)["events"][0]["message"])
    assert "sam@example.com" not in json.dumps(logged)
    assert logged["sessionState"]["intent"]["slots"]["Email"]["value"]["interpretedValue"] == "{Email}"
    assert logged["sessionState"]["intent"]["slots"]["RoomType"]["value"]["interpretedValue"] == "king"


def test_default_slot_value_from_a_session_attribute(aws):
    ids = sb.hotel(aws, build=False)
    lex = aws("lexv2-models")
    loc = {k: ids[k] for k in ("botId", "botVersion", "localeId")}
    slot = next(s for s in lex.list_slots(**loc, intentId=ids["intentId"])["slotSummaries"] if s["slotName"] == "Nights")
    lex.update_slot(**loc, intentId=ids["intentId"], slotId=slot["slotId"], slotName="Nights", slotTypeId="AMAZON.Number",
                    valueElicitationSetting={"slotConstraint": "Required", "promptSpecification": sb.prompt("How many nights?"),
                                             "defaultValueSpecification": {"defaultValueList": [{"defaultValue": "#usualNights"}]}})
    lex.build_bot_locale(**loc)
    r = say(aws, ids, "book a queen room", sessionState={"sessionAttributes": {"usualNights": "2"}})
    assert slots(r) == {"RoomType": "queen", "Nights": "2"}
    assert r["sessionState"]["dialogAction"]["slotToElicit"] == "CheckIn"


EVENT_HOOK = '''
import json
def lambda_handler(event, context):
    print(json.dumps(event))
    intent = event["sessionState"]["intent"]
    return {"sessionState": {"dialogAction": {"type": "Delegate"}, "intent": intent,
                             "sessionAttributes": {"seen": event["invocationSource"]}}}
'''


def test_code_hook_event_has_the_lex_v2_shape(aws):
    ids = sb.hotel(aws, hooks=True)
    alias = sb.alias_with_lambda(aws, ids, sb.hook_function(aws, EVENT_HOOK, name="EventProbe"))
    r = say(aws, ids, "book a king room", alias=alias, requestAttributes={"channel": "web"})
    assert r["sessionState"]["sessionAttributes"] == {"seen": "DialogCodeHook"}
    logs = aws("logs")
    stream = logs.describe_log_streams(logGroupName="/aws/lambda/EventProbe")["logStreams"][0]["logStreamName"]
    line = next(e["message"] for e in logs.get_log_events(logGroupName="/aws/lambda/EventProbe", logStreamName=stream)["events"]
                if e["message"].startswith("{"))
    event = json.loads(line)
    assert event["messageVersion"] == "1.0" and event["invocationSource"] == "DialogCodeHook"
    assert event["bot"]["aliasId"] == alias and event["bot"]["localeId"] == "en_US"
    assert event["inputTranscript"] == "book a king room" and event["requestAttributes"] == {"channel": "web"}
    slots_seen = event["sessionState"]["intent"]["slots"]
    assert slots_seen["RoomType"]["value"]["interpretedValue"] == "king" and slots_seen["CheckIn"] is None
    assert isinstance(event["interpretations"][0]["nluConfidence"], float)
    assert event["proposedNextState"]["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "CheckIn"}
