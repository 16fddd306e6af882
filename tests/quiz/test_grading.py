"""Partial credit per question type, and reading typed answers."""
from __future__ import annotations

import pytest

from awsml_study.quiz.grading import (InvalidResponse, grade, matching_score, multiple_score,
                                      ordering_score, parse_answer, single_score)

from .helpers import make_question


def test_single_is_all_or_nothing():
    q = make_question(type="single")   # answer B
    assert grade(q, "B").score == 1.0 and grade(q, "b").correct
    assert grade(q, ["A"]).score == 0.0
    assert single_score("c", "C") == 1.0


@pytest.mark.parametrize("picks,score", [
    ("AC", 1.0),      # exact
    ("A", 0.5),       # one right, none wrong
    ("AB", 0.0),      # one right, one wrong
    ("ACB", 0.5),     # two right, one wrong
    ("BDE", 0.0),     # all wrong: floored at 0
    ("ABCDE", 0.0),   # everything picked: 2 - 3 < 0
    ("", 0.0),
])
def test_multiple_right_minus_wrong_over_choose(picks, score):
    assert multiple_score(picks, "AC", choose=2) == pytest.approx(score)


def test_multiple_full_credit_only_when_exact():
    q = make_question(type="multiple")
    assert grade(q, "CA").correct
    assert not grade(q, "A").correct and grade(q, "A").score == 0.5
    assert multiple_score("ABD", "ABD", 3) == 1.0 and multiple_score("ABE", "ABD", 3) == pytest.approx(1 / 3)


@pytest.mark.parametrize("order,score", [
    # answer B A D C: its adjacent pairs are (B,A), (A,D), (D,C)
    ("BADC", 1.0),
    ("ABDC", 2 / 3),     # (B,A) broken
    ("BDCA", 2 / 3),     # A moved to the end: (A,D) broken
    ("DCBA", 2 / 3),     # (A,D) broken
    ("ACDB", 1 / 3),     # only (A,D) kept
    ("CDAB", 0.0),       # the reverse keeps no pair
])
def test_ordering_adjacent_pairs(order, score):
    assert ordering_score(order, "BADC") == pytest.approx(score)
    assert ordering_score(list(order), list("BADC")) == pytest.approx(score)


def test_ordering_full_credit_only_for_exact_order():
    q = make_question(type="ordering")   # answer B A D C
    assert grade(q, "BADC").correct
    assert not grade(q, "ABDC").correct and grade(q, "ABDC").score == pytest.approx(2 / 3)
    assert ordering_score("ABCDE", "EDCBA") == 0.0
    assert ordering_score("BAD", "BADC") == pytest.approx(2 / 3)  # a missing step breaks its pair


def test_matching_share_of_prompts():
    q = make_question(type="matching")   # 1C 2A 3B
    assert grade(q, "1C 2A 3B").correct
    assert grade(q, {"1": "C", "2": "B", "3": "A"}).score == pytest.approx(1 / 3)
    assert grade(q, {"1": "c"}).score == pytest.approx(1 / 3)      # unmatched prompts are wrong
    assert matching_score({}, {"1": "A"}) == 0.0
    assert not grade(q, {"1": "C", "2": "A"}).correct


def test_unanswered_scores_zero():
    for kind in ("single", "multiple", "ordering", "matching"):
        g = grade(make_question(type=kind), None)
        assert g.score == 0.0 and not g.correct


def test_case_study_questions_grade_like_any_other(fixture_bank):
    q = fixture_bank["fxr-003"]
    assert q.case_study["id"] == "cs-shop"
    assert grade(q, "BCAD").correct and grade(q, "BCDA").score == pytest.approx(2 / 3)


@pytest.mark.parametrize("kind,text,expected", [
    ("single", " b ", ["B"]),
    ("multiple", "a c", ["A", "C"]),
    ("multiple", "c,a", ["C", "A"]),
    ("ordering", "badc", ["B", "A", "D", "C"]),
    ("matching", "1c 2a 3b", {"1": "C", "2": "A", "3": "B"}),
    ("matching", "1-C, 2:A 3=B", {"1": "C", "2": "A", "3": "B"}),
    ("matching", "cab", {"1": "C", "2": "A", "3": "B"}),
])
def test_parse_answer_reads_letters(kind, text, expected):
    assert parse_answer(make_question(type=kind), text) == expected


@pytest.mark.parametrize("kind,text", [
    ("single", ""), ("single", "E"), ("single", "AB"), ("single", "hello"), ("single", "1"),
    ("multiple", "A"), ("multiple", "AA"), ("multiple", "ACD"), ("multiple", "AZ"),
    ("ordering", "BAD"), ("ordering", "BADD"), ("ordering", "BADCE"),
    ("matching", "1C 2A"), ("matching", "1C 2A 4B"), ("matching", "1C 2A 3Z"), ("matching", "garbage!"),
    ("matching", "CA"),
])
def test_parse_answer_rejects_what_it_cannot_read(kind, text):
    with pytest.raises(InvalidResponse):
        parse_answer(make_question(type=kind), text)


def test_grade_rejects_unknown_keys():
    with pytest.raises(InvalidResponse):
        grade(make_question(type="single"), ["Z"])
    with pytest.raises(InvalidResponse):
        grade(make_question(type="matching"), {"9": "A"})
