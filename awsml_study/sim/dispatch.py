"""The botocore seam: local handlers answer in `before-call`; moto answers the rest in `before-send`.

botocore emits `before-parameter-build` with the caller's own parameters (we keep them in the
request context) and then `before-call`; a handler returning (http, parsed) there skips the HTTP
layer entirely, exactly as botocore's Stubber does. Operations without a local handler go on to
`before-send`, where moto serves them; what moto cannot serve becomes a clear error.
"""
from __future__ import annotations

import logging
import uuid

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.response import StreamingBody

from awsml_study.sim import registry, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.validate import input_error, output_problems

log = logging.getLogger("awsml_study")
ENGINE_HEADER = "x-awsml-study-engine"
PARAMS_KEY = "awsml_study_params"

active = False  # flipped by awsml_study.sim.activation


def lend_credentials(request_signer=None, **_):
    """`before-sign`: a client made before any credentials existed (say, before simulate()
    supplied moto's fake ones) signs with fake ones while simulated. moto's S3 needs a signature."""
    if active and request_signer is not None and getattr(request_signer, "_credentials", 1) is None:
        from botocore.credentials import Credentials
        request_signer._credentials = Credentials("FOOBARKEY", "FOOBARSECRET")


def keep_params(params, context, **_):
    if active and context is not None:
        context[PARAMS_KEY] = params


def answer_locally(model, context, **_):
    """`before-call` handler: compute the response when the kit has a handler for the operation."""
    if not active:
        return None
    handler = registry.lookup(model.service_model.service_name, model.name)
    if handler is None:
        return None
    response, error, engine = call_handler(handler, model, dict((context or {}).get(PARAMS_KEY) or {}))
    if error is not None:
        return _error(model, engine, error)
    return _success(model, engine, response)


def call_handler(handler, model, params: dict) -> tuple[dict | None, AwsError | None, str]:
    """The one way a kit handler is called, in-process (above) and by `awsml-study serve`:
    request validation, the handler, output validation; returns (response, error, engine).

    A modelled refusal comes back as the AwsError; a kit bug as the service's Internal* error,
    logged here and never shown to the caller as a traceback.
    """
    engine = handler.engine
    try:
        refused = input_error(params, model)  # the service's own request validation comes first
        if refused is not None:
            raise refused
        response = handler.func(params)
        # A handler may name the engine that really answered this call (Translate: the neural
        # model, or the learner's terminology) in ResponseMetadata.Engine; it goes in the header.
        engine = (response.pop("ResponseMetadata", None) or {}).get("Engine") or engine
        problems = output_problems(response, model)
        if problems:
            raise RuntimeError("response failed botocore output validation: " + "; ".join(problems))
    except AwsError as err:
        return None, err, handler.engine
    except Exception as exc:  # a kit bug: report it AWS-style, never as a traceback
        log.exception("awsml-study handler %s.%s failed", handler.service, handler.operation)
        return None, AwsError(internal_code(model),
                              f"awsml-study internal error in {handler.operation}: {exc}", 500), handler.engine
    return response, None, engine


def _metadata(status: int, engine: str) -> tuple[dict, dict]:
    request_id = str(uuid.uuid4())
    headers = {"x-amzn-requestid": request_id, ENGINE_HEADER: engine,
               "content-type": "application/x-amz-json-1.1"}
    meta = {"RequestId": request_id, "HTTPStatusCode": status, "HTTPHeaders": headers,
            "RetryAttempts": 0}
    return headers, meta


def _success(model, engine: str, response: dict):
    headers, meta = _metadata(200, engine)
    parsed = dict(response)
    payload = model.output_shape.serialization.get("payload") if model.output_shape else None
    for name, member in (model.output_shape.members.items() if model.output_shape else ()):
        # Streaming payloads (Polly's AudioStream) reach the caller as botocore StreamingBody, and so
        # does a blob that is the whole HTTP payload (Lambda's Payload, SageMaker's Body), as botocore
        # parses them.
        streaming = member.serialization.get("streaming") or (name == payload and member.type_name == "blob")
        if streaming and isinstance(parsed.get(name), (bytes, bytearray)):
            import io
            data = bytes(parsed[name])
            parsed[name] = StreamingBody(io.BytesIO(data), len(data))
    parsed["ResponseMetadata"] = meta
    return AWSResponse(None, 200, headers, None), parsed


def _error(model, engine: str, err: AwsError):
    status = err.status or modelled_status(model, err.code)
    headers, meta = _metadata(status, engine)
    parsed = {"Error": {"Code": err.code, "Message": err.message}, "Message": err.message,
              "ResponseMetadata": meta, **err.fields}
    return AWSResponse(None, status, headers, None), parsed


def modelled_status(model, code: str) -> int:
    for shape in model.service_model.error_shapes:
        if shape.name == code:
            return shape.metadata.get("error", {}).get("httpStatusCode", 400)
    return 400


def internal_code(model) -> str:
    names = [s.name for s in model.service_model.error_shapes]
    return next((n for n in names if n.startswith("Internal")), "InternalFailure")


def serve_with_moto():
    """A `before-send` handler: moto serves the request; what it cannot serve is a clear error."""

    def before_send(request, event_name="", **_):
        if not active:
            return None
        from moto.core.models import botocore_stubber as moto_stubber
        parts = event_name.split(".")  # before-send.<service-id>.<Operation>
        service, operation = (parts + ["", "", ""])[1:3]
        account = state.account()
        if account is not None:  # a call made for a learner of `awsml-study serve`: their account
            request.headers["x-moto-account-id"] = account
        try:
            result = moto_stubber.process_request(request)
        except NotImplementedError:
            result = (404, {}, "Not yet implemented")
        if result is None:
            return None
        status, headers, body = result
        if status == 404 and body in ("Not yet implemented", b"Not yet implemented"):
            raise not_simulated(service, operation)
        from moto.core.botocore_stubber import MockRawResponse
        return AWSResponse(request.url, status, headers, MockRawResponse(body))

    return before_send


def not_simulated(service: str, operation: str) -> ClientError:
    covered = sorted({h.service for h in registry.handlers()})
    mine = registry.covered_operations(service)
    detail = (f"The kit computes these {service} operations locally: {', '.join(mine)}."
              if mine else f"The kit computes operations of: {', '.join(covered)}.")
    message = (f"awsml-study does not simulate {service}:{operation}, and moto does not implement "
               f"it either. {detail} Run `awsml-study engines` for the full list, or use "
               f"AWSML_STUDY_MODE=aws (real AWS, costs money) for this call.")
    return ClientError({"Error": {"Code": "NotImplemented", "Message": message},
                        "ResponseMetadata": {"HTTPStatusCode": 501}}, operation)
