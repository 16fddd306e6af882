"""Quick connects (transfer destinations) and prompts (audio a flow can play, stored in S3)."""
from __future__ import annotations

from awsml_study.services.connect import store
from awsml_study.services.connect.numbers import parse_number
from awsml_study.services.connect.routing import _page, _with_tags
from awsml_study.services.connect.store import op
from awsml_study.sim.errors import AwsError


def _check_config(inst, config: dict) -> None:
    kind = config["QuickConnectType"]
    member = {"USER": "UserConfig", "QUEUE": "QueueConfig", "PHONE_NUMBER": "PhoneConfig", "FLOW": "FlowConfig"}[kind]
    if member not in config:
        raise AwsError("InvalidParameterException", f"QuickConnectType {kind} needs {member}.")
    extra = [m for m in ("UserConfig", "QueueConfig", "PhoneConfig", "FlowConfig") if m in config and m != member]
    if extra:
        raise AwsError("InvalidParameterException", f"QuickConnectType {kind} takes only {member}, not {extra[0]}.")
    part = config[member]
    if kind == "USER":
        store.resource(inst, "users", part["UserId"], "User")
    if kind == "QUEUE":
        store.resource(inst, "queues", part["QueueId"], "Queue")
    if kind == "PHONE_NUMBER":
        parse_number(part["PhoneNumber"], "quickConnectConfig.phoneConfig.phoneNumber")
    if "ContactFlowId" in part:
        flow = store.resource(inst, "flows", part["ContactFlowId"], "Contact flow")
        wanted = {"USER": "AGENT_TRANSFER", "QUEUE": "QUEUE_TRANSFER", "FLOW": "CONTACT_FLOW"}[kind]
        if flow["Type"] != wanted:
            raise AwsError("InvalidParameterException", f"A {kind} quick connect needs a {wanted} flow, "
                           f"not {flow['Type']}.")


@op("CreateQuickConnect")
def create_quick_connect(params: dict) -> dict:
    inst = store.instance(params)
    store.check_unique(inst, "quick_connects", "Name", params["Name"], "Quick connect")
    _check_config(inst, params["QuickConnectConfig"])
    qid = store.new_id()
    props = store.stamp({"QuickConnectId": qid, "QuickConnectARN": store.arn(inst, "transfer-destination", qid),
                         "Name": params["Name"], "QuickConnectConfig": params["QuickConnectConfig"]})
    if params.get("Description"):
        props["Description"] = params["Description"]
    inst.table("quick_connects")[qid] = props
    store.set_tags(props["QuickConnectARN"], params.get("Tags"))
    return {"QuickConnectARN": props["QuickConnectARN"], "QuickConnectId": qid}


@op("DescribeQuickConnect")
def describe_quick_connect(params: dict) -> dict:
    props = store.resource(store.instance(params), "quick_connects", params["QuickConnectId"], "Quick connect")
    return {"QuickConnect": _with_tags(props, "QuickConnectARN")}


@op("ListQuickConnects")
def list_quick_connects(params: dict) -> dict:
    inst = store.instance(params)
    wanted = set(params.get("QuickConnectTypes") or ["USER", "QUEUE", "PHONE_NUMBER", "FLOW"])
    items = [{"Id": p["QuickConnectId"], "Arn": p["QuickConnectARN"], "Name": p["Name"],
              "QuickConnectType": p["QuickConnectConfig"]["QuickConnectType"],
              "LastModifiedTime": p["LastModifiedTime"], "LastModifiedRegion": p["LastModifiedRegion"]}
             for p in inst.table("quick_connects").values()
             if p["QuickConnectConfig"]["QuickConnectType"] in wanted]
    return _page(params, items, "QuickConnectSummaryList")


@op("DeleteQuickConnect")
def delete_quick_connect(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "quick_connects", params["QuickConnectId"], "Quick connect")
    del inst.table("quick_connects")[props["QuickConnectId"]]
    for queue in inst.table("queues").values():
        if props["QuickConnectId"] in queue.get("QuickConnectIds", []):
            queue["QuickConnectIds"].remove(props["QuickConnectId"])
    return {}


@op("AssociateQueueQuickConnects")
def associate_queue_quick_connects(params: dict) -> dict:
    inst = store.instance(params)
    queue = store.resource(inst, "queues", params["QueueId"], "Queue")
    for qc in params["QuickConnectIds"]:
        store.resource(inst, "quick_connects", qc, "Quick connect")
        if qc not in queue["QuickConnectIds"]:
            queue["QuickConnectIds"].append(qc)
    store.stamp(queue)
    return {}


@op("ListQueueQuickConnects")
def list_queue_quick_connects(params: dict) -> dict:
    inst = store.instance(params)
    queue = store.resource(inst, "queues", params["QueueId"], "Queue")
    items = []
    for qc in queue["QuickConnectIds"]:
        p = inst.table("quick_connects").get(qc)
        if p:
            items.append({"Id": p["QuickConnectId"], "Arn": p["QuickConnectARN"], "Name": p["Name"],
                          "QuickConnectType": p["QuickConnectConfig"]["QuickConnectType"],
                          "LastModifiedTime": p["LastModifiedTime"], "LastModifiedRegion": p["LastModifiedRegion"]})
    out = _page(params, items, "QuickConnectSummaryList")
    out.update(LastModifiedTime=queue["LastModifiedTime"], LastModifiedRegion=queue["LastModifiedRegion"])
    return out


# -- prompts -----------------------------------------------------------------------------------

@op("CreatePrompt")
def create_prompt(params: dict) -> dict:
    """Connect copies the audio from S3 at creation: the object must exist and be .wav (8 kHz
    mono μ-law is what plays best; any WAV is accepted here) and at most 50 MB."""
    from awsml_study.sim import s3io
    inst = store.instance(params)
    store.check_unique(inst, "prompts", "Name", params["Name"], "Prompt")
    uri = params["S3Uri"]
    if not uri.startswith("s3://"):
        raise AwsError("InvalidParameterException", "The kit reads prompts from s3:// URIs only.")
    bucket, key = s3io.split_uri(uri, "s3Uri")
    try:
        head = s3io.s3().head_object(Bucket=bucket, Key=key)
    except Exception:
        raise AwsError("InvalidParameterException", f"The prompt file {uri} cannot be read.") from None
    if not key.lower().endswith(".wav"):
        raise AwsError("InvalidParameterException", "Prompts must be .wav files.")
    if head["ContentLength"] > 50 * 1024 * 1024:
        raise AwsError("InvalidParameterException", "Prompt files are limited to 50 MB.")
    pid = store.new_id()
    props = store.stamp({"PromptId": pid, "PromptARN": store.arn(inst, "prompt", pid), "Name": params["Name"],
                         "S3Uri": uri})
    if params.get("Description"):
        props["Description"] = params["Description"]
    inst.table("prompts")[pid] = props
    store.set_tags(props["PromptARN"], params.get("Tags"))
    return {"PromptARN": props["PromptARN"], "PromptId": pid}


@op("DescribePrompt")
def describe_prompt(params: dict) -> dict:
    props = store.resource(store.instance(params), "prompts", params["PromptId"], "Prompt")
    return {"Prompt": _with_tags(props, "PromptARN", ("S3Uri",))}


@op("ListPrompts")
def list_prompts(params: dict) -> dict:
    inst = store.instance(params)
    keys = {"Id": "PromptId", "Arn": "PromptARN", "Name": "Name", "LastModifiedTime": "LastModifiedTime",
            "LastModifiedRegion": "LastModifiedRegion"}
    return _page(params, [store.summary(p, keys) for p in inst.table("prompts").values()], "PromptSummaryList")


@op("DeletePrompt")
def delete_prompt(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "prompts", params["PromptId"], "Prompt")
    del inst.table("prompts")[props["PromptId"]]
    return {}
