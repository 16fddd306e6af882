"""Simulated traffic against botocore's shapes: responses (output shape), requests (input constraints)."""
from __future__ import annotations

import functools

import re

from botocore.validate import ParamValidator


def output_problems(response: dict, operation_model) -> list[str]:
    """Everything wrong with `response` for this operation; an empty list means it is valid."""
    shape = operation_model.output_shape
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    if shape is None:
        return [f"unexpected members {sorted(body)}"] if body else []
    report = ParamValidator().validate(body, shape)
    problems = [report.generate_report()] if report.has_errors() else []
    _check_enums(body, shape, shape.name, problems)
    return problems


def _check_enums(value, shape, path: str, problems: list[str]) -> None:
    """botocore does not check enum values; a learner's code may branch on them, so we do."""
    kind = shape.type_name
    if kind == "string" and shape.enum and isinstance(value, str) and value not in shape.enum:
        problems.append(f"{path}: {value!r} is not one of {shape.enum}")
    elif kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                _check_enums(value[name], member, f"{path}.{name}", problems)
    elif kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            _check_enums(item, shape.member, f"{path}[{i}]", problems)
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            _check_enums(item, shape.value, f"{path}[{key}]", problems)


# ----- Requests: the input shape's own constraints, checked as AWS's request validator does.
# botocore checks types, required members and `min` on the client; the service checks the rest
# (max lengths and sizes, ranges, enums, patterns) before any handler sees the request, so a
# handler never works with (or echoes back) a value the real service would have refused.

# The code each service gives for a request that breaks its input shape (AWS's validation layer
# answers ValidationException for most JSON services, whether or not the model lists it).
VALIDATION_CODES = {"transcribe": "BadRequestException", "rekognition": "InvalidParameterException",
                    "textract": "InvalidParameterException", "personalize": "InvalidInputException",
                    "personalize-events": "InvalidInputException",
                    "personalize-runtime": "InvalidInputException",
                    "sagemaker-runtime": "ValidationError",
                    "connect": "InvalidParameterException"}
MAX_REPORTED = 5
# Members whose constraints a service's handler checks itself, answering its own modelled error
# (its tests pin it): the validator leaves them alone.
OWN_CHECKS = {"comprehend": {"numberOfTopics"},
              "polly": {"outputS3BucketName", "outputS3KeyPrefix", "snsTopicArn", "taskId"},
              "rekognition": {"bytes"}, "textract": {"bytes"}}


def validation_code(service: str, operation_model=None) -> str:
    code = VALIDATION_CODES.get(service, "ValidationException")
    if operation_model is not None and code != "ValidationException":
        # Connect's CreateInstance, DescribeInstance, ListInstances, AssociateBot, ListBots ... model
        # no InvalidParameterException; their request errors are InvalidRequestException.
        modelled = {e.name for e in operation_model.error_shapes}
        if code not in modelled and "InvalidRequestException" in modelled:
            return "InvalidRequestException"
    return code


def input_problems(params: dict, operation_model) -> list[str]:
    """AWS-worded constraint violations of `params` ("Value 'x' at 'path' failed to satisfy
    constraint: ..."); an empty list means the request passes the service's validation."""
    shape = operation_model.input_shape
    problems: list[str] = []
    if shape is not None and isinstance(params, dict):
        own = OWN_CHECKS.get(operation_model.service_model.service_name, set())
        _check(params, shape, "", problems, 0, own)
    return problems


def input_error(params: dict, operation_model):
    """The AwsError for a request that breaks its input shape, or None."""
    from awsml_study.sim.errors import AwsError

    problems = input_problems(params, operation_model)
    if not problems:
        return None
    shown = problems[:MAX_REPORTED]
    count = len(problems)
    head = f"{count} validation error{'s' if count > 1 else ''} detected: "
    return AwsError(validation_code(operation_model.service_model.service_name, operation_model),
                    head + "; ".join(shown))


def _member_path(path: str, name: str) -> str:
    name = name[:1].lower() + name[1:]
    return f"{path}.{name}" if path else name


def _shown(value, shape) -> str:
    if shape.metadata.get("sensitive") or shape.type_name == "blob":
        return ""
    text = value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)
    text = text if len(text) <= 100 else text[:100] + "..."
    return f" '{text}'"


def _violation(value, shape, path: str, constraint: str) -> str:
    return f"Value{_shown(value, shape)} at '{path}' failed to satisfy constraint: {constraint}"


_compiled: dict[str, object] = {}
# Some models carry patterns that are not what the service enforces: written as a JavaScript
# literal (/^...$/) or escaped twice (\\\\+ for a literal +). Those are not checked.
_UNRELIABLE = re.compile(r"^/.*/$|\\\\[\\\\dDwWsS+.*?()\[\]{}|^$]")
# Members whose out-of-list values each service answers with its own error (Comprehend's
# UnsupportedLanguageException, Transcribe's BadRequestException ...), not the validator's.
OWN_ENUM_ERRORS = ("languagecode",)


def _pattern(pattern: str):
    """AWS patterns are Java regexes (\\p{L}...): the `regex` module reads them; a pattern neither
    module can read, or one of the unreliable ones, is not checked rather than guessed."""
    if _UNRELIABLE.search(pattern):
        return None
    if pattern not in _compiled:
        try:
            import regex as engine
        except ImportError:  # pragma: no cover - regex ships with the kit's dependencies
            import re as engine
        try:
            _compiled[pattern] = engine.compile(pattern)
        except Exception:
            _compiled[pattern] = None
    return _compiled[pattern]


def _check(value, shape, path: str, problems: list[str], depth: int, own=frozenset()) -> None:
    if depth > 30 or value is None or (own and path.rsplit(".", 1)[-1] in own):
        return
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                _check(value[name], member, _member_path(path, name), problems, depth + 1, own)
    elif kind == "list" and isinstance(value, (list, tuple)):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(_violation(value, shape, path,
                                       f"Member must have length less than or equal to {meta['max']}"))
        for i, item in enumerate(value):
            _check(item, shape.member, f"{path}.{i + 1}.member", problems, depth + 1, own)
    elif kind == "map" and isinstance(value, dict):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(_violation(value, shape, path,
                                       f"Member must have length less than or equal to {meta['max']}"))
        for key, item in value.items():
            _check(key, shape.key, f"{path}.{key}.key", problems, depth + 1, own)
            _check(item, shape.value, f"{path}.{key}.value", problems, depth + 1, own)
    elif kind == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(_violation(value, shape, path,
                                       f"Member must have length less than or equal to {meta['max']}"))
        own = path.rsplit(".", 1)[-1].lower().endswith(OWN_ENUM_ERRORS)
        if shape.enum and value not in shape.enum and not own:
            problems.append(_violation(value, shape, path,
                                       f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"))
        elif meta.get("pattern"):
            compiled = _pattern(meta["pattern"])
            if compiled is not None and compiled.fullmatch(value) is None:
                problems.append(_violation(
                    value, shape, path, f"Member must satisfy regular expression pattern: {meta['pattern']}"))
    elif kind == "blob" and isinstance(value, (bytes, bytearray)):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(_violation(value, shape, path,
                                       f"Member must have length less than or equal to {meta['max']}"))
    elif kind in ("integer", "long", "float", "double") and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        if "max" in meta and value > meta["max"]:
            problems.append(_violation(value, shape, path,
                                       f"Member must have value less than or equal to {meta['max']}"))


@functools.lru_cache(maxsize=None)
def service_model(name: str):
    """botocore's model of a service, loaded once."""
    import botocore.session
    return botocore.session.get_session().get_service_model(name)


def check(service: str, operation: str, params: dict) -> None:
    """The seam's request validation, for a handler that checks a request it builds or forwards
    itself (Lex's nested shapes, SageMaker's re-issued calls): raises the service's error."""
    err = input_error(params, service_model(service).operation_model(operation))
    if err is not None:
        raise err
