"""Interactions encoded as integer codes: the one input every recommendation model trains on."""
from __future__ import annotations

import numpy as np


class Encoded:
    """Users, items and interactions as arrays of codes, with the event weights models use.

    `weights` counts every event once, times EVENT_VALUE when the solution asks for a value
    threshold (events under it are dropped before this, as Personalize does).
    """

    def __init__(self, user_ids, item_ids, timestamps, event_types=None, extra_items=()):
        self.users: list[str] = list(dict.fromkeys(user_ids))
        self.items: list[str] = list(dict.fromkeys([*item_ids, *extra_items]))
        self.user_index = {u: k for k, u in enumerate(self.users)}
        self.item_index = {i: k for k, i in enumerate(self.items)}
        self.u = np.fromiter((self.user_index[x] for x in user_ids), dtype=np.int32, count=len(user_ids))
        self.i = np.fromiter((self.item_index[x] for x in item_ids), dtype=np.int32, count=len(item_ids))
        self.t = np.asarray(timestamps, dtype=np.float64)
        self.event_types = list(event_types) if event_types is not None else [""] * len(user_ids)

    @property
    def n_users(self) -> int:
        return len(self.users)

    @property
    def n_items(self) -> int:
        return len(self.items)

    def matrix(self, mask: np.ndarray | None = None):
        """users × items CSR of event counts (only rows where mask is True)."""
        from scipy.sparse import csr_matrix
        u, i = (self.u, self.i) if mask is None else (self.u[mask], self.i[mask])
        m = csr_matrix((np.ones(len(u), dtype=np.float32), (u, i)), shape=(self.n_users, self.n_items))
        m.sum_duplicates()
        return m

    def history(self, rows: np.ndarray) -> dict[int, float]:
        """item code → event count over some interaction rows (a user's history)."""
        out: dict[int, float] = {}
        for k in self.i[rows]:
            out[int(k)] = out.get(int(k), 0.0) + 1.0
        return out
