"""GetCurrentMetricData: real-time queue metrics counted from the simulation's contacts.

No agent signs in to a contact control panel inside the simulator, so agent metrics are truly 0.
"""
from __future__ import annotations

from awsml_study.services.connect import store
from awsml_study.services.connect.store import FLOW_ENGINE, op
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError

UNITS = {"CONTACTS_IN_QUEUE": "COUNT", "OLDEST_CONTACT_AGE": "SECONDS", "CONTACTS_SCHEDULED": "COUNT",
         "AGENTS_ONLINE": "COUNT", "AGENTS_AVAILABLE": "COUNT", "AGENTS_ON_CALL": "COUNT",
         "AGENTS_NON_PRODUCTIVE": "COUNT", "AGENTS_AFTER_CONTACT_WORK": "COUNT", "AGENTS_ERROR": "COUNT",
         "AGENTS_STAFFED": "COUNT", "AGENTS_ON_CONTACT": "COUNT", "SLOTS_ACTIVE": "COUNT",
         "SLOTS_AVAILABLE": "COUNT"}


def _value(name: str, waiting: list) -> float:
    if name == "CONTACTS_IN_QUEUE":
        return float(len(waiting))
    if name == "OLDEST_CONTACT_AGE":
        return float(int(max(((store.now() - c.enqueued).total_seconds() for c in waiting), default=0)))
    return 0.0


@op("GetCurrentMetricData", engine=FLOW_ENGINE)
def get_current_metric_data(params: dict) -> dict:
    inst = store.instance(params)
    filters = params["Filters"]
    if not filters.get("Queues") and not filters.get("RoutingProfiles"):
        raise AwsError("InvalidParameterException", "Filters must name Queues or RoutingProfiles.")
    if filters.get("RoutingProfiles"):
        queue_ids = set()
        for ref in filters["RoutingProfiles"]:
            profile = store.resource(inst, "routing_profiles", ref, "Routing profile")
            queue_ids |= {c["QueueReference"]["QueueId"] for c in profile["QueueConfigs"]}
    else:
        queue_ids = {store.resource(inst, "queues", ref, "Queue")["QueueId"] for ref in filters["Queues"]}
    for metric in params["CurrentMetrics"]:
        name, unit = metric.get("Name"), metric.get("Unit")
        if name not in UNITS:
            raise AwsError("InvalidParameterException", f"The simulator does not compute {name or metric}.")
        if unit != UNITS[name]:
            raise AwsError("InvalidParameterException", f"{name} is measured in {UNITS[name]}, not {unit}.")
    channels = set(filters.get("Channels") or ["VOICE", "CHAT", "TASK", "EMAIL"])
    groupings = params.get("Groupings") or []
    waiting = [c for c in inst.contacts.values()
               if c.active and c.queue_id in queue_ids and c.channel in channels]
    keys: dict[tuple, list] = {}
    if "QUEUE" in groupings or "CHANNEL" in groupings:
        for qid in sorted(queue_ids) if "QUEUE" in groupings else [None]:
            for ch in sorted(channels) if "CHANNEL" in groupings else [None]:
                keys[(qid, ch)] = [c for c in waiting if (qid is None or c.queue_id == qid)
                                   and (ch is None or c.channel == ch)]
    else:
        keys[(None, None)] = waiting
    results = []
    for (qid, ch), group in keys.items():
        dims = {}
        if qid:
            dims["Queue"] = {"Id": qid, "Arn": inst.table("queues")[qid]["QueueArn"]}
        if ch:
            dims["Channel"] = ch
        results.append({"Dimensions": dims, "Collections": [
            {"Metric": {"Name": m["Name"], "Unit": m["Unit"]}, "Value": _value(m["Name"], group)}
            for m in params["CurrentMetrics"]]})
    page, token = jobs.page(results, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterException")
    return {"MetricResults": page, "DataSnapshotTime": store.now(), "ApproximateTotalCount": len(results),
            **({"NextToken": token} if token else {})}
