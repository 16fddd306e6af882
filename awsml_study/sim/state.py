"""Per-simulation state: every store is emptied when a simulation starts or on reset().

A simulate() nested inside another starts empty too: `suspend()` sets the outer simulation's
stores aside and `resume()` puts them back when the inner one ends.
"""
from __future__ import annotations

from collections import defaultdict

_stores: dict[str, dict] = defaultdict(dict)


def store(name: str) -> dict:
    """The mutable state dictionary of one service (e.g. 'comprehend.jobs')."""
    return _stores[name]


def clear() -> None:
    for value in _stores.values():
        value.clear()


def suspend() -> dict[str, dict]:
    """Set every store's content aside and empty the stores; returns what `resume()` needs.

    The store dicts themselves stay (services keep references to them); only their content moves.
    """
    saved = {name: dict(value) for name, value in _stores.items()}
    clear()
    return saved


def resume(saved: dict[str, dict]) -> None:
    """Drop what the inner simulation stored and put the outer simulation's content back."""
    clear()
    for name, content in saved.items():
        _stores[name].update(content)
