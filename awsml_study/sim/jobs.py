"""Asynchronous jobs: ids, status, pagination and SNS completion messages, shared by services.

A job runs when it is first observed (Describe/List/Get), so a polling loop finishes at once and
StopXJob right after StartXJob really stops it before any output is written.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Callable

from awsml_study.sim.errors import AwsError


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Job:
    """One async job: its properties (as the service describes them) and the work still to do."""

    def __init__(self, job_id: str, props: dict, work: Callable[["Job"], None] | None):
        self.id = job_id
        self.props = props
        self.work = work

    def advance(self, running="IN_PROGRESS", done="COMPLETED", failed="FAILED", key="JobStatus",
                message_key="Message") -> None:
        status = self.props.get(key)
        if status == "STOP_REQUESTED":
            self.props[key] = "STOPPED"
            self.props["EndTime"] = now()
        elif status in ("SUBMITTED", running) and self.work is not None:
            work, self.work = self.work, None
            try:
                work(self)
                self.props[key] = done
            except JobFailure as err:
                self.props[key] = failed
                self.props[message_key] = str(err)
            self.props["EndTime"] = now()


class JobFailure(Exception):
    """Raised by a job's work: the job ends FAILED with this message, as AWS jobs do."""


def page(items: list, max_results: int | None, token: str | None, default: int = 100,
         error_code: str = "InvalidRequestException") -> tuple[list, str | None]:
    """One page of `items` and the NextToken for the rest (None on the last page)."""
    start = 0
    if token:
        try:
            start = int(json.loads(base64.b64decode(token))["offset"])
        except Exception:
            raise AwsError(error_code, "Invalid NextToken: pass the token of a previous response.")
    size = max_results or default
    chunk = items[start:start + size]
    more = start + size < len(items)
    next_token = base64.b64encode(json.dumps({"offset": start + size}).encode()).decode() if more else None
    return chunk, next_token


def publish(topic_arn: str | None, message: dict) -> None:
    """Publish a completion message to the SNS topic a job request named (served by moto)."""
    if not topic_arn:
        return
    import boto3
    boto3.client("sns", region_name="us-east-1").publish(TopicArn=topic_arn, Message=json.dumps(message))


def same_request(table: dict, api: str, token: str | None, fingerprint: str) -> "Job | None":
    """The job an earlier Start* made with this ClientRequestToken, for idempotent retries.

    Reusing a token with different parameters is IdempotentParameterMismatchException, as in
    Rekognition and Textract. Jobs record `API`, `_token` and `_fingerprint` in their props.
    """
    if not token:
        return None
    for job in table.values():
        if job.props.get("_token") == token and job.props.get("API") == api:
            if job.props.get("_fingerprint") != fingerprint:
                raise AwsError("IdempotentParameterMismatchException",
                               "A ClientRequestToken input parameter was reused with an "
                               "operation, but at least one of the other input parameters is "
                               "different from the previous call to the operation.")
            return job
    return None
