"""`client()`: a boto3 client for the local simulator, or for real AWS when the learner opts in."""
from __future__ import annotations

import os
import sys

MODE_VAR = "AWSML_STUDY_MODE"
ALLOW_VAR = "AWSML_STUDY_ALLOW_CHARGES"
DEFAULT_REGION = "us-east-1"
_session_simulation = None  # the simulation notebooks share when they are not inside simulate()
_announced = False
_aws_mode_starters: list = []  # called whenever an aws-mode client is made (meter, cleanup)


def on_aws_mode(start) -> None:
    """Have `start()` called (it must be idempotent) each time an aws-mode client is made."""
    if start not in _aws_mode_starters:
        _aws_mode_starters.append(start)


class ChargesNotAllowed(RuntimeError):
    """Raised when aws mode is asked for without the explicit opt-in."""


def mode() -> str:
    """'local' (the default, the simulator) or 'aws' (the learner's real account)."""
    value = os.environ.get(MODE_VAR, "local").strip().lower() or "local"
    if value not in ("local", "aws"):
        raise ValueError(f"{MODE_VAR} must be 'local' or 'aws', not {value!r}")
    return value


def require_charges_allowed() -> None:
    """The one opt-in guard of aws mode (Python clients and the command line alike)."""
    if os.environ.get(ALLOW_VAR) != "1":
        raise ChargesNotAllowed(
            f"{MODE_VAR}=aws sends these calls to your real AWS account, and they cost money. "
            f"If that is what you want, also set {ALLOW_VAR}=1 and run it again. "
            f"Unset {MODE_VAR} to keep using the free local simulator.")


def start_aws_mode_helpers() -> None:
    """Turn on what aws mode adds: the price line before billable calls and the resource
    recorder for `awsml_study.teardown()` (each idempotent)."""
    for start in _aws_mode_starters:
        start()


def aws_region() -> str:
    """The region real-AWS calls use: the learner's configured one, else us-east-1 (as locally),
    so aws mode never ends in botocore's NoRegionError."""
    import boto3
    return boto3.Session().region_name or DEFAULT_REGION


def describe_mode() -> str:
    """One line saying who answers: the offline simulator or the real account (and its region)."""
    if mode() == "aws":
        return (f"awsml-study: {MODE_VAR}=aws - calls go to your real AWS account in {aws_region()} "
                f"and may cost money")
    return (f"awsml-study: local mode - the offline simulator answers (free; {MODE_VAR}=aws with "
            f"{ALLOW_VAR}=1 uses your real account)")


def client(service_name: str, **kwargs):
    """A boto3 client: local by default; the real service only with mode aws and the opt-in."""
    import boto3

    if mode() == "aws":
        global _announced
        require_charges_allowed()
        kwargs.setdefault("region_name", aws_region())
        if not _announced:  # said once, so a notebook shows plainly that real AWS answers
            print(describe_mode(), file=sys.stderr)
            _announced = True
        start_aws_mode_helpers()
        return boto3.client(service_name, **kwargs)
    _ensure_simulation()
    kwargs.setdefault("region_name", DEFAULT_REGION)
    return boto3.client(service_name, **kwargs)


def _ensure_simulation() -> None:
    """Start one long-lived simulation for the process unless a simulate() block is active."""
    global _session_simulation
    from awsml_study.sim.activation import is_active, simulate

    if not is_active():
        _session_simulation = simulate()
        _session_simulation.start()


def engine_of(response: dict) -> str:
    """Which engine answered a response ('moto' or 'aws' when the kit did not compute it)."""
    headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    if "x-awsml-study-engine" in headers:
        return headers["x-awsml-study-engine"]
    return "moto" if mode() == "local" else "aws"
