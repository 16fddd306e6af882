"""Server-side checks of a request against its botocore input shape (max, pattern, enum, range)."""
# botocore's client already checks types, required members and minimums; AWS's servers check the
# rest and answer with a ValidationException naming the member path, which is what this reproduces.
from __future__ import annotations

import re
from functools import lru_cache

from awsml_study.sim.errors import AwsError, validation_error


@lru_cache(maxsize=None)
def _model(service: str):
    import botocore.session
    return botocore.session.get_session().get_service_model(service)


def input_shape(service: str, operation: str):
    return _model(service).operation_model(operation).input_shape


def check(service: str, operation: str, params: dict) -> None:
    """Raise the ValidationException AWS gives for the first constraint `params` breaks."""
    shape = input_shape(service, operation)
    if shape is not None:
        _walk(params, shape, "")


def _path(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def _walk(value, shape, path: str) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                _walk(value[name], member, _path(path, name[:1].lower() + name[1:]))
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
            _walk(item, shape.value, f"{path}.{key}.member")
    elif kind == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            raise validation_error(value, path, f"Member must have length less than or equal to {meta['max']}")
        if shape.enum and value not in shape.enum:
            raise validation_error(value, path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        pattern = meta.get("pattern")
        if pattern and not _matches(pattern, value):
            raise validation_error(value, path, f"Member must satisfy regular expression pattern: {pattern}")
    elif kind in ("integer", "long", "double", "float") and isinstance(value, (int, float)):
        if "max" in meta and value > meta["max"]:
            raise validation_error(value, path, f"Member must have value less than or equal to {meta['max']}")
        if "min" in meta and value < meta["min"]:
            raise validation_error(value, path, f"Member must have value greater than or equal to {meta['min']}")


@lru_cache(maxsize=512)
def _compiled(pattern: str):
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error:
        return None  # a Java-only construct: AWS's own check cannot be reproduced, so skip it


def _matches(pattern: str, value: str) -> bool:
    rx = _compiled(pattern)
    return rx is None or rx.fullmatch(value) is not None


def require(value, message: str, code: str = "ValidationException") -> None:
    if not value:
        raise AwsError(code, message)
