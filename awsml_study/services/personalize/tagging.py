"""Tags on every Personalize resource (TagResource, UntagResource, ListTagsForResource)."""
from __future__ import annotations

from awsml_study.services.personalize import common
from awsml_study.sim import state
from awsml_study.sim.errors import AwsError

KINDS = ("dataset-group", "dataset", "dataset-import-job", "dataset-export-job", "data-deletion-job",
         "solution", "solution-version", "campaign", "event-tracker", "filter", "recommender",
         "batch-inference-job", "batch-segment-job", "metric-attribution")


def _exists(arn: str) -> None:
    if not any(arn in common.store(k) for k in KINDS):
        raise AwsError("ResourceNotFoundException", f"Could not find resource with ARN {arn}.")


@common.handler("TagResource")
def tag_resource(params: dict) -> dict:
    _exists(params["resourceArn"])
    common.set_tags(params["resourceArn"], params["tags"])
    return {}


@common.handler("UntagResource")
def untag_resource(params: dict) -> dict:
    _exists(params["resourceArn"])
    table = state.store("personalize.tags").setdefault(params["resourceArn"], {})
    for key in params["tagKeys"]:
        table.pop(key, None)
    return {}


@common.handler("ListTagsForResource")
def list_tags_for_resource(params: dict) -> dict:
    _exists(params["resourceArn"])
    return {"tags": common.tags_of(params["resourceArn"])}
