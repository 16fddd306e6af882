"""End to end: a chat goes through the sample flow to a Lex V2 bot (built with lexv2-models, answered by
lexv2-runtime inside the simulation), the flow branches on the intent and the contact lands in a queue."""
import pytest
from botocore.exceptions import ClientError

from .helpers import chat, claims_bot, create_flow, flow_from, hours_id, instance, messages, queue


def setup(aws, associate=True):
    connect, iid = instance(aws)
    alias = claims_bot(aws)
    if associate:
        connect.associate_bot(InstanceId=iid, LexV2Bot={"AliasArn": alias})
    claims, claims_arn = queue(connect, iid, "Claims")
    general, general_arn = queue(connect, iid, "General")
    fid = create_flow(connect, iid, flow_from("claims_chat_flow.json", HOURS_ID=hours_id(connect, iid),
                                              BOT_ALIAS_ARN=alias, CLAIMS_QUEUE_ARN=claims_arn,
                                              GENERAL_QUEUE_ARN=general_arn))
    return connect, iid, fid, claims, general, alias


def test_bot_intent_routes_the_chat_to_the_claims_queue(aws):
    connect, iid, fid, claims, general, alias = setup(aws)
    assert connect.list_bots(InstanceId=iid, LexVersion="V2")["LexBots"] == [{"LexV2Bot": {"AliasArn": alias}}]
    cid, token = chat(aws, connect, iid, fid, attributes={"customerName": "Ana", "tier": "gold"})
    assert [m[2] for m in messages(aws, token)] == [
        "Welcome to Harbor Mutual, Ana.", "Thank you for being a Gold member.", "How can I help you today?"]
    aws("connectparticipant").send_message(ConnectionToken=token, ContentType="text/plain",
                                           Content="a tree fell on my house and I want to report it")
    said = messages(aws, token)
    assert said[-1] == ("SYSTEM", "BOT", "I will pass you to a claims specialist.")
    contact = connect.describe_contact(InstanceId=iid, ContactId=cid)["Contact"]
    assert contact["QueueInfo"]["Id"] == claims
    assert contact["Attributes"]["intent"] == "ReportClaim"


def test_other_intent_goes_to_the_general_queue(aws):
    connect, iid, fid, claims, general, _ = setup(aws)
    cid, token = chat(aws, connect, iid, fid, attributes={"customerName": "Ben"})
    aws("connectparticipant").send_message(ConnectionToken=token, ContentType="text/plain",
                                           Content="has my claim been paid yet")
    contact = connect.describe_contact(InstanceId=iid, ContactId=cid)["Contact"]
    assert contact["QueueInfo"]["Id"] == general
    assert contact["Attributes"]["intent"] == "CheckStatus"


def test_unassociated_bot_takes_the_error_branch(aws):
    connect, iid, fid, _, _, _ = setup(aws, associate=False)
    cid, token = chat(aws, connect, iid, fid, attributes={"customerName": "Cy"})
    aws("connectparticipant").send_message(ConnectionToken=token, ContentType="text/plain", Content="file a claim")
    assert messages(aws, token)[-1][2] == "Sorry, something went wrong on our side."
    assert "QueueInfo" not in connect.describe_contact(InstanceId=iid, ContactId=cid)["Contact"]


def test_associating_twice_conflicts(aws):
    connect, iid, _, _, _, alias = setup(aws)
    with pytest.raises(ClientError) as info:
        connect.associate_bot(InstanceId=iid, LexV2Bot={"AliasArn": alias})
    assert info.value.response["Error"]["Code"] == "ResourceConflictException"
    connect.disassociate_bot(InstanceId=iid, LexV2Bot={"AliasArn": alias})
    assert connect.list_bots(InstanceId=iid, LexVersion="V2")["LexBots"] == []
