"""Text conversation logs: one JSON event per turn to the alias's CloudWatch Logs group, slots obfuscated."""
# A slot whose obfuscationSetting is DefaultObfuscation appears as {SlotName} in the logged slot
# values and input transcript, as Lex writes it; the conversation itself is unchanged.
from __future__ import annotations

import copy
import json
import logging
import time

log = logging.getLogger("awsml_study")


def _destinations(alias: dict) -> list[dict]:
    settings = (alias["props"].get("conversationLogSettings") or {}).get("textLogSettings") or []
    return [s["destination"]["cloudWatch"] for s in settings if s.get("enabled") and s.get("destination", {}).get("cloudWatch")]


def _obfuscated(turn) -> set[str]:
    intent = (turn.session.get("intent") or {}).get("name")
    definition = turn.compiled.intents.get(intent) if intent else None
    if definition is None:
        return set()
    return {name for name, slot in definition.slots.items()
            if (slot.props.get("obfuscationSetting") or {}).get("obfuscationSettingType") == "DefaultObfuscation"}


def _hide(value, hidden: set[str]):
    """A copy of sessionState/interpretations with hidden slots' values replaced by {SlotName}."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "slots" and isinstance(v, dict):
                out[k] = {name: ({"value": {"originalValue": f"{{{name}}}", "interpretedValue": f"{{{name}}}",
                                            "resolvedValues": []}} if name in hidden and s else _hide(s, hidden))
                          for name, s in v.items()}
            else:
                out[k] = _hide(v, hidden)
        return out
    if isinstance(value, list):
        return [_hide(v, hidden) for v in value]
    return value


def record(turn, operation: str, state: dict) -> None:
    """Write the turn to every enabled CloudWatch text log destination of the alias."""
    targets = _destinations(turn.alias)
    if not targets:
        return
    from botocore.exceptions import ClientError

    from awsml_study.sim import s3io
    hidden = _obfuscated(turn)
    transcript = turn.text
    for name in hidden:
        value = ((turn.session.get("intent") or {}).get("slots") or {}).get(name)
        if value:
            transcript = transcript.replace(value["value"]["originalValue"], f"{{{name}}}")
    event = {"messageVersion": "2.0", "operationName": operation, "inputMode": turn.input_mode,
             "requestId": turn.request_id, "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
             "sessionId": turn.session_id, "inputTranscript": transcript,
             "bot": {"id": turn.bot["props"]["botId"], "name": turn.bot["props"]["botName"],
                     "aliasId": turn.alias["props"]["botAliasId"], "aliasName": turn.alias["props"]["botAliasName"],
                     "localeId": turn.locale_id, "version": turn.version},
             "interpretations": _hide(copy.deepcopy(turn.interpretations), hidden),
             "sessionState": _hide(copy.deepcopy(state), hidden),
             "messages": turn.messages, "requestAttributes": turn.request_attributes,
             "missedUtterance": (turn.session.get("intent") or {}).get("name") == turn.compiled.fallback,
             "developerOverride": False}
    for target in targets:
        arn = target["cloudWatchLogGroupArn"]
        group = arn.split(":log-group:", 1)[-1].removesuffix(":*")
        region = arn.split(":")[3]
        stream = f"{target.get('logPrefix', '')}{turn.bot['props']['botId']}/{turn.alias['props']['botAliasId']}"
        client = s3io.client("logs", region)
        try:
            try:
                client.create_log_stream(logGroupName=group, logStreamName=stream)
            except ClientError as err:
                if err.response["Error"]["Code"] != "ResourceAlreadyExistsException":
                    raise
            client.put_log_events(logGroupName=group, logStreamName=stream,
                                  logEvents=[{"timestamp": int(time.time() * 1000), "message": json.dumps(event, default=str)}])
        except ClientError as err:  # Lex drops the log line, never the conversation
            log.info("awsml-study: Lex conversation log not written to %s: %s", group, err)
