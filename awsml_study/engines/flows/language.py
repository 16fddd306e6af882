"""The Flow language (version 2019-10-30): which actions exist, their errors, conditions and restrictions.

Facts from the Connect Flow language reference (APIReference "Actions in the Flow language" and
each action's page): identifiers up to 50 characters without % : ( \\ / ) = $ , ; [ ] { }, at
most 250 actions, eight condition operators, per-action error types and flow-type restrictions.
"""
from __future__ import annotations

from dataclasses import dataclass

VERSION = "2019-10-30"
MAX_ACTIONS = 250
MAX_IDENTIFIER = 50
FORBIDDEN_CHARS = set("%:(\\/)=$,;[]{}")
RESERVED = {"__proto__", "constructor", "__defineGetter__", "__defineSetter__", "toString", "hasOwnProperty",
            "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "valueOf"}
OPERATORS = ("Equals", "TextStartsWith", "TextEndsWith", "TextContains", "NumberGreaterThan",
             "NumberGreaterOrEqualTo", "NumberLessThan", "NumberLessOrEqualTo")
HOLD = {"CUSTOMER_HOLD", "AGENT_HOLD"}
WHISPER = {"CUSTOMER_WHISPER", "AGENT_WHISPER", "OUTBOUND_WHISPER"}
INBOUND_AND_TRANSFER = {"CONTACT_FLOW", "AGENT_TRANSFER", "QUEUE_TRANSFER"}


@dataclass(frozen=True)
class Action:
    """What the Flow language allows for one action type."""
    errors: tuple = ("NoMatchingError",)
    conditions: str | None = None      # None, "equals" (Equals only) or "all"
    terminal: bool = False             # Transitions must be {}
    success: bool = True               # has a NextAction on success
    flows: frozenset | None = None     # flow types the action may appear in (None: every type)
    simulated: bool = True             # the kit's interpreter runs it


def _except(*excluded) -> frozenset:
    every = {"CONTACT_FLOW", "CUSTOMER_QUEUE", "CUSTOMER_HOLD", "CUSTOMER_WHISPER", "AGENT_HOLD", "AGENT_WHISPER",
             "OUTBOUND_WHISPER", "AGENT_TRANSFER", "QUEUE_TRANSFER", "CAMPAIGN"}
    return frozenset(every - set().union(*excluded))


ACTIONS: dict[str, Action] = {
    # participant actions
    "MessageParticipant": Action(flows=_except(HOLD)),
    "GetParticipantInput": Action(errors=("NoMatchingCondition", "NoMatchingError", "InputTimeLimitExceeded",
                                          "InvalidPhoneNumber"), conditions="equals",
                                  flows=_except(HOLD, WHISPER)),
    "ConnectParticipantWithLexBot": Action(errors=("NoMatchingCondition", "NoMatchingError",
                                                   "InputTimeLimitExceeded"), conditions="equals",
                                           flows=_except(HOLD, WHISPER)),
    "DisconnectParticipant": Action(errors=(), terminal=True, success=False),
    # contact actions
    "UpdateContactAttributes": Action(),
    "UpdateContactData": Action(),
    "UpdateContactTextToSpeechVoice": Action(),
    "UpdateContactTargetQueue": Action(flows=frozenset(INBOUND_AND_TRANSFER)),
    "TransferContactToQueue": Action(errors=("QueueAtCapacity", "NoMatchingError"), success=False,
                                     flows=frozenset(INBOUND_AND_TRANSFER)),
    # flow control actions
    "Compare": Action(errors=("NoMatchingCondition",), conditions="all"),
    "CheckHoursOfOperation": Action(errors=("NoMatchingError", "NoMatchingCondition"), conditions="equals"),
    "DistributeByPercentage": Action(errors=("NoMatchingCondition",), conditions="all"),
    "EndFlowExecution": Action(errors=(), terminal=True, success=False),
    "TransferToFlow": Action(success=False, flows=frozenset(INBOUND_AND_TRANSFER)),
    "UpdateFlowAttributes": Action(),
    "UpdateFlowLoggingBehavior": Action(errors=()),
    # interactions
    "InvokeLambdaFunction": Action(),
}
# Real action types the kit accepts in a flow but does not run: a contact reaching one takes its
# NoMatchingError branch, and the flow log says why.
for _name in ("CheckMetricData", "GetMetricData", "Loop", "CreateTask", "TagContact", "UnTagContact",
              "UpdateContactEventHooks", "UpdateContactRecordingBehavior", "UpdateContactRoutingBehavior",
              "UpdateContactCallbackNumber", "UpdateContactMediaProcessing", "TransferParticipantToThirdParty",
              "StartMediaStreaming", "StopMediaStreaming", "CheckVoiceId", "StartVoiceIdStream",
              "CheckOutboundCallStatus", "UpdateRoutingCriteria", "InvokeFlowModule", "CreateWisdomSession",
              "ShowView", "MessageParticipantIteratively", "UpdatePreviousContactParticipantState",
              "ResumeContact", "CreateCallbackContact"):
    ACTIONS[_name] = Action(errors=("NoMatchingError", "NoMatchingCondition"), conditions="all", simulated=False)

KNOWN_TYPES = tuple(sorted(ACTIONS))
