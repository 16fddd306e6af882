"""Event trackers and personalize-events: streamed events, items, users and actions join the datasets.

Events reach the dataset group's Interactions dataset (so the next training uses them) and the
live index that campaigns of user-personalization recipes read, so the very next
GetRecommendations for that user reflects them without retraining.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid

from awsml_study.services.personalize import common, datasets, serving
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.s3io import account

EVENTS = "personalize/events"
TRACKER_KEYS = ("name", "eventTrackerArn", "status", "creationDateTime", "lastUpdatedDateTime")


@common.handler("CreateEventTracker")
def create_event_tracker(params: dict) -> dict:
    grp = datasets.active_group(params["datasetGroupArn"])
    if any(t.props["datasetGroupArn"] == grp.id for t in common.store("event-tracker").values()):
        raise AwsError("ResourceAlreadyExistsException",
                       f"Dataset group {grp.id} already has an event tracker (one per dataset group).")
    tracking_id = str(uuid.uuid4())
    arn = common.arn("event-tracker", uuid.uuid4().hex[:8])
    props = {"name": params["name"], "eventTrackerArn": arn, "accountId": account(), "trackingId": tracking_id,
             "datasetGroupArn": grp.id}
    common.create("event-tracker", arn, props, work=lambda job: None, tags=params.get("tags"),
                  noun="Event tracker")
    return {"eventTrackerArn": arn, "trackingId": tracking_id}


@common.handler("DescribeEventTracker")
def describe_event_tracker(params: dict) -> dict:
    job = common.find("event-tracker", params["eventTrackerArn"], "event tracker")
    return {"eventTracker": common.view(job.props)}


@common.handler("ListEventTrackers")
def list_event_trackers(params: dict) -> dict:
    where = (lambda p: p["datasetGroupArn"] == params["datasetGroupArn"]) if params.get("datasetGroupArn") else None
    return common.listing("event-tracker", "eventTrackers", TRACKER_KEYS, params, where)


@common.handler("DeleteEventTracker")
def delete_event_tracker(params: dict) -> dict:
    common.find("event-tracker", params["eventTrackerArn"], "event tracker")
    common.forget("event-tracker", params["eventTrackerArn"])
    return {}


def _tracker(tracking_id: str) -> jobs.Job:
    for job in common.store("event-tracker").values():
        if job.props["trackingId"] == tracking_id:
            job.settle()
            if job.status != "ACTIVE":
                raise AwsError("ResourceInUseException", f"The event tracker is {job.status}.")
            return job
    raise AwsError("ResourceNotFoundException", f"Could not find an event tracker with tracking ID {tracking_id}.")


def field_name(prop: str) -> str:
    """A properties key as the schema field it fills: numberOfRatings → NUMBER_OF_RATINGS."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", prop).upper()


def _properties(text: str | None, fields: dict[str, dict], where: str) -> dict:
    if not text:
        return {}
    try:
        props = json.loads(text)
    except json.JSONDecodeError:
        raise AwsError("InvalidInputException", f"{where}.properties is not a valid JSON object.") from None
    if not isinstance(props, dict):
        raise AwsError("InvalidInputException", f"{where}.properties must be a JSON object.")
    out = {}
    for key, value in props.items():
        name = field_name(key)
        if name not in fields:
            raise AwsError("InvalidInputException",
                           f"{where}.properties has '{key}', but the schema has no field {name}.")
        out[name] = "|".join(value) if isinstance(value, list) else value
    return out


def _seconds(value) -> int:
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    return int(float(value))


def _fields(dataset_arn: str) -> dict[str, dict]:
    return {f["name"]: f for f in datasets.schema_fields(dataset_arn)}


@common.handler("PutEvents", service="personalize-events", engine=EVENTS)
def put_events(params: dict) -> dict:
    tracker = _tracker(params["trackingId"])
    group = tracker.props["datasetGroupArn"]
    ds = datasets.datasets_of(group).get("Interactions")
    if ds is None:
        raise AwsError("ResourceNotFoundException", f"Dataset group {group} has no Interactions dataset.")
    fields = _fields(ds.id)
    who = params.get("userId") or params["sessionId"]
    new = []
    for k, event in enumerate(params["eventList"]):
        where = f"eventList.{k + 1}"
        if "ITEM_ID" in fields and not event.get("itemId"):
            raise AwsError("InvalidInputException", f"{where}.itemId is required: the Interactions schema has ITEM_ID.")
        row = {"USER_ID": who, "ITEM_ID": event.get("itemId"), "TIMESTAMP": _seconds(event["sentAt"]),
               "EVENT_TYPE": event["eventType"], **_properties(event.get("properties"), fields, where)}
        if "eventValue" in event:
            row["EVENT_VALUE"] = float(event["eventValue"])
        new.append({k2: v for k2, v in row.items() if k2 in fields})
    stream = datasets.parts(ds.id)["stream"]
    count = state.store("personalize.live-count")
    index = serving.live(group).setdefault(who, [])
    from awsml_study.services.personalize import attribution
    sources = [(e.get("metricAttribution") or {}).get("eventAttributionSource") for e in params["eventList"]]
    for row in new:
        stream.append(row)
        seq = count.get(group, 0)
        index.append((seq, str(row.get("ITEM_ID")), str(row.get("EVENT_TYPE", ""))))
        count[group] = seq + 1
    attribution.record(group, new, sources)
    return {}


def _put_records(params: dict, key: str, id_param: str, dataset_type: str, id_field: str) -> dict:
    ds = common.store("dataset").get(params["datasetArn"])
    if ds is None:
        raise AwsError("ResourceNotFoundException", f"Could not find dataset with ARN {params['datasetArn']}.")
    ds.settle()
    if ds.props["datasetType"] != dataset_type:
        raise AwsError("InvalidInputException",
                       f"Dataset {ds.id} is a {ds.props['datasetType']} dataset, not {dataset_type}.")
    if ds.status != "ACTIVE":
        raise AwsError("ResourceInUseException", f"Dataset {ds.id} is {ds.status}.")
    fields = _fields(ds.id)
    part = datasets.parts(ds.id)
    for k, record in enumerate(params[key]):
        row = {id_field: record[id_param], **_properties(record.get("properties"), fields, f"{key}.{k + 1}")}
        # A record replaces an earlier one with the same id, as PutItems / PutUsers do.
        for name in ("bulk", "stream"):
            part[name][:] = [r for r in part[name] if str(r.get(id_field)) != str(record[id_param])]
        part["stream"].append(row)
    return {}


@common.handler("PutItems", service="personalize-events", engine=EVENTS)
def put_items(params: dict) -> dict:
    return _put_records(params, "items", "itemId", "Items", "ITEM_ID")


@common.handler("PutUsers", service="personalize-events", engine=EVENTS)
def put_users(params: dict) -> dict:
    return _put_records(params, "users", "userId", "Users", "USER_ID")


@common.handler("PutActions", service="personalize-events", engine=EVENTS)
def put_actions(params: dict) -> dict:
    return _put_records(params, "actions", "actionId", "Actions", "ACTION_ID")


@common.handler("PutActionInteractions", service="personalize-events", engine=EVENTS)
def put_action_interactions(params: dict) -> dict:
    tracker = _tracker(params["trackingId"])
    ds = datasets.datasets_of(tracker.props["datasetGroupArn"]).get("Action_Interactions")
    if ds is None:
        raise AwsError("ResourceNotFoundException", "The dataset group has no Action interactions dataset.")
    fields = _fields(ds.id)
    stream = datasets.parts(ds.id)["stream"]
    for k, event in enumerate(params["actionInteractions"]):
        who = event.get("userId") or event.get("sessionId")
        if not who:
            raise AwsError("InvalidInputException", f"actionInteractions.{k + 1} needs a userId or a sessionId.")
        row = {"USER_ID": who, "ACTION_ID": event["actionId"], "TIMESTAMP": _seconds(event["timestamp"]),
               "EVENT_TYPE": event["eventType"],
               **_properties(event.get("properties"), fields, f"actionInteractions.{k + 1}")}
        stream.append({k2: v for k2, v in row.items() if k2 in fields})
    return {}
