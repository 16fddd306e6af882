"""Which questions each mode draws: exam weights, Connect exclusion, review, Leitner, seeds."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from awsml_study.quiz import Progress, QuestionBank, start
from awsml_study.quiz.exams import EXAMS
from awsml_study.quiz.grading import grade
from awsml_study.quiz.selection import allocate, exam, for_service, practice, review, spaced

from .helpers import make_question


def pool(per_domain=30, connect=10):
    qs = []
    for d in range(1, 6):
        for i in range(per_domain):
            exams = {"AIF-C01": d}
            if d <= 4:
                exams["MLA-C02"] = d
            qs.append(make_question(f"q{d}-{i:03d}", exams=exams, services=("rekognition",), bank="rekognition"))
    for i in range(connect):
        qs.append(make_question(f"con-{i:03d}", exams={}, services=("connect",), bank="connect",
                                scope_note="out of scope"))
    return qs


def as_bank(questions):
    return QuestionBank(folder=None, questions=questions, titles={"rekognition": "R", "connect": "C"})


@pytest.mark.parametrize("code", ["AIF-C01", "MLA-C02"])
def test_full_mock_is_65_questions_by_domain_weight(code):
    picked = exam(pool(), code, None, random.Random(1))
    assert len(picked) == 65 and len({q.id for q in picked}) == 65
    counts = Counter(q.exams[code] for q in picked)
    for d, w in EXAMS[code].weights().items():
        assert abs(counts[d] - 65 * w / 100) < 1, (d, counts)


def test_aif_weights_for_ten_questions():
    picked = exam(pool(), "AIF-C01", 10, random.Random(3))
    assert Counter(q.exams["AIF-C01"] for q in picked) == {1: 2, 2: 3, 3: 3, 4: 1, 5: 1}


def test_allocate_moves_slots_from_short_domains():
    weights = EXAMS["AIF-C01"].weights()
    assert allocate(65, weights, {d: 100 for d in weights}) == {1: 13, 2: 16, 3: 18, 4: 9, 5: 9}
    short = allocate(65, weights, {1: 3, 2: 100, 3: 5, 4: 100, 5: 0})
    assert sum(short.values()) == 65 and short[1] == 3 and short[3] == 5 and short[5] == 0
    assert allocate(65, weights, {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}) == {d: 2 for d in weights}


def test_connect_left_out_of_exams_unless_asked():
    qs = pool()
    for seed in range(5):
        assert not any(q.bank == "connect" for q in exam(qs, "AIF-C01", 65, random.Random(seed)))
    with_connect = exam(qs, "AIF-C01", 65, random.Random(0), include_connect=True)
    assert len(with_connect) == 65
    assert 1 <= sum(q.bank == "connect" for q in with_connect) <= 10


def test_practice_keeps_connect_questions():
    qs = pool()
    assert any(q.bank == "connect" for q in practice(qs, None, random.Random(0)))


def test_seed_makes_every_draw_repeatable():
    qs = pool()
    ids = lambda picked: [q.id for q in picked]
    assert ids(exam(qs, "MLA-C02", 20, random.Random(7))) == ids(exam(qs, "MLA-C02", 20, random.Random(7)))
    assert ids(practice(qs, 10, random.Random(7))) == ids(practice(qs, 10, random.Random(7)))
    assert ids(practice(qs, 10, random.Random(7))) != ids(practice(qs, 10, random.Random(8)))
    a = start(mode="exam", exam="AIF-C01", count=12, seed=5, bank=as_bank(qs))
    b = start(mode="exam", exam="AIF-C01", count=12, seed=5, bank=as_bank(qs))
    assert ids(a.questions) == ids(b.questions)


def test_for_service_takes_the_bank_and_questions_naming_the_service(fixture_bank):
    ids = {q.id for q in for_service(fixture_bank.questions, "textract")}
    assert ids == {"fxr-004", "fxq-001"}
    assert {q.id for q in for_service(fixture_bank.questions, "choosing")} == {"fxq-001", "fxq-002"}
    assert len(for_service(fixture_bank.questions, None)) == 7


def test_review_takes_only_questions_last_answered_wrong(fixture_bank):
    progress = Progress()
    q1, q2, q3 = fixture_bank["fxr-001"], fixture_bank["fxq-001"], fixture_bank["fxq-002"]
    progress.record(q1, grade(q1, "B"), "practice")     # wrong
    progress.record(q2, grade(q2, "A"), "practice")     # wrong ...
    progress.record(q2, grade(q2, "B"), "practice")     # ... then right
    progress.record(q3, grade(q3, "B"), "practice")     # right
    assert progress.wrong_ids() == {"fxr-001"}
    assert [q.id for q in review(fixture_bank.questions, progress.wrong_ids(), None, random.Random(0))] == ["fxr-001"]
    session = start(mode="review", bank=fixture_bank, progress=progress)
    assert [q.id for q in session.questions] == ["fxr-001"]


def test_leitner_boxes_move_up_on_right_and_back_to_one_on_wrong():
    progress = Progress()
    today = date(2026, 11, 21)
    for expected_box, days in [(2, 2), (3, 4), (4, 8), (5, 16), (5, 16)]:
        progress.move_card("q", True, today)
        assert progress.card("q") == {"box": expected_box, "due": str(today + timedelta(days=days))}
    progress.move_card("q", False, today)
    assert progress.card("q") == {"box": 1, "due": str(today + timedelta(days=1))}
    assert progress.card("never-seen")["box"] == 1


def test_spaced_draws_due_cards_lowest_box_first():
    qs = [make_question(f"s-{i:03d}") for i in range(6)]
    today = date(2026, 11, 21)
    cards = {
        "s-000": {"box": 3, "due": "2026-11-20"},   # due, box 3
        "s-001": {"box": 1, "due": "2026-11-21"},   # due today, box 1
        "s-002": {"box": 2, "due": "2026-11-30"},   # not due
        "s-003": {"box": 5, "due": "2026-12-20"},   # not due
        # s-004 and s-005 never seen: box 1, due now
    }
    picked = [q.id for q in spaced(qs, cards, None, today, random.Random(0))]
    assert set(picked) == {"s-000", "s-001", "s-004", "s-005"}
    assert picked[-1] == "s-000"                       # the box-3 card comes last
    assert picked[:3].count("s-001") == 1
    assert len(spaced(qs, cards, 2, today, random.Random(0))) == 2


def test_spaced_session_uses_saved_cards(fixture_bank):
    progress = Progress()
    q = fixture_bank["fxr-001"]
    progress.record(q, grade(q, "A"), "spaced")          # right: box 2, due in 2 days
    session = start(mode="spaced", bank=fixture_bank, progress=progress, today=date.today())
    assert "fxr-001" not in {x.id for x in session.questions}
    later = start(mode="spaced", bank=fixture_bank, progress=progress, today=date.today() + timedelta(days=2))
    assert "fxr-001" in {x.id for x in later.questions}


def test_start_rejects_bad_arguments(fixture_bank):
    for kwargs in ({"mode": "cram"}, {"exam": "SAA-C03"}, {"count": 0}, {"service": "bogus"}):
        with pytest.raises(ValueError):
            start(bank=fixture_bank, **kwargs)


def test_exam_argument_implies_exam_mode(fixture_bank):
    session = start(exam="MLA-C02", bank=fixture_bank, seed=1)
    assert session.mode == "exam" and session.exam == "MLA-C02"
    assert all("MLA-C02" in q.exams for q in session.questions)
    assert any("only" in n for n in session.notes)
