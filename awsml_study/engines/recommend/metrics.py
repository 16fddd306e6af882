"""Offline metrics as Personalize reports them, computed on a held-out split of the interactions.

The split follows the service's documented method: 90 % of users train; for each of the other
10 % (the test users) the model sees the oldest 90 % of their interactions and must predict the
newest 10 %. Metrics are averaged over test users.
"""
from __future__ import annotations

import math

import numpy as np

KS = (5, 10, 25)


def split_users(user_codes: np.ndarray, times: np.ndarray, seed: int = 0, test_share: float = 0.1):
    """(train mask, {test user: (history indices, held-out indices)}) over interaction rows."""
    rng = np.random.default_rng(seed)
    users = np.unique(user_codes)
    n_test = max(1, int(round(len(users) * test_share)))
    test_users = set(rng.choice(users, size=n_test, replace=False).tolist())
    train = np.ones(len(user_codes), dtype=bool)
    held: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    order = np.lexsort((times, user_codes))
    bounds = np.flatnonzero(np.diff(user_codes[order])) + 1
    for rows in np.split(order, bounds):
        u = int(user_codes[rows[0]])
        if u not in test_users or len(rows) < 2:
            continue
        cut = max(1, int(math.floor(len(rows) * 0.9)))
        cut = min(cut, len(rows) - 1)
        held[u] = (rows[:cut], rows[cut:])
        train[rows[cut:]] = False
    return train, held


def score_lists(ranked: dict[int, list[int]], truth: dict[int, set[int]], n_items: int) -> dict[str, float]:
    """precision@K, NDCG@K, MRR@25 and coverage from each test user's ranked list and true items."""
    out = {f"normalized_discounted_cumulative_gain_at_{k}": 0.0 for k in KS}
    out.update({f"precision_at_{k}": 0.0 for k in KS})
    out["mean_reciprocal_rank_at_25"] = 0.0
    seen: set[int] = set()
    users = [u for u in ranked if truth.get(u)]
    for u in users:
        recs, relevant = ranked[u][:25], truth[u]
        seen.update(recs)
        hits = [1.0 if r in relevant else 0.0 for r in recs]
        for k in KS:
            dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits[:k]))
            ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
            out[f"normalized_discounted_cumulative_gain_at_{k}"] += dcg / ideal
            out[f"precision_at_{k}"] += sum(hits[:k]) / k
        first = next((i for i, h in enumerate(hits) if h), None)
        out["mean_reciprocal_rank_at_25"] += 0.0 if first is None else 1.0 / (first + 1)
    n = max(1, len(users))
    metrics = {k: round(v / n, 4) for k, v in out.items()}
    metrics["coverage"] = round(len(seen) / max(1, n_items), 4)
    return metrics
