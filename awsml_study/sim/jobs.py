"""The one runner of asynchronous jobs (Start*/Create* → Describe*/Get*), shared by every service.

How a job runs, for every service:

- Start* records the job in its queued status (SUBMITTED, IN_PROGRESS, Pending…) and returns at
  once. One background worker thread runs queued jobs in order, each no sooner than
  `QUEUE_DELAY` seconds after it was submitted.
- The first Describe/Get/List that observes a job *settles* it: a queued job runs at once in the
  observer's thread, and a job the worker is running is waited for. So a polling loop — or a
  botocore waiter — sees the final status on its first call, and tests are deterministic.
- Nobody has to poll: when a job ends, the worker (or the observer) calls the service's `on_end`,
  which writes output and publishes the SNS completion message, so an SQS consumer subscribed to
  the topic gets it without any Get*.
- Stop* only sets a flag. A job still waiting in the queue (the delay makes that the case right
  after Start*) then ends STOPPED without running; a running job is asked to stop by
  `job.check_stop()` between its stages and ends STOPPED as well.
- Jobs belong to the simulation that started them: when it ends or is reset, queued jobs are
  dropped and the running one is waited for, so no job ever outlives its simulated account.

Status strings, timestamps and SNS messages stay with each service: a `Lifecycle` names them.
"""
from __future__ import annotations

import base64
import datetime as dt
import heapq
import itertools
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Callable

from awsml_study.sim import state
from awsml_study.sim.errors import AwsError

log = logging.getLogger("awsml_study")
QUEUE_DELAY = float(os.environ.get("AWSML_STUDY_JOB_DELAY", "0.5"))  # seconds
SETTLE_TIMEOUT = 600.0  # an observer never waits longer than this for a running job


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class JobFailure(Exception):
    """Raised by a job's work: the job ends FAILED with this message, as AWS jobs do."""


class JobStopped(Exception):
    """Raised by `Job.check_stop()` when Stop* was called while the job ran."""


@dataclass(frozen=True)
class Lifecycle:
    """A service's words for a job's life: the status member and its values, where times go."""

    key: str = "JobStatus"
    running: str = "IN_PROGRESS"
    done: str = "COMPLETED"
    failed: str = "FAILED"
    stopped: str = "STOPPED"
    message_key: str | None = "Message"
    start_key: str | None = None     # set to now() when the work starts, e.g. "StartTime"
    end_key: str | None = "EndTime"  # set to now() when the job ends


DEFAULT = Lifecycle()


class Job:
    """One async job: its properties as the service describes them, and the work still to do.

    `work(job)` does the job (raise JobFailure for an AWS-style failure); `on_end(job)` runs
    after the final status is set (output files, SNS), only while the job's simulation lives.
    """

    def __init__(self, job_id: str, props: dict, work: Callable[["Job"], None] | None = None,
                 lifecycle: Lifecycle = DEFAULT, on_end: Callable[["Job"], None] | None = None):
        self.id = job_id
        self.props = props
        self.work = work
        self.lifecycle = lifecycle
        self.on_end = on_end
        self.stop_requested = False
        self.generation = _runner.generation
        # the worker runs it as the account that started it, reached where that request came in
        self.account, self.endpoint = state.account(), state.endpoint()
        self._lock = threading.Lock()   # held while the job runs: one runner only
        self._ended = threading.Event()
        if work is None:
            self._ended.set()

    @property
    def status(self) -> str | None:
        return self.props.get(self.lifecycle.key)

    @property
    def ended(self) -> bool:
        return self._ended.is_set()

    def request_stop(self) -> None:
        """Stop*: the job ends STOPPED at its next check (or before it starts)."""
        self.stop_requested = True

    def check_stop(self) -> None:
        """Call between stages of long work: raises JobStopped if Stop* was called meanwhile."""
        if self.stop_requested:
            raise JobStopped()

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> "Job":
        """Bring the job to its end before it is observed: run it now, or wait for the worker."""
        if not self._ended.is_set():
            if not self._run() and threading.current_thread() is not _runner.thread:
                self._ended.wait(timeout)
        return self

    def _run(self) -> bool:
        """Run the work once. False when another thread is running it."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            with state.as_account(self.account, self.endpoint):
                return self._run_locked()
        finally:
            self._ended.set()
            self._lock.release()

    def _run_locked(self) -> bool:
        """The run itself, with the job's lock held and its account current."""
        if self._ended.is_set():
            return True
        if self.generation != _runner.generation:
            return True  # its simulation has ended or was reset: the job never runs
        life, work, self.work = self.lifecycle, self.work, None
        try:
            if self.stop_requested:
                raise JobStopped()
            self.props[life.key] = life.running
            if life.start_key:
                self.props[life.start_key] = now()
            work(self)
            if self.stop_requested:
                raise JobStopped()
            self.props[life.key] = life.done
        except JobStopped:
            self.props[life.key] = life.stopped
        except JobFailure as err:
            self._fail(str(err))
        except Exception as exc:  # a kit bug must still end the job, as AWS jobs always end
            log.exception("awsml-study job %s failed", self.id)
            self._fail(f"awsml-study internal error: {exc}")
        if life.end_key:
            self.props[life.end_key] = now()
        if self.on_end is not None and self.generation == _runner.generation:
            try:
                self.on_end(self)
            except Exception:
                log.exception("awsml-study job %s: on_end failed", self.id)
        return True

    def _fail(self, message: str) -> None:
        self.props[self.lifecycle.key] = self.lifecycle.failed
        if self.lifecycle.message_key:
            self.props[self.lifecycle.message_key] = message


class _Runner:
    """One daemon worker thread taking jobs from a queue ordered by the time they become due."""

    def __init__(self):
        self.generation = 0
        self.thread: threading.Thread | None = None
        self._queue: list[tuple[float, int, Job]] = []
        self._order = itertools.count()
        self._cv = threading.Condition()
        self._current: Job | None = None

    def submit(self, job: Job, delay: float | None = None) -> None:
        with self._cv:
            due = time.monotonic() + (QUEUE_DELAY if delay is None else delay)
            heapq.heappush(self._queue, (due, next(self._order), job))
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._loop, daemon=True,
                                               name="awsml-study-jobs")
                self.thread.start()
            self._cv.notify()

    def _loop(self) -> None:
        while True:
            with self._cv:
                while not self._queue or self._queue[0][0] > time.monotonic():
                    wait = self._queue[0][0] - time.monotonic() if self._queue else None
                    self._cv.wait(wait)
                _, _, job = heapq.heappop(self._queue)
                if job.generation != self.generation:
                    continue
                self._current = job
            try:
                job._run()
            finally:
                with self._cv:
                    self._current = None
                    self._cv.notify_all()

    def drain(self, timeout: float = 120.0) -> None:
        """The simulation ends or is reset: drop queued jobs, wait for the running one."""
        with self._cv:
            self.generation += 1
            self._queue.clear()
            deadline = time.monotonic() + timeout
            while self._current is not None and time.monotonic() < deadline:
                if threading.current_thread() is self.thread:
                    break
                self._cv.wait(deadline - time.monotonic())

    def idle(self, timeout: float = SETTLE_TIMEOUT) -> bool:
        """Wait until no job is queued or running (for tests and notebooks). True if idle."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._queue or self._current is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(min(left, 0.05))
        return True


_runner = _Runner()


def submit(job: Job, delay: float | None = None) -> Job:
    """Queue a job for the background worker (see the module docstring) and return it."""
    if job.work is not None:
        _runner.submit(job, delay)
    return job


def settle_all(found) -> None:
    """Settle every job in an iterable (List* operations report settled jobs only)."""
    for job in found:
        job.settle()


def drain() -> None:
    _runner.drain()


def idle(timeout: float = SETTLE_TIMEOUT) -> bool:
    return _runner.idle(timeout)


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


def region_of(arn: str, default: str = "us-east-1") -> str:
    """The region field of an ARN (arn:partition:service:region:account:resource)."""
    parts = (arn or "").split(":")
    return parts[3] if len(parts) > 3 and parts[3] else default


def publish(topic_arn: str | None, message: dict | str) -> bool:
    """Publish a completion message to the SNS topic a job request named, in the topic's own
    region (served by moto). A missing topic loses the message but never fails the job."""
    if not topic_arn:
        return False
    import boto3
    body = message if isinstance(message, str) else json.dumps(message, default=str)
    # A fresh session per call: boto3's default session is not safe to share across threads.
    sns = boto3.session.Session(region_name=region_of(topic_arn)).client("sns")
    try:
        sns.publish(TopicArn=topic_arn, Message=body)
        return True
    except Exception:
        log.info("awsml-study: SNS topic %s not reachable; message dropped", topic_arn)
        return False


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
