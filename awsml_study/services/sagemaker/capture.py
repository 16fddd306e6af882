"""Endpoint data capture (DataCaptureConfig): request/response records as JSON Lines in S3, as Model Monitor reads them."""
from __future__ import annotations

import base64
import json
import random
import uuid

from awsml_study.services.sagemaker import common, limits
from awsml_study.sim import s3io

_sampler = random.Random()


def _encoding(content_type: str | None, config: dict) -> str:
    header = config.get("CaptureContentTypeHeader") or {}
    kind = (content_type or "").split(";")[0].strip()
    if kind in header.get("CsvContentTypes", []) or kind == "text/csv":
        return "CSV"
    if kind in header.get("JsonContentTypes", []) or kind in ("application/json", "application/jsonlines"):
        return "JSON"
    return "BASE64"


def _data(body: bytes, encoding: str) -> str:
    return base64.b64encode(body).decode() if encoding == "BASE64" else body.decode("utf-8", "replace")


def record(endpoint: str, variant: str, config: dict | None, body: bytes, content_type: str | None,
           out: bytes, out_type: str, inference_id: str | None = None) -> None:
    """Write one captured invocation when capture is on and the sample falls inside the percentage."""
    if not config or not config.get("EnableCapture", True):
        return
    if _sampler.uniform(0, 100) >= config.get("InitialSamplingPercentage", 100):
        return
    modes = {o["CaptureMode"] for o in config.get("CaptureOptions", [])} or {"Input", "Output"}
    now = limits.now()
    data = {}
    if "Input" in modes:
        enc = _encoding(content_type, config)
        data["endpointInput"] = {"observedContentType": content_type or "", "mode": "INPUT",
                                 "data": _data(body, enc), "encoding": enc}
    if "Output" in modes:
        enc = _encoding(out_type, config)
        data["endpointOutput"] = {"observedContentType": out_type, "mode": "OUTPUT",
                                  "data": _data(out, enc), "encoding": enc}
    event = {"captureData": data, "eventMetadata": {"eventId": str(uuid.uuid4()),
                                                    "inferenceTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                    **({"inferenceId": inference_id} if inference_id else {})},
             "eventVersion": "0"}
    bucket, prefix = s3io.split_uri(config["DestinationS3Uri"], "DataCaptureConfig.DestinationS3Uri")
    key = (f"{prefix.rstrip('/')}/{endpoint}/{variant}/{now:%Y/%m/%d/%H}/"
           f"{now:%M-%S}-{now.microsecond // 1000:03d}-{uuid.uuid4()}.jsonl").lstrip("/")
    common.write(bucket, key, (json.dumps(event) + "\n").encode(), "application/jsonlines")
