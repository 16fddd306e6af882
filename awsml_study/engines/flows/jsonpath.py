"""Dynamic values in flows: single JSONPath references ($.Attributes.plan) and text with references in it."""
from __future__ import annotations

import re

REFERENCE = re.compile(r"\$\.[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_\-]+)*")


def lookup(data: dict, path: str):
    """The value at `$.A.B.C` in the contact's flow data, or None when any step is missing."""
    node = data
    for part in path[2:].split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def resolve(data: dict, value):
    """A parameter value as the flow sees it: a whole-string reference is replaced by its value
    (empty when missing), references inside text are substituted, anything else is static."""
    if not isinstance(value, str):
        return value
    if REFERENCE.fullmatch(value):
        found = lookup(data, value)
        return "" if found is None else (found if isinstance(found, str) else str(found))
    return REFERENCE.sub(lambda m: _text(lookup(data, m.group(0))), value)


def _text(found) -> str:
    return "" if found is None else str(found)
