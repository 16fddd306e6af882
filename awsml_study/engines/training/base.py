"""What every built-in algorithm engine provides: validated hyperparameters, training, a predictor."""
from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from awsml_study.engines.training.hyperparameters import UserError


@dataclass
class Channel:
    name: str
    X: np.ndarray
    y: np.ndarray | None


@dataclass
class TrainResult:
    files: dict[str, bytes]                      # what goes into model.tar.gz
    final_metrics: dict[str, float]              # FinalMetricDataList, e.g. {"validation:auc": 0.97}
    history: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class Context:
    """What a training run may use besides its data: the log and the Stop* check."""
    log: Callable[[str], None]
    check_stop: Callable[[], None]


class ModelError(ValueError):
    """The model container cannot read the request: InvokeEndpoint's ModelError (HTTP 424)."""


def pack(files: dict[str, bytes]) -> bytes:
    """model.tar.gz: the files at the top of the archive, as the containers write /opt/ml/model."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def unpack(data: bytes) -> dict[str, bytes]:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            return {m.name.lstrip("./"): tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    except (tarfile.TarError, EOFError, OSError) as err:
        raise UserError(f"model artifact is not a tar.gz archive ({err})") from None


def need_labels(channel: Channel, algorithm: str) -> np.ndarray:
    if channel.y is None:
        raise UserError(f"{algorithm} needs labelled data, but channel '{channel.name}' has no label "
                        "(for CSV the label is the first column; label_size must not be 0)")
    return channel.y


def check_feature_dim(hps: dict, channel: Channel) -> None:
    dim = hps.get("feature_dim")
    if dim not in (None, "auto") and int(dim) != channel.X.shape[1]:
        raise UserError(f"feature_dim is {dim} but the data in channel '{channel.name}' has "
                        f"{channel.X.shape[1]} features")
