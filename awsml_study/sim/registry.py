"""Which (service, operation) pairs the kit computes locally, and with which engine."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

@dataclass(frozen=True)
class Handler:
    service: str       # botocore service name, e.g. "comprehend"
    operation: str     # API operation name, e.g. "DetectSentiment"
    engine: str        # what computes the answer, reported in x-awsml-study-engine
    func: Callable[[dict], dict]


_handlers: dict[tuple[str, str], Handler] = {}
_loaded = False


def operation(service: str, name: str, engine: str):
    """Decorator: register `func(params) -> response dict` as the local handler of an operation."""

    def register(func):
        _handlers[(service, name)] = Handler(service, name, engine, func)
        return func

    return register


def _load() -> None:
    """Import every module of every package under awsml_study.services (each registers its
    handlers), so adding a service is adding a folder.

    Done on first use, so `import awsml_study` stays fast; the modules themselves import their
    heavy engines lazily, inside the handlers.
    """
    global _loaded
    if not _loaded:
        import pkgutil

        import awsml_study.services as services
        for info in pkgutil.walk_packages(services.__path__, prefix="awsml_study.services."):
            if not info.name.rsplit(".", 1)[-1].startswith("_"):
                importlib.import_module(info.name)
        _loaded = True


def lookup(service: str, name: str) -> Handler | None:
    _load()
    return _handlers.get((service, name))


def handlers() -> list[Handler]:
    _load()
    return sorted(_handlers.values(), key=lambda h: (h.service, h.operation))


def covered_operations(service: str) -> list[str]:
    return [h.operation for h in handlers() if h.service == service]


def describe_coverage() -> str:
    """A plain-text table of every locally computed operation and its engine."""
    rows = [f"{h.service:<14} {h.operation:<38} {h.engine}" for h in handlers()]
    head = f"{'service':<14} {'operation':<38} engine"
    tail = ("\nEverything else is served by moto (S3, IAM, SNS, SQS, control planes) "
            "where moto implements it.")
    return "\n".join([head, "-" * len(head), *rows]) + tail
