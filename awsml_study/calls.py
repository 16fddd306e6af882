"""The call log: every AWS call this process made through boto3, in either mode.

botocore emits `before-parameter-build` with the caller's parameters and `after-call` (or
`after-call-error`) with the outcome, for every client, whether the simulator, a `serve` endpoint or
real AWS answered. The log is what the capstone's architecture diagram is drawn from and what aws
mode's price estimates and teardown read, so it records facts only: service, operation, region,
status, error code, the engine that answered, and the parameters (kept as given, for estimates).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from botocore.handlers import BUILTIN_HANDLERS

MAX_CALLS = 10_000  # a long lab session stays far below this; the oldest calls go first
_KEY = "awsml_study_call"
_lock = threading.Lock()
_calls: list["Call"] = []
_listeners: list = []
_before: list = []  # listeners told just before a call goes out (price shown before it is paid)


@dataclass
class Call:
    """One boto3 call: what was asked and how it ended."""
    service: str          # botocore service name, e.g. "rekognition"
    operation: str        # e.g. "DetectLabels"
    region: str
    params: dict = field(repr=False, default_factory=dict)
    started: float = 0.0
    seconds: float = 0.0
    status: int = 0       # HTTP status; 0 while running or when no response came (connection error)
    error: str = ""       # the AWS error code, or the exception's class name
    engine: str = ""      # x-awsml-study-engine header: which local engine answered ("" if none)
    response: dict = field(repr=False, default_factory=dict)
    by_simulator: bool = False  # made by a local engine for a service (its S3 reads, log writes), not by you

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300 and not self.error


def install() -> None:
    """Hook the log into every botocore client created from now on (idempotent)."""
    if any(entry[1] is _on_params for entry in BUILTIN_HANDLERS):
        return
    BUILTIN_HANDLERS.append(("before-parameter-build", _on_params))
    BUILTIN_HANDLERS.append(("after-call", _on_result))
    BUILTIN_HANDLERS.append(("after-call-error", _on_failure))


def mark_as_simulator(client) -> None:
    """Flag the calls `client` makes as the simulator's own (a service reading S3 on your behalf)."""
    client.meta.events.register("before-parameter-build", _flag_simulator)


def _flag_simulator(context=None, **_):
    call = (context or {}).get(_KEY)
    if call is not None:
        call.by_simulator = True


def log() -> list[Call]:
    """A copy of the calls made so far, oldest first."""
    with _lock:
        return list(_calls)


def mark() -> int:
    """A position in the log, for `since()`: the calls one cell or one pipeline stage made."""
    with _lock:
        return _total


def since(position: int) -> list[Call]:
    """The calls made after `mark()` returned `position`."""
    with _lock:
        dropped = _total - len(_calls)
        return list(_calls[max(0, position - dropped):])


def clear() -> None:
    global _total
    with _lock:
        _calls.clear()
        _total = 0


def subscribe(listener) -> None:
    """Call `listener(call)` after each call ends (price estimates, resource records)."""
    if listener not in _listeners:
        _listeners.append(listener)


def unsubscribe(listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)
    if listener in _before:
        _before.remove(listener)


def subscribe_before(listener) -> None:
    """Call `listener(call)` before each call is sent (its params are known, its response not)."""
    if listener not in _before:
        _before.append(listener)


_total = 0


def _on_params(params, model, context, **_):
    if context is None:
        return
    service = model.service_model.service_name
    region = (context.get("client_region") or "")
    call = Call(service, model.name, region, dict(params), started=time.time())
    context[_KEY] = call
    _tell(_before, call)


def _finish(call: Call) -> None:
    global _total
    call.seconds = time.time() - call.started
    with _lock:
        _calls.append(call)
        _total += 1
        if len(_calls) > MAX_CALLS:
            del _calls[: len(_calls) - MAX_CALLS]
    _tell(_listeners, call)


def _tell(listeners: list, call: Call) -> None:
    for listener in list(listeners):
        try:
            listener(call)
        except Exception:  # a listener's bug must never break the learner's call
            import logging
            logging.getLogger("awsml_study").exception("call-log listener failed")


def _on_result(http_response, parsed, model, context, **_):
    call = (context or {}).pop(_KEY, None)
    if call is None:
        return
    meta = (parsed or {}).get("ResponseMetadata", {})
    call.status = int(meta.get("HTTPStatusCode") or getattr(http_response, "status_code", 0) or 0)
    call.engine = (meta.get("HTTPHeaders") or {}).get("x-awsml-study-engine", "")
    call.error = ((parsed or {}).get("Error") or {}).get("Code", "") if call.status >= 300 else ""
    call.response = parsed or {}
    _finish(call)


def _on_failure(exception, context, **_):
    call = (context or {}).pop(_KEY, None)
    if call is None:
        return
    call.error = type(exception).__name__
    _finish(call)
