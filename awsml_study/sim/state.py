"""Per-simulation state: every store is emptied when a simulation starts or on reset().

A simulate() nested inside another starts empty too: `suspend()` sets the outer simulation's
stores aside and `resume()` puts them back when the inner one ends.

`awsml-study serve` serves many learners at once: while it handles a request, `account()` names
the caller's account and `endpoint()` the server URL the request arrived on (both set with
`as_account()`), and every store is that account's own. In-process simulations have neither
(None) and use the stores below, as before.
"""
from __future__ import annotations

import contextlib
import contextvars
from collections import defaultdict

_stores: dict[str, dict] = defaultdict(dict)
_by_account: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
_account: contextvars.ContextVar[str | None] = contextvars.ContextVar("awsml_study_account",
                                                                       default=None)
_endpoint: contextvars.ContextVar[str | None] = contextvars.ContextVar("awsml_study_endpoint",
                                                                        default=None)


def store(name: str) -> dict:
    """The mutable state dictionary of one service (e.g. 'comprehend.jobs'), of the caller's
    account when a server request set one."""
    account = _account.get()
    return _stores[name] if account is None else _by_account[account][name]


def account() -> str | None:
    """The account of the request being served by `awsml-study serve`; None in-process."""
    return _account.get()


def endpoint() -> str | None:
    """The URL (http://host:port, no slash) of the `awsml-study serve` that received the request
    being served, where the URLs the kit hands out must point; None in-process."""
    return _endpoint.get()


@contextlib.contextmanager
def as_account(account_id: str | None, endpoint_url: str | None = None):
    """Run the block as account `account_id` (None: the in-process stores), reached at
    `endpoint_url` (None: in-process)."""
    token, place = _account.set(account_id), _endpoint.set(endpoint_url)
    try:
        yield
    finally:
        _endpoint.reset(place)
        _account.reset(token)


def clear() -> None:
    for value in _stores.values():
        value.clear()
    for stores in _by_account.values():
        for value in stores.values():
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
