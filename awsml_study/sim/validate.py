"""Check a simulated response against botocore's output shape, as botocore's Stubber does."""
from __future__ import annotations

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
