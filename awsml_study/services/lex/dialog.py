"""The Lex V2 dialog manager: one turn of a conversation (classify, fill slots, confirm, fulfil, close)."""
# Lex's default behaviour without code hooks: elicit required slots in priority order, ask the
# confirmation prompt if the intent has one, then close with the closing response and the intent
# ReadyForFulfillment. Dialog and fulfilment code hooks run the alias's Lambda and what it answers
# (Close, ConfirmIntent, Delegate, ElicitIntent, ElicitSlot) is honoured.
from __future__ import annotations

import copy
import re
import uuid

from awsml_study.services.lex import codehooks

MAX_INTERPRETATIONS = 5
SWITCH_CONFIDENCE = 0.7  # another intent must be this clear to interrupt a slot elicitation


def _messages(spec: dict | None, slots: dict) -> list[dict]:
    """The messages of a prompt or response specification, one per message group, {Slot} filled in."""
    out = []
    for group in (spec or {}).get("messageGroups") or []:
        m = group.get("message") or {}
        if "plainTextMessage" in m:
            out.append({"contentType": "PlainText", "content": _fill(m["plainTextMessage"]["value"], slots)})
        elif "ssmlMessage" in m:
            out.append({"contentType": "SSML", "content": _fill(m["ssmlMessage"]["value"], slots)})
        elif "customPayload" in m:
            out.append({"contentType": "CustomPayload", "content": m["customPayload"]["value"]})
        elif "imageResponseCard" in m:
            out.append({"contentType": "ImageResponseCard", "imageResponseCard": m["imageResponseCard"]})
    return out


def _fill(text: str, slots: dict) -> str:
    def value(m):
        slot = slots.get(m.group(1))
        return slot["value"]["interpretedValue"] if slot else m.group(0)
    return re.sub(r"\{([A-Za-z0-9_-]+)\}", value, text)


def slot_value(found) -> dict:
    return {"value": {"originalValue": found.original, "interpretedValue": found.interpreted,
                      "resolvedValues": list(found.resolved)}}


class Turn:
    """One RecognizeText / RecognizeUtterance request against a built locale."""

    def __init__(self, *, bot, alias, version, locale_id, compiled, session, session_id, text,
                 request_attributes, input_mode="Text", response_content_type="text/plain; charset=utf-8"):
        self.bot, self.alias, self.version, self.locale_id = bot, alias, version, locale_id
        self.compiled, self.session, self.session_id, self.text = compiled, session, session_id, text
        self.request_attributes = dict(request_attributes or {})
        self.input_mode, self.response_content_type = input_mode, response_content_type
        self.transcription_confidence = 1.0
        self.request_id = str(uuid.uuid4())
        self.lambda_arn = codehooks.lambda_arn(alias, locale_id)
        self.interpretations: list[dict] = []
        self.messages: list[dict] = []
        self.scores: list[tuple[str, float]] = []
        self.continued = False

    # ----- views used by the code-hook event -----

    def event_slots(self, intent: dict) -> dict:
        """An intent with every slot present, unfilled ones as null (as Lambda receives them)."""
        known = self.compiled.intents.get(intent["name"])
        slots = {n: (intent.get("slots") or {}).get(n) for n in (known.order if known else [])}
        return dict(intent, slots=slots, confirmationState=intent.get("confirmationState", "None"),
                    state=intent.get("state", "InProgress"))

    def event_intent(self) -> dict:
        return self.event_slots(self.session["intent"])

    # ----- the turn -----

    def run(self) -> None:
        s = self.session
        self._age_contexts()
        self.scores = self._classify()
        pending = (s.get("dialogAction") or {}).get("type")
        intent = s.get("intent")
        active = intent is not None and intent.get("state") in ("InProgress", "Waiting")
        self.continued = active and pending in ("ElicitSlot", "ConfirmIntent")
        if active and pending == "ElicitSlot":
            self._answer_slot(s["dialogAction"]["slotToElicit"])
        elif active and pending == "ConfirmIntent":
            self._answer_confirmation()
        else:
            self._start_intent(self._top())
        self._interpret()

    def _classify(self) -> list[tuple[str, float]]:
        model = self.compiled.classifier
        if model is None:
            return []
        active = {c["name"] for c in self.session.get("activeContexts", [])}
        allowed = []
        for name, score in model.scores(self.text):
            needs = {c["name"] for c in self.compiled.intents[name].props.get("inputContexts") or []}
            if needs <= active:  # an intent with input contexts is heard only while they are active
                allowed.append((name, score))
        return allowed

    def _top(self) -> str:
        if self.scores and self.scores[0][1] >= self.compiled.threshold:
            return self.scores[0][0]
        return self.compiled.fallback

    def _start_intent(self, name: str) -> None:
        self.session["intent"] = {"name": name, "slots": {}, "state": "InProgress", "confirmationState": "None"}
        self.session["retries"] = 0
        self._fill_from_utterance()
        initial = (self.compiled.intents[name].props.get("initialResponseSetting") or {}).get("initialResponse")
        self.messages += _messages(initial, self.session["intent"]["slots"])  # said when the intent is recognised
        self._continue()

    def _fill_from_utterance(self) -> None:
        from awsml_study.engines.dialog.values import CustomType, resolve
        intent = self.compiled.intents[self.session["intent"]["name"]]
        slots = self.session["intent"]["slots"]
        for template in intent.templates:
            m = template.search(self.text.strip())
            if not m:
                continue
            for group, span in m.groupdict().items():
                slot = next((s for s in intent.slots.values() if s.name.replace("-", "_") == group), None)
                found = resolve(slot.type, span) if slot else None
                if found and slot.name not in slots:
                    slots[slot.name] = slot_value(found)
            break
        for slot in intent.slots.values():  # custom values named anywhere in the utterance
            if slot.name not in slots and isinstance(slot.type, CustomType) and slot.type.values:
                found = _named_value(slot.type, self.text)
                if found:
                    slots[slot.name] = slot_value(found)

    def _answer_slot(self, slot_name: str) -> None:
        from awsml_study.engines.dialog.values import resolve
        intent = self.session["intent"]
        slot = self.compiled.intents[intent["name"]].slots.get(slot_name)
        found = resolve(slot.type, self.text) if slot else None
        if found:
            intent["slots"][slot_name] = slot_value(found)
            self.session["retries"] = 0
            self._continue()
            return
        top, score = (self.scores[0] if self.scores else (None, 0.0))
        if top and top != intent["name"] and score >= max(SWITCH_CONFIDENCE, self.compiled.threshold):
            self.continued = False
            self._start_intent(top)  # the user changed the subject
            return
        self._retry(lambda: self._elicit(slot_name))

    def _answer_confirmation(self) -> None:
        from awsml_study.engines.dialog.values import confirmation
        intent = self.session["intent"]
        answer = confirmation(self.text)
        if answer == "Yes":
            intent["confirmationState"] = "Confirmed"
            self._continue()
        elif answer == "No":
            intent["confirmationState"] = "Denied"
            setting = self.compiled.intents[intent["name"]].props.get("intentConfirmationSetting") or {}
            if self._dialog_hook_enabled():
                self._dialog_hook()
                return
            intent["state"] = "Failed"
            self._close(_messages(setting.get("declinationResponse"), intent["slots"]))
        else:
            self._retry(self._confirm)

    def _retry(self, again) -> None:
        self.session["retries"] = self.session.get("retries", 0) + 1
        spec = self._current_prompt()
        if self.session["retries"] > (spec or {}).get("maxRetries", 2):
            self.session["intent"]["state"] = "Failed"
            self._close([])
        else:
            again()

    def _current_prompt(self) -> dict | None:
        action = self.session.get("dialogAction") or {}
        intent = self.compiled.intents[self.session["intent"]["name"]]
        if action.get("type") == "ElicitSlot":
            slot = intent.slots.get(action.get("slotToElicit"))
            return (slot.props.get("valueElicitationSetting") or {}).get("promptSpecification") if slot else None
        return (intent.props.get("intentConfirmationSetting") or {}).get("promptSpecification")

    # ----- Lex's next step, with code hooks -----

    def _next_step(self) -> dict:
        """What Lex would do next: the proposedNextState.dialogAction."""
        intent = self.session["intent"]
        definition = self.compiled.intents[intent["name"]]
        for name in definition.order:
            if definition.slots[name].required and name not in intent["slots"]:
                return {"type": "ElicitSlot", "slotToElicit": name}
        setting = definition.props.get("intentConfirmationSetting") or {}
        if setting.get("promptSpecification") and setting.get("active", True) and intent["confirmationState"] == "None":
            return {"type": "ConfirmIntent"}
        return {"type": "Close"}

    def _dialog_hook_enabled(self) -> bool:
        hook = self.compiled.intents[self.session["intent"]["name"]].props.get("dialogCodeHook") or {}
        return bool(hook.get("enabled")) and bool(self.lambda_arn)

    def _defaults(self) -> None:
        """Fill missing slots from their defaultValueSpecification: a literal, or #sessionAttribute."""
        from awsml_study.engines.dialog.values import resolve
        intent = self.session["intent"]
        for name, slot in self.compiled.intents[intent["name"]].slots.items():
            if name in intent["slots"]:
                continue
            spec = (slot.props.get("valueElicitationSetting") or {}).get("defaultValueSpecification") or {}
            for item in spec.get("defaultValueList") or []:
                raw = item.get("defaultValue", "")
                text = self.session["sessionAttributes"].get(raw[1:]) if raw.startswith("#") else raw.strip("'\"")
                found = resolve(slot.type, text) if text else None
                if found:
                    intent["slots"][name] = slot_value(found)
                    break

    def _continue(self, hooked: bool = False) -> None:
        self._defaults()
        if not hooked and self._dialog_hook_enabled():
            self._dialog_hook()
            return
        step = self._next_step()
        if step["type"] == "ElicitSlot":
            self._elicit(step["slotToElicit"])
        elif step["type"] == "ConfirmIntent":
            self._confirm()
        else:
            self._fulfil()

    def _dialog_hook(self) -> None:
        proposed = {"dialogAction": self._next_step(), "intent": self.event_intent()}
        self._apply(codehooks.invoke(self, "DialogCodeHook", proposed), after_dialog_hook=True)

    def _apply(self, response: dict, after_dialog_hook: bool = False) -> None:
        """Honour a code hook's answer: its session attributes, intent and dialog action."""
        state = response["sessionState"]
        if state.get("sessionAttributes") is not None:
            self.session["sessionAttributes"] = dict(state["sessionAttributes"])
        if state.get("activeContexts") is not None:
            self.session["activeContexts"] = copy.deepcopy(state["activeContexts"])
        if state.get("intent") is not None:
            given = state["intent"]
            self.session["intent"] = {"name": given["name"],
                                      "slots": {k: v for k, v in (given.get("slots") or {}).items() if v},
                                      "state": given.get("state", "InProgress"),
                                      "confirmationState": given.get("confirmationState", "None")}
        messages = list(response.get("messages") or [])
        action = state["dialogAction"]
        kind = action["type"]
        if kind == "Delegate":
            self.messages += messages
            self._continue(hooked=after_dialog_hook)
        elif kind == "ElicitSlot":
            self._elicit(action["slotToElicit"], messages or None)
        elif kind == "ConfirmIntent":
            self._confirm(messages or None)
        elif kind == "ElicitIntent":
            self.session["intent"] = None
            self.session["dialogAction"] = {"type": "ElicitIntent"}
            self.messages += messages
        else:  # Close
            self._close(messages, keep_state=True)

    def _elicit(self, slot_name: str, messages: list[dict] | None = None) -> None:
        intent = self.session["intent"]
        slot = self.compiled.intents[intent["name"]].slots[slot_name]
        spec = (slot.props.get("valueElicitationSetting") or {}).get("promptSpecification")
        intent["state"] = "InProgress"
        self.session["dialogAction"] = {"type": "ElicitSlot", "slotToElicit": slot_name}
        self.messages += messages if messages is not None else _messages(spec, intent["slots"])

    def _confirm(self, messages: list[dict] | None = None) -> None:
        intent = self.session["intent"]
        setting = self.compiled.intents[intent["name"]].props.get("intentConfirmationSetting") or {}
        intent["state"] = "InProgress"
        self.session["dialogAction"] = {"type": "ConfirmIntent"}
        self.messages += messages if messages is not None else _messages(setting.get("promptSpecification"),
                                                                          intent["slots"])

    def _fulfil(self) -> None:
        intent = self.session["intent"]
        definition = self.compiled.intents[intent["name"]]
        hook = definition.props.get("fulfillmentCodeHook") or {}
        if hook.get("enabled") and self.lambda_arn:
            intent["state"] = "ReadyForFulfillment"
            response = codehooks.invoke(self, "FulfillmentCodeHook")
            self._apply(response)
            status = (hook.get("postFulfillmentStatusSpecification") or {})
            done = (self.session.get("intent") or {}).get("state")
            if not response.get("messages") and done in ("Fulfilled", "Failed"):
                key = "successResponse" if done == "Fulfilled" else "failureResponse"
                self.messages += _messages(status.get(key), intent["slots"])
            return
        intent["state"] = "ReadyForFulfillment"
        self._close([])

    def _close(self, messages: list[dict], keep_state: bool = False) -> None:
        intent = self.session.get("intent")
        self.session["dialogAction"] = {"type": "Close"}
        self.messages += messages
        if intent is None:
            return
        definition = self.compiled.intents.get(intent["name"])
        if not keep_state and intent["state"] not in ("Failed",):
            closing = (definition.props.get("intentClosingSetting") or {}) if definition else {}
            if closing.get("active", True):
                self.messages += _messages(closing.get("closingResponse"), intent["slots"])
        if intent["state"] in ("Fulfilled", "ReadyForFulfillment") and definition:
            self._set_output_contexts(definition)

    def _set_output_contexts(self, definition) -> None:
        contexts = [c for c in self.session.get("activeContexts", [])
                    if c["name"] not in {o["name"] for o in definition.props.get("outputContexts") or []}]
        for out in definition.props.get("outputContexts") or []:
            contexts.append({"name": out["name"], "contextAttributes": {},
                             "timeToLive": {"timeToLiveInSeconds": out.get("timeToLiveInSeconds", 600),
                                            "turnsToLive": out.get("turnsToLive", 5)}})
        self.session["activeContexts"] = contexts

    def _age_contexts(self) -> None:
        kept = []
        for c in self.session.get("activeContexts", []):
            left = c["timeToLive"]["turnsToLive"] - 1
            if left > 0:
                kept.append(dict(c, timeToLive=dict(c["timeToLive"], turnsToLive=left)))
        self.session["activeContexts"] = kept

    # ----- the interpretations Lex reports -----

    def _interpret(self) -> None:
        current = self.session.get("intent")
        out, seen = [], set()
        if current is not None:
            score = 1.0 if self.continued else dict(self.scores).get(current["name"])
            pending = current["name"] != self.compiled.fallback
            entry = {"intent": copy.deepcopy(current), "interpretationSource": "Lex"}
            if pending:
                entry["nluConfidence"] = {"score": round(score if score is not None else 1.0, 2)}
            out.append(entry)
            seen.add(current["name"])
        if self.compiled.fallback not in seen:
            out.append({"intent": {"name": self.compiled.fallback, "slots": {}}, "interpretationSource": "Lex"})
            seen.add(self.compiled.fallback)
        for name, score in self.scores:
            if name not in seen and len(out) < MAX_INTERPRETATIONS:
                out.append({"intent": {"name": name, "slots": {}}, "nluConfidence": {"score": round(score, 2)},
                            "interpretationSource": "Lex"})
        self.interpretations = out


def _named_value(kind, text: str):
    """A custom slot value (or synonym) said anywhere in the utterance, by exact word match."""
    from awsml_study.engines.dialog.values import Resolved
    low = text.lower()
    for phrase, canonical in sorted(kind.phrases().items(), key=lambda kv: -len(kv[0])):
        m = re.search(rf"\b{re.escape(phrase)}\b", low)
        if m:
            original = text[m.start():m.end()]
            interpreted = canonical if kind.strategy == "TopResolution" else original
            return Resolved(original, interpreted, [canonical])
    return None
