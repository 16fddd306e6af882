"""The built-in algorithms the kit trains for real, by the name in their ECR repository."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from awsml_study.engines.training import formats


@dataclass(frozen=True)
class Algorithm:
    name: str
    validate: Callable[[dict], dict]
    train: Callable
    predictor: Callable[[dict], object]
    default_content_type: str
    engine: str  # reported in x-awsml-study-engine


def get(name: str) -> Algorithm | None:
    if name == "xgboost":
        from awsml_study.engines.training import xgboost_algo as x
        return Algorithm("xgboost", x.validate, x.train, x.Predictor, x.DEFAULT_CONTENT_TYPE, "xgboost-cpu")
    from awsml_study.engines.training import first_party as fp
    if name in fp.ALGORITHMS:
        validate, train, predictor = fp.ALGORITHMS[name]
        return Algorithm(name, validate, train, predictor, formats.RECORDIO, "scikit-learn/numpy")
    return None


# The objective metrics each algorithm emits, as tuning jobs and FinalMetricDataList name them.
TUNING_METRICS = {
    "xgboost": [f"{c}:{m}" for c in ("train", "validation") for m in
                ("rmse", "mae", "logloss", "error", "merror", "mlogloss", "auc", "aucpr", "ndcg", "map",
                 "mse", "rmsle", "mape", "poisson-nloglik", "gamma-nloglik", "tweedie-nloglik",
                 "cox-nloglik", "f1", "accuracy")],
    "linear-learner": [f"{c}:{m}" for c in ("train", "validation", "test") for m in
                       ("objective_loss", "binary_classification_accuracy", "binary_f_beta", "precision",
                        "recall", "roc_auc_score", "mse", "rmse", "absolute_loss", "multiclass_accuracy")],
    "kmeans": ["train:msd", "train:ssd", "test:msd", "test:ssd"],
    "knn": ["test:accuracy", "test:mse"],
    "pca": [],
}
