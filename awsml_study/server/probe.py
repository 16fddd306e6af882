"""Finding a running `awsml-study serve`, for `awsml-study aws`.

The rule: AWS_ENDPOINT_URL, when set, is the endpoint (the learner chose it, as for any AWS
client); otherwise 127.0.0.1:4566, the port `serve` listens on by default, is asked for the
server's health page with a short timeout, so a missing server costs a fraction of a second.
"""
from __future__ import annotations

import json
import os
import urllib.request

HEALTH_PATH = "/_awsml_study/health"
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 4566
PROBE_TIMEOUT = 0.3  # seconds


def health(url: str, timeout: float = PROBE_TIMEOUT) -> dict | None:
    """The health document of the awsml-study server at `url`, or None if none answers."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + HEALTH_PATH, timeout=timeout) as answer:
            document = json.loads(answer.read())
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) and document.get("server") == "awsml-study" else None


def running_endpoint() -> str | None:
    """The endpoint `awsml-study aws` should use: AWS_ENDPOINT_URL, or a local `serve`."""
    chosen = os.environ.get("AWS_ENDPOINT_URL")
    if chosen:
        return chosen
    url = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
    return url if health(url) is not None else None
