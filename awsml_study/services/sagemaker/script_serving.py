"""Serving a script-mode model: the learner's inference script's model_fn / input_fn / predict_fn / output_fn."""
from __future__ import annotations

import importlib.util
import io
import json
import tempfile
from pathlib import Path

import numpy as np

from awsml_study.engines.training.base import ModelError
from awsml_study.engines.training.hyperparameters import UserError
from awsml_study.services.sagemaker import script_mode


def _decode(body: bytes, content_type: str):
    """The default decoders of the SageMaker inference toolkit."""
    kind = (content_type or "application/json").split(";")[0].strip()
    try:
        if kind == "text/csv":
            return np.atleast_2d(np.genfromtxt(io.StringIO(body.decode()), delimiter=",", dtype=float))
        if kind == "application/json":
            return np.asarray(json.loads(body))
        if kind == "application/x-npy":
            return np.load(io.BytesIO(body), allow_pickle=False)
    except (ValueError, UnicodeDecodeError) as err:
        raise ModelError(f"Unable to decode the request as {kind}: {err}") from None
    raise ModelError(f"Content type {kind} is not supported by the default input_fn; define input_fn.")


def _encode(prediction, accept: str | None) -> tuple[bytes, str]:
    kind = (accept or "application/json").split(";")[0].strip()
    data = prediction.tolist() if hasattr(prediction, "tolist") else prediction
    if kind in ("application/json", "*/*"):
        return json.dumps(data).encode(), "application/json"
    if kind == "text/csv":
        rows = data if isinstance(data, list) else [data]
        return "\n".join(",".join(map(str, r)) if isinstance(r, list) else str(r) for r in rows).encode(), "text/csv"
    raise ModelError(f"Accept type {kind} is not supported by the default output_fn; define output_fn.")


class Predictor:
    def __init__(self, files: dict[str, bytes], env: dict):
        self.dir = Path(tempfile.mkdtemp(prefix="awsml-sm-serve-"))
        model_dir, code = self.dir / "model", self.dir / "code"
        model_dir.mkdir()
        code.mkdir()
        for name, data in files.items():
            target = model_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        source = env.get("SAGEMAKER_SUBMIT_DIRECTORY", "")
        if source.startswith("s3://"):
            script_mode.fetch_source(source, code)
        elif (model_dir / "code").is_dir():  # the SDK may repack the code into model.tar.gz/code
            code = model_dir / "code"
        program = env["SAGEMAKER_PROGRAM"]
        path = code / program
        if not path.is_file():
            raise UserError(f"SAGEMAKER_PROGRAM {program} not found in the submitted code")
        spec = importlib.util.spec_from_file_location(f"awsml_user_inference_{id(self)}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            if not hasattr(module, "model_fn"):
                raise UserError(f"{program} must define model_fn(model_dir) to load the model")
            self.model = module.model_fn(str(model_dir))
        except UserError:
            raise
        except Exception as err:
            raise UserError(f"{program} failed while loading the model: {type(err).__name__}: {err}") from None
        self.module = module

    def invoke(self, body: bytes, content_type: str, accept: str | None) -> tuple[bytes, str]:
        m = self.module
        try:
            data = m.input_fn(body, content_type) if hasattr(m, "input_fn") else _decode(body, content_type)
            pred = m.predict_fn(data, self.model) if hasattr(m, "predict_fn") else self.model.predict(data)
            if hasattr(m, "output_fn"):
                out = m.output_fn(pred, accept or "application/json")
                if isinstance(out, tuple):
                    return (out[0].encode() if isinstance(out[0], str) else out[0]), out[1]
                return (out.encode() if isinstance(out, str) else out), accept or "application/json"
            return _encode(pred, accept)
        except ModelError:
            raise
        except Exception as err:  # the learner's code raised: the container answers 4xx/5xx
            raise ModelError(f"{type(err).__name__}: {err}") from None
