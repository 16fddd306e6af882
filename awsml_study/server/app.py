"""The WSGI application behind `awsml-study serve`: the kit's handlers first, moto's server for the rest.

A request is signed for one service (the SigV4 credential scope names it). When the kit has a
handler for the operation it targets, the request is parsed from the wire (server/wire.py), the
handler runs through the same call the in-process seam uses (sim/dispatch.call_handler: input
validation, handler, output validation, modelled errors) as the caller's account, and the answer
is written back in the service's protocol. Everything else goes, unchanged but for the account
header, to moto's own server application (S3, IAM, SNS, SQS, control planes).
"""
from __future__ import annotations

import functools
import io
import json
import logging
import threading
import uuid

from awsml_study.server import accounts, probe, wire
from awsml_study.sim import dispatch, registry, state
from awsml_study.sim.errors import AwsError

log = logging.getLogger("awsml_study")


@functools.lru_cache(maxsize=1)
def _kit_services() -> dict[str, list[str]]:
    """SigV4 signing name -> the kit's services signed with it (lex: lexv2-models, lexv2-runtime)."""
    by_signing_name: dict[str, list[str]] = {}
    for name in sorted({h.service for h in registry.handlers()}):
        metadata = wire.model_for(name, "json").metadata
        signing = metadata.get("signingName") or metadata.get("endpointPrefix")
        by_signing_name.setdefault(signing, []).append(name)
    return by_signing_name


class KitApplication:
    """WSGI app: answer kit operations locally, hand the rest to moto's server app."""

    def __init__(self):
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        self.moto = DomainDispatcherApplication(create_backend_app)
        # One learner's kit calls run one at a time, as from a single notebook; different
        # learners' run side by side, so one long job (a transcription settled by its Get) does
        # not hold up the class. Shared engines guard their models with locks of their own, as
        # they already must for the background job worker; moto's plumbing has its own lock.
        self._account_locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def account_lock(self, account: str) -> threading.Lock:
        with self._locks_guard:
            return self._account_locks.setdefault(account, threading.Lock())

    def __call__(self, environ, start_response):
        from moto.core.request import Request

        request = Request(environ)
        if request.path == probe.HEALTH_PATH:
            return _respond(start_response, 200, {"Content-Type": "application/json"},
                            json.dumps({"server": "awsml-study", "ok": True}).encode())
        key, signing_name = accounts.credential(request.headers.get("Authorization", ""),
                                                request.args.get("X-Amz-Credential", ""))
        account = accounts.account_for(key)
        # moto keys every backend by account: the header is its own per-request account switch.
        environ["HTTP_X_MOTO_ACCOUNT_ID"] = account
        services = _kit_services().get(signing_name or "", [])
        if services:
            body = request.get_data(cache=True)
            environ["wsgi.input"] = io.BytesIO(body)  # moto may still read the body
            environ["CONTENT_LENGTH"] = str(len(body))
            found = _best_match(services, request)
            if found is not None:
                try:
                    answer = self._kit_answer(found, request, account)
                except Exception as exc:  # a kit bug: an AWS-shaped 500, never a traceback
                    log.exception("awsml-study serve: %s failed", request.path)
                    protocol, operation = found[1][0], found[1][1]
                    answer = _error(protocol, operation, "awsml-study", AwsError(
                        dispatch.internal_code(operation), f"awsml-study internal error: {exc}", 500))
                if answer is not None:
                    return _respond(start_response, *answer)
        return self.moto(environ, start_response)

    def _kit_answer(self, found, request, account: str):
        """(status, headers, body) when the kit has a handler for the operation, else None."""
        service, (protocol, operation, uri_params) = found
        handler = registry.lookup(service, operation.name)
        if handler is None:
            if protocol != wire.CBOR:
                return None  # moto serves it (it reads JSON and REST, not CBOR)
            return _error(protocol, operation, "awsml-study", AwsError(
                "NotImplemented", str(dispatch.not_simulated(service, operation.name)), 501))
        try:
            params = wire.parse(protocol, operation, request, uri_params)
        except Exception as exc:
            return _error(protocol, operation, handler.engine, AwsError(
                "SerializationException", f"awsml-study could not read the request: {exc}", 400))
        with self.account_lock(account), state.as_account(account, request.host_url.rstrip("/")):
            response, error, engine = dispatch.call_handler(handler, operation, params)
        if error is not None:
            return _error(protocol, operation, engine, error)
        try:
            status, headers, body = wire.serialize(protocol, operation, response)
        except Exception as exc:  # a kit bug: the service's Internal* error, never a traceback
            log.exception("awsml-study serve: %s.%s response not serialisable", service, operation.name)
            return _error(protocol, operation, engine, AwsError(
                dispatch.internal_code(operation), f"awsml-study internal error: {exc}", 500))
        return status, {**headers, dispatch.ENGINE_HEADER: engine}, body


def _best_match(services: list[str], request):
    """(service, operation match) of the request among services sharing a signing name.

    lexv2-models and lexv2-runtime both sign as "lex", and a REST path of one may also fit a rule
    of the other whose last label swallows slashes (GET /bots/{botId} against a runtime session
    path); the fit that puts no "/" into a non-greedy label is the operation meant.
    """
    fits = []
    for service in services:
        try:
            found = wire.find_operation(service, request)
        except Exception:  # unreadable for this service: another one, or moto, will answer
            log.debug("awsml-study serve: no %s operation matches %s", service, request.path)
            continue
        if found is not None:
            uri = found[1].http.get("requestUri", "")
            swallowed = sum(str(value).count("/") for name, value in found[2].items()
                            if "{" + name + "+}" not in uri)
            fits.append((swallowed, len(fits), service, found))
    if not fits:
        return None
    _, _, service, found = min(fits)
    return service, found


def _error(protocol: str, operation, engine: str, err: AwsError):
    status = err.status or dispatch.modelled_status(operation, err.code)
    status, headers, body = wire.serialize_error(protocol, operation, err.code, err.message,
                                                 status, err.fields)
    return status, {**headers, dispatch.ENGINE_HEADER: engine}, body


def _respond(start_response, status: int, headers: dict, body: bytes):
    from http import HTTPStatus

    headers = {"x-amzn-RequestId": str(uuid.uuid4()), **headers, "Content-Length": str(len(body))}
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    start_response(f"{status} {phrase}", list(headers.items()))
    return [body]
