"""TagResource, UntagResource and ListTagsForResource on terminologies and parallel data."""
from __future__ import annotations

import re

from awsml_study.services.translate import store, validation
from awsml_study.services.translate.limits import MAX_TAGS, STORE_ENGINE
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ARN = re.compile(r"^arn:aws[\w-]*:translate:[\w-]+:\d{12}:(terminology|parallel-data)/([^/]+)(/LATEST)?$")


def _resource(arn: str) -> dict:
    m = ARN.match(arn or "")
    if not m:
        raise AwsError("InvalidParameterValueException",
                       f"{arn} is not the ARN of an Amazon Translate terminology or parallel data resource.")
    table = store.terminologies() if m.group(1) == "terminology" else store.parallel_data()
    entry = table.get(m.group(2))
    if entry is None:
        raise AwsError("ResourceNotFoundException", f"The resource {arn} could not be found.")
    return entry


@operation("translate", "TagResource", engine=STORE_ENGINE)
def tag_resource(params: dict) -> dict:
    entry = _resource(params.get("ResourceArn"))
    new = validation.tags(params.get("Tags"))
    merged = {**entry["tags"], **new}
    if len(merged) > MAX_TAGS:
        raise AwsError("TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags.",
                       ResourceArn=params.get("ResourceArn"))
    entry["tags"] = merged
    return {}


@operation("translate", "UntagResource", engine=STORE_ENGINE)
def untag_resource(params: dict) -> dict:
    entry = _resource(params.get("ResourceArn"))
    for key in params.get("TagKeys") or []:
        entry["tags"].pop(key, None)
    return {}


@operation("translate", "ListTagsForResource", engine=STORE_ENGINE)
def list_tags_for_resource(params: dict) -> dict:
    entry = _resource(params.get("ResourceArn"))
    return {"Tags": [{"Key": k, "Value": v} for k, v in sorted(entry["tags"].items())]}
