"""The first-party (1P) built-in algorithms — Linear Learner, K-Means, PCA, k-NN — on scikit-learn/NumPy.

Real 1P containers save an MXNet parameter file `model_algo-1`; ours has the same name and holds the
learned parameters as a NumPy .npz archive (MXNet does not ship here), which `numpy.load` opens.
"""
from __future__ import annotations

import io
import json

import numpy as np

from awsml_study.engines.training import formats, recordio
from awsml_study.engines.training.base import (Channel, Context, ModelError, TrainResult,
                                               check_feature_dim, need_labels)
from awsml_study.engines.training.hyperparameters import HP, Interval, Schema, UserError

MODEL_FILE = "model_algo-1"
COMMON = (HP("feature_dim", "int_or_auto", Interval(1), default="auto"),
          HP("mini_batch_size", "int", Interval(1), default=1000),
          HP("epochs", "int", Interval(1), default=15))


def _save(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _load(files: dict[str, bytes]) -> dict:
    if MODEL_FILE not in files:
        raise UserError(f"model.tar.gz has no {MODEL_FILE} file")
    with np.load(io.BytesIO(files[MODEL_FILE]), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def _train_channel(channels: dict[str, Channel]) -> Channel:
    if "train" not in channels:
        raise UserError("Missing required channel: train")
    return channels["train"]


# ---------------------------------------------------------------- Linear Learner

LINEAR_LEARNER = Schema(
    HP("predictor_type", "str", ["binary_classifier", "multiclass_classifier", "regressor"], required=True),
    HP("num_classes", "int", Interval(3, 1000000)),
    HP("learning_rate", "float_or_auto", Interval(0, lo_open=True), default="auto", tunable=True),
    HP("l1", "float_or_auto", Interval(0), default="auto", tunable=True),
    HP("wd", "float_or_auto", Interval(0), default="auto", tunable=True),
    HP("normalize_data", "bool", default=True),
    HP("normalize_label", "bool"),
    HP("use_bias", "bool", default=True),
    HP("loss", "str", ["auto", "logistic", "squared_loss", "absolute_loss", "hinge_loss",
                       "eps_insensitive_squared_loss", "eps_insensitive_absolute_loss",
                       "quantile_loss", "huber_loss", "softmax_loss"], default="auto"),
    HP("optimizer", "str", ["auto", "sgd", "adam", "rmsprop"], default="auto"),
    HP("binary_classifier_model_selection_criteria", "str",
       ["accuracy", "f_beta", "precision_at_target_recall", "recall_at_target_precision", "loss_function"]),
    HP("num_models", "int_or_auto", Interval(1)), HP("early_stopping_patience", "int", Interval(1)),
    HP("early_stopping_tolerance", "float", Interval(0)), HP("positive_example_weight_mult", "float_or_auto"),
    HP("target_precision", "float", Interval(0, 1)), HP("target_recall", "float", Interval(0, 1)),
    *COMMON)


def _ll_validate(given: dict) -> dict:
    hps = LINEAR_LEARNER.validate(given)
    if hps["predictor_type"] == "multiclass_classifier" and "num_classes" not in hps:
        raise UserError("num_classes is required when predictor_type is multiclass_classifier")
    return hps


def _ll_train(hps: dict, channels: dict[str, Channel], ctx: Context) -> TrainResult:
    from sklearn.linear_model import SGDClassifier, SGDRegressor

    tr = _train_channel(channels)
    check_feature_dim(hps, tr)
    y = need_labels(tr, "Linear Learner")
    kind = hps["predictor_type"]
    mean, scale = tr.X.mean(0), tr.X.std(0)
    scale[scale == 0] = 1.0
    if not hps["normalize_data"]:
        mean, scale = np.zeros_like(mean), np.ones_like(scale)
    Xs = (tr.X - mean) / scale
    alpha = 1e-4 if hps["wd"] == "auto" else max(float(hps["wd"]), 1e-12)
    eta = 0.01 if hps["learning_rate"] == "auto" else float(hps["learning_rate"])
    if kind == "binary_classifier":
        if not set(np.unique(y).tolist()) <= {0.0, 1.0}:
            raise UserError("Label values must be 0 or 1 for predictor_type binary_classifier")
        model, classes = SGDClassifier(loss="log_loss", alpha=alpha, eta0=eta, learning_rate="adaptive",
                                       random_state=0), np.array([0.0, 1.0])
    elif kind == "multiclass_classifier":
        classes = np.arange(hps["num_classes"], dtype=float)
        if not set(np.unique(y).tolist()) <= set(classes.tolist()):
            raise UserError(f"Label values must be integers in [0, {hps['num_classes'] - 1}] for "
                            "predictor_type multiclass_classifier")
        model = SGDClassifier(loss="log_loss", alpha=alpha, eta0=eta, learning_rate="adaptive", random_state=0)
    else:
        model, classes = SGDRegressor(alpha=alpha, eta0=eta, learning_rate="adaptive", random_state=0), None
    rng = np.random.default_rng(0)
    history: dict[str, list[float]] = {"train:objective_loss": []}
    val = channels.get("validation")
    for epoch in range(hps["epochs"]):
        order = rng.permutation(len(Xs))
        batch = hps["mini_batch_size"]
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            if classes is None:
                model.partial_fit(Xs[idx], y[idx])
            else:
                model.partial_fit(Xs[idx], y[idx], classes=classes)
        loss = _ll_loss(model, Xs, y, kind)
        history["train:objective_loss"].append(loss)
        line = f"#quality_metric: host=algo-1, epoch={epoch}, train objective_loss <loss>={loss:.6f}"
        if val is not None:
            vloss = _ll_loss(model, (val.X - mean) / scale, need_labels(val, "Linear Learner"), kind)
            history.setdefault("validation:objective_loss", []).append(vloss)
            line += f", validation objective_loss <loss>={vloss:.6f}"
        ctx.log(line)
        ctx.check_stop()
    coef = np.atleast_2d(model.coef_)
    intercept = np.atleast_1d(model.intercept_)
    final = {"train:objective_loss": history["train:objective_loss"][-1]}
    params = dict(coef=coef, intercept=intercept, mean=mean, scale=scale,
                  kind=np.array(kind), classes=np.array([] if classes is None else classes))
    for name in ("validation", "test"):
        if name in channels:
            final.update(_ll_scores(params, channels[name], name))
    return TrainResult({MODEL_FILE: _save(**params)}, final, history)


def _ll_loss(model, X, y, kind) -> float:
    if kind == "regressor":
        return float(np.mean((model.predict(X) - y) ** 2))
    from sklearn.metrics import log_loss
    return float(log_loss(y, model.predict_proba(X), labels=model.classes_))


def _ll_outputs(params: dict, X: np.ndarray) -> list[dict]:
    z = ((X - params["mean"]) / params["scale"]) @ params["coef"].T + params["intercept"]
    kind = str(params["kind"])
    if kind == "regressor":
        return [{"score": float(v)} for v in z[:, 0]]
    if kind == "binary_classifier":
        p = 1 / (1 + np.exp(-z[:, 0]))
        return [{"score": float(v), "predicted_label": float(v >= 0.5)} for v in p]
    e = np.exp(z - z.max(1, keepdims=True))  # one-vs-rest scores, normalised as probabilities
    p = e / e.sum(1, keepdims=True)
    return [{"score": row.tolist(), "predicted_label": float(np.argmax(row))} for row in p]


def _ll_scores(params: dict, ch: Channel, prefix: str) -> dict:
    y = need_labels(ch, "Linear Learner")
    out = _ll_outputs(params, ch.X)
    kind = str(params["kind"])
    if kind == "regressor":
        pred = np.array([o["score"] for o in out])
        mse = float(np.mean((pred - y) ** 2))
        return {f"{prefix}:mse": mse, f"{prefix}:rmse": mse ** 0.5,
                f"{prefix}:absolute_loss": float(np.mean(np.abs(pred - y)))}
    label = np.array([o["predicted_label"] for o in out])
    res = {}
    if kind == "binary_classifier":
        from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
        res = {f"{prefix}:binary_classification_accuracy": float(np.mean(label == y)),
               f"{prefix}:precision": float(precision_score(y, label, zero_division=0)),
               f"{prefix}:recall": float(recall_score(y, label, zero_division=0)),
               f"{prefix}:binary_f_beta": float(f1_score(y, label, zero_division=0))}
        if len(set(y.tolist())) == 2:
            res[f"{prefix}:roc_auc_score"] = float(roc_auc_score(y, [o["score"] for o in out]))
    else:
        res = {f"{prefix}:multiclass_accuracy": float(np.mean(label == y))}
    return res


# ---------------------------------------------------------------- K-Means, PCA, k-NN

KMEANS = Schema(
    HP("k", "int", Interval(2), required=True), HP("feature_dim", "int", Interval(1), required=True),
    HP("mini_batch_size", "int", Interval(1), default=5000), HP("epochs", "int", Interval(1), default=1),
    HP("init_method", "str", ["random", "kmeans++"], default="random"),
    HP("max_iterations", "int", Interval(1), default=100), HP("tol", "float", Interval(0, 1), default=0.0001),
    HP("extra_center_factor", "int_or_auto", Interval(1), default="auto"),
    HP("local_lloyd_max_iter", "int", Interval(1)), HP("local_lloyd_tol", "float", Interval(0, 1)),
    HP("local_lloyd_init_method", "str", ["random", "kmeans++"]),
    HP("local_lloyd_num_trials", "int_or_auto", Interval(1)),
    HP("half_life_time_size", "int", Interval(0)), HP("eval_metrics", "str"))

PCA = Schema(
    HP("feature_dim", "int", Interval(1), required=True), HP("num_components", "int", Interval(1), required=True),
    HP("mini_batch_size", "int", Interval(1), required=True),
    HP("algorithm_mode", "str", ["regular", "randomized"], default="regular"),
    HP("subtract_mean", "bool", default=True), HP("extra_components", "int"))

KNN = Schema(
    HP("k", "int", Interval(1), required=True), HP("feature_dim", "int", Interval(1), required=True),
    HP("predictor_type", "str", ["classifier", "regressor"], required=True),
    HP("sample_size", "int", Interval(1), required=True),
    HP("dimension_reduction_type", "str", ["sign", "fjlt"]), HP("dimension_reduction_target", "int", Interval(1)),
    HP("index_type", "str", ["faiss.Flat", "faiss.IVFFlat", "faiss.IVFPQ"], default="faiss.Flat"),
    HP("index_metric", "str", ["L2", "INNER_PRODUCT", "COSINE"], default="L2"),
    HP("mini_batch_size", "int", Interval(1), default=5000), HP("faiss_index_ivf_nlists", "str"),
    HP("faiss_index_pq_m", "int", Interval(1)))


def _kmeans_train(hps, channels, ctx) -> TrainResult:
    from sklearn.cluster import KMeans
    tr = _train_channel(channels)
    check_feature_dim(hps, tr)
    if hps["k"] > len(tr.X):
        raise UserError(f"k={hps['k']} is larger than the number of records ({len(tr.X)})")
    init = "k-means++" if hps["init_method"] == "kmeans++" else "random"
    km = KMeans(n_clusters=hps["k"], init=init, n_init=1, max_iter=hps["max_iterations"],
                tol=hps["tol"], random_state=0).fit(tr.X)
    centroids = km.cluster_centers_
    final = _kmeans_scores(centroids, tr.X, "train")
    ctx.log("#progress_metric: host=algo-1, completed 100 % of epochs")
    ctx.log(f"#train_score (algo-1) : ('msd', {final['train:msd']:.6f})")
    if "test" in channels:
        final.update(_kmeans_scores(centroids, channels["test"].X, "test"))
        ctx.log(f"#test_score (algo-1) : ('msd', {final['test:msd']:.6f})")
    return TrainResult({MODEL_FILE: _save(centroids=centroids)}, final)


def _distances(centroids, X):
    return np.sqrt(((X[:, None, :] - centroids[None, :, :]) ** 2).sum(-1))


def _kmeans_scores(centroids, X, prefix) -> dict:
    d = _distances(centroids, X).min(1)
    return {f"{prefix}:msd": float(np.mean(d ** 2)), f"{prefix}:ssd": float(np.sum(d ** 2))}


def _pca_train(hps, channels, ctx) -> TrainResult:
    tr = _train_channel(channels)
    check_feature_dim(hps, tr)
    if hps["num_components"] > tr.X.shape[1]:
        raise UserError(f"num_components={hps['num_components']} exceeds feature_dim={tr.X.shape[1]}")
    mean = tr.X.mean(0) if hps["subtract_mean"] else np.zeros(tr.X.shape[1])
    _, s, vt = np.linalg.svd(tr.X - mean, full_matrices=False)
    comps = vt[:hps["num_components"]]
    ctx.log(f"#pca: {hps['num_components']} components explain "
            f"{float((s[:hps['num_components']] ** 2).sum() / (s ** 2).sum()):.4f} of the variance")
    return TrainResult({MODEL_FILE: _save(components=comps, mean=mean, singular_values=s[:len(comps)])}, {})


def _knn_train(hps, channels, ctx) -> TrainResult:
    tr = _train_channel(channels)
    check_feature_dim(hps, tr)
    y = need_labels(tr, "k-NN")
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(tr.X))[:hps["sample_size"]]
    params = dict(X=tr.X[idx], y=y[idx], k=np.array(hps["k"]), kind=np.array(hps["predictor_type"]))
    final = {}
    if "test" in channels:
        te = channels["test"]
        pred = np.array([o["predicted_label"] for o in _knn_outputs(params, te.X)])
        yt = need_labels(te, "k-NN")
        if hps["predictor_type"] == "classifier":
            final["test:accuracy"] = float(np.mean(pred == yt))
        else:
            final["test:mse"] = float(np.mean((pred - yt) ** 2))
    ctx.log(f"#knn: indexed {len(idx)} of {len(tr.X)} training points, k={hps['k']}")
    return TrainResult({MODEL_FILE: _save(**params)}, final)


def _knn_outputs(params, X) -> list[dict]:
    k = int(params["k"])
    near = np.argsort(_distances(params["X"], X), axis=1)[:, :k]
    labels = params["y"][near]
    if str(params["kind"]) == "regressor":
        return [{"predicted_label": float(row.mean())} for row in labels]
    out = []
    for row in labels:
        values, counts = np.unique(row, return_counts=True)
        out.append({"predicted_label": float(values[np.argmax(counts)])})
    return out


def _kmeans_outputs(params, X):
    d = _distances(params["centroids"], X)
    return [{"closest_cluster": float(np.argmin(r)), "distance_to_cluster": float(r.min())} for r in d]


def _pca_outputs(params, X):
    proj = (X - params["mean"]) @ params["components"].T
    return [{"projection": row.tolist()} for row in proj]


# ---------------------------------------------------------------- serving (shared by the four)

class Predictor:
    """1P serving: text/csv, application/json and RecordIO-protobuf in; JSON, JSON Lines or RecordIO out."""

    def __init__(self, files, outputs, key: str):
        self.params = _load(files)
        self.outputs, self.key = outputs, key
        self.n_features = _width(self.params)

    def invoke(self, body: bytes, content_type: str, accept: str | None) -> tuple[bytes, str]:
        kind, _ = formats.parse_content_type(content_type, formats.CSV)
        try:
            if kind == formats.CSV:
                X, _ = formats.read_csv(body, label_size=0)
            elif kind == formats.RECORDIO:
                X, _ = formats.read(body, kind)
            elif kind in (formats.JSON, formats.JSONLINES):
                X = _json_rows(body, kind)
            else:
                raise ModelError(f"Content type {kind} is not supported by this algorithm.")
        except formats.DataError as err:
            raise ModelError(f"Unable to read the request as {kind}: {err}") from None
        if X.shape[1] != self.n_features:
            raise ModelError(f"Invalid input: expected {self.n_features} features, got {X.shape[1]}")
        rows = self.outputs(self.params, X)
        out_kind, _ = formats.parse_content_type(accept, formats.JSON)
        if out_kind in (formats.JSON, "*/*"):
            return json.dumps({self.key: rows}).encode(), formats.JSON
        if out_kind == formats.JSONLINES:
            return ("\n".join(json.dumps(r) for r in rows) + "\n").encode(), formats.JSONLINES
        if out_kind == formats.RECORDIO:
            return b"".join(recordio.frame(recordio.encode_record(
                {}, {k: np.atleast_1d(np.asarray(v, dtype=np.float32)) for k, v in r.items()}))
                for r in rows), formats.RECORDIO
        if out_kind == formats.CSV:
            return "\n".join(",".join(str(v) for v in r.values()) for r in rows).encode(), formats.CSV
        raise ModelError(f"Accept type {accept} is not supported by this algorithm.")


def _width(params) -> int:
    for key in ("mean", "centroids", "X"):
        if key in params:
            return int(np.shape(params[key])[-1])
    return int(params["coef"].shape[1])


def _json_rows(body: bytes, kind: str) -> np.ndarray:
    try:
        docs = [json.loads(ln) for ln in body.splitlines() if ln.strip()] if kind == formats.JSONLINES \
            else [json.loads(body)]
    except (ValueError, UnicodeDecodeError) as err:
        raise formats.DataError(f"not JSON ({err})") from None
    rows = []
    for doc in docs:
        items = doc.get("instances", [doc]) if isinstance(doc, dict) else doc
        for item in items:
            rows.append(item.get("features", item.get("data", {}).get("features", {}).get("values"))
                        if isinstance(item, dict) else item)
    try:
        return np.asarray(rows, dtype=float).reshape(len(rows), -1)
    except (TypeError, ValueError) as err:
        raise formats.DataError(f"instances must hold lists of numbers ({err})") from None


ALGORITHMS = {
    "linear-learner": (_ll_validate, _ll_train, lambda f: Predictor(f, _ll_outputs, "predictions")),
    "kmeans": (KMEANS.validate, _kmeans_train, lambda f: Predictor(f, _kmeans_outputs, "predictions")),
    "pca": (PCA.validate, _pca_train, lambda f: Predictor(f, _pca_outputs, "projections")),
    "knn": (KNN.validate, _knn_train, lambda f: Predictor(f, _knn_outputs, "predictions")),
}
SCHEMAS = {"linear-learner": LINEAR_LEARNER, "kmeans": KMEANS, "pca": PCA, "knn": KNN}
