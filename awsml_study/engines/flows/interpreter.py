"""Run a contact through Flow language content: actions, branches, waits for customer input, Lex turns.

The interpreter owns the flow logic only. Everything a run does to the world — messages to the
chat, contact attributes, queues, Lex and Lambda calls, flow logs — goes through a `port` object
the Connect service supplies (see services/connect/contacts.py), so the logic is testable alone.
"""
from __future__ import annotations

import json
import logging
import re

from awsml_study.engines.flows import jsonpath
from awsml_study.engines.flows.language import ACTIONS

log = logging.getLogger("awsml_study")
MAX_STEPS = 500     # actions run between two customer messages before the run is stopped as a loop
DONE_STATES = ("Fulfilled", "ReadyForFulfillment", "Failed")


class FlowError(Exception):
    """An action failed; the run takes the named error branch."""

    def __init__(self, error_type: str, reason: str):
        super().__init__(reason)
        self.error_type = error_type
        self.reason = reason


class FlowRun:
    """One contact's run: RUNNING, WAITING for the customer, or ENDED (with how it ended)."""

    def __init__(self, port, flow_id: str, flow_name: str, content: str, flow_type: str = "CONTACT_FLOW"):
        self.port = port
        self.status = "RUNNING"
        self.outcome = None          # QUEUED, DISCONNECTED, ENDED or ERROR once the run is over
        self.path: list[str] = []    # identifiers of the actions run, in order
        self.waiting = None          # the action waiting for customer input
        self._result = None          # what the running action branched on, for its flow-log entry
        self._load(flow_id, flow_name, content, flow_type)

    def _load(self, flow_id: str, flow_name: str, content: str, flow_type: str) -> None:
        self.flow = json.loads(content)
        self.flow_id, self.flow_name, self.flow_type = flow_id, flow_name, flow_type
        self.actions = {a["Identifier"]: a for a in self.flow["Actions"]}
        self.current = self.flow["StartAction"]

    # -- driving the run ----------------------------------------------------------------------

    def start(self) -> "FlowRun":
        self._run()
        return self

    def customer_message(self, text: str) -> None:
        """A customer message: the waiting action consumes it, then the run goes on."""
        if self.status != "WAITING":
            return
        action, self.waiting = self.waiting, None
        self.status = "RUNNING"
        try:
            nxt = self._input(action, text)
        except FlowError as err:
            nxt = self._error(action, err)
        except Exception as exc:
            log.exception("awsml-study flow action %s failed", action.get("Identifier"))
            nxt = self._error(action, FlowError("NoMatchingError", f"the action could not run: {exc}"))
        if nxt == "WAIT":
            self.waiting, self.status = action, "WAITING"
            return
        if nxt == "END":
            return
        self.current = nxt
        self._run()

    def customer_left(self) -> None:
        if self.status != "ENDED":
            self._end("DISCONNECTED")

    # -- the loop --------------------------------------------------------------------------------

    def _run(self) -> None:
        steps = 0
        while self.status == "RUNNING":
            if self.current is None:
                self._end_flow()
                return
            steps += 1
            if steps > MAX_STEPS:
                self.port.log(self._entry({"Type": "Loop"}, error=f"more than {MAX_STEPS} actions without "
                                          "customer input; the run was stopped"))
                self._end("ERROR", disconnect=True)
                return
            action = self.actions[self.current]
            self.path.append(action["Identifier"])
            handler = getattr(self, "_" + action["Type"], None)
            try:
                if handler is None or not ACTIONS[action["Type"]].simulated:
                    raise FlowError("NoMatchingError", f"{action['Type']} is a real Flow language action that "
                                    "the awsml-study interpreter does not run")
                self._result = None
                nxt = handler(action, action.get("Parameters") or {})
                self.port.log(self._entry(action, results=self._result))
            except FlowError as err:
                nxt = self._error(action, err)
            except Exception as exc:  # odd parameter values the validator let through: the error branch
                log.exception("awsml-study flow action %s failed", action.get("Identifier"))
                nxt = self._error(action, FlowError("NoMatchingError", f"the action could not run: {exc}"))
            if nxt == "WAIT":
                self.waiting, self.status = action, "WAITING"
                return
            if nxt == "END":
                return
            self.current = nxt

    def _end(self, outcome: str, disconnect: bool = False, reason: str = "CONTACT_FLOW_DISCONNECT") -> None:
        self.status, self.outcome, self.current, self.waiting = "ENDED", outcome, None, None
        if disconnect:
            self.port.disconnect(reason)

    def _end_flow(self) -> None:
        # A flow that runs out of actions ends; an inbound contact that was never queued is disconnected.
        self._end("ENDED", disconnect=self.flow_type == "CONTACT_FLOW")

    def _entry(self, action: dict, error: str | None = None, results=None) -> dict:
        entry = {"ContactFlowId": self.flow_id, "ContactFlowName": self.flow_name,
                 "ContactFlowModuleType": action.get("Type"), "Identifier": action.get("Identifier"),
                 "Parameters": {k: jsonpath.resolve(self.port.data, v) if isinstance(v, str) else v
                                for k, v in (action.get("Parameters") or {}).items()}}
        if error:
            entry["Error"] = error
        if results is not None:
            entry["Results"] = results
        return entry

    # -- transitions -----------------------------------------------------------------------------

    @staticmethod
    def _next(action: dict):
        return (action.get("Transitions") or {}).get("NextAction")

    def _error(self, action: dict, err: FlowError):
        self.port.log(self._entry(action, error=f"{err.error_type}: {err.reason}"))
        branches = {e.get("ErrorType"): e.get("NextAction") for e in (action.get("Transitions") or {}).get("Errors", [])}
        if err.error_type in branches:
            return branches[err.error_type]
        if err.error_type != "NoMatchingCondition" and "NoMatchingError" in branches:
            return branches["NoMatchingError"]
        if err.error_type == "NoMatchingCondition" and self._next(action):
            return self._next(action)
        # No branch handles the error: the flow stops and the contact is disconnected.
        self._end("ERROR", disconnect=True)
        return "END"

    def _branch(self, action: dict, result) -> str | None:
        self._result = result
        for cond in (action.get("Transitions") or {}).get("Conditions", []):
            body = cond["Condition"]
            if matches(body["Operator"], result, body["Operands"][0]):
                return cond["NextAction"]
        if (action.get("Transitions") or {}).get("Conditions"):
            raise FlowError("NoMatchingCondition", f"no condition matched {result!r}")
        return self._next(action)

    def _value(self, value):
        return jsonpath.resolve(self.port.data, value)

    # -- participant actions -------------------------------------------------------------------------

    def _say(self, params: dict, required: bool) -> None:
        channel = self.port.data.get("Channel")
        if channel == "TASK":
            raise FlowError("NoMatchingError", "a task has no participant to send messages to or read input from")
        if "Text" in params:
            self.port.say(self._value(params["Text"]), "SYSTEM_MESSAGE")
        elif "SSML" in params or "PromptId" in params or "Media" in params:
            if channel != "VOICE":
                raise FlowError("NoMatchingError", "PromptId, SSML and Media play on voice contacts only; "
                                f"a {channel} contact needs Text")
            if "SSML" in params:
                self.port.say(re.sub(r"<[^>]+>", "", self._value(params["SSML"])).strip(), "SYSTEM_MESSAGE")
            else:
                self.port.say(f"[audio prompt {self._value(params.get('PromptId', 'media'))}]", "SYSTEM_MESSAGE")
        elif required:
            raise FlowError("NoMatchingError", "nothing to send")

    def _MessageParticipant(self, action, params):
        self._say(params, required=True)
        return self._next(action)

    def _GetParticipantInput(self, action, params):
        self._say(params, required=False)
        return "WAIT"

    def _ConnectParticipantWithLexBot(self, action, params):
        if self.port.data.get("Channel") == "TASK":
            raise FlowError("NoMatchingError", "a task has no participant to talk to a bot")
        if "LexV2Bot" not in params:
            raise FlowError("NoMatchingError", "Lex V1 bots ended on September 15, 2025; use a LexV2Bot alias")
        self._say(params, required=False)
        first = (params.get("LexInitializationData") or {}).get("InitialMessage")
        if first:
            text = self._value(first)
            if not text:
                raise FlowError("NoMatchingError", "LexInitializationData.InitialMessage resolved to nothing "
                                "(the contact has no initial message)")
            return self._lex_turn(action, params, text)
        return "WAIT"

    def _DisconnectParticipant(self, action, params):
        self._end("DISCONNECTED", disconnect=True)
        return "END"

    def _input(self, action: dict, text: str):
        """What a waiting action does with the customer's message."""
        params = action.get("Parameters") or {}
        if action["Type"] == "ConnectParticipantWithLexBot":
            return self._lex_turn(action, params, text)
        self.port.data["LastParticipantInput"] = text
        if str(params.get("StoreInput", "False")) == "True":
            self._store_input(params, text)
            self.port.log(self._entry(action, results="stored"))
            return self._next(action)
        self.port.log(self._entry(action, results=text))
        return self._branch(action, text.strip())

    def _store_input(self, params: dict, text: str) -> None:
        validation = params.get("InputValidation") or {}
        phone = validation.get("PhoneNumberValidation")
        if phone:
            import phonenumbers
            region = phone.get("CountryCode") if phone.get("NumberFormat") == "Local" else None
            try:
                ok = phonenumbers.is_valid_number(phonenumbers.parse(text.strip(), region))
            except phonenumbers.NumberParseException:
                ok = False
            if not ok or (phone.get("NumberFormat") == "E164" and not text.strip().startswith("+")):
                raise FlowError("InvalidPhoneNumber", f"{text!r} is not a valid phone number")
        limit = (validation.get("CustomValidation") or {}).get("MaximumLength")
        if limit and len(text) > int(limit):
            raise FlowError("NoMatchingError", f"the input is longer than {limit} characters")
        self.port.data["StoredCustomerInput"] = text

    def _lex_turn(self, action: dict, params: dict, text: str):
        """One customer message through the Lex runtime; the block ends when Lex closes the intent."""
        attrs = {k: self._value(v) for k, v in (params.get("LexSessionAttributes") or {}).items()}
        reply = self.port.lex(self._value(params["LexV2Bot"]["AliasArn"]), text, attrs)
        for message in reply.get("messages", []):
            if message.get("content"):
                self.port.say(message["content"], "BOT")
        session = reply.get("sessionState", {})
        intent = session.get("intent") or {}
        if (session.get("dialogAction") or {}).get("type") != "Close" and intent.get("state") not in DONE_STATES:
            return "WAIT"
        slots = {name: ((slot or {}).get("value") or {}).get("interpretedValue")
                 for name, slot in (intent.get("slots") or {}).items()}
        self.port.data["Lex"] = {"IntentName": intent.get("name", ""), "Slots": slots,
                                 "SessionAttributes": session.get("sessionAttributes", {}),
                                 "DialogState": intent.get("state", "")}
        self.port.log(self._entry(action, results=intent.get("name", "")))
        return self._branch(action, intent.get("name", ""))

    # -- contact actions -------------------------------------------------------------------------------

    def _UpdateContactAttributes(self, action, params):
        if params.get("TargetContact", "Current") == "Related" and not self.port.data.get("RelatedContactId"):
            raise FlowError("NoMatchingError", "the contact has no related contact")
        self.port.set_attributes({self._value(k): self._value(v) for k, v in params["Attributes"].items()})
        return self._next(action)

    def _UpdateFlowAttributes(self, action, params):
        flow_attrs = self.port.data.setdefault("FlowAttributes", {})
        for key, spec in params["FlowAttributes"].items():
            flow_attrs[key] = self._value(spec.get("Value") if isinstance(spec, dict) else spec)
        return self._next(action)

    def _UpdateContactData(self, action, params):
        for key in ("LanguageCode", "Name", "Description"):
            if key in params:
                self.port.data[key] = self._value(params[key])
        return self._next(action)

    def _UpdateContactTextToSpeechVoice(self, action, params):
        self.port.data["TextToSpeechVoice"] = self._value(params.get("TextToSpeechVoice", ""))
        return self._next(action)

    def _UpdateContactTargetQueue(self, action, params):
        if "AgentId" in params:
            raise FlowError("NoMatchingError", "agent queues are not simulated; set a QueueId")
        queue = self.port.queue(self._value(params["QueueId"]))
        if queue is None:
            raise FlowError("NoMatchingError", f"queue {params['QueueId']} not found")
        self.port.data["Queue"] = {"Name": queue["Name"], "ARN": queue["QueueArn"], "Id": queue["QueueId"]}
        return self._next(action)

    def _TransferContactToQueue(self, action, params):
        target = self.port.data.get("Queue")
        if not target:
            raise FlowError("NoMatchingError", "no working queue is set (use UpdateContactTargetQueue first)")
        self.port.enqueue(target["Id"])   # raises FlowError QueueAtCapacity / NoMatchingError
        self._end("QUEUED")
        return "END"

    # -- flow control actions ------------------------------------------------------------------------

    def _Compare(self, action, params):
        found = jsonpath.lookup(self.port.data, params["ComparisonValue"])
        return self._branch(action, "" if found is None else str(found))

    def _CheckHoursOfOperation(self, action, params):
        ref = self._value(params["HoursOfOperationId"]) if "HoursOfOperationId" in params else None
        is_open = self.port.hours_open(ref)
        return self._branch(action, "True" if is_open else "False")

    def _DistributeByPercentage(self, action, params):
        return self._branch(action, str(self.port.random_percent()))

    def _EndFlowExecution(self, action, params):
        self._end_flow()
        return "END"

    def _TransferToFlow(self, action, params):
        found = self.port.flow(self._value(params["ContactFlowId"]))
        if found is None:
            raise FlowError("NoMatchingError", f"flow {params['ContactFlowId']} not found or not published")
        self.port.log(self._entry(action))
        self._load(*found)
        return self.current

    def _UpdateFlowLoggingBehavior(self, action, params):
        self.port.logging = params.get("FlowLoggingBehavior") == "Enabled"
        return self._next(action)

    def _InvokeLambdaFunction(self, action, params):
        external = self.port.invoke_lambda(self._value(params["LambdaFunctionARN"]), self.port.data,
                                           int(params.get("InvocationTimeLimitSeconds", 3)))
        self.port.data["External"] = external
        return self._next(action)


def matches(operator: str, result, operand) -> bool:
    """A Flow language condition: text comparisons on strings, numeric ones false unless both are numbers."""
    left, right = "" if result is None else str(result), str(operand)
    if operator == "Equals":
        return left == right
    if operator == "TextStartsWith":
        return left.startswith(right)
    if operator == "TextEndsWith":
        return left.endswith(right)
    if operator == "TextContains":
        return right in left
    try:
        a, b = float(left), float(right)
    except ValueError:
        return False
    return {"NumberGreaterThan": a > b, "NumberGreaterOrEqualTo": a >= b, "NumberLessThan": a < b,
            "NumberLessOrEqualTo": a <= b}.get(operator, False)
