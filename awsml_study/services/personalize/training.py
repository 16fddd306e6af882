"""Training a solution version: the dataset group's interactions → a local model and its offline metrics."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from awsml_study.services.personalize import datasets, recipes
from awsml_study.sim import jobs

MIN_INTERACTIONS = 1000
MIN_USERS = 25          # ... each with at least two interactions
TREND_WINDOWS = {"30 mins": 1800, "1 hour": 3600, "3 hours": 10800, "1 day": 86400}


@dataclass
class Trained:
    """A trained solution version: the model, the codes it knows, and its offline metrics."""

    recipe: recipes.Recipe
    model: object
    enc: object                      # engines.recommend.encode.Encoded
    histories: dict = field(default_factory=dict)   # user code → {item code: count}
    metrics: dict = field(default_factory=dict)
    popularity: np.ndarray | None = None
    event_type: str | None = None

    @property
    def engine(self) -> str:
        return f"personalize/{getattr(self.model, 'name', self.recipe.model)}"


def training_rows(group_arn: str, event_type: str | None, threshold: str | None) -> list[dict]:
    rows = datasets.rows_of(group_arn, "Interactions")
    if event_type:
        rows = [r for r in rows if str(r.get("EVENT_TYPE", "")).lower() == event_type.lower()]
    if threshold not in (None, ""):
        try:
            limit = float(threshold)
        except ValueError:
            raise jobs.JobFailure(f"eventValueThreshold '{threshold}' is not a number.") from None
        rows = [r for r in rows if r.get("EVENT_VALUE") is not None and float(r["EVENT_VALUE"]) >= limit]
    return rows


def check_minimums(rows: list[dict]) -> None:
    """The service's minimum data for training, with its numbers in the failure reason."""
    if len(rows) < MIN_INTERACTIONS:
        raise jobs.JobFailure(
            f"Not enough interactions to train a model: the training data has {len(rows)} interactions "
            f"(after filtering by eventType and eventValueThreshold); at least {MIN_INTERACTIONS} are required.")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["USER_ID"]] = counts.get(r["USER_ID"], 0) + 1
    enough = sum(1 for c in counts.values() if c >= 2)
    if enough < MIN_USERS:
        raise jobs.JobFailure(
            f"Not enough users to train a model: the training data has {enough} users with at least 2 "
            f"interactions each; at least {MIN_USERS} such users are required.")


def build_model(recipe: recipes.Recipe, config: dict, item_meta: dict, enc):
    from awsml_study.engines.recommend import models
    kind = recipe.model
    if kind in ("factors", "attribute", "actions"):
        hyper = config.get("algorithmHyperParameters") or {}
        try:
            factors = int(hyper.get("hidden_dimension", 32))
        except ValueError:
            raise jobs.JobFailure(f"hidden_dimension '{hyper['hidden_dimension']}' is not an integer.") from None
        return models.FactorModel(factors=max(2, min(factors, 256)))
    if kind == "popularity":
        return models.Popularity()
    if kind == "trending":
        freq = (config.get("featureTransformationParameters") or {}).get("trend_discovery_frequency", "1 hour")
        if freq not in TREND_WINDOWS:
            raise jobs.JobFailure(f"trend_discovery_frequency must be one of {', '.join(TREND_WINDOWS)}; got '{freq}'.")
        return models.Trending(TREND_WINDOWS[freq])
    meta = None
    if kind == "similarity+metadata":
        meta = {}
        for item_id, attrs in item_meta.items():
            if item_id in enc.item_index:
                values = set()
                for k, v in attrs.items():
                    if k != "ITEM_ID" and v is not None:
                        values |= {f"{k}={x}" for x in (v if isinstance(v, set) else {v})}
                meta[enc.item_index[item_id]] = values
    return models.ItemSimilarity(metadata=meta)


def evaluate(model, enc, held) -> dict:
    from awsml_study.engines.recommend import metrics, models
    ranked, truth = {}, {}
    for u, (hist_rows, out_rows) in held.items():
        history = enc.history(hist_rows)
        ranked[u] = models.top(model.user_scores(history), 25, exclude=list(history))
        truth[u] = set(enc.i[out_rows].tolist())
    return metrics.score_lists(ranked, truth, enc.n_items)


def train(solution: dict, recipe: recipes.Recipe, previous: Trained | None = None,
          check_stop=lambda: None) -> Trained:
    """Train (FULL) or update (UPDATE: new items folded into the previous model) a solution version."""
    from awsml_study.engines.recommend import metrics
    from awsml_study.engines.recommend.encode import Encoded
    group = solution["datasetGroupArn"]
    datasets.settle_imports(group)
    config = solution.get("solutionConfig") or {}
    event_type = solution.get("eventType") or recipe.event_type
    if recipe.model == "actions":
        # Next-Best-Action learns from action interactions; actions play the part of items.
        rows = [{**r, "ITEM_ID": r["ACTION_ID"]} for r in datasets.rows_of(group, "Action_Interactions")]
        check_minimums(rows)
        item_meta = datasets.metadata(group, "Actions", "ACTION_ID")
    else:
        rows = training_rows(group, event_type, config.get("eventValueThreshold"))
        check_minimums(rows)
        item_meta = datasets.metadata(group, "Items", "ITEM_ID")
    if recipe.model in ("similarity+metadata", "attribute") and not item_meta:
        raise jobs.JobFailure(f"The {recipe.name} recipe requires an Items dataset with imported data.")
    enc = Encoded([str(r["USER_ID"]) for r in rows], [str(r["ITEM_ID"]) for r in rows],
                  [r["TIMESTAMP"] for r in rows], [r.get("EVENT_TYPE") for r in rows],
                  extra_items=list(item_meta))
    check_stop()
    if previous is not None:
        model, scores = _update(previous, enc), dict(previous.metrics)
    else:
        train_mask, held = metrics.split_users(enc.u, enc.t)
        scorer = build_model(recipe, config, item_meta, enc).fit(enc, train_mask)
        scores = evaluate(scorer, enc, held)
        check_stop()
        model = build_model(recipe, config, item_meta, enc).fit(enc)
    histories: dict[int, dict[int, float]] = {}
    for u, i in zip(enc.u.tolist(), enc.i.tolist()):
        h = histories.setdefault(u, {})
        h[i] = h.get(i, 0.0) + 1.0
    popularity = np.bincount(enc.i, minlength=enc.n_items).astype(np.float64)
    return Trained(recipe, model, enc, histories, scores, popularity, event_type)


def _update(previous: Trained, enc):
    """trainingMode UPDATE: keep the learned item factors, solve factors for new items only.

    A half step of ALS with the users' factors fixed, so new items become recommendable
    without a full retraining, as the service's UPDATE mode promises.
    """
    import copy
    old = previous.model
    model = copy.copy(old)
    f = old.item_factors.shape[1]
    items = np.zeros((enc.n_items, f))
    users = np.zeros((enc.n_users, f))
    old_items, old_users = previous.enc.item_index, previous.enc.user_index
    for k, item in enumerate(enc.items):
        if item in old_items:
            items[k] = old.item_factors[old_items[item]]
    model.item_factors = items
    model.gram = items.T @ items
    matrix = enc.matrix()
    for k, user in enumerate(enc.users):
        if user in old_users:
            users[k] = old.user_factors[old_users[user]]
        else:
            row = matrix.getrow(k)
            vec = model.user_vector(dict(zip(row.indices.tolist(), row.data.tolist())))
            users[k] = 0.0 if vec is None else vec
    gram_u = users.T @ users
    by_item = matrix.T.tocsr()
    for item, k in enc.item_index.items():
        if item in old_items:
            continue
        col = by_item.getrow(k)
        if col.nnz == 0:
            continue
        x = users[col.indices]
        conf = old.alpha * col.data
        a = gram_u + (x.T * conf) @ x + old.reg * np.eye(f)
        items[k] = np.linalg.solve(a, x.T @ (1.0 + conf))
    model.item_factors, model.user_factors = items, users
    model.gram = items.T @ items
    model.popularity = np.asarray(matrix.sum(axis=0)).ravel()
    return model
