"""Shared data of the capstone notebook: the offers catalogue, offer history and churn customers.

All of it is synthetic and generated here from a fixed seed (nothing is downloaded): a small
telecom, "Harbor Mobile", whose offers, customers and their churn follow the simple rules below,
so a learner can read why a model learns what it learns.
"""
from __future__ import annotations

import math
import random

# Each offer is a Personalize item; CATEGORY decides which offers a call's sentiment allows.
OFFERS = [
    ("o1", "retention", "One month free"),
    ("o2", "retention", "Bill credit of $20"),
    ("o3", "retention", "Free data top-up"),
    ("o4", "retention", "Priority support line"),
    ("o5", "retention", "Waived upgrade fee"),
    ("o6", "retention", "Loyalty price lock"),
    ("o7", "upsell", "Unlimited 5G plan"),
    ("o8", "upsell", "Family add-on line"),
    ("o9", "upsell", "Roaming pass"),
    ("o10", "upsell", "Streaming bundle"),
    ("o11", "upsell", "Device insurance"),
    ("o12", "upsell", "Smartwatch plan"),
]
TITLES = {item: title for item, _, title in OFFERS}
CATEGORY = {item: category for item, category, _ in OFFERS}

# The churn model's inputs, in the order of the CSV columns after the label.
FEATURES = ["tenure_months", "monthly_bill", "support_calls_90d", "negative_sentiment", "on_contract"]


def offers_csv() -> bytes:
    """The Items dataset: ITEM_ID, CATEGORY, TITLE."""
    rows = ["ITEM_ID,CATEGORY,TITLE"] + [f"{i},{c},{t}" for i, c, t in OFFERS]
    return ("\n".join(rows) + "\n").encode()


def offer_history(users: int = 150, per_user: int = 9, seed: int = 13) -> bytes:
    """The Interactions dataset: which offers customers accepted (USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE).

    Customers come in three tastes (savers, data users, families), each accepting mostly two or
    three offers of each category, so a recommender has something to learn.
    """
    rng = random.Random(seed)
    tastes = [["o2", "o6", "o3", "o9"], ["o3", "o1", "o7", "o10"], ["o5", "o4", "o8", "o11", "o12"]]
    start = 1_760_000_000
    rows = ["USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE"]
    for u in range(users):
        liked = tastes[u % len(tastes)]
        for k in range(per_user):
            item = rng.choice(liked) if rng.random() < 0.8 else rng.choice(OFFERS)[0]
            rows.append(f"c{u},{item},{start + u * 1000 + k * 60},accepted")
    return ("\n".join(rows) + "\n").encode()


def churn_probability(tenure, bill, calls, negative, contract) -> float:
    """The rule the synthetic customers churn by (the model never sees it, only its outcomes)."""
    z = -1.2 - 0.05 * tenure + 0.02 * (bill - 50) + 0.55 * calls + 3.0 * negative - 1.3 * contract
    return 1 / (1 + math.exp(-z))


def churn_customers(n: int = 800, seed: int = 7) -> tuple[list[list[float]], list[int]]:
    """`n` customers as rows of FEATURES, and whether each churned (1) or stayed (0)."""
    rng = random.Random(seed)
    X, y = [], []
    for _ in range(n):
        row = [rng.randint(1, 72), round(rng.uniform(20, 120), 2), rng.choice([0, 0, 0, 1, 1, 2, 3, 4]),
               round(rng.betavariate(1.5, 4), 3), rng.choice([0, 1])]
        X.append(row)
        y.append(int(rng.random() < churn_probability(*row)))
    return X, y


def to_csv(X, y=None) -> bytes:
    """Rows as CSV without a header, the label first when given (SageMaker XGBoost's layout)."""
    lines = []
    for i, row in enumerate(X):
        values = ([y[i]] if y is not None else []) + list(row)
        lines.append(",".join(str(v) for v in values))
    return ("\n".join(lines) + "\n").encode()


def offer_filter_category(sentiment: str) -> str:
    """Which offers the pipeline may make after a call: an unhappy caller gets a retention offer."""
    return "retention" if sentiment in ("NEGATIVE", "MIXED") else "upsell"


def markdown_table(rows: list[dict], columns: list[str]) -> str:
    """A small markdown table of `rows` (for IPython's Markdown display)."""
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "".join("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |\n" for r in rows)
