"""Which questions a quiz asks, per mode. Every draw takes a seed and is repeatable with it."""
from __future__ import annotations

import random
from datetime import date

from awsml_study.quiz.bank import Question
from awsml_study.quiz.exams import EXAMS, allocate

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




def exam(questions: list[Question], code: str, count: int | None, rng: random.Random,
         include_connect: bool = False, avoid: set[str] | frozenset = frozenset()) -> list[Question]:
    """Draw `count` (default: a full 65-question mock) by the exam's domain weights.

    No question appears twice in one draw. Questions outside both exams (exams == {}, the
    Connect questions) are left out unless include_connect; then they take their share of
    the combined pool. Questions in `avoid` (those of the learner's last mock exam) are
    drawn only when a domain has too few others, so consecutive mocks differ.
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
        picked += _sample_avoiding(pool, quota[d], avoid, rng)
    picked += _sample_avoiding(extra, min(n_extra, count - len(picked)), avoid, rng)
    rng.shuffle(picked)
    return picked


def _sample_avoiding(pool: list[Question], k: int, avoid, rng: random.Random) -> list[Question]:
    """k distinct questions, fresh ones (not in `avoid`) first, seeded and repeatable."""
    fresh = sorted((q for q in pool if q.id not in avoid), key=lambda q: q.id)
    seen = sorted((q for q in pool if q.id in avoid), key=lambda q: q.id)
    take = min(k, len(fresh))
    return rng.sample(fresh, take) + rng.sample(seen, min(k - take, len(seen)))


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
