"""Answering a recommendation request from a trained solution version: history, scores, filters, metadata.

Shared by the runtime (campaigns, recommenders) and batch jobs so both give the same answers.
"""
from __future__ import annotations

import numpy as np

from awsml_study.services.personalize import datasets, training
from awsml_study.sim import state
from awsml_study.sim.errors import AwsError

REALTIME = {"factors"}   # models whose recommendations follow a user's new events at once
# User-Personalization is session-aware: a user's newest events count most. The kit mimics that
# by giving events streamed since training this weight (older history counts 1 per event).
RECENT_WEIGHT = 4.0


def live(group_arn: str) -> dict[str, list[tuple[int, str, str]]]:
    """user id → [(stream sequence, item id, event type)] of events streamed with PutEvents."""
    return state.store("personalize.live").setdefault(group_arn, {})


def stream_length(group_arn: str) -> int:
    return state.store("personalize.live-count").get(group_arn, 0)


def user_history(model: training.Trained, group_arn: str, user_id: str | None) -> dict[int, float]:
    """The user's item codes and counts: training data plus events streamed since training."""
    if not user_id:
        return {}
    code = model.enc.user_index.get(user_id)
    history = dict(model.histories.get(code, {})) if code is not None else {}
    if model.recipe.model in REALTIME:
        seen = getattr(model, "stream_seen", 0)
        for seq, item, etype in live(group_arn).get(user_id, ()):
            if seq < seen or (model.event_type and str(etype).lower() != model.event_type.lower()):
                continue
            k = model.enc.item_index.get(item)
            if k is not None:
                history[k] = history.get(k, 0.0) + RECENT_WEIGHT
    return history


def user_events(group_arn: str, user_id: str | None) -> dict[str, set[str]]:
    """event type → item ids the user interacted with (every imported and streamed event)."""
    if not user_id:
        return {}
    datasets.settle_imports(group_arn)
    cache = state.store("personalize.user-events")
    bulk = datasets.parts(_interactions(group_arn))["bulk"] if _interactions(group_arn) else []
    key = (id(bulk), len(bulk))
    entry = cache.get(group_arn)
    if entry is None or entry[0] != key:
        index: dict[str, dict[str, set[str]]] = {}
        for r in bulk:
            index.setdefault(str(r["USER_ID"]), {}).setdefault(str(r.get("EVENT_TYPE") or ""), set()).add(str(r["ITEM_ID"]))
        entry = cache[group_arn] = (key, index)
    out = {k: set(v) for k, v in entry[1].get(user_id, {}).items()}
    for _, item, etype in live(group_arn).get(user_id, ()):
        out.setdefault(str(etype or ""), set()).add(item)
    return out


def _interactions(group_arn: str) -> str | None:
    ds = datasets.datasets_of(group_arn).get("Interactions")
    return ds.id if ds else None


def softmax(scores: np.ndarray) -> np.ndarray:
    """Scores as the service reports them: relative, summing to 1 over the candidates."""
    s = np.asarray(scores, dtype=np.float64)
    finite = np.isfinite(s)
    if not finite.any():
        return np.zeros_like(s)
    spread = s[finite].std() or 1.0
    z = np.where(finite, (s - s[finite].max()) / spread, -np.inf)
    e = np.exp(z)
    return e / e.sum()


def item_scores(model: training.Trained, group_arn: str, user_id: str | None, item_id: str | None,
                exploration: dict | None = None) -> tuple[np.ndarray, set[int]]:
    """Scores over every item the model knows, and the codes that exploration pushed up."""
    kind = model.recipe.model
    explored: set[int] = set()
    if model.recipe.recipe_type == "RELATED_ITEMS":
        code = model.enc.item_index.get(item_id or "")
        if code is None:  # unknown item: popular items, as SIMS answers
            return model.popularity / max(1.0, model.popularity.max()), explored
        return model.model.item_scores(code), explored
    if kind == "factors":
        scores = model.model.user_scores(user_history(model, group_arn, user_id))
    else:
        scores = model.model.user_scores({})
    if exploration is not None and model.recipe.name == "aws-user-personalization":
        weight = float(exploration.get("explorationWeight", "0.3"))
        if weight > 0:
            cold = model.popularity == 0   # items in the Items dataset that nobody has used yet
            if cold.any():
                lo, hi = float(np.min(scores)), float(np.max(scores))
                norm = (scores - lo) / ((hi - lo) or 1.0)
                scores = (1 - weight) * norm + weight * cold
                explored = set(np.flatnonzero(cold).tolist())
    return scores, explored


def ranked_items(model, group_arn, user_id, item_id, n, applier=None, exploration=None,
                 candidates: list[str] | None = None) -> list[tuple[str, float, bool]]:
    """(item id, score, explored) best first, after the filter, at most n of them."""
    from awsml_study.engines.recommend.models import top
    scores, explored = item_scores(model, group_arn, user_id, item_id, exploration)
    enc = model.enc
    exclude = [enc.item_index[item_id]] if item_id in enc.item_index else []
    if candidates is not None:
        codes = [enc.item_index.get(c) for c in candidates]
        low = float(np.min(scores)) - 1.0 if len(scores) else 0.0
        raw = np.array([scores[c] if c is not None else low for c in codes])
        order = sorted(range(len(candidates)), key=lambda k: (-raw[k], k))
        ids = [candidates[k] for k in order]
        if applier is not None:
            ids = applier(ids)
        keep = {x: raw[candidates.index(x)] for x in ids}
        probs = softmax(np.array([keep[x] for x in ids])) if ids else []
        return [(x, float(p), False) for x, p in zip(ids, probs)]
    probs = softmax(scores)
    out: list[tuple[str, float, bool]] = []
    chunk, start = max(4 * n, 100), 0
    ordered = top(scores, enc.n_items, exclude=exclude)
    while len(out) < n and start < len(ordered):
        ids = [enc.items[c] for c in ordered[start:start + chunk]]
        if applier is not None:
            ids = applier(ids)
        for x in ids:
            c = enc.item_index[x]
            out.append((x, float(probs[c]), c in explored))
            if len(out) == n:
                break
        start += chunk
    return out


def make_applier(filter_job, group_arn: str, user_id: str | None, values: dict | None):
    """A function filtering a list of ids with a filter resource, or None without a filter."""
    if filter_job is None:
        if values:
            raise AwsError("InvalidInputException", "filterValues were given without a filterArn.")
        return None
    from awsml_study.engines.recommend import filters
    applier = filters.Applier(filter_job.props["_statements"], values)
    missing = applier.missing_include_params()
    if missing:
        raise AwsError("InvalidInputException",
                       f"The filter expression needs values for its INCLUDE parameter(s): "
                       f"{', '.join('$' + m for m in sorted(missing))}. Pass them in filterValues.")
    target = filter_job.props["_statements"][0].target
    meta = datasets.metadata(group_arn, "Items" if target == "ItemID" else "Users",
                             "ITEM_ID" if target == "ItemID" else "USER_ID")
    users = datasets.metadata(group_arn, "Users", "USER_ID")
    events = user_events(group_arn, user_id)
    current = users.get(user_id or "", {})
    return lambda ids: applier.apply(ids, meta, events, current)


def metadata_for(group_arn: str, item_id: str, columns: list[str]) -> dict[str, str]:
    meta = datasets.metadata(group_arn, "Items", "ITEM_ID").get(item_id, {})
    out = {}
    for c in columns:
        v = meta.get(c) if c in meta else meta.get(c.upper())
        if v is not None:
            out[c] = "|".join(sorted(v)) if isinstance(v, set) else str(v)
    return out
