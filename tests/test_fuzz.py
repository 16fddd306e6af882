"""Hostile but botocore-valid requests to every simulated operation, and corrupt media for each
media kind: every outcome is a valid response or a modelled AWS error, never an internal error.

Strategies come from each operation's botocore input shape. Corrupt media (a decompression-bomb
header, a 10001 x 81 strip, truncated PNG/JPEG/TIFF/PDF, WAV without samples, text that is not
UTF-8 or has no distinct terms) and bucket names botocore itself refuses go into every media slot
of the operation's contract example. Async jobs run at once and are waited for; whatever the kit
logs as an internal failure (a handler's traceback, a job ended "awsml-study internal error")
fails the operation's test.

Bounded for `make test`: two derandomized examples per operation and one media slot per
operation. AWSML_STUDY_FUZZ=deep also mutates each operation's contract example member by member
(deeper paths, minutes), and AWSML_STUDY_FUZZ_EXAMPLES sets the examples per operation.
"""
from __future__ import annotations

import datetime as dt
import importlib
import io
import logging
import os
import struct
import zlib

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

import awsml_study
from awsml_study.sim import jobs, registry, state

HANDLERS = registry.handlers()
DEEP = os.environ.get("AWSML_STUDY_FUZZ", "") == "deep"
EXAMPLES = int(os.environ.get("AWSML_STUDY_FUZZ_EXAMPLES", "10" if DEEP else "2"))
# Errors AWS's front door gives for any operation, modelled or not.
FRAMEWORK_CODES = {"ValidationException", "AccessDeniedException", "ThrottlingException"}
INTERNAL = "awsml-study internal error"


# ----- corrupt media, per media kind ------------------------------------------------------------

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose (CRC-correct) header claims width x height, with almost no pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b""))


def _image(width: int, height: int, fmt: str) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 200, 200)).save(buffer, format=fmt)
    return buffer.getvalue()


def _media() -> dict[str, dict[str, bytes]]:
    png, tiff, jpeg = _image(64, 48, "PNG"), _image(64, 48, "TIFF"), _image(64, 48, "JPEG")
    wav = b"RIFF" + struct.pack("<I", 36 + 8000) + b"WAVEfmt " + struct.pack(
        "<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16) + b"data" + struct.pack("<I", 8000)
    return {
        "image": {"decompression bomb header": png_claiming(65535, 65535),
                  "10001 x 81 pixels": _image(10001, 81, "PNG"),
                  "truncated PNG": png[: len(png) // 2], "truncated JPEG": jpeg[: len(jpeg) // 3],
                  "truncated TIFF": tiff[: len(tiff) // 2], "not an image": b"\x00\x01garbage" * 8},
        "document": {"truncated PDF": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n",
                     "PDF header only": b"%PDF-1.4\n", "truncated TIFF": tiff[: len(tiff) // 2],
                     "decompression bomb header": png_claiming(65535, 65535)},
        "audio": {"WAV header, no samples": wav, "MP3 garbage": b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff" * 64,
                  "one byte": b"\x00"},
        "text": {"not UTF-8": "label,text\nBILLING,caf\u00e9 \u00e0 la cr\u00e8me\n".encode("latin-1") * 20,
                 "1,200 identical lines": b"the same line again\n" * 1200,
                 "NUL bytes": b"\x00" * 200, "empty": b""},
    }


MEDIA_KINDS = {"rekognition": ["image"], "textract": ["image", "document"], "transcribe": ["audio"],
               "comprehend": ["text"]}
HOSTILE_BUCKETS = ["b\u00fccket-\u00fcnicode", "arn:aws:s3:::contract-bucket", "a", "UPPER_case"]


# ----- strategies from botocore input shapes ----------------------------------------------------

WEIRD_TEXT = ["", " ", "\u200b", "\u202eevil", "\U0001F600" * 3, "arn:aws:s3:::bucket/key",
              "s3://b\u00fccket/k\u00e9y", "../../etc/passwd", "%s%n%x", "NULL\x00byte", "a" * 300]


def _string(shape):
    low, high = shape.metadata.get("min", 0), shape.metadata.get("max")
    if shape.enum:
        return st.one_of(st.sampled_from(shape.enum), st.sampled_from(["NOT_A_VALUE", shape.enum[0].lower()]))
    options = [st.text(min_size=low, max_size=max(low, 40)),
               st.sampled_from(WEIRD_TEXT).filter(lambda s: len(s) >= low)]
    if high is not None and high <= 5000:  # just over the limit: the service must refuse it
        options.append(st.text(alphabet="abcXYZ09-_.:/", min_size=high + 1, max_size=high + 2))
    return st.one_of(options)


def _number(shape, integer: bool):
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if integer:
        top = 2 ** 63 - 1 if shape.type_name == "long" else 2 ** 31 - 1
        edges = [v for v in (low, high, (high or 0) + 1, top, 0, -1) if v is not None and (low is None or v >= low)]
        return st.one_of(st.integers(min_value=low, max_value=top), st.sampled_from(edges or [0]))
    edges = [v for v in (low, high, (high or 0) + 0.5, 1e308, 0.0) if v is not None and (low is None or v >= low)]
    return st.one_of(st.floats(min_value=low, max_value=1e308, allow_nan=False, allow_infinity=False),
                     st.sampled_from(edges or [0.0]))


def value_for(shape, depth: int = 0, service: str = ""):
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        members = shape.members
        required = {n: value_for(members[n], depth + 1, service) for n in shape.required_members if n in members}
        optional = {} if depth > 3 else {n: value_for(m, depth + 1, service) for n, m in members.items()
                                         if n not in required and not m.serialization.get("eventstream")}
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "list":
        low, high = meta.get("min", 0), meta.get("max")
        top = low if depth > 3 else min(3, high) if high is not None else 3
        items = value_for(shape.member, depth + 1, service)
        options = [st.lists(items, min_size=low, max_size=max(low, top))]
        if high is not None and high < 10 and depth <= 3:  # one item too many
            options.append(st.lists(items, min_size=high + 1, max_size=high + 1))
        return st.one_of(options)
    if kind == "map":
        low = meta.get("min", 0)
        return st.dictionaries(value_for(shape.key, depth + 1, service),
                               value_for(shape.value, depth + 1, service), min_size=low, max_size=max(low, 2))
    if kind == "string":
        return _string(shape)
    if kind in ("integer", "long"):
        return _number(shape, True)
    if kind in ("float", "double"):
        return _number(shape, False)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        low = meta.get("min", 0)
        media = [v for k in MEDIA_KINDS.get(service, ["text"]) for v in MEDIA[k].values() if len(v) >= low]
        return st.one_of(st.binary(min_size=low, max_size=max(low, 64)), st.sampled_from(media or [b"x" * low]))
    if kind == "timestamp":
        return st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2100, 1, 1),
                            timezones=st.just(dt.timezone.utc))
    return st.none()


def mutations(base: dict, shape, service: str):
    """The contract example with one member changed, dropped or added (recursively)."""
    members = shape.members
    names = sorted(members)
    if not names:
        return st.just(dict(base))

    def change(name, value):
        out = dict(base)
        out[name] = value
        return out

    options = [st.sampled_from(names).flatmap(lambda n: value_for(members[n], 1, service).map(lambda v, n=n: change(n, v)))]
    droppable = [n for n in base if n not in shape.required_members]
    if droppable:
        options.append(st.sampled_from(droppable).map(lambda n: {k: v for k, v in base.items() if k != n}))
    nested = [n for n in base if isinstance(base[n], dict) and members.get(n) is not None
              and members[n].type_name == "structure"]
    if nested:
        options.append(st.sampled_from(nested).flatmap(
            lambda n: mutations(base[n], members[n], service).map(lambda v, n=n: change(n, v))))
    return st.one_of(options)


def requests(model, base):
    shape = model.input_shape
    service = model.service_model.service_name
    if shape is None:
        return st.just({})
    whole = value_for(shape, 0, service)
    return st.one_of(mutations(base, shape, service), whole) if base is not None else whole


# ----- calling and judging ----------------------------------------------------------------------

def make(name):
    return boto3.client(name, region_name="us-east-1")


def package_of(handler) -> str:
    return handler.func.__module__.split(".")[2]


def base_example(handler):
    try:
        module = importlib.import_module(f"tests.services.{package_of(handler)}.contract_examples")
    except ModuleNotFoundError:
        return None
    table = getattr(module, "EXAMPLES", {})
    return table.get(f"{handler.service}:{handler.operation}") or table.get(handler.operation)


def method_of(client, operation):
    return getattr(client, next(m for m, op in client.meta.method_to_api_mapping.items() if op == operation))


def client_side_ok(params, model) -> bool:
    return model.input_shape is None or not ParamValidator().validate(params, model.input_shape).has_errors()


class Judge:
    """Calls the operation, waits for any job it started, and collects what went wrong."""

    def __init__(self, handler, caplog):
        self.handler = handler
        self.caplog = caplog
        self.client = make(handler.service)
        self.model = self.client.meta.service_model.operation_model(handler.operation)
        self.method = method_of(self.client, handler.operation)
        self.allowed = {e.name for e in self.model.service_model.error_shapes} | FRAMEWORK_CODES

    def __call__(self, params, what: str = "") -> None:
        self.caplog.clear()
        try:
            self.method(**params)
        except ParamValidationError:
            return  # refused by botocore on the client: never reached the simulator
        except ClientError as err:
            code = err.response["Error"]["Code"]
            message = err.response["Error"].get("Message", "")
            assert INTERNAL not in message, f"{what}{params!r:.600}\n-> {code}: {message:.600}"
            assert code in self.allowed, f"{what}{params!r:.600}\n-> unmodelled {code}: {message:.300}"
        finally:
            jobs.idle(60)
        failures = [r.getMessage() + (f"\n{r.exc_text or ''}"[-800:]) for r in self.caplog.records
                    if r.name.startswith("awsml_study") and r.levelno >= logging.ERROR]
        failures += failed_jobs()
        assert not failures, f"{what}{params!r:.600}\n-> internal failure: {failures[0]}"


def failed_jobs() -> list[str]:
    """Jobs in the simulation's stores that ended with an internal error as their message."""
    found = []
    for store in list(state._stores.values()):
        for item in list(store.values()):
            for job in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(job, jobs.Job) and job.ended:
                    text = " ".join(str(v) for v in job.props.values() if isinstance(v, str))
                    if INTERNAL in text:
                        found.append(f"job {job.id}: {text[:600]}")
    return found


@pytest.fixture(scope="module")
def simulation():
    """One simulation for the module (entering one costs about half a second), emptied per test."""
    with awsml_study.simulate():
        yield


@pytest.fixture
def quick_jobs(monkeypatch, simulation):
    monkeypatch.setattr(jobs, "QUEUE_DELAY", 0.0)  # jobs run at once; each call waits for them
    awsml_study.reset()
    yield
    jobs.idle(60)


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: f"{h.service}.{h.operation}")
def test_hostile_requests(handler, caplog, quick_jobs):
    caplog.set_level(logging.ERROR, logger="awsml_study")
    model = make(handler.service).meta.service_model.operation_model(handler.operation)
    if model.has_event_stream_input:
        pytest.skip("event-stream input: botocore cannot send it without a stream")
    build = base_example(handler) if DEEP else None
    base = build(make) if build else None
    jobs.idle(60)
    judge = Judge(handler, caplog)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data):
        params = data.draw(requests(model, base))
        assume(client_side_ok(params, model))
        judge(params)

    fuzz()


# ----- corrupt media where each operation takes media -------------------------------------------

def media_slots(value, path=()):
    """Where a request carries media: Bytes blobs, S3Object {Bucket, Name}, s3:// URIs."""
    if isinstance(value, dict):
        if isinstance(value.get("Bucket"), str) and isinstance(value.get("Name"), str):
            yield ("s3object", path)
        for key, item in value.items():
            if isinstance(item, (bytes, bytearray)):
                yield ("bytes", path + (key,))
            elif isinstance(item, str) and item.startswith("s3://"):
                yield ("uri", path + (key,))
            else:
                yield from media_slots(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from media_slots(item, path + (i,))


def replaced(params, path, new):
    import copy
    out = copy.deepcopy(params)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return out


def at(params, path):
    for step in path:
        params = params[step]
    return params


def takes_media(shape, depth: int = 0) -> bool:
    """Whether a request shape can carry media: a blob, an S3Object, or an S3 URI member."""
    if shape is None or depth > 4:
        return False
    if shape.type_name == "blob":
        return True
    if shape.type_name == "structure":
        return any(name in ("S3Object", "S3Uri", "MediaFileUri") or takes_media(member, depth + 1)
                   for name, member in shape.members.items())
    if shape.type_name == "list":
        return takes_media(shape.member, depth + 1)
    return False


MEDIA = _media()
_SESSION = __import__("botocore.session").session.get_session()
MEDIA_HANDLERS = [h for h in HANDLERS if h.service in MEDIA_KINDS and takes_media(
    _SESSION.get_service_model(h.service).operation_model(h.operation).input_shape)]


@pytest.mark.parametrize("handler", MEDIA_HANDLERS, ids=lambda h: f"{h.service}.{h.operation}")
def test_corrupt_media_and_bucket_names(handler, caplog, quick_jobs):
    caplog.set_level(logging.ERROR, logger="awsml_study")
    build = base_example(handler)
    if build is None:
        pytest.skip("no contract example to put media into")
    base = build(make)
    jobs.idle(60)
    slots = list(media_slots(base))
    if not slots:
        pytest.skip("its contract example carries no media")
    if not DEEP:
        slots = slots[:1]
    judge = Judge(handler, caplog)
    s3 = make("s3")
    s3.create_bucket(Bucket="fuzz-media")
    cases = {name: data for kind in MEDIA_KINDS[handler.service] for name, data in MEDIA[kind].items()}
    for slot, path in slots:
        where = ".".join(map(str, path))
        for n, (name, data) in enumerate(cases.items()):
            key = f"hostile/{n}"
            s3.put_object(Bucket="fuzz-media", Key=key, Body=data)
            if slot == "bytes":
                if data:
                    judge(replaced(base, path, data), f"{name} in {where}: ")
            elif slot == "s3object":
                judge(replaced(base, path, {**at(base, path), "Bucket": "fuzz-media", "Name": key}),
                      f"{name} in S3 at {where}: ")
            else:
                judge(replaced(base, path, f"s3://fuzz-media/{key}"), f"{name} at {where}: ")
        if slot == "s3object":
            for bucket in HOSTILE_BUCKETS:
                judge(replaced(base, path, {**at(base, path), "Bucket": bucket}), f"bucket {bucket!r}: ")
        elif slot == "uri":
            for bucket in HOSTILE_BUCKETS:
                judge(replaced(base, path, f"s3://{bucket}/key"), f"bucket {bucket!r}: ")
