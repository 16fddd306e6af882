"""Tags on Lambda functions (TagResource, UntagResource, ListTags)."""
from __future__ import annotations

from awsml_study.sim.registry import operation
from awsml_study.services.awslambda import store
from awsml_study.services.awslambda.functions import ENGINE
from awsml_study.sim.validate import check


@operation("lambda", "TagResource", engine=ENGINE)
def tag_resource(p: dict) -> dict:
    check("lambda", "TagResource", p)
    store.get(p["Resource"])["tags"].update(p["Tags"])
    return {}


@operation("lambda", "UntagResource", engine=ENGINE)
def untag_resource(p: dict) -> dict:
    check("lambda", "UntagResource", p)
    tags = store.get(p["Resource"])["tags"]
    for key in p["TagKeys"]:
        tags.pop(key, None)
    return {}


@operation("lambda", "ListTags", engine=ENGINE)
def list_tags(p: dict) -> dict:
    check("lambda", "ListTags", p)
    return {"Tags": dict(store.get(p["Resource"])["tags"])}
