"""The simulated account's Lambda functions: lookup by name, ARN or partial ARN, and their limits."""
from __future__ import annotations

import re

from awsml_study.sim import state
from awsml_study.sim.s3io import account
from awsml_study.sim.errors import AwsError

REGION = "us-east-1"
ZIP_MAX = 50 * 1024 * 1024            # direct upload limit (zipped)
UNZIPPED_MAX = 262_144_000            # 250 MB, code + layers, unzipped
PAYLOAD_MAX = 6 * 1024 * 1024         # synchronous request and response payloads
EVENT_PAYLOAD_MAX = 1024 * 1024       # asynchronous (Event) payloads: 1 MB since 2025
ENV_MAX = 4096                        # all environment variables together, in bytes
RETIRED = {"python2.7", "python3.6", "python3.7", "python3.8"}  # creation blocked by AWS
_NAME = re.compile(r"^(?:arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:)?"
                   r"(?:(\d{12}):function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$")


def functions() -> dict:
    """name -> the function record (configuration dict, code bytes, policy, tags, runner)."""
    return state.store("awslambda.functions")


def arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:lambda:{region}:{account()}:function:{name}"


def split(identifier: str) -> tuple[str, str | None]:
    """(function name, qualifier) of a name, a partial ARN or a full ARN."""
    m = _NAME.match(identifier or "")
    if not m:
        return identifier, None
    return m.group(4), m.group(5)


def get(identifier: str, qualifier: str | None = None) -> dict:
    """The function record ($LATEST), a published version's or an alias's target, or Lambda's
    ResourceNotFoundException. Versions and aliases are records of the same shape."""
    name, q = split(identifier)
    qualifier = qualifier or q
    record = functions().get(name)
    target = record
    if record is not None and qualifier not in (None, "$LATEST"):
        alias = record.get("aliases", {}).get(qualifier)
        number = alias["FunctionVersion"] if alias else qualifier
        target = record if number == "$LATEST" else record.get("versions", {}).get(number)
    if target is None:
        shown = arn(name) + (f":{qualifier}" if qualifier else "")
        raise AwsError("ResourceNotFoundException", f"Function not found: {shown}", 404,
                       Type="User")
    return target


def base(identifier: str) -> dict:
    """The $LATEST record of a function named with or without a qualifier."""
    return get(split(identifier)[0])
