"""A MovieLens-style dataset the kit generates itself: users with tastes, movies with genres, ratings.

Nothing here is real: titles are built from word lists, users are numbers. Each user has a hidden
taste (weights over genres); each movie has one to three genres and a popularity drawn from a
power law, like real catalogues. A user watches movies with probability rising with taste·genres
and popularity, so a collaborative-filtering model has real structure to find and a popularity
baseline has something to lose against.
"""
from __future__ import annotations

import numpy as np

GENRES = ["Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
          "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"]
_ADJ = ["Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Distant", "Frozen", "Wild",
        "Secret", "Electric", "Lonely", "Midnight", "Iron", "Paper", "Burning", "Quiet", "Lost"]
_NOUN = ["Harbor", "Garden", "Kingdom", "Signal", "Orchard", "Empire", "River", "Mirror", "Engine",
         "Valley", "Letter", "Tower", "Storm", "Island", "Circus", "Planet", "Journey", "Melody"]
EPOCH = 1_700_000_000  # 2023-11-14 UTC: interaction timestamps are Unix seconds after this


def movielens_style(n_users: int = 500, n_items: int = 300, n_interactions: int = 20_000,
                    seed: int = 7, days: int = 120) -> dict[str, list[dict]]:
    """{"interactions": [...], "items": [...], "users": [...]} as rows with Personalize's columns.

    Interactions: USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE (watch | rate), EVENT_VALUE (rating 1-5).
    Items: ITEM_ID, GENRES (pipe-separated, as MovieLens writes them), YEAR, TITLE.
    Users: USER_ID, AGE_GROUP, MEMBERSHIP.
    """
    rng = np.random.default_rng(seed)
    g = len(GENRES)
    item_genres = []
    for _ in range(n_items):
        k = rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15])
        item_genres.append(sorted(rng.choice(g, size=k, replace=False).tolist()))
    genre_matrix = np.zeros((n_items, g))
    for i, gs in enumerate(item_genres):
        genre_matrix[i, gs] = 1.0 / len(gs)
    popularity = rng.pareto(1.2, n_items) + 1.0
    # Each user loves two or three genres and dislikes the rest.
    taste = np.full((n_users, g), -1.0)
    for u in range(n_users):
        taste[u, rng.choice(g, size=rng.integers(2, 4), replace=False)] = 3.0
    logits = 2.0 * taste @ genre_matrix.T + 0.8 * np.log(popularity)[None, :]
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    activity = rng.lognormal(0.0, 0.6, n_users)
    per_user = np.maximum(3, np.round(activity / activity.sum() * n_interactions)).astype(int)
    per_user = np.minimum(per_user, n_items // 2)
    rows = []
    for u in range(n_users):
        chosen = rng.choice(n_items, size=per_user[u], replace=False, p=probs[u])
        times = np.sort(EPOCH + rng.integers(0, days * 86_400, size=len(chosen)))
        for item, t in zip(chosen, times):
            affinity = float(taste[u] @ genre_matrix[item])
            rating = int(np.clip(np.round(3 + affinity * 0.6 + rng.normal(0, 0.7)), 1, 5))
            rows.append({"USER_ID": f"u{u + 1}", "ITEM_ID": f"m{item + 1}", "TIMESTAMP": int(t),
                         "EVENT_TYPE": "watch", "EVENT_VALUE": float(rating)})
            if rng.random() < 0.3:
                rows.append({"USER_ID": f"u{u + 1}", "ITEM_ID": f"m{item + 1}",
                             "TIMESTAMP": int(t) + 120, "EVENT_TYPE": "rate", "EVENT_VALUE": float(rating)})
    rows.sort(key=lambda r: (r["TIMESTAMP"], r["USER_ID"]))
    items = [{"ITEM_ID": f"m{i + 1}", "GENRES": "|".join(GENRES[x] for x in gs),
              "YEAR": int(rng.integers(1950, 2024)),
              "TITLE": f"The {_ADJ[rng.integers(len(_ADJ))]} {_NOUN[rng.integers(len(_NOUN))]}"}
             for i, gs in enumerate(item_genres)]
    users = [{"USER_ID": f"u{u + 1}", "AGE_GROUP": str(rng.choice(["18-24", "25-34", "35-49", "50+"])),
              "MEMBERSHIP": str(rng.choice(["free", "premium"], p=[0.7, 0.3]))} for u in range(n_users)]
    return {"interactions": rows, "items": items, "users": users}


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """Rows as the CSV text Personalize imports (header line, comma-separated, quoted when needed)."""
    import csv
    import io
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
