"""Validate Flow language content as Connect does on publish: every problem found, each as one message."""
from __future__ import annotations

import json
from typing import Callable

from awsml_study.engines.flows.language import (ACTIONS, FORBIDDEN_CHARS, MAX_ACTIONS, MAX_IDENTIFIER,
                                                OPERATORS, RESERVED, VERSION)

MAX_PROBLEM = 256  # ProblemDetail.message maximum length in the Connect model
# resolve(kind, reference) -> True when a static reference names an existing resource.
Resolver = Callable[[str, str], bool]


def parse(content: str) -> tuple[dict | None, list[str]]:
    """The flow as a dict, or the problem that stops parsing it."""
    try:
        flow = json.loads(content)
    except json.JSONDecodeError as err:
        return None, [f"The flow content is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}."]
    if not isinstance(flow, dict):
        return None, ["The flow content must be a JSON object with Version, StartAction and Actions."]
    return flow, []


def problems(content: str, flow_type: str = "CONTACT_FLOW", resolve: Resolver | None = None) -> list[str]:
    """Every problem in a flow's content; an empty list means Connect would publish it."""
    flow, found = parse(content)
    if flow is None:
        return found
    if flow.get("Version") != VERSION:
        found.append(f"Version must be '{VERSION}', not {json.dumps(flow.get('Version'))}.")
    actions = flow.get("Actions")
    if not isinstance(actions, list) or not actions:
        found.append("Actions must be a non-empty list of actions.")
        return _clip(found)
    if len(actions) > MAX_ACTIONS:
        found.append(f"A flow may hold at most {MAX_ACTIONS} actions; this one has {len(actions)}.")
    ids = []
    for i, action in enumerate(actions):
        if not isinstance(action, dict):
            found.append(f"Actions[{i}] must be an object.")
            continue
        ident = action.get("Identifier")
        found.extend(_identifier_problems(ident, i, ids))
        ids.append(ident)
    known = {i for i in ids if isinstance(i, str)}
    start = flow.get("StartAction")
    if not _names(start, known):
        found.append(f"StartAction {json.dumps(start)} does not match the Identifier of any action.")
    for action in actions:
        if isinstance(action, dict):
            found.extend(_action_problems(action, known, flow_type, resolve))
    return _clip(found)


def _names(ref, known: set) -> bool:
    """True when `ref` is the Identifier of an action (any other JSON value is not)."""
    return isinstance(ref, str) and ref in known


def _clip(found: list[str]) -> list[str]:
    return [p if len(p) <= MAX_PROBLEM else p[:MAX_PROBLEM - 3] + "..." for p in found]


def _identifier_problems(ident, index: int, seen: list) -> list[str]:
    if not isinstance(ident, str) or not ident:
        return [f"Actions[{index}] has no Identifier."]
    out = []
    if len(ident) > MAX_IDENTIFIER:
        out.append(f"Identifier '{ident[:60]}' is longer than {MAX_IDENTIFIER} characters.")
    bad = sorted(set(ident) & FORBIDDEN_CHARS)
    if bad:
        out.append(f"Identifier '{ident}' contains characters that are not allowed: {' '.join(bad)}")
    if ident in RESERVED:
        out.append(f"Identifier '{ident}' is a reserved word.")
    if ident in seen:
        out.append(f"Identifier '{ident}' is used by more than one action.")
    return out


def _action_problems(action: dict, known: set, flow_type: str, resolve: Resolver | None) -> list[str]:
    ident = action.get("Identifier")
    kind = action.get("Type")
    where = f"Action '{ident}'"
    spec = ACTIONS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        return [f"{where} has an unknown Type {json.dumps(kind)}."]
    out = []
    if spec.flows is not None and flow_type not in spec.flows:
        out.append(f"{where}: {kind} is not supported in {flow_type} flows.")
    params = action.get("Parameters", {})
    if not isinstance(params, dict):
        out.append(f"{where}: Parameters must be an object.")
        params = {}
    transitions = action.get("Transitions")
    if not isinstance(transitions, dict):
        return out + [f"{where}: Transitions must be an object."]
    if spec.terminal:
        if transitions:
            out.append(f"{where}: {kind} ends the flow, so its Transitions must be an empty object.")
        return out + _parameter_problems(kind, params, where, resolve)
    nxt = transitions.get("NextAction")
    if spec.success and nxt is None:
        out.append(f"{where}: Transitions.NextAction is required.")
    if not spec.success and nxt is not None:
        out.append(f"{where}: {kind} has no success branch; remove Transitions.NextAction.")
    if nxt is not None and not _names(nxt, known):
        out.append(f"{where}: NextAction '{nxt}' does not match any action.")
    out += _error_problems(transitions.get("Errors", []), spec, kind, where, known)
    errors = transitions.get("Errors", [])
    if kind == "GetParticipantInput" and isinstance(errors, list) and not any(
            isinstance(e, dict) and e.get("ErrorType") == "NoMatchingError" for e in errors):
        out.append(f"{where}: GetParticipantInput must define a NoMatchingError branch.")
    out += _condition_problems(transitions.get("Conditions", []), spec, kind, params, where, known)
    return out + _parameter_problems(kind, params, where, resolve)


def _error_problems(errors, spec, kind: str, where: str, known: set) -> list[str]:
    if not isinstance(errors, list):
        return [f"{where}: Transitions.Errors must be a list."]
    out, seen = [], set()
    for err in errors:
        if not isinstance(err, dict):
            out.append(f"{where}: each entry of Transitions.Errors must be an object.")
            continue
        etype = err.get("ErrorType")
        if etype not in spec.errors:
            allowed = ", ".join(spec.errors) or "none"
            out.append(f"{where}: ErrorType {json.dumps(etype)} is not supported by {kind} (supported: {allowed}).")
        if isinstance(etype, str) and etype in seen:
            out.append(f"{where}: ErrorType '{etype}' appears twice.")
        seen.add(etype if isinstance(etype, str) else repr(etype))
        if not _names(err.get("NextAction"), known):
            out.append(f"{where}: the {etype} branch goes to '{err.get('NextAction')}', which is not an action.")
    return out


def _condition_problems(conditions, spec, kind: str, params: dict, where: str, known: set) -> list[str]:
    if not isinstance(conditions, list):
        return [f"{where}: Transitions.Conditions must be a list."]
    if conditions and spec.conditions is None:
        return [f"{where}: {kind} does not support Conditions."]
    out = []
    for cond in conditions:
        body = cond.get("Condition") if isinstance(cond, dict) else None
        if not isinstance(body, dict):
            out.append(f"{where}: each condition needs a Condition object.")
            continue
        if not _names(cond.get("NextAction"), known):
            out.append(f"{where}: a condition goes to '{cond.get('NextAction')}', which is not an action.")
        operator, operands = body.get("Operator"), body.get("Operands")
        if operator not in OPERATORS:
            out.append(f"{where}: Operator {json.dumps(operator)} is not one of {', '.join(OPERATORS)}.")
        elif spec.conditions == "equals" and operator != "Equals":
            out.append(f"{where}: {kind} supports only the Equals operator in conditions.")
        if not isinstance(operands, list) or len(operands) != 1 or not isinstance(operands[0], (str, int, float)):
            out.append(f"{where}: Operands must be a list with exactly one value.")
        elif kind == "GetParticipantInput" and str(params.get("StoreInput", "False")) != "True" \
                and str(operands[0]) not in set("0123456789*#"):
            out.append(f"{where}: GetParticipantInput conditions compare a single key: 0-9, * or #.")
    return out


def _one_of(params: dict, keys: tuple, where: str, required: bool) -> list[str]:
    given = [k for k in keys if k in params]
    if len(given) > 1:
        return [f"{where}: specify only one of {', '.join(keys)}."]
    if required and not given:
        return [f"{where}: one of {', '.join(keys)} is required."]
    return []


def _static(value) -> bool:
    return isinstance(value, str) and not value.startswith("$.")


def _parameter_problems(kind: str, params: dict, where: str, resolve: Resolver | None) -> list[str]:
    out = []
    check = (lambda what, ref: resolve is None or not _static(ref) or resolve(what, ref))
    if kind == "MessageParticipant":
        out += _one_of(params, ("Text", "PromptId", "SSML", "Media"), where, True)
    if kind in ("GetParticipantInput", "ConnectParticipantWithLexBot"):
        out += _one_of(params, ("Text", "PromptId", "SSML", "Media"), where, False)
    if kind in ("MessageParticipant", "GetParticipantInput", "ConnectParticipantWithLexBot") and \
            "PromptId" in params and not check("prompt", params["PromptId"]):
        out.append(f"{where}: PromptId '{params['PromptId']}' is not a prompt of this instance.")
    if kind == "ConnectParticipantWithLexBot":
        v2, v1 = params.get("LexV2Bot"), params.get("LexBot")
        if not (isinstance(v2, dict) and v2.get("AliasArn")) and not (isinstance(v1, dict) and v1.get("Name")):
            out.append(f"{where}: LexV2Bot.AliasArn (or a Lex V1 LexBot) is required.")
    if kind == "Compare":
        value = params.get("ComparisonValue")
        if not isinstance(value, str) or not value.startswith("$.") or " " in value:
            out.append(f"{where}: ComparisonValue must be a single JSONPath identifier such as $.Attributes.name.")
    if kind in ("UpdateContactAttributes", "UpdateFlowAttributes"):
        attrs = params.get("Attributes" if kind == "UpdateContactAttributes" else "FlowAttributes")
        if not isinstance(attrs, dict) or not attrs:
            out.append(f"{where}: {'Attributes' if kind == 'UpdateContactAttributes' else 'FlowAttributes'} "
                       "must be a non-empty object.")
        if kind == "UpdateContactAttributes" and params.get("TargetContact", "Current") not in ("Current", "Related"):
            out.append(f"{where}: TargetContact must be Current or Related.")
    if kind == "UpdateContactTargetQueue":
        out += _one_of(params, ("QueueId", "AgentId"), where, True)
        if "QueueId" in params and not check("queue", params["QueueId"]):
            out.append(f"{where}: QueueId '{params['QueueId']}' is not a queue of this instance.")
    if kind == "CheckHoursOfOperation" and "HoursOfOperationId" in params and \
            not check("hours", params["HoursOfOperationId"]):
        out.append(f"{where}: HoursOfOperationId '{params['HoursOfOperationId']}' does not exist.")
    if kind == "TransferToFlow":
        if "ContactFlowId" not in params:
            out.append(f"{where}: ContactFlowId is required.")
        elif not check("flow", params["ContactFlowId"]):
            out.append(f"{where}: ContactFlowId '{params['ContactFlowId']}' is not a flow of this instance.")
    if kind == "InvokeLambdaFunction" and not params.get("LambdaFunctionARN"):
        out.append(f"{where}: LambdaFunctionARN is required.")
    if kind == "UpdateFlowLoggingBehavior" and params.get("FlowLoggingBehavior") not in ("Enabled", "Disabled"):
        out.append(f"{where}: FlowLoggingBehavior must be Enabled or Disabled.")
    return out
