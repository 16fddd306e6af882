"""Invoke: RequestResponse, Event (queued on the job runner) and DryRun, with Lambda's error shape."""
from __future__ import annotations

import json

from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.awslambda import logs, runtime, store
from awsml_study.services.awslambda.functions import ENGINE
from awsml_study.sim.validate import check


def _event(payload) -> object:
    if payload is None:
        return {}
    data = payload.read() if hasattr(payload, "read") else payload
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data:
        return {}
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise AwsError("InvalidRequestContentException",
                       f"Could not parse request body into json: Could not parse payload into json: {exc}",
                       400, Type="User") from None


@operation("lambda", "Invoke", engine=ENGINE)
def invoke(p: dict) -> dict:
    check("lambda", "Invoke", p)
    record = store.get(p["FunctionName"], p.get("Qualifier"))
    kind = p.get("InvocationType", "RequestResponse")
    raw = p.get("Payload")
    raw = raw.read() if hasattr(raw, "read") else raw
    size = len(raw or b"")
    limit = store.EVENT_PAYLOAD_MAX if kind == "Event" else store.PAYLOAD_MAX
    if size > limit:
        raise AwsError("RequestTooLargeException",
                       f"Request must be smaller than {limit} bytes for the InvokeFunction operation",
                       413, Type="User")
    event = _event(raw)
    if kind == "DryRun":
        return {"StatusCode": 204, "Payload": _body(b"")}
    if kind == "Event":
        job = jobs.Job(jobs.new_id(), {"Status": "Queued"},
                       work=lambda job: runtime.run(record, event),
                       lifecycle=jobs.Lifecycle(key="Status", running="Running", done="Succeeded",
                                                failed="Failed", message_key=None, end_key=None))
        jobs.submit(job)
        return {"StatusCode": 202, "Payload": _body(b"")}
    payload, error, text = runtime.run(record, event, invoked_arn=_invoked_arn(p["FunctionName"], record))
    out = {"StatusCode": 200, "ExecutedVersion": record["config"]["Version"],
           "Payload": _body(json.dumps(error if error is not None else payload).encode("utf-8"))}
    if error is not None:
        out["FunctionError"] = "Unhandled"
    if p.get("LogType") == "Tail":
        out["LogResult"] = logs.tail(text)
    return out


def _body(data: bytes):
    """Invoke's Payload reaches boto3 as a StreamingBody (it is the HTTP payload member)."""
    import io
    from botocore.response import StreamingBody
    return StreamingBody(io.BytesIO(data), len(data))


def _invoked_arn(identifier: str, record: dict) -> str:
    if identifier.startswith("arn:"):
        return identifier
    return record["config"]["FunctionArn"]
