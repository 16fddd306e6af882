"""Per-simulation state: every store is emptied when a simulation starts or on reset()."""
from __future__ import annotations

from collections import defaultdict

_stores: dict[str, dict] = defaultdict(dict)


def store(name: str) -> dict:
    """The mutable state dictionary of one service (e.g. 'comprehend.jobs')."""
    return _stores[name]


def clear() -> None:
    for value in _stores.values():
        value.clear()
