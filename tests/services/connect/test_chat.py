"""Chat contacts through the flow interpreter: menus, attributes, queues, metrics, transcript, participant errors."""
import json

import pytest
from botocore.exceptions import ClientError

from .helpers import chat, create_flow, flow_from, instance, messages, queue, transcript

END = {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}


def menu_setup(aws, max_contacts=None):
    connect, iid = instance(aws)
    claims, claims_arn = queue(connect, iid, "Claims", max_contacts)
    general, general_arn = queue(connect, iid, "General")
    fid = create_flow(connect, iid, flow_from("menu_chat_flow.json", CLAIMS_QUEUE_ARN=claims_arn,
                                              GENERAL_QUEUE_ARN=general_arn))
    return connect, iid, fid, claims, general


def in_queue(connect, iid, qid):
    result = connect.get_current_metric_data(
        InstanceId=iid, Filters={"Queues": [qid], "Channels": ["CHAT"]}, Groupings=["QUEUE"],
        CurrentMetrics=[{"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}])["MetricResults"]
    return result[0]["Collections"][0]["Value"]


def test_menu_choice_routes_to_the_chosen_queue(aws):
    connect, iid, fid, claims, general = menu_setup(aws)
    cid, token = chat(aws, connect, iid, fid)
    assert messages(aws, token) == [("SYSTEM", "SYSTEM_MESSAGE", "Type 1 for claims or 2 for anything else.")]
    participant = aws("connectparticipant")
    participant.send_message(ConnectionToken=token, ContentType="text/plain", Content="7")
    assert [m[2] for m in messages(aws, token)[-3:]] == ["7", "Sorry, please type 1 or 2.",
                                                          "Type 1 for claims or 2 for anything else."]
    participant.send_message(ConnectionToken=token, ContentType="text/plain", Content="2")
    contact = connect.describe_contact(InstanceId=iid, ContactId=cid)["Contact"]
    assert contact["QueueInfo"]["Id"] == general and "DisconnectTimestamp" not in contact
    assert in_queue(connect, iid, general) == 1.0 and in_queue(connect, iid, claims) == 0.0
    participant.disconnect_participant(ConnectionToken=token)
    contact = connect.describe_contact(InstanceId=iid, ContactId=cid)["Contact"]
    assert contact["DisconnectReason"] == "CUSTOMER_DISCONNECT"
    assert in_queue(connect, iid, general) == 0.0
    kinds = [i["ContentType"].rsplit(".", 1)[-1] for i in transcript(aws, token) if i["Type"] == "EVENT"]
    assert kinds[0] == "joined" and kinds[-2:] == ["left", "ended"]


def test_queue_at_capacity_takes_its_branch(aws):
    connect, iid, fid, claims, _ = menu_setup(aws, max_contacts=1)
    participant = aws("connectparticipant")
    first, token1 = chat(aws, connect, iid, fid)
    participant.send_message(ConnectionToken=token1, ContentType="text/plain", Content="1")
    second, token2 = chat(aws, connect, iid, fid, name="Ben")
    participant.send_message(ConnectionToken=token2, ContentType="text/plain", Content="1")
    assert in_queue(connect, iid, claims) == 1.0
    assert connect.describe_contact(InstanceId=iid, ContactId=second)["Contact"]["DisconnectReason"] \
        == "CONTACT_FLOW_DISCONNECT"


def test_attributes_compare_and_dynamic_text(aws):
    connect, iid = instance(aws)
    content = {"Version": "2019-10-30", "StartAction": "set", "Actions": [
        {"Identifier": "set", "Type": "UpdateContactAttributes",
         "Parameters": {"Attributes": {"greeting": "Hello $.Attributes.name"}, "TargetContact": "Current"},
         "Transitions": {"NextAction": "check"}},
        {"Identifier": "check", "Type": "Compare", "Parameters": {"ComparisonValue": "$.Attributes.score"},
         "Transitions": {"NextAction": "end", "Conditions": [
             {"NextAction": "high", "Condition": {"Operator": "NumberGreaterThan", "Operands": ["700"]}}],
             "Errors": [{"NextAction": "low", "ErrorType": "NoMatchingCondition"}]}},
        {"Identifier": "high", "Type": "MessageParticipant", "Parameters": {"Text": "$.Attributes.greeting, VIP"},
         "Transitions": {"NextAction": "end"}},
        {"Identifier": "low", "Type": "MessageParticipant", "Parameters": {"Text": "$.Attributes.greeting"},
         "Transitions": {"NextAction": "end"}}, END]}
    fid = create_flow(connect, iid, content)
    vip, token = chat(aws, connect, iid, fid, attributes={"name": "Ana", "score": "812"})
    assert messages(aws, token)[-1][2] == "Hello Ana, VIP"
    other, token2 = chat(aws, connect, iid, fid, name="Ben", attributes={"name": "Ben", "score": "n/a"})
    assert messages(aws, token2)[-1][2] == "Hello Ben"
    assert connect.get_contact_attributes(InstanceId=iid, InitialContactId=vip)["Attributes"]["greeting"] == "Hello Ana"
    connect.update_contact_attributes(InstanceId=iid, InitialContactId=vip, Attributes={"note": "called back"})
    assert connect.get_contact_attributes(InstanceId=iid, InitialContactId=vip)["Attributes"]["note"] == "called back"


def test_unhandled_error_disconnects_and_is_logged(aws):
    connect, iid = instance(aws)
    content = {"Version": "2019-10-30", "StartAction": "xfer", "Actions": [
        {"Identifier": "xfer", "Type": "TransferContactToQueue", "Parameters": {}, "Transitions": {}}, END]}
    fid = create_flow(connect, iid, content)
    cid, token = chat(aws, connect, iid, fid)
    assert connect.describe_contact(InstanceId=iid, ContactId=cid)["Contact"]["DisconnectReason"] \
        == "CONTACT_FLOW_DISCONNECT"
    events = aws("logs").filter_log_events(logGroupName="/aws/connect/test-centre")["events"]
    logged = [json.loads(e["message"]) for e in events]
    assert logged[0]["Identifier"] == "xfer" and "no working queue" in logged[0]["Error"]


def test_transcript_paging_and_order(aws):
    connect, iid, fid, _, _ = menu_setup(aws)
    cid, token = chat(aws, connect, iid, fid, initial="hello")
    participant = aws("connectparticipant")
    for text in ("8", "9"):
        participant.send_message(ConnectionToken=token, ContentType="text/plain", Content=text)
    everything = transcript(aws, token)
    recent = participant.get_transcript(ConnectionToken=token, MaxResults=2)
    assert [i["Id"] for i in recent["Transcript"]] == [i["Id"] for i in everything[-2:]]
    older = participant.get_transcript(ConnectionToken=token, MaxResults=2, NextToken=recent["NextToken"])
    assert [i["Id"] for i in older["Transcript"]] == [i["Id"] for i in everything[-4:-2]]
    newest_first = participant.get_transcript(ConnectionToken=token, SortOrder="DESCENDING", MaxResults=100)
    assert [i["Id"] for i in newest_first["Transcript"]] == [i["Id"] for i in reversed(everything)]
    roles = {i["ParticipantRole"] for i in everything}
    assert roles == {"CUSTOMER", "SYSTEM"}


def test_participant_errors(aws):
    connect, iid, fid, _, _ = menu_setup(aws)
    participant = aws("connectparticipant")
    with pytest.raises(ClientError) as info:
        participant.create_participant_connection(ParticipantToken="forged", Type=["CONNECTION_CREDENTIALS"])
    assert info.value.response["Error"]["Code"] == "AccessDeniedException"
    cid, token = chat(aws, connect, iid, fid)
    with pytest.raises(ClientError) as info:
        participant.send_message(ConnectionToken=token, ContentType="image/png", Content="x")
    assert info.value.response["Error"]["Code"] == "ValidationException"
    participant.send_event(ConnectionToken=token, ContentType="application/vnd.amazonaws.connect.event.typing")
    connect.stop_contact(InstanceId=iid, ContactId=cid)
    with pytest.raises(ClientError) as info:
        participant.send_message(ConnectionToken=token, ContentType="text/plain", Content="anyone?")
    assert info.value.response["Error"]["Code"] == "AccessDeniedException"
    with pytest.raises(ClientError) as info:
        connect.stop_contact(InstanceId=iid, ContactId=cid)
    assert info.value.response["Error"]["Code"] == "ContactNotFoundException"


def test_start_chat_needs_a_published_inbound_flow(aws):
    connect, iid = instance(aws)
    queue_flow = next(f["Id"] for f in connect.list_contact_flows(
        InstanceId=iid, ContactFlowTypes=["CUSTOMER_QUEUE"])["ContactFlowSummaryList"])
    with pytest.raises(ClientError) as info:
        connect.start_chat_contact(InstanceId=iid, ContactFlowId=queue_flow, ParticipantDetails={"DisplayName": "A"})
    assert info.value.response["Error"]["Code"] == "InvalidRequestException"
    with pytest.raises(ClientError) as info:
        connect.start_chat_contact(InstanceId=iid, ContactFlowId="missing", ParticipantDetails={"DisplayName": "A"})
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_metric_units_are_checked(aws):
    connect, iid, _, claims, _ = menu_setup(aws)
    with pytest.raises(ClientError) as info:
        connect.get_current_metric_data(InstanceId=iid, Filters={"Queues": [claims]},
                                        CurrentMetrics=[{"Name": "CONTACTS_IN_QUEUE", "Unit": "SECONDS"}])
    assert info.value.response["Error"]["Code"] == "InvalidParameterException"


def test_task_contacts_run_their_flow_and_reach_a_queue(aws):
    connect, iid, fid, claims, general = menu_setup(aws)
    _, claims_arn = next((q["Id"], q["Arn"]) for q in connect.list_queues(InstanceId=iid)["QueueSummaryList"]
                         if q["Id"] == claims)
    content = {"Version": "2019-10-30", "StartAction": "say", "Actions": [
        {"Identifier": "say", "Type": "MessageParticipant", "Parameters": {"Text": "hello"},
         "Transitions": {"NextAction": "end", "Errors": [{"NextAction": "setq", "ErrorType": "NoMatchingError"}]}},
        {"Identifier": "setq", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": claims_arn},
         "Transitions": {"NextAction": "xfer"}},
        {"Identifier": "xfer", "Type": "TransferContactToQueue", "Parameters": {}, "Transitions": {}}, END]}
    task_flow = create_flow(connect, iid, content, name="task flow")
    task = connect.start_task_contact(InstanceId=iid, ContactFlowId=task_flow, Name="Review claim 1234",
                                      References={"form": {"Value": "https://example.com/claims/1234", "Type": "URL"}},
                                      ClientToken="task-1")
    again = connect.start_task_contact(InstanceId=iid, ContactFlowId=task_flow, Name="Review claim 1234",
                                       ClientToken="task-1")
    assert again["ContactId"] == task["ContactId"]
    contact = connect.describe_contact(InstanceId=iid, ContactId=task["ContactId"])["Contact"]
    # a task has no participant to message: MessageParticipant takes its error branch into the queue
    assert contact["Channel"] == "TASK" and contact["QueueInfo"]["Id"] == claims
    assert contact["Name"] == "Review claim 1234"
    with pytest.raises(ClientError) as info:
        connect.start_task_contact(InstanceId=iid, Name="no flow")
    assert info.value.response["Error"]["Code"] == "InvalidRequestException"
