"""CloudWatch Logs output of invocations: group /aws/lambda/<name>, one stream per environment."""
from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

from awsml_study.services.awslambda import store

log = logging.getLogger("awsml_study")


def stream_name(version: str = "$LATEST") -> str:
    """Lambda's stream name: YYYY/MM/DD/[version] then 32 hex digits, one per environment."""
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y/%m/%d")
    return f"{today}/[{version}]{uuid.uuid4().hex}"


def write(config: dict, stream: str, text: str) -> None:
    """Append the invocation's lines to moto's CloudWatch Logs (created on first use, as Lambda does)."""
    from botocore.exceptions import ClientError

    from awsml_study.sim import s3io
    group = config.get("LoggingConfig", {}).get("LogGroup") or f"/aws/lambda/{config['FunctionName']}"
    client = s3io.client("logs", store.REGION)
    for create in (lambda: client.create_log_group(logGroupName=group),
                   lambda: client.create_log_stream(logGroupName=group, logStreamName=stream)):
        try:
            create()
        except ClientError as err:
            if err.response["Error"]["Code"] != "ResourceAlreadyExistsException":
                log.info("awsml-study: Lambda logs not written: %s", err)
                return
    now = int(time.time() * 1000)
    events = [{"timestamp": now, "message": line} for line in _events(text)]
    try:
        client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)
    except ClientError as err:
        log.info("awsml-study: Lambda logs not written: %s", err)


def _events(text: str) -> list[str]:
    """One event per line, as the runtime sends them (a traceback stays one event)."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("  ") and out:
            out[-1] += "\n" + line
        elif line:
            out.append(line)
    return out or ["(no output)"]


def tail(text: str) -> str:
    """Invoke's LogResult: base64 of the last 4 KB of the invocation's log."""
    import base64
    data = text.encode("utf-8")[-4096:]
    return base64.b64encode(data).decode()
