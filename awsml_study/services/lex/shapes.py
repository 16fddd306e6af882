"""Request checks and response trimming against the two Lex V2 botocore models."""
from __future__ import annotations

from functools import lru_cache

from awsml_study.sim import validate

MODELS = "lexv2-models"
RUNTIME = "lexv2-runtime"


def check(operation: str, params: dict, service: str = MODELS) -> None:
    validate.check(service, operation, params)


@lru_cache(maxsize=None)
def members(operation: str, service: str = MODELS) -> frozenset:
    shape = validate.service_model(service).operation_model(operation).output_shape
    return frozenset(shape.members) if shape is not None else frozenset()


def respond(operation: str, data: dict, service: str = MODELS) -> dict:
    """The members of `data` that the operation's output shape has, without None values."""
    keep = members(operation, service)
    return {k: v for k, v in data.items() if k in keep and v is not None}


def summary(data: dict, shape_name: str) -> dict:
    """A list item (BotSummary, IntentSummary...) from a resource's properties."""
    shape = validate.service_model(MODELS).shape_for(shape_name)
    return {k: v for k, v in data.items() if k in shape.members and v is not None}
