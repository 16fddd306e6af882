"""Contact flows: Flow language validation on publish (InvalidContactFlowException problems) and CRUD."""
import json

import pytest
from botocore.exceptions import ClientError

from awsml_study.engines.flows import validator

from .helpers import create_flow, flow_from, hours_id, instance, queue

END = {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}


def flow(*actions, start=None):
    return json.dumps({"Version": "2019-10-30", "StartAction": start or actions[0]["Identifier"],
                       "Actions": list(actions)})


def test_sample_flows_are_valid_once_placeholders_are_filled(aws):
    connect, iid = instance(aws)
    _, claims = queue(connect, iid, "Claims")
    _, general = queue(connect, iid, "General")
    content = flow_from("menu_chat_flow.json", CLAIMS_QUEUE_ARN=claims, GENERAL_QUEUE_ARN=general)
    fid = create_flow(connect, iid, content)
    described = connect.describe_contact_flow(InstanceId=iid, ContactFlowId=fid)["ContactFlow"]
    assert described["Status"] == "PUBLISHED" and json.loads(described["Content"])["StartAction"] == "menu"
    assert len(described["FlowContentSha256"]) == 64


def test_unfilled_placeholders_are_reported_as_problems(aws):
    connect, iid = instance(aws)
    with pytest.raises(ClientError) as info:
        create_flow(connect, iid, flow_from("menu_chat_flow.json"))
    err = info.value.response
    assert err["Error"]["Code"] == "InvalidContactFlowException"
    assert sum("is not a queue of this instance" in p["message"] for p in err["problems"]) == 2


def test_malformed_json_is_one_problem(aws):
    connect, iid = instance(aws)
    with pytest.raises(ClientError) as info:
        create_flow(connect, iid, '{"Version": "2019-10-30", "Actions": [')
    problems = info.value.response["problems"]
    assert len(problems) == 1 and "not valid JSON" in problems[0]["message"]


def test_every_problem_is_listed():
    content = flow(
        {"Identifier": "say", "Type": "MessageParticipant", "Parameters": {},
         "Transitions": {"NextAction": "nowhere", "Conditions": [
             {"NextAction": "end", "Condition": {"Operator": "Equals", "Operands": ["x"]}}]}},
        {"Identifier": "cmp", "Type": "Compare", "Parameters": {"ComparisonValue": "plain text"},
         "Transitions": {"NextAction": "end", "Conditions": [
             {"NextAction": "end", "Condition": {"Operator": "Like", "Operands": ["x"]}}]}},
        {"Identifier": "bad:id", "Type": "Teleport", "Transitions": {}},
        {**END, "Transitions": {"NextAction": "say"}}, start="missing")
    found = validator.problems(content)
    text = " | ".join(found)
    for expected in ("StartAction", "NextAction 'nowhere'", "does not support Conditions", "one of Text",
                     "single JSONPath", "Operator \"Like\"", "not allowed", "unknown Type \"Teleport\"",
                     "empty object"):
        assert expected in text, expected
    assert all(len(p) <= 256 for p in found)


def test_error_types_and_flow_type_restrictions():
    content = flow({"Identifier": "q", "Type": "TransferContactToQueue", "Parameters": {},
                    "Transitions": {"Errors": [{"NextAction": "end", "ErrorType": "InputTimeLimitExceeded"}]}}, END)
    assert any("InputTimeLimitExceeded" in p for p in validator.problems(content))
    assert any("not supported in CUSTOMER_QUEUE flows" in p for p in validator.problems(content, "CUSTOMER_QUEUE"))
    lex = flow({"Identifier": "bot", "Type": "ConnectParticipantWithLexBot",
                "Parameters": {"LexV2Bot": {"AliasArn": "arn"}},
                "Transitions": {"NextAction": "end", "Conditions": [
                    {"NextAction": "end", "Condition": {"Operator": "TextContains", "Operands": ["Claim"]}}]}}, END)
    assert any("only the Equals operator" in p for p in validator.problems(lex))


def test_saved_flows_skip_validation_until_published(aws):
    connect, iid = instance(aws)
    draft = '{"Version": "2019-10-30", "Actions": []}'
    fid = connect.create_contact_flow(InstanceId=iid, Name="draft", Type="CONTACT_FLOW", Content=draft,
                                      Status="SAVED")["ContactFlowId"]
    with pytest.raises(ClientError) as info:
        connect.describe_contact_flow(InstanceId=iid, ContactFlowId=fid)
    assert info.value.response["Error"]["Code"] == "ContactFlowNotPublishedException"
    saved = connect.describe_contact_flow(InstanceId=iid, ContactFlowId=fid + ":$SAVED")["ContactFlow"]
    assert saved["Status"] == "SAVED" and saved["Content"] == draft
    with pytest.raises(ClientError) as info:
        connect.update_contact_flow_content(InstanceId=iid, ContactFlowId=fid, Content=draft)
    assert info.value.response["Error"]["Code"] == "InvalidContactFlowException"
    connect.update_contact_flow_content(InstanceId=iid, ContactFlowId=fid, Content=flow(END))
    assert connect.describe_contact_flow(InstanceId=iid, ContactFlowId=fid)["ContactFlow"]["Version"] == 2


def test_list_rename_delete(aws):
    connect, iid = instance(aws)
    fid = create_flow(connect, iid, flow(END), name="one")
    connect.update_contact_flow_name(InstanceId=iid, ContactFlowId=fid, Name="renamed", Description="d")
    names = [f["Name"] for f in connect.list_contact_flows(InstanceId=iid, ContactFlowTypes=["CONTACT_FLOW"])[
        "ContactFlowSummaryList"]]
    assert names == ["renamed"]
    with pytest.raises(ClientError) as info:
        create_flow(connect, iid, flow(END), name="renamed")
    assert info.value.response["Error"]["Code"] == "DuplicateResourceException"
    connect.delete_contact_flow(InstanceId=iid, ContactFlowId=fid)
    with pytest.raises(ClientError) as info:
        connect.describe_contact_flow(InstanceId=iid, ContactFlowId=fid)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_hours_reference_must_exist(aws):
    connect, iid = instance(aws)
    good = flow({"Identifier": "h", "Type": "CheckHoursOfOperation",
                 "Parameters": {"HoursOfOperationId": hours_id(connect, iid)},
                 "Transitions": {"NextAction": "end"}}, END)
    create_flow(connect, iid, good)
    with pytest.raises(ClientError) as info:
        create_flow(connect, iid, good.replace(hours_id(connect, iid), "nope"), name="bad")
    assert "does not exist" in info.value.response["problems"][0]["message"]


def test_default_flows_pass_the_validator(aws):
    connect, iid = instance(aws)
    for summary in connect.list_contact_flows(InstanceId=iid)["ContactFlowSummaryList"]:
        described = connect.describe_contact_flow(InstanceId=iid, ContactFlowId=summary["Id"])["ContactFlow"]
        assert validator.problems(described["Content"], described["Type"]) == [], described["Name"]
