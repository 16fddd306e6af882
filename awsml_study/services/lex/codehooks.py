"""Dialog and fulfilment code hooks: the Lex V2 Lambda event, the call, and checking what comes back."""
from __future__ import annotations

from awsml_study.sim.errors import AwsError

DIALOG_TYPES = {"Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot"}
INTENT_STATES = {"Failed", "Fulfilled", "InProgress", "ReadyForFulfillment", "Waiting", "FulfillmentInProgress"}


def lambda_arn(alias: dict, locale_id: str) -> str | None:
    setting = (alias["props"].get("botAliasLocaleSettings") or {}).get(locale_id) or {}
    if setting and not setting.get("enabled", True):
        return None
    return ((setting.get("codeHookSpecification") or {}).get("lambdaCodeHook") or {}).get("lambdaARN")


def event(turn, source: str, proposed: dict | None) -> dict:
    """The event Lex V2 sends to a code hook (messageVersion 1.0)."""
    turn._interpret()  # the interpretations so far, as the hook sees them
    intent = turn.event_intent()
    body = {
        "messageVersion": "1.0",
        "invocationSource": source,
        "inputMode": turn.input_mode,
        "responseContentType": turn.response_content_type,
        "sessionId": turn.session_id,
        "inputTranscript": turn.text,
        "bot": {"id": turn.bot["props"]["botId"], "name": turn.bot["props"]["botName"],
                "aliasId": turn.alias["props"]["botAliasId"], "aliasName": turn.alias["props"]["botAliasName"],
                "localeId": turn.locale_id, "version": turn.version},
        # in the Lambda event nluConfidence is a number, not the runtime's {"score": ...}
        "interpretations": [dict(i, intent=turn.event_slots(i["intent"]),
                                 **({"nluConfidence": i["nluConfidence"]["score"]} if "nluConfidence" in i else {}))
                            for i in turn.interpretations],
        "requestAttributes": dict(turn.request_attributes),
        "sessionState": {"sessionAttributes": dict(turn.session["sessionAttributes"]),
                         "activeContexts": list(turn.session.get("activeContexts", [])),
                         "intent": intent, "originatingRequestId": turn.request_id},
        "transcriptions": [{"transcription": turn.text, "transcriptionConfidence": 1.0,
                            "resolvedContext": {"intent": intent["name"]},
                            "resolvedSlots": {k: v for k, v in intent["slots"].items() if v}}],
    }
    if turn.input_mode == "Speech":
        body["transcriptions"][0]["transcriptionConfidence"] = turn.transcription_confidence
    if proposed:
        retries = turn.session.get("retries", 0)
        body["proposedNextState"] = dict(proposed, prompt={"attempt": f"Retry{retries}" if retries else "Initial"})
    return body


def invoke(turn, source: str, proposed: dict | None = None) -> dict:
    """Call the alias's Lambda; its checked response, or DependencyFailedException as Lex raises it."""
    from awsml_study.services.awslambda import runtime
    arn = turn.lambda_arn
    try:
        payload, error = runtime.invoke(arn, event(turn, source, proposed))
    except AwsError as err:
        if err.code == "ResourceNotFoundException":
            raise AwsError("DependencyFailedException",
                           f"Invalid Bot Configuration: Lambda function {arn} does not exist or Amazon Lex "
                           "does not have permission to invoke it.", 424) from None
        raise
    if error is not None:
        raise AwsError("DependencyFailedException",
                       f"Invalid Lambda Response: Received error response from Lambda: Unhandled "
                       f"({error.get('errorType', 'Error')}: {error.get('errorMessage', '')})", 424)
    return check_response(payload, turn)


def _invalid(detail: str) -> AwsError:
    return AwsError("DependencyFailedException",
                    f"Invalid Lambda Response: Received invalid response from Lambda: {detail}", 424)


def check_response(payload, turn) -> dict:
    if not isinstance(payload, dict):
        raise _invalid(f"the response must be a JSON object, got {type(payload).__name__}")
    state = payload.get("sessionState")
    if not isinstance(state, dict):
        raise _invalid("sessionState is missing")
    action = state.get("dialogAction")
    if not isinstance(action, dict) or action.get("type") not in DIALOG_TYPES:
        raise _invalid(f"sessionState.dialogAction.type must be one of {sorted(DIALOG_TYPES)}, "
                       f"got {(action or {}).get('type') if isinstance(action, dict) else action!r}")
    intent = state.get("intent")
    if intent is not None:
        if not isinstance(intent, dict) or not intent.get("name"):
            raise _invalid("sessionState.intent needs a name")
        if intent["name"] not in turn.compiled.intents:
            raise _invalid(f"intent {intent['name']} is not defined in the bot")
        if intent.get("state") and intent["state"] not in INTENT_STATES:
            raise _invalid(f"intent state {intent['state']} is not valid")
        slots = intent.get("slots") or {}
        if not isinstance(slots, dict):
            raise _invalid("sessionState.intent.slots must be a map")
        known = turn.compiled.intents[intent["name"]].slots
        for name, slot in slots.items():
            if name not in known:
                raise _invalid(f"slot {name} is not defined in intent {intent['name']}")
            if slot is not None and not (isinstance(slot, dict) and isinstance(slot.get("value"), dict)
                                         and slot["value"].get("interpretedValue")):
                raise _invalid(f"slot {name} needs value.interpretedValue")
    kind = action["type"]
    if kind in ("ElicitSlot", "ConfirmIntent", "Delegate") and intent is None:
        raise _invalid(f"dialogAction {kind} needs sessionState.intent")
    if kind == "ElicitSlot":
        slot = action.get("slotToElicit")
        if not slot or slot not in turn.compiled.intents[intent["name"]].slots:
            raise _invalid(f"slotToElicit {slot!r} is not a slot of intent {intent['name']}")
    if kind == "Close" and intent is not None and not intent.get("state"):
        raise _invalid("a Close dialog action needs sessionState.intent.state")
    messages = payload.get("messages")
    if messages is not None:
        if not isinstance(messages, list) or not all(
                isinstance(m, dict) and m.get("contentType") in ("PlainText", "SSML", "CustomPayload", "ImageResponseCard")
                for m in messages):
            raise _invalid("messages must be a list of {contentType, content}")
    attrs = state.get("sessionAttributes")
    if attrs is not None and not (isinstance(attrs, dict) and all(isinstance(v, str) for v in attrs.values())):
        raise _invalid("sessionAttributes must be a map of strings")
    return payload
