"""The Connect Participant Service (connectparticipant): a chat customer's connection, messages, events, transcript."""
from __future__ import annotations

import base64
import datetime as dt
import json
import secrets

from awsml_study.services.connect import store
from awsml_study.services.connect.contact_port import flush_logs
from awsml_study.services.connect.store import FLOW_ENGINE, op, tokens
from awsml_study.sim.errors import AwsError

SERVICE = "connectparticipant"
ENGINE = "connectparticipant/chat"
MESSAGE_TYPES = ("text/plain", "text/markdown", "application/json",
                 "application/vnd.amazonaws.connect.message.interactive.response")
EVENT_TYPES = {"application/vnd.amazonaws.connect.event.typing": "TYPING",
               "application/vnd.amazonaws.connect.event.connection.acknowledged": "CONNECTION_ACK",
               "application/vnd.amazonaws.connect.event.message.delivered": "MESSAGE_DELIVERED",
               "application/vnd.amazonaws.connect.event.message.read": "MESSAGE_READ"}


def _denied() -> AwsError:
    # An unknown, expired or ended participant's token is refused as not authorised.
    return AwsError("AccessDeniedException", "You do not have sufficient access to perform this action.")


def _resolve(token: str, connection: bool):
    entry = tokens().get(("connection:" if connection else "") + (token or ""))
    if entry is None:
        raise _denied()
    inst = store.instances().get(entry[0])
    contact = inst.contacts.get(entry[1]) if inst else None
    if contact is None:
        raise _denied()
    return contact, entry[2]


def connect_participant(participant_token: str, types: list, acknowledge: bool = False) -> dict:
    contact, pid = _resolve(participant_token, connection=False)
    if not contact.active:
        raise _denied()
    expiry = store.iso(store.now() + dt.timedelta(days=1))
    out = {}
    if "CONNECTION_CREDENTIALS" in types:
        connection = secrets.token_urlsafe(96)
        tokens()["connection:" + connection] = (contact.inst.id, contact.id, pid)
        out["ConnectionCredentials"] = {"ConnectionToken": connection, "Expiry": expiry}
    if "WEBSOCKET" in types:
        # A URL of the real shape; the simulator serves no websocket, so poll GetTranscript instead.
        out["Websocket"] = {"Url": f"wss://simulated.connect-participant.invalid/chat?token={secrets.token_hex(16)}",
                            "ConnectionExpiry": expiry}
    part = contact.participants[pid]
    if acknowledge and not part["Connected"]:
        part["Connected"] = True
        contact.add("EVENT", pid, part["Role"], part["DisplayName"], None,
                    "application/vnd.amazonaws.connect.event.connection.acknowledged")
    return out


@op("CreateParticipantConnection", engine=ENGINE, service=SERVICE)
def create_participant_connection(params: dict) -> dict:
    types = params.get("Type") or []
    if not types:
        raise AwsError("ValidationException", "Type must list WEBSOCKET and/or CONNECTION_CREDENTIALS.")
    if "WEBRTC_CONNECTION" in types:
        raise AwsError("ValidationException", "WEBRTC_CONNECTION (in-app calling) is not simulated; chat only.")
    return connect_participant(params["ParticipantToken"], types, bool(params.get("ConnectParticipant")))


def _connection(params: dict):
    """The contact and participant of a connection token, for calls that need a live chat."""
    contact, pid = _resolve(params["ConnectionToken"], connection=True)
    if not contact.active:
        raise _denied()
    return contact, pid


@op("SendMessage", engine=FLOW_ENGINE, service=SERVICE)
def send_message(params: dict) -> dict:
    contact, pid = _connection(params)
    if params["ContentType"] not in MESSAGE_TYPES:
        raise AwsError("ValidationException", f"ContentType {params['ContentType']} is not supported; use one "
                       f"of {', '.join(MESSAGE_TYPES)}.")
    if params["ContentType"] not in contact.data.get("_content_types", ["text/plain"]) + \
            ["application/vnd.amazonaws.connect.message.interactive.response"]:
        raise AwsError("ValidationException", f"ContentType {params['ContentType']} is not enabled for this chat; "
                       "list it in SupportedMessagingContentTypes when the chat starts.")
    if len(params["Content"].encode()) > 16384:
        raise AwsError("ValidationException", "Content is limited to 16,384 bytes.")
    part = contact.participants[pid]
    item = contact.add("MESSAGE", pid, part["Role"], part["DisplayName"], params["Content"], params["ContentType"])
    if contact.run is not None and part["Role"] == "CUSTOMER":
        contact.run.customer_message(params["Content"])
        flush_logs(contact)
    return {"Id": item["Id"], "AbsoluteTime": item["AbsoluteTime"]}


@op("SendEvent", engine=ENGINE, service=SERVICE)
def send_event(params: dict) -> dict:
    contact, pid = _connection(params)
    kind = EVENT_TYPES.get(params["ContentType"])
    if kind is None:
        raise AwsError("ValidationException", f"ContentType {params['ContentType']} is not an event type; use "
                       f"one of {', '.join(EVENT_TYPES)}.")
    part = contact.participants[pid]
    item = contact.add("EVENT", pid, part["Role"], part["DisplayName"], params.get("Content"), params["ContentType"])
    return {"Id": item["Id"], "AbsoluteTime": item["AbsoluteTime"]}


@op("DisconnectParticipant", engine=FLOW_ENGINE, service=SERVICE)
def disconnect_participant(params: dict) -> dict:
    contact, pid = _connection(params)
    part = contact.participants[pid]
    contact.add("EVENT", pid, part["Role"], part["DisplayName"], None,
                "application/vnd.amazonaws.connect.event.participant.left")
    if part["Role"] == "CUSTOMER":
        if contact.run is not None:
            contact.run.customer_left()
        contact.end("CUSTOMER_DISCONNECT")
        flush_logs(contact)
    return {}


def _start_index(items: list, start: dict | None, backward: bool) -> int:
    if not start:
        return len(items) - 1 if backward else 0
    if start.get("Id"):
        for i, item in enumerate(items):
            if item["Id"] == start["Id"]:
                return i
        raise AwsError("ValidationException", f"StartPosition.Id {start['Id']} is not in this transcript.")
    if start.get("AbsoluteTime"):
        later = [i for i, item in enumerate(items) if item["AbsoluteTime"] >= start["AbsoluteTime"]]
        return later[0] if later else len(items)
    return max(0, len(items) - int(start.get("MostRecent", 0)))


@op("GetTranscript", engine=ENGINE, service=SERVICE)
def get_transcript(params: dict) -> dict:
    """Items in the order they happened; BACKWARD (the default) pages from the most recent.
    The simulator keeps a transcript readable with its connection token after the chat ends."""
    contact, _ = _resolve(params["ConnectionToken"], connection=True)
    if params.get("ContactId") and params["ContactId"] != contact.id:
        raise _denied()
    items = contact.transcript
    backward = params.get("ScanDirection", "BACKWARD") == "BACKWARD"
    size = params.get("MaxResults") or 15
    if params.get("NextToken"):
        try:
            pos = int(json.loads(base64.b64decode(params["NextToken"]))["position"])
        except Exception:
            raise AwsError("ValidationException", "Invalid NextToken.") from None
    else:
        pos = _start_index(items, params.get("StartPosition"), backward)
    if backward:
        window, nxt = items[max(0, pos - size + 1): pos + 1], pos - size
        more = nxt >= 0
    else:
        window, nxt = items[pos: pos + size], pos + size
        more = nxt < len(items)
    window = sorted(window, key=items.index, reverse=params.get("SortOrder", "ASCENDING") == "DESCENDING")
    out = {"InitialContactId": contact.id, "Transcript": [dict(i) for i in window]}
    if more and size:
        out["NextToken"] = base64.b64encode(json.dumps({"position": nxt}).encode()).decode()
    return out
