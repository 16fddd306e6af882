"""In aws mode, one line on stderr before each billable call: its estimated price and the total so far.

    ≈ $0.0010 (DetectLabels: 1 image x $1 per 1,000 ...) · total so far ≈ $0.0041

The line is printed before the call, from its parameters. Where the quantity is known only from
the response (Textract pages, a Transcribe file's length when the notebook did not upload it) the
line says "at least" and the running total is corrected with the response's figure once the call
returns. Failed calls are not billed and leave the total unchanged. Plumbing calls (S3, SNS, SQS,
Lambda requests: fractions of a cent) are counted in the total but not printed, to keep it quiet.
"""
from __future__ import annotations

import sys
import threading

from awsml_study import calls, clients, costs

_lock = threading.Lock()
_state = {"total": 0.0, "on": False}
QUIET_SERVICES = set(costs.PLUMBING) | costs.FREE_SERVICES


def start() -> None:
    """Print estimates from now on (aws mode turns this on; idempotent)."""
    with _lock:
        if _state["on"]:
            return
        _state["on"] = True
    calls.subscribe_before(_before)
    calls.subscribe(_after)


def stop() -> None:
    with _lock:
        _state["on"] = False
    calls.unsubscribe(_before)
    calls.unsubscribe(_after)


def total() -> float:
    """USD estimated for the billable calls made since `start()` in this process."""
    return _state["total"]


def line(found: costs.Estimate, operation: str, running: float) -> str:
    return (f"≈ ${found.usd:.4f} ({operation}: {found.basis}) · total so far ≈ ${running:.4f}")


def _before(call) -> None:
    if call.service in QUIET_SERVICES:
        return
    found = costs.estimate(call)
    if found is None or (found.usd == 0 and not found.at_least):
        return
    print(line(found, call.operation, _state["total"] + found.usd), file=sys.stderr)


def _after(call) -> None:
    if not call.ok:
        return
    found = costs.estimate(call)
    if found is not None:
        with _lock:
            _state["total"] += found.usd


clients.on_aws_mode(start)
