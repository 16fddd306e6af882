"""Request checks SageMaker's front end makes from the input shape (max, pattern, enum) — botocore checks only min."""
from __future__ import annotations

import functools
import re

from awsml_study.sim.errors import AwsError, validation_error


@functools.lru_cache(maxsize=8)
def _model(service: str):
    import botocore.session
    return botocore.session.get_session().get_service_model(service)


@functools.lru_cache(maxsize=512)
def _regex(pattern: str):
    try:
        return re.compile(pattern)
    except re.error:  # a Java-only construct: skip the check rather than reject valid input
        return None


def check(service: str, operation: str, params: dict) -> None:
    """Raise the ValidationException AWS gives for the first member breaking its constraints."""
    shape = _model(service).operation_model(operation).input_shape
    if shape is not None:
        try:
            _walk(params, shape, "")
        except AwsError as err:
            if service == "sagemaker-runtime":  # the runtime's modelled code is ValidationError
                err.code = "ValidationError"
            raise


def _path(prefix: str, name: str) -> str:
    name = name[:1].lower() + name[1:]
    return f"{prefix}.{name}" if prefix else name


def _walk(value, shape, path: str) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                _walk(value[name], member, _path(path, name))
    elif kind == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            raise validation_error(value, path, f"Member must have length less than or equal to {meta['max']}")
        for i, item in enumerate(value):
            _walk(item, shape.member, f"{path}.{i + 1}.member")
    elif kind == "map" and isinstance(value, dict):
        if "max" in meta and len(value) > meta["max"]:
            raise validation_error(value, path, f"Member must have length less than or equal to {meta['max']}")
        for key, item in value.items():
            _walk(key, shape.key, f"{path}.key")
            _walk(item, shape.value, f"{path}.{key}")
    elif kind == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            raise validation_error(value, path, f"Member must have length less than or equal to {meta['max']}")
        if shape.enum and value not in shape.enum:
            raise validation_error(value, path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        pattern = meta.get("pattern")
        if pattern:
            rx = _regex(pattern)
            if rx is not None and not rx.fullmatch(value):
                raise validation_error(value, path, f"Member must satisfy regular expression pattern: {pattern}")
    elif kind in ("integer", "long", "float", "double") and isinstance(value, (int, float)):
        if "max" in meta and value > meta["max"]:
            raise validation_error(value, path, f"Member must have value less than or equal to {meta['max']}")
