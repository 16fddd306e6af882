"""Kendra shared pieces: stores, ARNs, lookups and request checks against botocore's input shapes."""
from __future__ import annotations

import functools
import re
import uuid

from awsml_study.sim import s3io, state
from awsml_study.sim.errors import AwsError, validation_error

SERVICE = "kendra"
ENGINE_CONTROL = "kendra/control-plane"


def arn_prefix() -> str:
    """The ARN of the caller's indexes up to the index id."""
    return f"arn:aws:kendra:{s3io.REGION}:{s3io.account()}:index/"


def indices() -> dict:
    """Index id → IndexRecord (see indices.py)."""
    return state.store("kendra.indices")


def tags() -> dict:
    """Resource ARN → {key: value}."""
    return state.store("kendra.tags")


def new_id() -> str:
    return str(uuid.uuid4())  # 36 characters, as Kendra's ids


def index_or_404(index_id: str, settle: bool = True):
    rec = indices().get(index_id)
    if rec is not None and settle:
        rec.job.settle()
        rec = indices().get(index_id)  # a settled DeleteIndex removes it
    if rec is None:
        raise AwsError("ResourceNotFoundException", f"Index {index_id} does not exist.")
    return rec


def active_index(index_id: str):
    """The index, or the ConflictException / ResourceNotFoundException Kendra gives when it is
    not ACTIVE (still creating, failed, or being deleted)."""
    rec = index_or_404(index_id)
    status = rec.props["Status"]
    if status not in ("ACTIVE", "UPDATING"):
        raise AwsError("ValidationException" if status == "FAILED" else "ConflictException",
                       f"Index {index_id} is in {status} state; the operation needs an ACTIVE index.")
    return rec


def add_tags(arn: str, tag_list: list | None) -> None:
    if tag_list:
        tags().setdefault(arn, {}).update({t["Key"]: t["Value"] for t in tag_list})


# ----- request checks: the constraints botocore's client leaves to the server -----

@functools.lru_cache(maxsize=None)
def _model():
    import botocore.session
    return botocore.session.get_session().get_service_model(SERVICE)


def check(operation: str, params: dict) -> None:
    """Check max length, max value, enum and pattern constraints of the operation's input shape,
    raising the ValidationException AWS's request validator writes."""
    shape = _model().operation_model(operation).input_shape
    if shape is not None:
        _walk(params, shape, "")


def _member_path(path: str, name: str) -> str:
    name = name[0].lower() + name[1:]
    return f"{path}.{name}" if path else name


@functools.lru_cache(maxsize=512)
def _regex(pattern: str):
    try:
        return re.compile(_translate(pattern))
    except re.error:
        return None


def _translate(pattern: str) -> str:
    # Java's \P{C} ("not a control/format character") has no Python spelling; [^\x00-\x1f\x7f]
    # is the part of it that matters for API input.
    return pattern.replace(r"\P{C}", r"[^\x00-\x1f\x7f]")


def _walk(value, shape, path: str) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                _walk(value[name], member, _member_path(path, name))
    elif kind == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            raise validation_error(value, path, f"Member must have length less than or equal to {meta['max']}")
        for i, item in enumerate(value, 1):
            _walk(item, shape.member, f"{path}.{i}.member")
    elif kind == "map" and isinstance(value, dict):
        for k, item in value.items():
            _walk(item, shape.value, f"{path}.{k}")
    elif kind == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            raise validation_error(value, path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        if "max" in meta and len(value) > meta["max"]:
            raise validation_error(value, path, f"Member must have length less than or equal to {meta['max']}")
        pattern = meta.get("pattern")
        rx = _regex(pattern) if pattern else None
        if rx is not None and rx.fullmatch(value) is None:
            raise validation_error(value, path, f"Member must satisfy regular expression pattern: {pattern}")
    elif kind in ("integer", "long") and isinstance(value, int):
        if "max" in meta and value > meta["max"]:
            raise validation_error(value, path, f"Member must have value less than or equal to {meta['max']}")
        if "min" in meta and value < meta["min"]:
            raise validation_error(value, path, f"Member must have value greater than or equal to {meta['min']}")
