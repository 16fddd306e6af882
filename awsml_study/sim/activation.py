"""`simulate()`: route every boto3 client to the local handlers and moto, like moto's mock_aws()."""
from __future__ import annotations

import functools
import heapq
import os
import threading

from botocore.handlers import BUILTIN_HANDLERS

from awsml_study.sim import dispatch, jobs, state

DEFAULT_REGION = "us-east-1"
_depth = 0


def install_hooks() -> None:
    """Add our handlers to botocore's built-ins, so every client created from now on has them.

    Our `before-send` handler must run before moto's own stubber (if moto was imported first),
    otherwise moto would answer unknown operations with a bare 404.
    """
    if any(entry[1] is dispatch.keep_params for entry in BUILTIN_HANDLERS):
        return
    BUILTIN_HANDLERS.append(("before-parameter-build", dispatch.keep_params))
    BUILTIN_HANDLERS.append(("before-sign", dispatch.lend_credentials))
    BUILTIN_HANDLERS.append(("before-call", dispatch.answer_locally))
    moto_at = next((i for i, entry in enumerate(BUILTIN_HANDLERS)
                    if entry[0] == "before-send" and type(entry[1]).__name__ == "BotocoreStubber"),
                   len(BUILTIN_HANDLERS))
    BUILTIN_HANDLERS.insert(moto_at, ("before-send", dispatch.serve_with_moto()))


class simulate:
    """Serve every boto3 call locally: a context manager and a decorator, like moto's mock_aws().

    Every entry starts from an empty account, also one nested in another simulation (such as the
    session simulation `awsml_study.client()` starts in a notebook): the surrounding simulation's
    moto data, the kit's stores and its queued jobs are set aside, and put back on exit. Fake
    credentials are supplied (by moto), and region us-east-1 when none is set.
    """

    def __init__(self, region: str = DEFAULT_REGION):
        self.region = region
        self._mock = None
        self._saved_env: dict[str, str | None] = {}
        self._outer = None  # what the surrounding simulation had, while this nested one runs

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with simulate(self.region):
                return func(*args, **kwargs)
        return wrapper

    def start(self) -> None:
        global _depth
        from moto import mock_aws  # imported here: moto is heavy and only needed when simulating

        for name in ("AWS_DEFAULT_REGION", "AWS_REGION"):
            self._saved_env[name] = os.environ.get(name)
        if not os.environ.get("AWS_DEFAULT_REGION") and not os.environ.get("AWS_REGION"):
            os.environ["AWS_DEFAULT_REGION"] = self.region
        self._mock = mock_aws()
        self._mock.start()
        # botocore calls every before-send handler; ours already asks moto, so moto's own
        # stubber must stay quiet or it would serve each request a second time.
        from moto.core.models import botocore_stubber
        botocore_stubber.enabled = False
        if _depth == 0:
            jobs.drain()
            state.clear()
            dispatch.active = True
        else:
            self._outer = (_suspend_jobs(), state.suspend(), _suspend_moto())
        _depth += 1

    def stop(self) -> None:
        global _depth
        _depth -= 1
        if _depth == 0:
            jobs.drain()  # no job may outlive the simulation it was started in
            dispatch.active = False
            state.clear()
        elif self._outer is not None:
            queued, stores, backends = self._outer
            self._outer = None
            jobs.drain()  # the inner simulation's jobs end with it
            _resume_moto(backends)
            state.resume(stores)
            _resume_jobs(queued)
        self._mock.stop()
        restore_environ(self._saved_env)


def restore_environ(saved: dict[str, str | None]) -> None:
    """Put environment variables back as they were saved ({name: value or None if unset})."""
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _suspend_moto() -> list:
    """Detach every moto backend from its registry, so the nested simulation starts empty.

    moto keeps each service's data in a BackendDict (account -> region -> backend) listed in
    BackendDict._instances, plus a few service-wide indexes on the BackendDict itself (S3's
    bucket-name -> account map). moto's own reset would wipe those objects in place (and S3's
    closes every stored object's file), so they are moved aside instead; new, empty ones are
    made on first use.
    """
    from moto.core.base_backend import BackendDict, backend_lock

    with backend_lock:
        saved = []
        for registry in BackendDict._instances:
            indexes = {name: value.copy() for name, value in vars(registry).items()
                       if isinstance(value, dict)}
            saved.append((registry, dict(registry), indexes))
            dict.clear(registry)
            for name in indexes:
                getattr(registry, name).clear()
        BackendDict._instances.clear()
    return saved


def _resume_moto(saved: list) -> None:
    """Drop the nested simulation's backends and put the surrounding one's back.

    The dropped backends are not reset: S3's reset closes the files of every object moto ever
    made, the outer simulation's too. Their files are closed when the outermost simulation ends.
    """
    from moto.core.base_backend import BackendDict, backend_lock

    with backend_lock:
        _drop_moto()
        for registry, accounts, indexes in saved:
            dict.update(registry, accounts)
            for name, content in indexes.items():
                getattr(registry, name).update(content)
        BackendDict._instances[:] = [registry for registry, _, _ in saved]


def _drop_moto() -> None:
    """Forget the current (nested) simulation's backends without resetting them."""
    from moto.core.base_backend import BackendDict, backend_lock

    with backend_lock:
        for registry in BackendDict._instances:
            dict.clear(registry)
            for value in vars(registry).values():
                if isinstance(value, dict):
                    value.clear()
        BackendDict._instances.clear()


def _suspend_jobs() -> list:
    """Take the surrounding simulation's queued jobs off the runner's queue (after the one
    running now has finished: it writes to that simulation's state), and give the nested
    simulation a generation of its own. jobs.drain() at the inner exit then drops only its jobs.
    """
    runner = jobs._runner
    with runner._cv:
        while runner._current is not None and threading.current_thread() is not runner.thread:
            runner._cv.wait(0.05)
        queued = list(runner._queue)
        runner._queue.clear()
        runner.generation += 1
    return queued


def _resume_jobs(queued: list) -> None:
    """Queue the surrounding simulation's jobs again, as jobs of the (new) current generation."""
    runner = jobs._runner
    if not queued:
        return
    with runner._cv:
        for due, order, job in queued:
            if not job.ended:
                job.generation = runner.generation
                heapq.heappush(runner._queue, (due, order, job))
        runner._cv.notify_all()


def is_active() -> bool:
    return _depth > 0


def reset() -> None:
    """Empty all simulated state (the kit's and moto's) without leaving the simulation."""
    jobs.drain()
    state.clear()
    if _depth > 1:
        _drop_moto()  # moto's reset would also close the surrounding simulation's S3 objects
    elif _depth:
        from moto.core.base_backend import BackendDict
        BackendDict.reset()
