"""`simulate()`: route every boto3 client to the local handlers and moto, like moto's mock_aws()."""
from __future__ import annotations

import functools
import os

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

    Each outermost entry starts from empty state. Fake credentials are supplied (by moto), and
    region us-east-1 when none is set.
    """

    def __init__(self, region: str = DEFAULT_REGION):
        self.region = region
        self._mock = None
        self._saved_env: dict[str, str | None] = {}

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
        _depth += 1

    def stop(self) -> None:
        global _depth
        _depth -= 1
        if _depth == 0:
            jobs.drain()  # no job may outlive the simulation it was started in
            dispatch.active = False
            state.clear()
        self._mock.stop()
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def is_active() -> bool:
    return _depth > 0


def reset() -> None:
    """Empty all simulated state (the kit's and moto's) without leaving the simulation."""
    jobs.drain()
    state.clear()
    if _depth:
        from moto.core.base_backend import BackendDict
        BackendDict.reset()
