"""The JSONPath subset batch transform's DataProcessing filters use: $, $.key.key, $['key'], $[i], $[i,j], $[a:b]."""
from __future__ import annotations

import re

from awsml_study.sim.errors import AwsError

_TOKEN = re.compile(r"\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\]|\[\s*\"([^\"]*)\"\s*\]|\[([-\d:,\s]+)\]|\[\*\]|\.\*")


def compile_path(expr: str, where: str):
    """Steps of a JSONPath expression, or the ValidationException for one outside the supported subset."""
    if not expr or not expr.startswith("$"):
        raise AwsError("ValidationException", f"{where} '{expr}' must be a JSONPath expression starting with $")
    steps, pos = [], 1
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise AwsError("ValidationException", f"{where} '{expr}' is not a supported JSONPath expression")
        if m.group(1) or m.group(2) is not None or m.group(3) is not None:
            steps.append(("key", m.group(1) or m.group(2) or m.group(3)))
        elif m.group(4) is not None:
            steps.append(("index", m.group(4)))
        else:
            steps.append(("all", None))
        pos = m.end()
    return steps


def _select(values: list, spec: str) -> list:
    out = []
    for part in spec.split(","):
        part = part.strip()
        if ":" in part:
            a, b = (part.split(":") + [""])[:2]
            out.extend(values[slice(int(a) if a else None, int(b) if b else None)])
        else:
            out.append(values[int(part)])
    return out


def apply(steps, value):
    """Evaluate compiled steps on a parsed JSON value (a CSV record is a list of its fields)."""
    for kind, arg in steps:
        if kind == "key":
            if not isinstance(value, dict) or arg not in value:
                raise KeyError(arg)
            value = value[arg]
        elif kind == "index":
            if not isinstance(value, list):
                raise KeyError(arg)
            single = "," not in arg and ":" not in arg
            picked = _select(value, arg)
            value = picked[0] if single else picked
        # "all" keeps the value as it is
    return value
