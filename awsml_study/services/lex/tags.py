"""Tags on Lex V2 bots and bot aliases, addressed by ARN."""
from __future__ import annotations

import re

from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import store
from awsml_study.services.lex.shapes import check

ENGINE = store.MODELS_ENGINE
_ARN = re.compile(r"^arn:aws:lex:[a-z0-9-]+:\d{12}:(bot|bot-alias)/([0-9A-Za-z]{10})(?:/([0-9A-Za-z]{10}))?$")


def arn_of_bot(bot_id: str) -> str:
    return f"arn:aws:lex:{store.REGION}:{store.account()}:bot/{bot_id}"


def arn_of_alias(bot_id: str, alias_id: str) -> str:
    return f"arn:aws:lex:{store.REGION}:{store.account()}:bot-alias/{bot_id}/{alias_id}"


def _tags(arn: str) -> dict:
    m = _ARN.match(arn)
    if not m:
        raise AwsError("ValidationException", f"The resource ARN {arn} is not a Lex V2 bot or bot alias ARN.")
    kind, bot_id, alias_id = m.groups()
    if kind == "bot":
        props = store.bot(bot_id)["props"]
        if props.get("botTags") is None:
            props["botTags"] = {}
        return props["botTags"]
    if alias_id is None:
        raise AwsError("ValidationException", f"The bot alias ARN {arn} has no alias id.")
    props = store.alias(bot_id, alias_id)["props"]
    if props.get("tags") is None:
        props["tags"] = {}
    return props["tags"]


@operation("lexv2-models", "TagResource", engine=ENGINE)
def tag_resource(p: dict) -> dict:
    check("TagResource", p)
    _tags(p["resourceARN"]).update(p["tags"])
    return {}


@operation("lexv2-models", "UntagResource", engine=ENGINE)
def untag_resource(p: dict) -> dict:
    check("UntagResource", p)
    tags = _tags(p["resourceARN"])
    for key in p["tagKeys"]:
        tags.pop(key, None)
    return {}


@operation("lexv2-models", "ListTagsForResource", engine=ENGINE)
def list_tags_for_resource(p: dict) -> dict:
    check("ListTagsForResource", p)
    return {"tags": dict(_tags(p["resourceARN"]))}
