"""Hours of operation, queues and routing profiles: where contacts wait and which agents they reach."""
from __future__ import annotations

from zoneinfo import available_timezones

from awsml_study.services.connect import store
from awsml_study.services.connect.store import op
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError


def _page(params: dict, items: list, key: str) -> dict:
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterException")
    return {key: page, **({"NextToken": token} if token else {})}


def _with_tags(props: dict, arn_key: str, hidden=()) -> dict:
    out = {k: v for k, v in props.items() if k not in hidden}
    if store.tags_of(props[arn_key]):
        out["Tags"] = store.tags_of(props[arn_key])
    return out


# -- hours of operation ------------------------------------------------------------------------

def _check_hours(params: dict) -> None:
    if params["TimeZone"] not in _zones():
        raise AwsError("InvalidParameterException", f"Invalid TimeZone: {params['TimeZone']}")
    seen = set()
    for entry in params["Config"]:
        start = entry["StartTime"]
        key = (entry["Day"], start["Hours"], start["Minutes"])
        if key in seen:
            raise AwsError("InvalidParameterException", f"Overlapping hours for {entry['Day']}.")
        seen.add(key)


def _zones() -> set:
    if not hasattr(_zones, "cache"):
        _zones.cache = available_timezones() | {"UTC"}
    return _zones.cache


@op("CreateHoursOfOperation")
def create_hours(params: dict) -> dict:
    inst = store.instance(params)
    store.check_unique(inst, "hours", "Name", params["Name"], "Hours of operation")
    _check_hours(params)
    hid = store.new_id()
    props = store.stamp({"HoursOfOperationId": hid, "HoursOfOperationArn": store.arn(inst, "operating-hours", hid),
                         "Name": params["Name"], "TimeZone": params["TimeZone"], "Config": params["Config"]})
    if params.get("Description"):
        props["Description"] = params["Description"]
    inst.table("hours")[hid] = props
    store.set_tags(props["HoursOfOperationArn"], params.get("Tags"))
    return {"HoursOfOperationId": hid, "HoursOfOperationArn": props["HoursOfOperationArn"]}


@op("DescribeHoursOfOperation")
def describe_hours(params: dict) -> dict:
    props = store.resource(store.instance(params), "hours", params["HoursOfOperationId"], "Hours of operation")
    return {"HoursOfOperation": _with_tags(props, "HoursOfOperationArn")}


@op("UpdateHoursOfOperation")
def update_hours(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "hours", params["HoursOfOperationId"], "Hours of operation")
    if params.get("Name"):
        store.check_unique(inst, "hours", "Name", params["Name"], "Hours of operation", props["HoursOfOperationId"])
    merged = {**props, **{k: params[k] for k in ("Name", "Description", "TimeZone", "Config") if k in params}}
    _check_hours(merged)
    props.update(store.stamp(merged))
    return {}


@op("ListHoursOfOperations")
def list_hours(params: dict) -> dict:
    inst = store.instance(params)
    keys = {"Id": "HoursOfOperationId", "Arn": "HoursOfOperationArn", "Name": "Name",
            "LastModifiedTime": "LastModifiedTime", "LastModifiedRegion": "LastModifiedRegion"}
    return _page(params, [store.summary(p, keys) for p in inst.table("hours").values()],
                 "HoursOfOperationSummaryList")


@op("DeleteHoursOfOperation")
def delete_hours(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "hours", params["HoursOfOperationId"], "Hours of operation")
    if any(q.get("HoursOfOperationId") == props["HoursOfOperationId"] for q in inst.table("queues").values()):
        raise AwsError("ResourceInUseException", "The hours of operation are used by a queue.",
                       ResourceId=props["HoursOfOperationArn"])
    del inst.table("hours")[props["HoursOfOperationId"]]
    return {}


# -- queues ------------------------------------------------------------------------------------

@op("CreateQueue")
def create_queue(params: dict) -> dict:
    inst = store.instance(params)
    store.check_unique(inst, "queues", "Name", params["Name"], "Queue")
    store.resource(inst, "hours", params["HoursOfOperationId"], "Hours of operation")
    for qc in params.get("QuickConnectIds") or []:
        store.resource(inst, "quick_connects", qc, "Quick connect")
    qid = store.new_id()
    props = store.stamp({"QueueId": qid, "QueueArn": store.arn(inst, "queue", qid), "Name": params["Name"],
                         "HoursOfOperationId": params["HoursOfOperationId"], "Status": "ENABLED",
                         "QueueType": "STANDARD", "QuickConnectIds": list(params.get("QuickConnectIds") or [])})
    for key in ("Description", "MaxContacts", "OutboundCallerConfig"):
        if key in params:
            props[key] = params[key]
    inst.table("queues")[qid] = props
    store.set_tags(props["QueueArn"], params.get("Tags"))
    return {"QueueArn": props["QueueArn"], "QueueId": qid}


QUEUE_HIDDEN = ("QueueType", "QuickConnectIds")


@op("DescribeQueue")
def describe_queue(params: dict) -> dict:
    props = store.resource(store.instance(params), "queues", params["QueueId"], "Queue")
    return {"Queue": _with_tags(props, "QueueArn", QUEUE_HIDDEN)}


@op("ListQueues")
def list_queues(params: dict) -> dict:
    inst = store.instance(params)
    wanted = set(params.get("QueueTypes") or ["STANDARD", "AGENT"])
    keys = {"Id": "QueueId", "Arn": "QueueArn", "Name": "Name", "QueueType": "QueueType",
            "LastModifiedTime": "LastModifiedTime", "LastModifiedRegion": "LastModifiedRegion"}
    items = [store.summary(p, keys) for p in inst.table("queues").values() if p["QueueType"] in wanted]
    return _page(params, items, "QueueSummaryList")


@op("UpdateQueueStatus")
def update_queue_status(params: dict) -> dict:
    props = store.resource(store.instance(params), "queues", params["QueueId"], "Queue")
    props["Status"] = params["Status"]
    store.stamp(props)
    return {}


@op("UpdateQueueMaxContacts")
def update_queue_max(params: dict) -> dict:
    props = store.resource(store.instance(params), "queues", params["QueueId"], "Queue")
    if params.get("MaxContacts") is None:
        props.pop("MaxContacts", None)
    else:
        props["MaxContacts"] = params["MaxContacts"]
    store.stamp(props)
    return {}


@op("DeleteQueue")
def delete_queue(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "queues", params["QueueId"], "Queue")
    for rp in inst.table("routing_profiles").values():
        if props["QueueId"] in {c["QueueReference"]["QueueId"] for c in rp.get("QueueConfigs", [])} \
                or rp.get("DefaultOutboundQueueId") == props["QueueId"]:
            raise AwsError("ResourceInUseException", f"The queue is used by routing profile '{rp['Name']}'.",
                           ResourceId=rp["RoutingProfileArn"])
    del inst.table("queues")[props["QueueId"]]
    return {}


# -- routing profiles --------------------------------------------------------------------------

def _check_queue_configs(inst, configs: list) -> None:
    seen = set()
    for cfg in configs:
        ref = cfg["QueueReference"]
        store.resource(inst, "queues", ref["QueueId"], "Queue")
        if (ref["QueueId"], ref["Channel"]) in seen:
            raise AwsError("InvalidParameterException", "A queue and channel pair appears twice in QueueConfigs.")
        seen.add((ref["QueueId"], ref["Channel"]))


@op("CreateRoutingProfile")
def create_routing_profile(params: dict) -> dict:
    inst = store.instance(params)
    store.check_unique(inst, "routing_profiles", "Name", params["Name"], "Routing profile")
    store.resource(inst, "queues", params["DefaultOutboundQueueId"], "Queue")
    _check_queue_configs(inst, params.get("QueueConfigs") or [])
    rid = store.new_id()
    props = store.stamp({
        "InstanceId": inst.id, "RoutingProfileId": rid, "RoutingProfileArn": store.arn(inst, "routing-profile", rid),
        "Name": params["Name"], "Description": params["Description"],
        "DefaultOutboundQueueId": params["DefaultOutboundQueueId"],
        "MediaConcurrencies": params["MediaConcurrencies"], "QueueConfigs": list(params.get("QueueConfigs") or []),
        "AgentAvailabilityTimer": params.get("AgentAvailabilityTimer", "TIME_SINCE_LAST_ACTIVITY"),
        "IsDefault": False})
    inst.table("routing_profiles")[rid] = props
    store.set_tags(props["RoutingProfileArn"], params.get("Tags"))
    return {"RoutingProfileArn": props["RoutingProfileArn"], "RoutingProfileId": rid}


@op("DescribeRoutingProfile")
def describe_routing_profile(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "routing_profiles", params["RoutingProfileId"], "Routing profile")
    out = _with_tags(props, "RoutingProfileArn", ("QueueConfigs",))
    queue_ids = sorted({c["QueueReference"]["QueueId"] for c in props["QueueConfigs"]})
    out["NumberOfAssociatedQueues"] = len(props["QueueConfigs"])
    out["AssociatedQueueIds"] = queue_ids
    out["NumberOfAssociatedUsers"] = sum(1 for u in inst.table("users").values()
                                         if u["RoutingProfileId"] == props["RoutingProfileId"])
    return {"RoutingProfile": out}


@op("ListRoutingProfiles")
def list_routing_profiles(params: dict) -> dict:
    inst = store.instance(params)
    keys = {"Id": "RoutingProfileId", "Arn": "RoutingProfileArn", "Name": "Name",
            "LastModifiedTime": "LastModifiedTime", "LastModifiedRegion": "LastModifiedRegion"}
    return _page(params, [store.summary(p, keys) for p in inst.table("routing_profiles").values()],
                 "RoutingProfileSummaryList")


@op("ListRoutingProfileQueues")
def list_routing_profile_queues(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "routing_profiles", params["RoutingProfileId"], "Routing profile")
    items = []
    for cfg in props["QueueConfigs"]:
        queue = inst.table("queues").get(cfg["QueueReference"]["QueueId"])
        if queue:
            items.append({"QueueId": queue["QueueId"], "QueueArn": queue["QueueArn"], "QueueName": queue["Name"],
                          "Priority": cfg["Priority"], "Delay": cfg["Delay"],
                          "Channel": cfg["QueueReference"]["Channel"]})
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterException")
    return {"RoutingProfileQueueConfigSummaryList": page, **({"NextToken": token} if token else {}),
            "LastModifiedTime": props["LastModifiedTime"], "LastModifiedRegion": props["LastModifiedRegion"]}


@op("AssociateRoutingProfileQueues")
def associate_routing_profile_queues(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "routing_profiles", params["RoutingProfileId"], "Routing profile")
    configs = list(params.get("QueueConfigs") or [])
    _check_queue_configs(inst, props["QueueConfigs"] + configs)
    props["QueueConfigs"].extend(configs)
    store.stamp(props)
    return {}


@op("DeleteRoutingProfile")
def delete_routing_profile(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "routing_profiles", params["RoutingProfileId"], "Routing profile")
    if any(u["RoutingProfileId"] == props["RoutingProfileId"] for u in inst.table("users").values()):
        raise AwsError("ResourceInUseException", "Users are assigned to this routing profile.",
                       ResourceType="USER", ResourceId=props["RoutingProfileArn"])
    del inst.table("routing_profiles")[props["RoutingProfileId"]]
    return {}
