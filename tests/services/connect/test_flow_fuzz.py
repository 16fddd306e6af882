"""Odd but publishable parameter values never break the simulator: every call answers in AWS's shape."""
import copy
import json

from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import chat, flow_from, hours_id, instance, queue

VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=12),
                   st.sampled_from(["$.Attributes.x", "$.Lex.IntentName", "$.External", "$.", "$.Queue.ARN"]),
                   st.lists(st.integers(0, 3), max_size=2), st.dictionaries(st.text(max_size=3), st.text(max_size=3),
                                                                              max_size=2))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.integers(0, 15), st.text(max_size=8) | st.sampled_from(
    ["Text", "QueueId", "ComparisonValue", "Attributes", "HoursOfOperationId", "LexV2Bot", "FlowLoggingBehavior"]),
    VALUES), min_size=1, max_size=4), message=st.text(min_size=1, max_size=30))
def test_mutated_flows_answer_in_aws_shape(aws, changes, message):
    connect, iid = fuzz_instance(aws)
    flow = copy.deepcopy(BASE[iid])
    for index, key, value in changes:
        flow["Actions"][index % len(flow["Actions"])].setdefault("Parameters", {})[key] = value
    try:
        fid = connect.create_contact_flow(InstanceId=iid, Name=f"fuzz-{len(CREATED)}", Type="CONTACT_FLOW",
                                          Content=json.dumps(flow))["ContactFlowId"]
    except ClientError as err:
        assert err.response["Error"]["Code"] == "InvalidContactFlowException"
        return
    CREATED.append(fid)
    cid, token = chat(aws, connect, iid, fid, attributes={"x": "1"})
    try:
        aws("connectparticipant").send_message(ConnectionToken=token, ContentType="text/plain", Content=message)
    except ClientError as err:
        assert err.response["Error"]["Code"] in ("AccessDeniedException", "ValidationException")
    assert "internal error" not in str(connect.describe_contact(InstanceId=iid, ContactId=cid))
    aws("connectparticipant").get_transcript(ConnectionToken=token)


BASE: dict = {}
CREATED: list = []


def fuzz_instance(aws):
    connect = aws("connect")
    found = connect.list_instances()["InstanceSummaryList"]
    if found and found[0]["Id"] in BASE:
        return connect, found[0]["Id"]
    connect, iid = instance(aws, alias="fuzz")
    _, claims = queue(connect, iid, "Claims")
    _, general = queue(connect, iid, "General")
    BASE[iid] = json.loads(flow_from("claims_chat_flow.json", HOURS_ID=hours_id(connect, iid), CLAIMS_QUEUE_ARN=claims,
                                     GENERAL_QUEUE_ARN=general,
                                     BOT_ALIAS_ARN="arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/TSTALIASID"))
    return connect, iid


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=6),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["Identifier", "Type", "Parameters", "Transitions", "NextAction", "Errors",
                                         "Conditions", "Condition", "Operator", "Operands", "ErrorType", "x"]),
                        inner, max_size=4), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(actions=st.lists(JSON, max_size=4), start=JSON)
def test_validator_never_raises(actions, start):
    from awsml_study.engines.flows import validator
    found = validator.problems(json.dumps({"Version": "2019-10-30", "StartAction": start, "Actions": actions}))
    assert isinstance(found, list) and all(isinstance(p, str) and len(p) <= 256 for p in found)
