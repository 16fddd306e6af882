"""Data the built-in algorithm containers read: text/csv (label first, no header), text/libsvm, RecordIO-protobuf."""
from __future__ import annotations

import io

import numpy as np

from awsml_study.engines.training import recordio

CSV = "text/csv"
LIBSVM = "text/libsvm"
RECORDIO = "application/x-recordio-protobuf"
JSON = "application/json"
JSONLINES = "application/jsonlines"


class DataError(ValueError):
    """Input the algorithm cannot read, with the container's wording."""


def parse_content_type(value: str | None, default: str = CSV) -> tuple[str, dict]:
    """'text/csv; label_size=0' -> ('text/csv', {'label_size': '0'}); aliases folded as containers do."""
    if not value:
        return default, {}
    main, *rest = [part.strip() for part in value.split(";")]
    main = main.lower()
    aliases = {"csv": CSV, "libsvm": LIBSVM, "text/x-libsvm": LIBSVM,
               "application/x-libsvm": LIBSVM, "recordio-protobuf": RECORDIO}
    main = aliases.get(main, main)
    params = {}
    for part in rest:
        if "=" in part:
            key, val = part.split("=", 1)
            params[key.strip().lower()] = val.strip()
    return main, params


def read_csv(data: bytes, label_size: int = 1) -> tuple[np.ndarray, np.ndarray | None]:
    """Rows of numbers, no header; the first `label_size` (0 or 1) columns are the label."""
    text = data.decode("utf-8", errors="strict") if isinstance(data, (bytes, bytearray)) else data
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise DataError("no data rows")
    try:
        rows = [[float(v) if v.strip() != "" else np.nan for v in ln.split(",")] for ln in lines]
    except ValueError as err:
        first = lines[0][:60]
        raise DataError(f"could not convert a value to float ({err}); is there a header row? "
                        f"First line: {first!r}") from None
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise DataError(f"rows have different numbers of columns: {sorted(widths)}")
    arr = np.asarray(rows, dtype=float)
    if label_size == 0:
        return arr, None
    if arr.shape[1] < 2:
        raise DataError("a labelled CSV needs the label and at least one feature column")
    return arr[:, 1:], arr[:, 0]


def read_libsvm(data: bytes, n_features: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """'label index:value ...' lines (1-based or 0-based indices kept as written)."""
    text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
    labels, entries, width = [], [], 0
    for n, line in enumerate(ln for ln in text.splitlines() if ln.strip()):
        parts = line.split("#", 1)[0].split()
        try:
            labels.append(float(parts[0]))
            pairs = [(int(k), float(v)) for k, v in (p.split(":", 1) for p in parts[1:])]
        except (ValueError, IndexError):
            raise DataError(f"line {n + 1} is not libsvm 'label index:value ...': {line[:60]!r}") from None
        entries.append(pairs)
        width = max([width] + [k + 1 for k, _ in pairs])
    if not labels:
        raise DataError("no data rows")
    width = max(width, n_features or 0)
    X = np.zeros((len(labels), width))
    for i, pairs in enumerate(entries):
        for k, v in pairs:
            X[i, k] = v
    return X, np.asarray(labels)


def read(data: bytes, content_type: str | None, default: str = CSV,
         label_size: int | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Features and labels (None when the data has none) from one channel's bytes."""
    kind, params = parse_content_type(content_type, default)
    try:
        if kind == CSV:
            size = int(params.get("label_size", 1 if label_size is None else label_size))
            return read_csv(data, size)
        if kind == LIBSVM:
            return read_libsvm(data)
        if kind == RECORDIO:
            return recordio.read_dense(data)
    except (UnicodeDecodeError, recordio.RecordIOError) as err:
        raise DataError(str(err)) from None
    raise DataError(f"content type {kind} is not supported")


def to_csv(X: np.ndarray, y: np.ndarray | None = None) -> bytes:
    """CSV in the built-in algorithms' layout (label first, no header)."""
    buf = io.StringIO()
    body = X if y is None else np.column_stack([y, X])
    np.savetxt(buf, body, delimiter=",", fmt="%.10g")
    return buf.getvalue().encode()


def to_libsvm(X: np.ndarray, y: np.ndarray) -> bytes:
    lines = []
    for label, row in zip(y, X):
        pairs = " ".join(f"{i}:{v:.10g}" for i, v in enumerate(row) if v != 0)
        lines.append(f"{label:.10g} {pairs}".rstrip())
    return ("\n".join(lines) + "\n").encode()
