"""Tags on Connect resources (instances, queues, flows, numbers, …), addressed by ARN."""
from __future__ import annotations

from awsml_study.services.connect import numbers, store
from awsml_study.services.connect.store import op
from awsml_study.sim.errors import AwsError

KINDS = {"queue": "queues", "contact-flow": "flows", "operating-hours": "hours", "routing-profile": "routing_profiles",
         "agent": "users", "security-profile": "security_profiles", "transfer-destination": "quick_connects",
         "prompt": "prompts"}


def _exists(arn: str) -> None:
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[2] != "connect":
        raise AwsError("InvalidParameterException", f"'{arn}' is not a Connect resource ARN.")
    path = parts[5].split("/")
    if path[0] == "phone-number" and len(path) == 2 and path[1] in numbers.claimed():
        return
    if path[0] == "instance" and len(path) >= 2 and path[1] in store.instances():
        inst = store.instances()[path[1]]
        if len(path) == 2:
            return
        if len(path) == 4 and path[2] in KINDS and path[3] in inst.table(KINDS[path[2]]):
            return
    raise AwsError("ResourceNotFoundException", f"Resource not found: {arn}")


@op("TagResource")
def tag_resource(params: dict) -> dict:
    _exists(params["resourceArn"])
    current = store.tags().setdefault(params["resourceArn"], {})
    if len({**current, **params["tags"]}) > 50:
        raise AwsError("InvalidParameterException", "A resource can have at most 50 tags.")
    current.update(params["tags"])
    return {}


@op("UntagResource")
def untag_resource(params: dict) -> dict:
    _exists(params["resourceArn"])
    for key in params["tagKeys"]:
        store.tags().get(params["resourceArn"], {}).pop(key, None)
    return {}


@op("ListTagsForResource")
def list_tags_for_resource(params: dict) -> dict:
    _exists(params["resourceArn"])
    return {"tags": store.tags_of(params["resourceArn"])}
