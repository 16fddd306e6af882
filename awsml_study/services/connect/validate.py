"""Server-side checks of a request against botocore's input shape (max, enum, pattern), as Connect's front end does.

botocore checks required members, types and minimum lengths on the client; the service itself
rejects values above a maximum, outside an enum or off a pattern. Connect answers those with
InvalidParameterException, the Participant Service with ValidationException, both in AWS's
"N validation errors detected" wording.
"""
from __future__ import annotations

from functools import lru_cache

from awsml_study.sim.errors import AwsError

CODES = {"connect": "InvalidParameterException", "connectparticipant": "ValidationException"}


@lru_cache(maxsize=None)
def _model(service: str):
    import botocore.session
    return botocore.session.get_session().get_service_model(service)


def usable(pattern: str) -> str:
    """A model pattern as the service applies it. Some Connect patterns are written with doubled
    backslashes ('\\\\+[1-9]\\\\d{1,14}$' for phone numbers) or wrapped in slashes (Password);
    taken literally no valid value would match them."""
    text = pattern.replace("\\\\", "\\")
    if len(text) > 2 and text.startswith("/") and text.endswith("/"):
        text = text[1:-1]
    return text


@lru_cache(maxsize=None)
def _pattern(text: str):
    """A compiled model pattern, or None where neither regex module can read it."""
    try:  # the regex module understands the Java-style \p{L} classes AWS models use; re does not
        import regex as engine
    except ImportError:
        import re as engine
    try:
        return engine.compile(usable(text))
    except engine.error:
        return None


def check(service: str, operation: str, params: dict) -> None:
    """Raise the service's validation error for every constraint `params` break."""
    model = _model(service).operation_model(operation)
    problems: list[str] = []
    if model.input_shape is not None:
        _walk(params, model.input_shape, "", problems)
    if problems:
        head = f"{len(problems)} validation error{'s' if len(problems) > 1 else ''} detected: "
        raise AwsError(_code(service, operation), head + "; ".join(problems[:10]))


@lru_cache(maxsize=None)
def _code(service: str, operation: str) -> str:
    """The service's validation error, or the operation's own modelled request error where the
    operation does not list it (CreateInstance, for one, models InvalidRequestException only)."""
    modelled = {e.name for e in _model(service).operation_model(operation).error_shapes}
    for code in (CODES.get(service, "ValidationException"), "InvalidRequestException"):
        if code in modelled:
            return code
    return CODES.get(service, "ValidationException")


def _name(path: str, member: str) -> str:
    # AWS names members in lower camel case in these messages ('name', 'queueConfigs.1.member.priority').
    word = member[:1].lower() + member[1:]
    return f"{path}.{word}" if path else word


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 100 else text[:100] + "..."


def _walk(value, shape, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                _walk(value[name], member, _name(path, name), problems)
    elif kind == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"Value at '{path}' failed to satisfy constraint: Member must have "
                            f"length less than or equal to {meta['max']}")
        for i, item in enumerate(value, 1):
            _walk(item, shape.member, f"{path}.{i}.member", problems)
    elif kind == "map" and isinstance(value, dict):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"Value at '{path}' failed to satisfy constraint: Member must have "
                            f"length less than or equal to {meta['max']}")
        for key, item in value.items():
            _walk(key, shape.key, f"{path}.key", problems)
            _walk(item, shape.value, f"{path}.{key}", problems)
    elif kind == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"Value '{_shown(value)}' at '{path}' failed to satisfy constraint: "
                            f"Member must have length less than or equal to {meta['max']}")
        if shape.enum and value not in shape.enum:
            problems.append(f"Value '{_shown(value)}' at '{path}' failed to satisfy constraint: "
                            f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        compiled = _pattern(meta["pattern"]) if "pattern" in meta else None
        if compiled is not None and not compiled.fullmatch(value):
            problems.append(f"Value '{_shown(value)}' at '{path}' failed to satisfy constraint: "
                            f"Member must satisfy regular expression pattern: {meta['pattern']}")
    elif kind in ("integer", "long") and isinstance(value, int):
        if "max" in meta and value > meta["max"]:
            problems.append(f"Value '{value}' at '{path}' failed to satisfy constraint: Member must "
                            f"have value less than or equal to {meta['max']}")
        if "min" in meta and value < meta["min"]:
            problems.append(f"Value '{value}' at '{path}' failed to satisfy constraint: Member must "
                            f"have value greater than or equal to {meta['min']}")
