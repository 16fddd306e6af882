"""The kit's handlers on the wire: find the operation, parse the request, write the response.

No protocol code of our own: moto's router, request parsers and response serializers
(moto.core.routing / parse / serialize) for json, rest-json and rest-xml, and botocore's own CBOR
codec for smithy-rpc-v2-cbor, which moto does not speak. Each is driven by botocore's model of
the operation, so requests and responses are what a real SDK sends and expects.
"""
from __future__ import annotations

import copy
import functools
import json

CBOR = "smithy-rpc-v2-cbor"


@functools.lru_cache(maxsize=None)
def model_for(service: str, protocol: str):
    """botocore's model of `service`, speaking `protocol` (one of its metadata.protocols).

    moto's serializers pick content types and error codes from `service_model.protocol`, so a
    JSON request to a service whose first protocol is CBOR needs a model that says json.
    """
    import botocore.session
    from moto.core.model import ServiceModel  # botocore's, with what moto's serializers need

    loader = botocore.session.get_session().get_component("data_loader")
    description = copy.deepcopy(loader.load_service_model(service, "service-2"))
    description["metadata"]["protocol"] = protocol
    return ServiceModel(description, service_name=service)


def protocols(service: str) -> list[str]:
    base = model_for(service, "json")  # any: only the metadata is read
    return list(base.metadata.get("protocols") or []) or [base.metadata.get("protocol", "json")]


def find_operation(service: str, request):
    """(protocol, operation model, uri params) of `request` to `service`, or None."""
    offered = protocols(service)
    if CBOR in offered and request.headers.get("smithy-protocol") == "rpc-v2-cbor":
        parts = request.path.strip("/").split("/")  # /service/<ServiceName>/operation/<Name>
        model = model_for(service, CBOR)
        if len(parts) == 4 and parts[0] == "service" and parts[3] in model.operation_names:
            return CBOR, model.operation_model(parts[3]), {}
        return None
    protocol = "json" if "json" in offered else offered[0]
    if protocol not in ("json", "rest-json", "rest-xml"):
        return None
    from moto.core.routing import JSONRouter, NotFound, RestRouter

    router = _router(JSONRouter if protocol == "json" else RestRouter, service, protocol)
    try:
        operation, uri_params = router.match(request)
    except (NotFound, NotImplementedError):
        return None
    return protocol, model_for(service, protocol).operation_model(operation.name), uri_params


@functools.lru_cache(maxsize=None)
def _router(kind, service: str, protocol: str):
    return kind(model_for(service, protocol))


def parse(protocol: str, operation, request, uri_params: dict) -> dict:
    """The caller's parameters, as they passed them to their SDK."""
    if operation.input_shape is None:
        return {}
    if protocol == CBOR:
        from botocore.parsers import RpcV2CBORParser

        parser = RpcV2CBORParser()
        body = request.get_data()
        if not body:
            return {}
        raw = parser.parse_data_item(parser.get_peekable_stream_from_bytes(body))
        return parser._parse_shape(operation.input_shape, raw)
    from moto.core.parse import PROTOCOL_PARSERS

    parsed = PROTOCOL_PARSERS[protocol](operation).parse({
        "method": request.method, "values": request.values, "headers": request.headers,
        "body": request.get_data(), "url_path": request.path, "url_params": uri_params})
    return _plain(parsed)


def _plain(value):
    """moto's parsers may hand back their own mapping types; handlers and validation want dicts."""
    if isinstance(value, dict) or hasattr(value, "items") and not isinstance(value, (str, bytes)):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def serialize(protocol: str, operation, response: dict) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a successful call. Streaming and payload blobs (Polly's audio,
    SageMaker's Body, Lambda's Payload) are the raw HTTP body, as on AWS."""
    response = {name: value.read() if hasattr(value, "read") else value
                for name, value in response.items()}
    if protocol == CBOR:
        from botocore.serialize import RpcV2CBORSerializer

        body = bytearray()
        if operation.output_shape is not None:
            RpcV2CBORSerializer()._serialize_data_item(body, response, operation.output_shape)
        return 200, {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}, bytes(body)
    from moto.core.serialize import get_serializer_class

    serializer = get_serializer_class(operation.service_model.service_name, protocol)(operation)
    out = serializer.serialize(response)
    body, headers = out["body"], dict(out["headers"])
    for name, member in operation.output_shape.members.items() if operation.output_shape else ():
        # moto sets Content-Type after the modelled headers; a modelled one (Polly's audio/mpeg,
        # SageMaker's endpoint answer) must win, as the payload is that content.
        if member.serialization.get("location") == "header" and response.get(name) is not None \
                and member.serialization.get("name", "").lower() == "content-type":
            headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
            headers["Content-Type"] = str(response[name])
    body = b"" if body is None else body  # a payload member left out: an empty body
    return out["status_code"], headers, body.encode() if isinstance(body, str) else bytes(body)


def serialize_error(protocol: str, operation, code: str, message: str, status: int,
                    fields: dict) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a modelled error, in the shape botocore's parser reads for the
    protocol: `__type` + `message` in the body (JSON or CBOR), and X-Amzn-ErrorType for REST."""
    extra = {name: value for name, value in fields.items() if isinstance(value, (str, int, float))}
    document = {"__type": code, "message": message, **extra}
    if protocol == CBOR:
        return status, {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}, \
            _cbor_map(document)
    if protocol == "rest-xml":
        from xml.sax.saxutils import escape

        body = (f"<ErrorResponse><Error><Code>{escape(code)}</Code><Message>{escape(message)}"
                f"</Message></Error></ErrorResponse>").encode()
        return status, {"Content-Type": "text/xml"}, body
    if protocol == "json":
        version = operation.service_model.metadata.get("jsonVersion", "1.0")
        content_type = f"application/x-amz-json-{version}"
    else:
        content_type = "application/json"
    return status, {"Content-Type": content_type, "X-Amzn-ErrorType": code}, \
        json.dumps(document).encode()


def _cbor_map(document: dict) -> bytes:
    """A flat map of strings and numbers in CBOR, written by botocore's own CBOR serializer."""
    from botocore.model import ShapeResolver
    from botocore.serialize import RpcV2CBORSerializer

    members = {name: {"shape": "Number" if isinstance(value, (int, float)) and
                      not isinstance(value, bool) else "Text"} for name, value in document.items()}
    resolver = ShapeResolver({"Error": {"type": "structure", "members": members},
                              "Text": {"type": "string"}, "Number": {"type": "double"}})
    body = bytearray()
    document = {name: (value if members[name]["shape"] == "Number" else str(value))
                for name, value in document.items()}
    RpcV2CBORSerializer()._serialize_data_item(body, document, resolver.get_shape_by_name("Error"))
    return bytes(body)
