"""Every registered (service, operation): a representative call validates against botocore's
output shape and names its engine; its error cases raise the modelled AWS error code."""
import functools
import importlib

import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study.sim import registry
from awsml_study.sim.validate import output_problems
from tests.conftest import shared_session

HANDLERS = registry.handlers()
SERVICES = sorted({h.service for h in HANDLERS})


def package_of(handler) -> str:
    """The service package that registered a handler: awsml_study.services.<package>.<module>."""
    return handler.func.__module__.split(".")[2]


def examples(package):
    """tests/services/<package>/contract_examples.py; a missing one fails that package's tests."""
    try:
        return importlib.import_module(f"tests.services.{package}.contract_examples")
    except ModuleNotFoundError:
        return type("Missing", (), {"EXAMPLES": {}, "ERRORS": []})


def example_for(handler):
    """EXAMPLES is keyed by operation, or by "service:Operation" where a package serves two clients."""
    table = examples(package_of(handler)).EXAMPLES
    return table.get(f"{handler.service}:{handler.operation}") or table.get(handler.operation)


PACKAGES = sorted({package_of(h) for h in HANDLERS})


def make(name):
    return shared_session().client(name, region_name="us-east-1")  # one session: models parsed once


def call(service, operation, params):
    client = make(service)
    method = getattr(client, registry_method_name(client, operation))
    return client, method(**params)


def registry_method_name(client, operation):
    return next(m for m, op in client.meta.method_to_api_mapping.items() if op == operation)


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: f"{h.service}.{h.operation}")
def test_operation_answers_in_aws_shape(handler):
    build = example_for(handler)
    assert build is not None, f"no example for {handler.service}:{handler.operation}"
    with awsml_study.simulate():
        params = build(make)
        client, response = call(handler.service, handler.operation, params)
        model = client.meta.service_model.operation_model(handler.operation)
        assert output_problems(response, model) == []
        engine = awsml_study.engine_of(response)
        # the registered engine, or a more specific one of the same service named by the handler
        assert engine == handler.engine or engine.split("/")[0] == handler.engine.split("/")[0], engine


def _error_cases():
    """ERRORS entries are (operation, build, code), or (service, operation, build, code) where a
    package serves several clients."""
    for package in PACKAGES:
        default = next(h.service for h in HANDLERS if package_of(h) == package)
        for entry in getattr(examples(package), "ERRORS", []):
            service, operation, build, code = entry if len(entry) == 4 else (default, *entry)
            yield pytest.param(service, operation, build, code, id=f"{service}.{operation}.{code}")


@pytest.mark.parametrize("service,operation,build,code", list(_error_cases()))
def test_errors_are_modelled_aws_errors(service, operation, build, code):
    with awsml_study.simulate():
        params = build(make)
        client = make(service)
        with pytest.raises(ClientError) as info:
            getattr(client, registry_method_name(client, operation))(**params)
    err = info.value.response["Error"]
    assert err["Code"] == code, err
    modelled = {s.name for s in client.meta.service_model.error_shapes}
    assert code in modelled or code == "ValidationException"
    assert "internal error" not in err["Message"]


def test_every_service_with_handlers_has_error_cases():
    for package in PACKAGES:
        assert getattr(examples(package), "ERRORS", []), package


@functools.lru_cache(maxsize=None)
def service_model(service):
    """botocore's model of a service, parsed once for all its handlers (about 0.1 s each)."""
    import botocore.session
    return botocore.session.get_session().get_service_model(service)


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: f"{h.service}.{h.operation}")
def test_handler_names_a_real_operation(handler):
    assert handler.operation in service_model(handler.service).operation_names
