"""InvokeLambdaFunction: a Python function run by the kit's local Lambda runner answers inside a flow."""
import io
import json
import zipfile

from .helpers import chat, create_flow, instance, messages

CODE = b'''
def lambda_handler(event, context):
    policy = event["Details"]["ContactData"]["Attributes"].get("policy", "")
    if policy == "nested":
        return {"holder": {"name": "Ana"}}
    return {"status": "active" if policy.startswith("P-") else "unknown", "channel": event["Details"]["ContactData"]["Channel"]}
'''


def function(aws):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("lambda_function.py", CODE)
    role = aws("iam").create_role(RoleName="connect-lookup", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": []}))["Role"]["Arn"]
    return aws("lambda").create_function(FunctionName="policy-lookup", Runtime="python3.12", Role=role,
                                         Handler="lambda_function.lambda_handler",
                                         Code={"ZipFile": buf.getvalue()})["FunctionArn"]


def flow(arn):
    return {"Version": "2019-10-30", "StartAction": "lookup", "Actions": [
        {"Identifier": "lookup", "Type": "InvokeLambdaFunction",
         "Parameters": {"LambdaFunctionARN": arn, "InvocationTimeLimitSeconds": "3"},
         "Transitions": {"NextAction": "check", "Errors": [{"NextAction": "failed", "ErrorType": "NoMatchingError"}]}},
        {"Identifier": "check", "Type": "Compare", "Parameters": {"ComparisonValue": "$.External.status"},
         "Transitions": {"NextAction": "inactive", "Conditions": [
             {"NextAction": "active", "Condition": {"Operator": "Equals", "Operands": ["active"]}}],
             "Errors": [{"NextAction": "inactive", "ErrorType": "NoMatchingCondition"}]}},
        {"Identifier": "active", "Type": "MessageParticipant",
         "Parameters": {"Text": "Your policy is active ($.External.channel)."}, "Transitions": {"NextAction": "end"}},
        {"Identifier": "inactive", "Type": "MessageParticipant", "Parameters": {"Text": "We could not find it."},
         "Transitions": {"NextAction": "end"}},
        {"Identifier": "failed", "Type": "MessageParticipant", "Parameters": {"Text": "Lookup failed."},
         "Transitions": {"NextAction": "end"}},
        {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}


def test_lambda_result_drives_the_flow(aws):
    connect, iid = instance(aws)
    arn = function(aws)
    fid = create_flow(connect, iid, flow(arn))
    _, token = chat(aws, connect, iid, fid, attributes={"policy": "P-77"})
    assert messages(aws, token)[-1][2] == "Lookup failed."      # not associated with the instance yet
    connect.associate_lambda_function(InstanceId=iid, FunctionArn=arn)
    assert connect.list_lambda_functions(InstanceId=iid)["LambdaFunctions"] == [arn]
    _, token = chat(aws, connect, iid, fid, attributes={"policy": "P-77"})
    assert messages(aws, token)[-1][2] == "Your policy is active (CHAT)."
    _, token = chat(aws, connect, iid, fid, attributes={"policy": "X-1"})
    assert messages(aws, token)[-1][2] == "We could not find it."
    _, token = chat(aws, connect, iid, fid, attributes={"policy": "nested"})
    assert messages(aws, token)[-1][2] == "Lookup failed."      # a nested response is not a STRING_MAP
