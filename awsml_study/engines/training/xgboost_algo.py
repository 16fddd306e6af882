"""SageMaker XGBoost (built-in algorithm mode): trains xgboost.train on the channels, saves `xgboost-model`."""
from __future__ import annotations

import json

import numpy as np

from awsml_study.engines.training import formats
from awsml_study.engines.training.base import (Channel, Context, ModelError, TrainResult,
                                               need_labels)
from awsml_study.engines.training.hyperparameters import HP, Interval, Schema, UserError

NAME = "xgboost"
DEFAULT_CONTENT_TYPE = formats.LIBSVM  # the container's default when a channel names none
CHANNELS = ("train", "validation")
OBJECTIVES = ["reg:squarederror", "reg:squaredlogerror", "reg:logistic", "reg:pseudohubererror",
              "reg:absoluteerror", "reg:linear", "binary:logistic", "binary:logitraw", "binary:hinge",
              "count:poisson", "survival:cox", "multi:softmax", "multi:softprob", "rank:pairwise",
              "rank:ndcg", "rank:map", "reg:gamma", "reg:tweedie"]
METRICS = ["rmse", "rmsle", "mae", "mape", "mphe", "logloss", "error", "merror", "mlogloss", "auc",
           "aucpr", "ndcg", "map", "poisson-nloglik", "gamma-nloglik", "gamma-deviance",
           "tweedie-nloglik", "cox-nloglik"]
_DEFAULT_METRIC = {"binary": "logloss", "multi": "mlogloss", "rank": "map", "count": "poisson-nloglik",
                   "survival": "cox-nloglik", "reg:gamma": "gamma-nloglik", "reg:tweedie": "tweedie-nloglik"}

SCHEMA = Schema(
    HP("num_round", "int", Interval(1), required=True, tunable=True),
    HP("objective", "str", OBJECTIVES, default="reg:squarederror"),
    HP("num_class", "int", Interval(2)),
    HP("eta", "float", Interval(0, 1), default=0.3, tunable=True),
    HP("gamma", "float", Interval(0), default=0.0, tunable=True),
    HP("max_depth", "int", Interval(0), default=6, tunable=True),
    HP("min_child_weight", "float", Interval(0), default=1.0, tunable=True),
    HP("max_delta_step", "float", Interval(0), tunable=True),
    HP("subsample", "float", Interval(0, 1, lo_open=True), default=1.0, tunable=True),
    HP("colsample_bytree", "float", Interval(0, 1, lo_open=True), default=1.0, tunable=True),
    HP("colsample_bylevel", "float", Interval(0, 1, lo_open=True), tunable=True),
    HP("colsample_bynode", "float", Interval(0, 1, lo_open=True), tunable=True),
    HP("lambda", "float", Interval(0), default=1.0, tunable=True),
    HP("alpha", "float", Interval(0), default=0.0, tunable=True),
    HP("scale_pos_weight", "float", Interval(0, lo_open=True)),
    HP("base_score", "float"),
    HP("eval_metric", "str"),
    HP("early_stopping_rounds", "int", Interval(1)),
    HP("seed", "int", default=0),
    HP("tree_method", "str", ["auto", "exact", "approx", "hist", "gpu_hist"]),
    HP("booster", "str", ["gbtree", "gblinear", "dart"], default="gbtree"),
    HP("grow_policy", "str", ["depthwise", "lossguide"]),
    HP("max_leaves", "int", Interval(0)),
    HP("max_bin", "int", Interval(2)),
    HP("verbosity", "int", Interval(0, 3)),
    HP("nthread", "int", Interval(1)),
    HP("csv_weights", "int", [0, 1]),
    HP("num_parallel_tree", "int", Interval(1)),
    HP("tweedie_variance_power", "float", Interval(1, 2, lo_open=True, hi_open=True)),
    HP("save_model_on_termination", "str", ["true", "false"]),
)


def validate(given: dict) -> dict:
    hps = SCHEMA.validate(given)
    objective = hps["objective"]
    if objective.startswith("multi:") and "num_class" not in hps:
        raise UserError("Require input for parameter 'num_class' for multi-classification")
    metrics = [m.strip() for m in str(hps.get("eval_metric", "")).split(",") if m.strip()]
    for m in metrics:
        if m.split("@")[0] not in METRICS:
            raise UserError(f"Hyperparameter eval_metric: value ['{m}'] not in range {METRICS}")
    hps["_metrics"] = metrics or [default_metric(objective)]
    return hps


def default_metric(objective: str) -> str:
    return _DEFAULT_METRIC.get(objective, _DEFAULT_METRIC.get(objective.split(":")[0], "rmse"))


def train(hps: dict, channels: dict[str, Channel], ctx: Context) -> TrainResult:
    import xgboost as xgb

    if "train" not in channels:
        raise UserError("Missing required channel: train")
    tr = channels["train"]
    dtrain = xgb.DMatrix(tr.X, label=need_labels(tr, "XGBoost"), nthread=1)
    evals = [(dtrain, "train")]
    if "validation" in channels:
        va = channels["validation"]
        if va.X.shape[1] != tr.X.shape[1]:
            raise UserError(f"Feature size of train and validation data do not match: "
                            f"{tr.X.shape[1]} vs {va.X.shape[1]}")
        evals.append((xgb.DMatrix(va.X, label=need_labels(va, "XGBoost"), nthread=1), "validation"))
    if "num_class" in hps:
        labels = set(np.unique(tr.y).tolist())
        if not labels <= set(range(hps["num_class"])):
            raise UserError(f"label must be in [0, num_class), num_class={hps['num_class']}")
    if hps["objective"].startswith("binary:") and not set(np.unique(tr.y).tolist()) <= {0.0, 1.0}:
        raise UserError("label must be in [0,1] for logistic regression")
    if hps.get("early_stopping_rounds") and len(evals) < 2:
        raise UserError("early_stopping_rounds requires a validation channel")

    params = {k: v for k, v in hps.items() if k not in ("num_round", "early_stopping_rounds",
                                                        "_metrics", "csv_weights",
                                                        "save_model_on_termination")}
    params["eval_metric"] = hps["_metrics"]
    params["nthread"] = params.get("nthread", 1)
    history: dict = {}

    class _Log(xgb.callback.TrainingCallback):
        def after_iteration(self, model, epoch, evals_log):
            parts = [f"{data}-{metric}:{values[-1]:.5f}" for data, by in evals_log.items()
                     for metric, values in by.items()]
            ctx.log(f"[{epoch}]#011" + "#011".join(parts))
            ctx.check_stop()
            return False

    ctx.log(f"[XGBoost] train: {tr.X.shape[0]} rows, {tr.X.shape[1]} features; objective {hps['objective']}")
    booster = xgb.train(params, dtrain, num_boost_round=hps["num_round"], evals=evals,
                        evals_result=history, verbose_eval=False, callbacks=[_Log()],
                        early_stopping_rounds=hps.get("early_stopping_rounds"))
    final = {}
    best = getattr(booster, "best_iteration", None) if hps.get("early_stopping_rounds") else None
    for data, by in history.items():
        for metric, values in by.items():
            final[f"{data}:{metric}"] = float(values[best if best is not None else -1])
    raw = booster.save_raw("json")
    return TrainResult({"xgboost-model": bytes(raw)}, final,
                       {f"{d}:{m}": list(map(float, v)) for d, by in history.items() for m, v in by.items()})


class Predictor:
    """The XGBoost serving container: text/csv, text/libsvm, application/json, RecordIO-protobuf in."""

    def __init__(self, files: dict[str, bytes]):
        import xgboost as xgb
        if "xgboost-model" not in files:
            raise UserError("model.tar.gz has no xgboost-model file")
        self.booster = xgb.Booster()
        self.booster.load_model(bytearray(files["xgboost-model"]))
        # One thread: a single-row prediction is faster without thread hand-offs, above all on a busy machine.
        self.booster.set_param({"nthread": 1})
        self.n_features = self.booster.num_features()

    def predict_matrix(self, X: np.ndarray) -> np.ndarray:
        if X.shape[1] != self.n_features:
            raise ModelError(f"Feature shape mismatch, expected: {self.n_features}, got {X.shape[1]}")
        # inplace_predict skips building a DMatrix, which (threaded) dominated single-row latency.
        return np.asarray(self.booster.inplace_predict(np.ascontiguousarray(X, dtype=np.float32)))

    def parse(self, body: bytes, content_type: str) -> np.ndarray:
        kind, _ = formats.parse_content_type(content_type, formats.CSV)
        try:
            if kind == formats.CSV:
                X, _ = formats.read_csv(body, label_size=0)
            elif kind == formats.LIBSVM:
                X, _ = formats.read_libsvm(body, self.n_features)
            elif kind == formats.RECORDIO:
                X, _ = formats.read(body, kind)
            elif kind == formats.JSON:
                X = _json_instances(body)
            else:
                raise ModelError(f"Content type {kind} is not supported by this algorithm.")
        except formats.DataError as err:
            raise ModelError(f"Loading {kind} data failed with Exception, please ensure data is in "
                             f"{kind} format: {err}") from None
        return X

    def invoke(self, body: bytes, content_type: str, accept: str | None) -> tuple[bytes, str]:
        scores = self.predict_matrix(self.parse(body, content_type))
        accept_kind, _ = formats.parse_content_type(accept, formats.CSV)
        if accept_kind in (formats.JSON, "*/*") and accept and "json" in accept:
            rows = [{"score": s.tolist() if np.ndim(s) else float(s)} for s in scores]
            return json.dumps({"predictions": rows}).encode(), formats.JSON
        if accept_kind == formats.JSONLINES:
            rows = [json.dumps({"score": s.tolist() if np.ndim(s) else float(s)}) for s in scores]
            return ("\n".join(rows) + "\n").encode(), formats.JSONLINES
        if accept_kind not in (formats.CSV, "*/*"):
            raise ModelError(f"Accept type {accept} is not supported by this algorithm.")
        if scores.ndim == 1:
            if getattr(self, "batch", False):  # batch transform (SAGEMAKER_BATCH): one score per line
                return "\n".join(f"{float(s):.8g}" for s in scores).encode(), formats.CSV
            return ",".join(f"{float(s):.8g}" for s in scores).encode(), formats.CSV
        return "\n".join(",".join(f"{float(v):.8g}" for v in row) for row in scores).encode(), formats.CSV


def _json_instances(body: bytes) -> np.ndarray:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as err:
        raise formats.DataError(f"not JSON ({err})") from None
    rows = doc.get("instances", doc) if isinstance(doc, dict) else doc
    if rows and not isinstance(rows[0], (list, dict)):
        rows = [rows]
    try:
        return np.asarray([r.get("features", r) if isinstance(r, dict) else r for r in rows], dtype=float)
    except (TypeError, ValueError) as err:
        raise formats.DataError(f"instances must be lists of numbers ({err})") from None
