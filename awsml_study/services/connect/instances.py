"""Connect instances: CreateInstance (CREATION_IN_PROGRESS → ACTIVE through the jobs runner) with the default resources a new instance gets."""
from __future__ import annotations

import json

from awsml_study.services.connect import store
from awsml_study.services.connect.store import Instance, op
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.s3io import REGION, account

LIFE = jobs.Lifecycle(key="InstanceStatus", running="CREATION_IN_PROGRESS", done="ACTIVE",
                      failed="CREATION_FAILED", stopped="CREATION_FAILED", message_key=None,
                      start_key=None, end_key=None)
MAX_INSTANCES = 5  # "Amazon Connect instances per account" in the Admin Guide default quotas table
DAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]
SECURITY_PROFILES = {  # the four profiles every new instance starts with
    "Admin": ["BasicAgentAccess", "OutboundCallAccess", "ContactFlows.View", "ContactFlows.Edit",
              "Queues.View", "Queues.Edit", "Users.View", "Users.Edit", "RoutingPolicies.View"],
    "Agent": ["BasicAgentAccess", "OutboundCallAccess"],
    "CallCenterManager": ["BasicAgentAccess", "Queues.View", "Users.View", "RealtimeMetrics.View"],
    "QualityAnalyst": ["AccessMetrics", "ListenCallRecordings"],
}
DEFAULT_FLOWS = [  # (name, type, message) — the defaults every new instance starts with
    ("Default customer queue", "CUSTOMER_QUEUE", "Thank you for waiting. An agent will be with you shortly."),
    ("Default customer hold", "CUSTOMER_HOLD", None),  # hold flows cannot message the participant
    ("Default customer whisper", "CUSTOMER_WHISPER", None),
    ("Default agent hold", "AGENT_HOLD", None),
    ("Default agent whisper", "AGENT_WHISPER", None),
    ("Default outbound", "OUTBOUND_WHISPER", None),
    ("Default agent transfer", "AGENT_TRANSFER", None),
    ("Default queue transfer", "QUEUE_TRANSFER", None),
]


def _simple_flow(message: str | None) -> str:
    """The content of a default flow: an optional message, then the end of the flow."""
    actions = [{"Identifier": "end", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}]
    if message:
        actions.insert(0, {"Identifier": "message", "Type": "MessageParticipant",
                           "Parameters": {"Text": message},
                           "Transitions": {"NextAction": "end",
                                           "Errors": [{"NextAction": "end", "ErrorType": "NoMatchingError"}]}})
    return json.dumps({"Version": "2019-10-30", "StartAction": actions[0]["Identifier"],
                       "Metadata": {}, "Actions": actions})


def _defaults(inst: Instance) -> None:
    """What a new instance owns before anyone configures it: Basic Hours, BasicQueue, Basic
    Routing Profile, four security profiles and the default flows."""
    from awsml_study.services.connect.flows import new_flow
    hours_id = store.new_id()
    inst.table("hours")[hours_id] = store.stamp({
        "HoursOfOperationId": hours_id, "HoursOfOperationArn": store.arn(inst, "operating-hours", hours_id),
        "Name": "Basic Hours", "Description": "24 hours, every day", "TimeZone": "UTC",
        "Config": [{"Day": d, "StartTime": {"Hours": 0, "Minutes": 0}, "EndTime": {"Hours": 0, "Minutes": 0}}
                   for d in DAYS]})
    queue_id = store.new_id()
    inst.table("queues")[queue_id] = store.stamp({
        "QueueId": queue_id, "QueueArn": store.arn(inst, "queue", queue_id), "Name": "BasicQueue",
        "Description": "The default queue", "HoursOfOperationId": hours_id, "Status": "ENABLED",
        "QueueType": "STANDARD", "QuickConnectIds": []})
    profile_id = store.new_id()
    inst.table("routing_profiles")[profile_id] = store.stamp({
        "InstanceId": inst.id, "RoutingProfileId": profile_id,
        "RoutingProfileArn": store.arn(inst, "routing-profile", profile_id),
        "Name": "Basic Routing Profile", "Description": "The default routing profile",
        "DefaultOutboundQueueId": queue_id, "IsDefault": True,
        "MediaConcurrencies": [{"Channel": "VOICE", "Concurrency": 1}, {"Channel": "CHAT", "Concurrency": 2},
                               {"Channel": "TASK", "Concurrency": 1}],
        "QueueConfigs": [{"QueueReference": {"QueueId": queue_id, "Channel": ch}, "Priority": 1, "Delay": 0}
                         for ch in ("VOICE", "CHAT", "TASK")],
        "AgentAvailabilityTimer": "TIME_SINCE_LAST_ACTIVITY"})
    for name, permissions in SECURITY_PROFILES.items():
        sid = store.new_id()
        inst.table("security_profiles")[sid] = store.stamp({
            "Id": sid, "Arn": store.arn(inst, "security-profile", sid), "SecurityProfileName": name,
            "OrganizationResourceId": inst.id, "Description": f"The default {name} profile",
            "Permissions": list(permissions), "Type": "AWS_MANAGED"})
    for name, kind, message in DEFAULT_FLOWS:
        new_flow(inst, name, kind, _simple_flow(message), "PUBLISHED", f"{name} (default)", None)


@op("CreateInstance")
def create_instance(params: dict) -> dict:
    kind = params["IdentityManagementType"]
    if kind == "EXISTING_DIRECTORY" and not params.get("DirectoryId"):
        raise AwsError("InvalidRequestException", "DirectoryId is required when IdentityManagementType "
                       "is EXISTING_DIRECTORY.")
    if kind != "EXISTING_DIRECTORY" and not params.get("InstanceAlias"):
        raise AwsError("InvalidRequestException", f"InstanceAlias is required when IdentityManagementType is {kind}.")
    alias = params.get("InstanceAlias")
    if alias and any(i.props.get("InstanceAlias") == alias for i in store.instances().values()):
        raise AwsError("InvalidRequestException", f"The alias '{alias}' is already in use.")
    if len(store.instances()) >= MAX_INSTANCES:
        raise AwsError("ServiceQuotaExceededException",
                       f"The quota of {MAX_INSTANCES} instances per account and Region is reached.")
    ident = store.new_id()
    inst_arn = f"arn:aws:connect:{REGION}:{account()}:instance/{ident}"
    props = {"Id": ident, "Arn": inst_arn, "IdentityManagementType": kind, "CreatedTime": store.now(),
             "ServiceRole": f"arn:aws:iam::{account()}:role/aws-service-role/connect.amazonaws.com/"
                            "AWSServiceRoleForAmazonConnect",
             "InboundCallsEnabled": params["InboundCallsEnabled"],
             "OutboundCallsEnabled": params["OutboundCallsEnabled"],
             "InstanceAccessUrl": f"https://{alias or ident}.my.connect.aws"}
    if alias:
        props["InstanceAlias"] = alias
    inst = Instance(ident, inst_arn, props)
    props[LIFE.key] = LIFE.running
    inst.job = jobs.submit(jobs.Job(ident, props, work=lambda job: _defaults(inst), lifecycle=LIFE))
    store.instances()[ident] = inst
    store.set_tags(inst_arn, params.get("Tags"))
    return {"Id": ident, "Arn": inst_arn}


def _described(inst: Instance) -> dict:
    if inst.job is not None:
        inst.job.settle()
    keys = ("Id", "Arn", "IdentityManagementType", "InstanceAlias", "CreatedTime", "ServiceRole",
            "InstanceStatus", "InboundCallsEnabled", "OutboundCallsEnabled", "InstanceAccessUrl")
    return {k: inst.props[k] for k in keys if k in inst.props}


@op("DescribeInstance")
def describe_instance(params: dict) -> dict:
    ref = params["InstanceId"]
    inst = store.instances().get(ref.rsplit("/", 1)[-1])
    if inst is None:
        raise AwsError("ResourceNotFoundException", f"Instance not found: {ref}")
    out = _described(inst)
    if store.tags_of(inst.arn):
        out["Tags"] = store.tags_of(inst.arn)
    return {"Instance": out}


@op("ListInstances")
def list_instances(params: dict) -> dict:
    items = [_described(i) for i in store.instances().values()]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=10,
                            error_code="InvalidRequestException")
    return {"InstanceSummaryList": page, **({"NextToken": token} if token else {})}


@op("DeleteInstance")
def delete_instance(params: dict) -> dict:
    ref = params["InstanceId"]
    inst = store.instances().pop(ref.rsplit("/", 1)[-1], None)
    if inst is None:
        raise AwsError("ResourceNotFoundException", f"Instance not found: {ref}")
    store.tags().pop(inst.arn, None)
    return {}
