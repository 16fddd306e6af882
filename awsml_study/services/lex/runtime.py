"""lexv2-runtime: RecognizeText and the session operations, on the alias's built locale."""
from __future__ import annotations

import copy
import time

from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import store
from awsml_study.services.lex.dialog import Turn
from awsml_study.services.lex.shapes import RUNTIME, check

ENGINE = "lex/local-intent-classifier+dialog-manager"


def target(p: dict) -> tuple[dict, dict, str, dict]:
    """(bot, alias, version, locale) a runtime request addresses; the errors Lex gives otherwise."""
    bot = store.bots().get(p["botId"])
    if bot is None:
        raise AwsError("ResourceNotFoundException", f"Failed to retrieve resource since it does not exist: bot {p['botId']}", 404)
    store.settle(bot)
    alias = bot["aliases"].get(p["botAliasId"])
    if alias is None:
        raise AwsError("ResourceNotFoundException",
                       f"Failed to retrieve resource since it does not exist: alias {p['botAliasId']} of bot {p['botId']}", 404)
    store.settle(alias)
    number = alias["props"].get("botVersion") or store.DRAFT
    version = bot["versions"].get(number)
    loc = (version or {}).get("locales", {}).get(p["localeId"])
    if loc is None:
        raise AwsError("ResourceNotFoundException",
                       f"Failed to retrieve resource since it does not exist: locale {p['localeId']} in version "
                       f"{number} of bot {p['botId']}", 404)
    store.settle(loc)
    settings = alias["props"].get("botAliasLocaleSettings") or {}
    if settings and not (settings.get(p["localeId"]) or {}).get("enabled", False):
        raise AwsError("ValidationException", f"Locale {p['localeId']} is not enabled in alias {p['botAliasId']}.")
    if loc["props"].get("botLocaleStatus") != "Built" or loc.get("compiled") is None:
        raise AwsError("ResourceNotFoundException",
                       f"Failed to retrieve resource since it does not exist: locale {p['localeId']} of bot "
                       f"{p['botId']} is not built (status {loc['props'].get('botLocaleStatus')}). "
                       "Call BuildBotLocale first.", 404)
    return bot, alias, number, loc


def _key(p: dict) -> tuple:
    return (p["botId"], p["botAliasId"], p["localeId"], p["sessionId"])


def session(p: dict, bot: dict, create: bool = True) -> dict | None:
    """The session, expired after the bot's idle session TTL as in Lex."""
    found = store.sessions().get(_key(p))
    ttl = bot["props"].get("idleSessionTTLInSeconds", 300)
    if found is not None and time.time() - found["last"] > ttl:
        found = None
    if found is None and create:
        found = {"intent": None, "dialogAction": None, "sessionAttributes": {}, "activeContexts": [],
                 "retries": 0, "messages": [], "interpretations": [], "last": time.time()}
        store.sessions()[_key(p)] = found
    return found


def apply_request_state(sess: dict, given: dict | None) -> None:
    """A sessionState sent with the request replaces the stored one's parts it names."""
    if not given:
        return
    if "sessionAttributes" in given:
        sess["sessionAttributes"] = dict(given["sessionAttributes"] or {})
    if "activeContexts" in given:
        sess["activeContexts"] = copy.deepcopy(given["activeContexts"])
    if "intent" in given:
        i = given["intent"]
        sess["intent"] = {"name": i["name"], "slots": {k: v for k, v in (i.get("slots") or {}).items() if v},
                          "state": i.get("state", "InProgress"), "confirmationState": i.get("confirmationState", "None")}
    if "dialogAction" in given:
        sess["dialogAction"] = copy.deepcopy(given["dialogAction"])


def session_state(sess: dict, request_id: str | None = None) -> dict:
    state = {"sessionAttributes": dict(sess["sessionAttributes"])}
    if sess.get("dialogAction"):
        state["dialogAction"] = copy.deepcopy(sess["dialogAction"])
    if sess.get("intent"):
        state["intent"] = copy.deepcopy(sess["intent"])
    if sess.get("activeContexts"):
        state["activeContexts"] = copy.deepcopy(sess["activeContexts"])
    if request_id:
        state["originatingRequestId"] = request_id
    return state


def converse(p: dict, text: str, input_mode: str = "Text", content_type: str = "text/plain; charset=utf-8",
             request_attributes: dict | None = None, given_state: dict | None = None,
             operation: str = "RecognizeText") -> Turn:
    """Run one turn and store the session; shared by RecognizeText and RecognizeUtterance."""
    bot, alias, number, loc = target(p)
    sess = session(p, bot)
    apply_request_state(sess, given_state)
    compiled = loc["compiled"]
    intent = (sess.get("intent") or {}).get("name")
    if intent and intent not in compiled.intents:
        raise AwsError("ValidationException", f"Intent {intent} is not defined in the bot locale.")
    action = sess.get("dialogAction") or {}
    if action.get("type") == "ElicitSlot" and (not intent or action.get("slotToElicit") not in compiled.intents[intent].slots):
        raise AwsError("ValidationException",
                       f"slotToElicit {action.get('slotToElicit')} is not a slot of intent {intent}.")
    turn = Turn(bot=bot, alias=alias, version=number, locale_id=p["localeId"], compiled=compiled, session=sess,
                session_id=p["sessionId"], text=text, request_attributes=request_attributes,
                input_mode=input_mode, response_content_type=content_type)
    turn.run()
    if (alias["props"].get("sentimentAnalysisSettings") or {}).get("detectSentiment") and turn.interpretations:
        turn.interpretations[0]["sentimentResponse"] = sentiment(text)
    sess["messages"], sess["interpretations"], sess["last"] = turn.messages, turn.interpretations, time.time()
    from awsml_study.services.lex import conversation_logs
    conversation_logs.record(turn, operation, session_state(sess, turn.request_id))
    return turn


def sentiment(text: str) -> dict:
    """The utterance's sentiment from the kit's Comprehend engine."""
    try:
        from awsml_study.engines.text import sentiment as engine
    except ImportError:  # before the engines' layout move
        from awsml_study.engines import sentiment as engine
    label, scores = engine.analyse(text)
    return {"sentiment": label, "sentimentScore": {k.lower(): float(v) for k, v in scores.items()}}


@operation("lexv2-runtime", "RecognizeText", engine=ENGINE)
def recognize_text(p: dict) -> dict:
    check("RecognizeText", p, RUNTIME)
    turn = converse(p, p["text"], request_attributes=p.get("requestAttributes"), given_state=p.get("sessionState"))
    out = {"sessionState": session_state(turn.session, turn.request_id), "interpretations": turn.interpretations,
           "sessionId": p["sessionId"]}
    if turn.messages:
        out["messages"] = turn.messages
    if p.get("requestAttributes"):
        out["requestAttributes"] = dict(p["requestAttributes"])
    return out


@operation("lexv2-runtime", "GetSession", engine=ENGINE)
def get_session(p: dict) -> dict:
    check("GetSession", p, RUNTIME)
    bot, _, _, _ = target(p)
    sess = session(p, bot, create=False)
    if sess is None:
        raise AwsError("ResourceNotFoundException", f"Session {p['sessionId']} does not exist.", 404)
    out = {"sessionId": p["sessionId"], "sessionState": session_state(sess),
           "interpretations": copy.deepcopy(sess["interpretations"])}
    if sess["messages"]:
        out["messages"] = copy.deepcopy(sess["messages"])
    return out


@operation("lexv2-runtime", "DeleteSession", engine=ENGINE)
def delete_session(p: dict) -> dict:
    check("DeleteSession", p, RUNTIME)
    target(p)
    if store.sessions().pop(_key(p), None) is None:
        raise AwsError("ResourceNotFoundException", f"Session {p['sessionId']} does not exist.", 404)
    return {"botId": p["botId"], "botAliasId": p["botAliasId"], "localeId": p["localeId"], "sessionId": p["sessionId"]}


@operation("lexv2-runtime", "PutSession", engine=ENGINE)
def put_session(p: dict) -> dict:
    from awsml_study.services.lex.media import encode_header, speak
    check("PutSession", p, RUNTIME)
    bot, alias, number, loc = target(p)
    given = p["sessionState"]
    intent = (given.get("intent") or {}).get("name")
    if intent and intent not in loc["compiled"].intents:
        raise AwsError("ValidationException", f"Intent {intent} is not defined in the bot locale.")
    action = given.get("dialogAction") or {}
    if action.get("type") == "ElicitSlot" and (not intent or action.get("slotToElicit") not in
                                               loc["compiled"].intents[intent].slots):
        raise AwsError("ValidationException", "dialogAction ElicitSlot needs an intent and one of its slots.")
    store.sessions().pop(_key(p), None)
    sess = session(p, bot)
    apply_request_state(sess, given)
    sess["messages"] = list(p.get("messages") or [])
    out = {"sessionId": p["sessionId"], "sessionState": encode_header(session_state(sess))}
    if sess["messages"]:
        out["messages"] = encode_header(sess["messages"])
    if p.get("requestAttributes"):
        out["requestAttributes"] = encode_header(p["requestAttributes"])
    content_type = p.get("responseContentType")
    if content_type and not content_type.startswith("text/plain"):
        audio, kind = speak(sess["messages"], loc["compiled"].voice, content_type)
        out["audioStream"], out["contentType"] = audio, kind
    else:
        out["contentType"] = "text/plain; charset=utf-8"
    return out
