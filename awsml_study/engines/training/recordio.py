"""RecordIO-protobuf (application/x-recordio-protobuf): the SageMaker `Record` message in MXNet RecordIO framing.

Written from the documented schema (package aialgs.data): Record{features=1, label=2 : map<string, Value>},
Value{float32_tensor=2, float64_tensor=3, int32_tensor=7, bytes=9}, Tensor{values=1, keys=2, shape=3}
(all packed). Each record is framed as uint32 magic 0xced7230a, uint32 length (low 29 bits), the
payload, then zero padding to 4 bytes — what the SDK's write_numpy_to_dense_tensor writes.
"""
from __future__ import annotations

import struct

import numpy as np

MAGIC = 0xCED7230A
_TENSOR_FIELD = {"float32": 2, "float64": 3, "int32": 7}
_DTYPES = {2: "<f4", 3: "<f8", 7: None}


class RecordIOError(ValueError):
    """Bytes that are not RecordIO-protobuf records."""


# ---- protobuf wire format (only what Record needs) ----

def _varint(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise RecordIOError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise RecordIOError("varint too long")


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _fields(buf: bytes):
    """(field number, wire type, value) for each field of a message."""
    pos = 0
    while pos < len(buf):
        key, pos = _read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(buf, pos)
        elif wire == 2:
            size, pos = _read_varint(buf, pos)
            if pos + size > len(buf):
                raise RecordIOError("truncated field")
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        else:
            raise RecordIOError(f"unsupported wire type {wire}")
        yield number, wire, value


def _tensor(values: np.ndarray, kind: str, keys=None, shape=None) -> bytes:
    if kind == "int32":
        packed = b"".join(_varint(int(v)) for v in values)
    else:
        packed = np.asarray(values, dtype="<f4" if kind == "float32" else "<f8").tobytes()
    body = _field(1, packed)
    if keys is not None:
        body += _field(2, b"".join(_varint(int(k)) for k in keys))
    if shape is not None:
        body += _field(3, b"".join(_varint(int(s)) for s in shape))
    return body


def _value(values, kind: str, keys=None, shape=None) -> bytes:
    return _field(_TENSOR_FIELD[kind], _tensor(values, kind, keys, shape))


def _map_entry(name: str, value: bytes) -> bytes:
    return _field(1, name.encode()) + _field(2, value)


def _kind_of(dtype) -> str:
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        return "int32"
    return "float64" if dtype == np.float64 else "float32"


def encode_record(features: dict, label: dict | None = None) -> bytes:
    """One Record message; `features`/`label` map a name to a 1-D array (its dtype picks the tensor)."""
    body = b""
    for name, vec in features.items():
        vec = np.asarray(vec).ravel()
        body += _field(1, _map_entry(name, _value(vec, _kind_of(vec.dtype))))
    for name, vec in (label or {}).items():
        vec = np.asarray(vec).ravel()
        body += _field(2, _map_entry(name, _value(vec, _kind_of(vec.dtype))))
    return body


def frame(payload: bytes) -> bytes:
    pad = (-len(payload)) % 4
    return struct.pack("<II", MAGIC, len(payload)) + payload + b"\x00" * pad


def write_dense(array, labels=None) -> bytes:
    """Like the SDK's write_numpy_to_dense_tensor: one framed Record per row of a 2-D array."""
    array = np.asarray(array)
    if array.ndim != 2:
        raise ValueError("Array must be a Matrix")
    if labels is not None:
        labels = np.asarray(labels)
        if labels.ndim != 1 or labels.shape[0] != array.shape[0]:
            raise ValueError(f"Label shape {labels.shape} not compatible with array shape {array.shape}")
    out = bytearray()
    for i, row in enumerate(array):
        lab = {"values": labels[i:i + 1]} if labels is not None else None
        out += frame(encode_record({"values": row}, lab))
    return bytes(out)


def split_frames(data: bytes) -> list[bytes]:
    """The payloads of a RecordIO stream."""
    out, pos = [], 0
    while pos < len(data):
        if pos + 8 > len(data):
            raise RecordIOError("truncated RecordIO header")
        magic, lrec = struct.unpack_from("<II", data, pos)
        if magic != MAGIC:
            raise RecordIOError(f"bad RecordIO magic 0x{magic:08x} at byte {pos}")
        length = lrec & ((1 << 29) - 1)
        start = pos + 8
        if start + length > len(data):
            raise RecordIOError("truncated RecordIO record")
        out.append(data[start:start + length])
        pos = start + length + ((-length) % 4)
    return out


def _decode_tensor(number: int, buf: bytes) -> tuple[np.ndarray, list, list]:
    values, keys, shape = [], [], []
    for field, wire, raw in _fields(buf):
        if field == 1:
            if number == 7:  # int32 varints (packed or not)
                items = [raw] if wire == 0 else _unpack_varints(raw)
                values.extend((v - (1 << 64) if v >= 1 << 63 else v) for v in items)
            elif wire == 2:
                values.extend(np.frombuffer(raw, dtype=_DTYPES[number]).tolist())
            else:
                values.append(float(np.frombuffer(raw, dtype=_DTYPES[number])[0]))
        elif field == 2:
            keys.extend(_unpack_varints(raw) if wire == 2 else [raw])
        elif field == 3:
            shape.extend(_unpack_varints(raw) if wire == 2 else [raw])
    return np.asarray(values, dtype=float), keys, shape


def _unpack_varints(raw: bytes) -> list[int]:
    out, pos = [], 0
    while pos < len(raw):
        v, pos = _read_varint(raw, pos)
        out.append(v)
    return out


def _decode_map(buf: bytes) -> tuple[str, np.ndarray]:
    name, vec = "", np.zeros(0)
    for field, _, raw in _fields(buf):
        if field == 1:
            name = raw.decode()
        elif field == 2:
            for number, _, tensor in _fields(raw):
                if number in _DTYPES:
                    values, keys, shape = _decode_tensor(number, tensor)
                    if keys:  # sparse: scatter into a dense vector of the declared shape
                        size = int(shape[0]) if shape else int(max(keys)) + 1
                        dense = np.zeros(size)
                        dense[np.asarray(keys, dtype=int)] = values
                        values = dense
                    vec = values
    return name, vec


def decode_record(payload: bytes) -> tuple[dict, dict]:
    features, label = {}, {}
    for field, _, raw in _fields(payload):
        if field in (1, 2):
            name, vec = _decode_map(raw)
            (features if field == 1 else label)[name] = vec
    return features, label


def read_dense(data: bytes) -> tuple[np.ndarray, np.ndarray | None]:
    """(features matrix, labels or None) from a RecordIO-protobuf stream of 'values' records."""
    rows, labels = [], []
    for payload in split_frames(data):
        features, label = decode_record(payload)
        if "values" not in features:
            raise RecordIOError("record has no 'values' feature")
        rows.append(features["values"])
        if "values" in label and len(label["values"]):
            labels.append(float(label["values"][0]))
    if not rows:
        raise RecordIOError("no records")
    width = max(len(r) for r in rows)
    X = np.zeros((len(rows), width))
    for i, r in enumerate(rows):
        X[i, :len(r)] = r
    y = np.asarray(labels) if labels and len(labels) == len(rows) else None
    return X, y
