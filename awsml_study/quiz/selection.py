"""Which questions a quiz asks, per mode. Every draw takes a seed and is repeatable with it."""
from __future__ import annotations

import random
from datetime import date

from awsml_study.quiz.bank import Question
from awsml_study.quiz.exams import EXAMS

MODES = ("practice", "exam", "review", "spaced")


def for_service(questions: list[Question], name: str | None) -> list[Question]:
    """Questions of bank `name` plus questions about service `name` from any bank."""
    if not name:
        return list(questions)
    return [q for q in questions if q.bank == name or name in q.services]


def practice(questions: list[Question], count: int | None, rng: random.Random) -> list[Question]:
    """A shuffled sample; every question when count is None."""
    picked = list(questions)
    rng.shuffle(picked)
    return picked if count is None else picked[:count]


def allocate(count: int, weights: dict[int, float], available: dict[int, int]) -> dict[int, int]:
    """Split `count` over domains by weight (largest remainder), never past what a domain holds.

    Slots a short domain cannot fill go to the others, again by weight, so the total stays
    `count` whenever the pool is big enough.
    """
    quota = {d: 0 for d in weights}
    target = min(count, sum(available.get(d, 0) for d in weights))
    while True:
        left = target - sum(quota.values())
        open_ = [d for d in weights if quota[d] < available.get(d, 0)]
        if left <= 0 or not open_:
            break
        total = sum(weights[d] for d in open_) or len(open_)
        shares = {d: left * (weights[d] or 0) / total for d in open_}
        add = {d: min(int(shares[d]), available[d] - quota[d]) for d in open_}
        rest = left - sum(add.values())
        # Remaining slots go by largest fractional part; ties to the lower domain number.
        for d in sorted(open_, key=lambda d: (-(shares[d] % 1), d)):
            if rest == 0:
                break
            if quota[d] + add[d] < available[d]:
                add[d] += 1
                rest -= 1
        for d in open_:
            quota[d] += add[d]
    return quota


def exam(questions: list[Question], code: str, count: int | None, rng: random.Random,
         include_connect: bool = False) -> list[Question]:
    """Draw `count` (default: a full 65-question mock) by the exam's domain weights.

    Questions outside both exams (exams == {}, the Connect questions) are left out unless
    include_connect; then they take their share of the combined pool.
    """
    spec = EXAMS[code]
    count = spec.questions if count is None else count
    by_domain: dict[int, list[Question]] = {d: [] for d in spec.domains}
    for q in questions:
        if code in q.exams:
            by_domain[q.exams[code]].append(q)
    extra = [q for q in questions if not q.exams] if include_connect else []
    in_scope = sum(len(v) for v in by_domain.values())
    n_extra = 0
    if extra:
        n_extra = min(len(extra), max(1, round(count * len(extra) / (in_scope + len(extra)))))
    quota = allocate(count - n_extra, spec.weights(), {d: len(v) for d, v in by_domain.items()})
    picked = []
    for d, pool in by_domain.items():
        picked += rng.sample(sorted(pool, key=lambda q: q.id), quota[d])
    picked += rng.sample(sorted(extra, key=lambda q: q.id), min(n_extra, count - len(picked)))
    rng.shuffle(picked)
    return picked


def review(questions: list[Question], wrong_ids: set[str], count: int | None,
           rng: random.Random) -> list[Question]:
    """Only questions whose latest attempt was wrong."""
    return practice([q for q in questions if q.id in wrong_ids], count, rng)


def spaced(questions: list[Question], cards: dict[str, dict], count: int | None, today: date,
           rng: random.Random) -> list[Question]:
    """Leitner: the cards due today or earlier, lowest box first, then oldest due date.

    Questions never seen count as box 1, due now. Default count: 20.
    """
    count = 20 if count is None else count
    never = {"box": 1, "due": "0001-01-01"}
    due = [q for q in questions if date.fromisoformat(cards.get(q.id, never)["due"]) <= today]
    rng.shuffle(due)  # ties in box and due date come out in a seeded random order
    due.sort(key=lambda q: (cards.get(q.id, never)["box"], cards.get(q.id, never)["due"]))
    return due[:count]
