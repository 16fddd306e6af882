"""Shared setup for the Connect tests: an instance with two queues, flows from data/connect, a Lex bot."""
from __future__ import annotations

import json

from awsml_study import data

REGION, ACCOUNT = "us-east-1", "123456789012"


def instance(aws, alias="test-centre"):
    connect = aws("connect")
    made = connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias,
                                   InboundCallsEnabled=True, OutboundCallsEnabled=True)
    return connect, made["Id"]


def hours_id(connect, iid, name="Basic Hours"):
    return next(h["Id"] for h in connect.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"]
                if h["Name"] == name)


def queue(connect, iid, name, max_contacts=None):
    extra = {"MaxContacts": max_contacts} if max_contacts is not None else {}
    made = connect.create_queue(InstanceId=iid, Name=name, HoursOfOperationId=hours_id(connect, iid), **extra)
    return made["QueueId"], made["QueueArn"]


def flow_from(name: str, **values) -> str:
    text = data.path(f"connect/{name}").read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def create_flow(connect, iid, content, name="test flow"):
    content = content if isinstance(content, str) else json.dumps(content)
    return connect.create_contact_flow(InstanceId=iid, Name=name, Type="CONTACT_FLOW", Content=content)["ContactFlowId"]


def chat(aws, connect, iid, flow_id, name="Ana", attributes=None, initial=None):
    """Start a chat and connect the customer: (contact id, connection token)."""
    extra = {"InitialMessage": {"ContentType": "text/plain", "Content": initial}} if initial else {}
    started = connect.start_chat_contact(InstanceId=iid, ContactFlowId=flow_id, ParticipantDetails={"DisplayName": name},
                                         Attributes=attributes or {}, ConnectionTypes=["CONNECTION_CREDENTIALS"],
                                         **extra)
    return started["ContactId"], started["ConnectionCredentials"]["ConnectionToken"]


def transcript(aws, token):
    return aws("connectparticipant").get_transcript(ConnectionToken=token, MaxResults=100,
                                                    ScanDirection="FORWARD")["Transcript"]


def messages(aws, token):
    return [(i["ParticipantRole"], i["DisplayName"], i["Content"]) for i in transcript(aws, token)
            if i["Type"] == "MESSAGE"]


def claims_bot(aws):
    """A Lex V2 bot built through lexv2-models: ReportClaim and CheckStatus. Returns its TestBotAlias ARN."""
    lex = aws("lexv2-models")
    bot = lex.create_bot(botName="HarborClaims", roleArn=f"arn:aws:iam::{ACCOUNT}:role/LexRole",
                         dataPrivacy={"childDirected": False}, idleSessionTTLInSeconds=300)["botId"]
    lex.get_waiter("bot_available").wait(botId=bot)
    lex.create_bot_locale(botId=bot, botVersion="DRAFT", localeId="en_US", nluIntentConfidenceThreshold=0.4)
    closing = {"closingResponse": {"messageGroups": [
        {"message": {"plainTextMessage": {"value": "I will pass you to a claims specialist."}}}]}}
    lex.create_intent(botId=bot, botVersion="DRAFT", localeId="en_US", intentName="ReportClaim",
                      intentClosingSetting=closing,
                      sampleUtterances=[{"utterance": u} for u in (
                          "I want to report a claim", "file a claim", "my car was damaged", "report an accident",
                          "I had an accident", "a tree fell on my house")])
    lex.create_intent(botId=bot, botVersion="DRAFT", localeId="en_US", intentName="CheckStatus",
                      sampleUtterances=[{"utterance": u} for u in (
                          "check my claim status", "where is my claim", "status of my claim",
                          "has my claim been paid", "any news on my claim")])
    lex.build_bot_locale(botId=bot, botVersion="DRAFT", localeId="en_US")
    lex.get_waiter("bot_locale_built").wait(botId=bot, botVersion="DRAFT", localeId="en_US")
    return f"arn:aws:lex:{REGION}:{ACCOUNT}:bot-alias/{bot}/TSTALIASID"
