"""Contacts: StartChatContact runs the flow in the kit's interpreter; describe, stop, attributes, queue metrics."""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from awsml_study.engines.flows.interpreter import FlowRun
from awsml_study.services.connect import store
from awsml_study.services.connect.contact_port import MAX_ATTRIBUTES, ContactPort, attribute_bytes, flush_logs
from awsml_study.services.connect.store import FLOW_ENGINE, Instance, op, tokens
from awsml_study.sim.errors import AwsError

CONTENT_TYPES = ("text/plain", "text/markdown", "application/json")
MESSAGING_TYPES = ("text/plain", "text/markdown", "application/json",
                   "application/vnd.amazonaws.connect.message.interactive",
                   "application/vnd.amazonaws.connect.message.interactive.response")
MAX_ACTIVE_CHATS = 100     # "Concurrent active chats per instance" default quota
KEY = re.compile(r"^[A-Za-z0-9_-]+$")  # attribute keys: alphanumeric, dash and underscore only


@dataclass
class Contact:
    id: str
    inst: Instance
    channel: str
    flow_id: str
    data: dict
    started: dt.datetime
    transcript: list = field(default_factory=list)
    participants: dict = field(default_factory=dict)   # participant id -> {Role, DisplayName, Connected}
    run: FlowRun | None = None
    queue_id: str | None = None
    enqueued: dt.datetime | None = None
    ended: dt.datetime | None = None
    reason: str | None = None
    logs: list = field(default_factory=list)
    system_id: str = field(default_factory=store.new_id)

    @property
    def active(self) -> bool:
        return self.ended is None

    def add(self, kind: str, participant_id: str, role: str, name: str, content: str | None = None,
            content_type: str = "text/plain") -> dict:
        item = {"AbsoluteTime": store.iso(store.now()), "ContentType": content_type, "Id": store.new_id(), "Type": kind,
                "ParticipantId": participant_id, "DisplayName": name, "ParticipantRole": role, "ContactId": self.id}
        if content:
            item["Content"] = content
        self.transcript.append(item)
        return item

    def end(self, reason: str) -> None:
        if not self.active:
            return
        self.ended, self.reason = store.now(), reason
        self.add("EVENT", self.system_id, "SYSTEM", "SYSTEM_MESSAGE", None,
                 "application/vnd.amazonaws.connect.event.chat.ended")
        for pid, part in self.participants.items():
            part["Connected"] = False


def check_attributes(attrs: dict) -> None:
    bad = [k for k in attrs if not KEY.match(k)]
    if bad:
        raise AwsError("InvalidParameterException", f"Attribute key '{bad[0]}' may hold only letters, digits, "
                       "dashes and underscores.")
    if attribute_bytes(attrs) > MAX_ATTRIBUTES:
        raise AwsError("InvalidParameterException", "Attributes are limited to 32,768 UTF-8 bytes per contact.")


def contact_of(inst: Instance, ref: str, code: str = "ResourceNotFoundException") -> Contact:
    found = inst.contacts.get(ref)
    if found is None:
        raise AwsError(code, f"Contact not found: {ref}")
    return found


def _published_inbound(inst: Instance, ref: str) -> dict:
    flow = inst.table("flows").get(ref.rsplit("/", 1)[-1])
    if flow is None:
        raise AwsError("ResourceNotFoundException", f"Contact flow not found: {ref}")
    if flow["Type"] != "CONTACT_FLOW" or "_published" not in flow:
        raise AwsError("InvalidRequestException", "A contact needs a published flow of type CONTACT_FLOW; "
                       f"'{flow['Name']}' is a {flow['Status'].lower()} {flow['Type']} flow.")
    return flow


def _new_contact(inst: Instance, channel: str, flow_id: str | None, attrs: dict, params: dict) -> Contact:
    check_attributes(attrs)
    cid = store.new_id()
    data = {"ContactId": cid, "InitialContactId": cid, "Channel": channel, "Attributes": attrs, "External": {},
            "FlowAttributes": {}, "Lex": {}, "LanguageCode": "en-US", "InstanceARN": inst.arn}
    if params.get("RelatedContactId"):
        contact_of(inst, params["RelatedContactId"])
        data["RelatedContactId"] = params["RelatedContactId"]
    contact = Contact(cid, inst, channel, flow_id, data, store.now())
    inst.contacts[cid] = contact
    return contact


def _run(contact: Contact, flow: dict) -> None:
    contact.run = FlowRun(ContactPort(contact), flow["Id"], flow["Name"], flow["_published"], flow["Type"]).start()
    flush_logs(contact)


@op("StartChatContact", engine=FLOW_ENGINE)
def start_chat_contact(params: dict) -> dict:
    inst = store.instance(params)
    earlier = inst.table("client_tokens").get(("chat", params.get("ClientToken")))
    if params.get("ClientToken") and earlier:  # a retried request gets the chat it already started
        return dict(earlier)
    flow = _published_inbound(inst, params["ContactFlowId"])
    first = params.get("InitialMessage")
    if first and first["ContentType"] not in CONTENT_TYPES:
        raise AwsError("InvalidRequestException", f"InitialMessage ContentType must be one of {', '.join(CONTENT_TYPES)}.")
    if sum(1 for c in inst.contacts.values() if c.active and c.channel == "CHAT") >= MAX_ACTIVE_CHATS:
        raise AwsError("LimitExceededException", f"The quota of {MAX_ACTIVE_CHATS} concurrent active chats is reached.")
    supported = list(params.get("SupportedMessagingContentTypes") or ["text/plain"])
    if "text/plain" not in supported or any(t not in MESSAGING_TYPES for t in supported):
        raise AwsError("InvalidRequestException", "SupportedMessagingContentTypes must contain text/plain and "
                       f"only these types: {', '.join(MESSAGING_TYPES)}.")
    contact = _new_contact(inst, "CHAT", flow["Id"], dict(params.get("Attributes") or {}), params)
    contact.data["_content_types"] = supported
    name = params["ParticipantDetails"]["DisplayName"]
    contact.data["Media"] = {"InitialMessage": first["Content"] if first else ""}
    contact.data["CustomerEndpoint"] = {"Address": name}
    pid, token = store.new_id(), secrets.token_urlsafe(96)
    contact.participants[pid] = {"Role": "CUSTOMER", "DisplayName": name, "Connected": False}
    tokens()[token] = (inst.id, contact.id, pid)
    contact.add("EVENT", pid, "CUSTOMER", name, None, "application/vnd.amazonaws.connect.event.participant.joined")
    if first:
        contact.add("MESSAGE", pid, "CUSTOMER", name, first["Content"], first["ContentType"])
    out = {"ContactId": contact.id, "ParticipantId": pid, "ParticipantToken": token}
    if params.get("ConnectionTypes"):  # connected before the flow runs, as the customer's client would be
        from awsml_study.services.connect.participant import connect_participant
        out.update(connect_participant(token, params["ConnectionTypes"], acknowledge=True))
    _run(contact, flow)
    if params.get("ClientToken"):
        inst.table("client_tokens")[("chat", params["ClientToken"])] = dict(out)
    return out


@op("StartTaskContact", engine=FLOW_ENGINE)
def start_task_contact(params: dict) -> dict:
    """A task runs its flow like any contact; it has no participant to message (those actions take
    their error branch). A QUEUE quick connect puts the task straight into that queue."""
    inst = store.instance(params)
    earlier = inst.table("client_tokens").get(("task", params.get("ClientToken")))
    if params.get("ClientToken") and earlier:
        return dict(earlier)
    given = [k for k in ("ContactFlowId", "QuickConnectId", "TaskTemplateId") if params.get(k)]
    if len(given) != 1 or given[0] == "TaskTemplateId":
        raise AwsError("InvalidRequestException", "Give exactly one of ContactFlowId and QuickConnectId "
                       "(task templates are not simulated).")
    if params.get("ScheduledTime"):
        raise AwsError("InvalidRequestException", "Scheduled tasks are not simulated; start the task now.")
    if params.get("PreviousContactId"):
        contact_of(inst, params["PreviousContactId"])
    flow = _published_inbound(inst, params["ContactFlowId"]) if "ContactFlowId" in given else None
    quick = None if flow else store.resource(inst, "quick_connects", params["QuickConnectId"], "Quick connect")
    if quick and quick["QuickConnectConfig"]["QuickConnectType"] != "QUEUE":
        raise AwsError("InvalidRequestException", "The simulator routes tasks through QUEUE quick connects only.")
    contact = _new_contact(inst, "TASK", flow["Id"] if flow else None, dict(params.get("Attributes") or {}), params)
    contact.data["Name"] = params["Name"]
    if params.get("Description"):
        contact.data["Description"] = params["Description"]
    contact.data["References"] = {k: v.get("Value", "") for k, v in (params.get("References") or {}).items()}
    if flow:
        _run(contact, flow)
    else:
        ContactPort(contact).enqueue(quick["QuickConnectConfig"]["QueueConfig"]["QueueId"])
    out = {"ContactId": contact.id}
    if params.get("ClientToken"):
        inst.table("client_tokens")[("task", params["ClientToken"])] = dict(out)
    return out


def _contact_view(contact: Contact) -> dict:
    out = {"Arn": store.arn(contact.inst, "contact", contact.id), "Id": contact.id,
           "InitialContactId": contact.id, "InitiationMethod": "API", "Channel": contact.channel,
           "InitiationTimestamp": contact.started, "LastUpdateTimestamp": store.now(),
           "Attributes": dict(contact.data["Attributes"]),
           "SegmentAttributes": {"connect:Subtype": {"ValueString": f"connect:{contact.channel.title()}"}}}
    queue_id = contact.queue_id
    if queue_id:
        out["QueueInfo"] = {"Id": queue_id, "EnqueueTimestamp": contact.enqueued}
    if contact.ended:
        out["DisconnectTimestamp"] = contact.ended
        out["DisconnectReason"] = contact.reason
    for key in ("Name", "Description"):
        if contact.data.get(key):
            out[key] = contact.data[key]
    return out


@op("DescribeContact", engine=FLOW_ENGINE)
def describe_contact(params: dict) -> dict:
    contact = contact_of(store.instance(params), params["ContactId"])
    return {"Contact": _contact_view(contact)}


@op("StopContact", engine=FLOW_ENGINE)
def stop_contact(params: dict) -> dict:
    contact = contact_of(store.instance(params), params["ContactId"], "ContactNotFoundException")
    if not contact.active:
        raise AwsError("ContactNotFoundException", f"Contact {contact.id} is not active.")
    if contact.run:
        contact.run.customer_left()
    contact.end((params.get("DisconnectReason") or {}).get("Code") or "API")
    return {}


@op("GetContactAttributes", engine=FLOW_ENGINE)
def get_contact_attributes(params: dict) -> dict:
    contact = contact_of(store.instance(params), params["InitialContactId"])
    return {"Attributes": dict(contact.data["Attributes"])}


@op("UpdateContactAttributes", engine=FLOW_ENGINE)
def update_contact_attributes(params: dict) -> dict:
    contact = contact_of(store.instance(params), params["InitialContactId"])
    merged = {**contact.data["Attributes"], **params["Attributes"]}
    check_attributes(merged)
    contact.data["Attributes"] = merged
    return {}
