"""A quiz run: feedback, time limit, unanswered questions, the exam estimate."""
from __future__ import annotations

import pytest

from awsml_study.quiz import InvalidResponse, Progress, QuizSession
from awsml_study.quiz.exams import estimate_scaled_score
from awsml_study.quiz.session import TimeUp

from .helpers import make_question


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_practice_feedback_and_saved_attempts(fixture_bank):
    progress = Progress()
    session = QuizSession([fixture_bank["fxr-001"], fixture_bank["fxr-002"]], progress=progress)
    fb = session.submit("B")
    assert not fb.grade.correct and fb.right_answer == "A"
    assert fb.why_wrong["B"] == "TIFF is a Textract format."
    session.next()
    with pytest.raises(InvalidResponse):
        session.submit("A")                            # multiple response needs two letters
    assert session.submit("AE").grade.score == 0.0
    assert session.next() is None
    summary = session.finish()
    assert (summary.correct, summary.total, summary.score_line()) == (0, 2, "Score: 0/2")
    assert [a["id"] for a in Progress().attempts] == ["fxr-001", "fxr-002"]


def test_unanswered_questions_count_as_wrong_but_are_not_saved():
    qs = [make_question(f"u-{i:03d}") for i in range(4)]
    session = QuizSession(qs, progress=Progress())
    session.submit("B")
    summary = session.finish()
    assert summary.score_line() == "Score: 1/4" and summary.answered == 1
    assert len(Progress().attempts) == 1


def test_time_limit_ends_the_exam():
    clock = Clock()
    qs = [make_question(f"t-{i:03d}", exams={"AIF-C01": 1}) for i in range(3)]
    session = QuizSession(qs, mode="exam", exam="AIF-C01", time_limit=60, clock=clock)
    session.submit("B")
    session.next()
    clock.now = 30
    assert session.time_left() == 30
    clock.now = 61
    with pytest.raises(TimeUp):
        session.submit("B")
    assert session.finished and session.summary().score_line() == "Score: 1/3"


def test_exam_summary_gives_domains_and_a_labelled_estimate():
    qs = [make_question(f"e-{i:03d}", exams={"MLA-C02": 1 + i % 4}) for i in range(8)]
    session = QuizSession(qs, mode="exam", exam="MLA-C02")
    for _ in range(6):
        session.submit("B")
        session.next()
    s = session.finish()
    assert s.correct == 6 and s.pass_mark == 720
    assert s.scaled_estimate == estimate_scaled_score(6, 8) == 775 and s.passed_estimate
    assert sum(asked for _, asked in s.by_domain.values()) == 8
    assert not session.shows_feedback


def test_scaled_estimate_bounds():
    assert estimate_scaled_score(0, 65) == 100
    assert estimate_scaled_score(65, 65) == 1000
    assert estimate_scaled_score(0, 0) == 100


def test_submit_after_the_end_is_refused():
    session = QuizSession([make_question()])
    session.submit("B")
    session.next()
    with pytest.raises(IndexError):
        session.submit("B")
