"""Kendra tags on indexes, data sources, FAQs and thesauri (TagResource, UntagResource, ListTagsForResource)."""
from __future__ import annotations

import re

from awsml_study.services.kendra import common
from awsml_study.sim import state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ARN = re.compile(r"^arn:aws:kendra:[a-z0-9-]+:\d{12}:index/([0-9a-f-]{36})"
                 r"(?:/(data-source|faq|thesaurus|featured-results-set|query-suggestions-block-list)/([0-9a-zA-Z-]+))?$")
MAX_TAGS = 200


def _resolve(arn: str) -> str:
    """The ARN if it names an existing resource; ResourceUnavailableException otherwise,
    which is what Kendra's tagging operations return for an unknown resource."""
    m = ARN.match(arn)
    if not m:
        raise AwsError("ValidationException", f"{arn} is not a Kendra resource ARN.")
    rec = common.indices().get(m.group(1))
    kind, child = m.group(2), m.group(3)
    table = None if rec is None else {"data-source": rec.sources, "faq": rec.faqs, "thesaurus": rec.thesauri,
                                      "featured-results-set": state.store("kendra.featured").get(m.group(1), {}),
                                      "query-suggestions-block-list": rec.block_lists}.get(kind)
    if rec is None or (kind and child not in table):
        raise AwsError("ResourceUnavailableException", f"The resource {arn} does not exist.")
    return arn


@operation("kendra", "TagResource", engine=common.ENGINE_CONTROL)
def tag_resource(p: dict) -> dict:
    common.check("TagResource", p)
    arn = _resolve(p["ResourceARN"])
    merged = dict(common.tags().get(arn, {}))
    merged.update({t["Key"]: t["Value"] for t in p["Tags"]})
    if len(merged) > MAX_TAGS:
        raise AwsError("ValidationException", f"A resource can have at most {MAX_TAGS} tags.")
    if any(k.lower().startswith("aws:") for k in merged):
        raise AwsError("ValidationException", "Tag keys starting with aws: are reserved.")
    common.tags()[arn] = merged
    return {}


@operation("kendra", "UntagResource", engine=common.ENGINE_CONTROL)
def untag_resource(p: dict) -> dict:
    common.check("UntagResource", p)
    arn = _resolve(p["ResourceARN"])
    for key in p["TagKeys"]:
        common.tags().get(arn, {}).pop(key, None)
    return {}


@operation("kendra", "ListTagsForResource", engine=common.ENGINE_CONTROL)
def list_tags(p: dict) -> dict:
    common.check("ListTagsForResource", p)
    arn = _resolve(p["ResourceARN"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in common.tags().get(arn, {}).items()]}
