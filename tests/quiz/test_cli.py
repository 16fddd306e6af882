"""The terminal quiz end to end, run as `python -m awsml_study quiz ...` with scripted stdin."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

import pytest

from .helpers import FIXTURES, REPO


def quiz(*args, stdin="", banks=FIXTURES):
    env = dict(os.environ, AWSML_STUDY_QUIZZES=str(banks), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "awsml_study", "quiz", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=60)


def last_line(result):
    return result.stdout.strip().splitlines()[-1]


def asked(result):
    return re.findall(r"\[(fx[a-z]-\d{3}) \|", result.stdout)


def test_practice_prints_explanations_and_ends_with_score():
    r = quiz("--service", "rekognition", "--count", "4", "--seed", "1", stdin="AC\nBCAD\n1C 2A 3B\nB\n")
    assert r.returncode == 0, r.stderr
    assert asked(r) == ["fxr-002", "fxr-003", "fxr-004", "fxq-001"]
    assert r.stdout.count("Correct.") == 4 and "Why:" in r.stdout
    assert "Case study: A shop's photo pipeline" in r.stdout
    assert last_line(r) == "Score: 4/4"


def test_case_study_scenario_comes_before_its_question():
    r = quiz("--service", "rekognition", "--count", "1", "--seed", "1", stdin="AB\n")
    assert r.stdout.index("A shop uploads product photos") < r.stdout.index("Which two are true")
    assert "Why not the others:" in r.stdout and "B: Start* returns a JobId" in r.stdout


def test_reprompts_on_garbage_and_reads_any_case():
    r = quiz("--service", "rekognition", "--count", "4", "--seed", "1",
             stdin="hello\nA\nZZ\nac\n\nbcad\n1C 2A\n1c 2a 3b\n5\nb\n")
    assert r.returncode == 0
    assert r.stdout.count("Could not use that") == 6
    assert last_line(r) == "Score: 4/4"


def test_early_eof_still_prints_score():
    r = quiz("--service", "rekognition", "--seed", "1", stdin="AC\n")
    assert r.returncode == 0
    assert "4 unanswered question(s) count as wrong." in r.stdout
    assert last_line(r) == "Score: 1/5"
    r = quiz("--service", "choosing", stdin="")
    assert last_line(r) == "Score: 0/2"


def test_partial_credit_shown_but_score_counts_full_credit_only():
    r = quiz("--service", "rekognition", "--count", "2", "--seed", "1", stdin="AB\nBCDA\n")
    assert "Partly right (score 0.67)" in r.stdout and "Wrong. The answer is AC." in r.stdout
    assert "points with partial credit: 0.67/2" in r.stdout
    assert last_line(r) == "Score: 0/2"


# Every fixture question accepts one of these lines, so cycling them answers any draw.
ANY = "A\nAC\nBCAD\n1C 2A 3B\n" * 8


def test_seed_repeats_the_same_draw():
    a = quiz("--seed", "42", "--count", "7", stdin=ANY)
    b = quiz("--seed", "42", "--count", "7", stdin=ANY)
    c = quiz("--seed", "43", "--count", "7", stdin=ANY)
    assert "(seed 42)" in a.stdout and len(asked(a)) == 7
    assert asked(a) == asked(b) and a.stdout == b.stdout
    assert asked(a) != asked(c)


def test_exam_mode_hides_feedback_and_estimates_the_scaled_score():
    r = quiz("--exam", "AIF-C01", "--count", "4", "--seed", "2", stdin="A\nA\nA\nA\nA\n")
    assert r.returncode == 0
    assert "Why:" not in r.stdout and "Correct." not in r.stdout
    assert "fxc-001" not in asked(r)               # Connect is out of exam scope
    assert re.search(r"Estimated scaled score: \d+ \(ESTIMATE; (at or above|below) the pass mark 700\)", r.stdout)
    assert re.fullmatch(r"Score: \d/4", last_line(r))


def test_include_connect_lets_exam_mode_draw_connect():
    without = quiz("--exam", "AIF-C01", "--seed", "2", stdin="")
    with_connect = quiz("--exam", "AIF-C01", "--include-connect", "--seed", "2", stdin="")
    assert "out of exam scope" not in without.stdout
    assert "out of exam scope: 0/1" in with_connect.stdout     # the Connect question was drawn
    assert "only 6 AIF-C01 questions available" in with_connect.stdout


def test_review_mode_after_a_wrong_answer(progress_path):
    quiz("--service", "connect", stdin="A\n")                 # wrong (answer B)
    r = quiz("--mode", "review", stdin="B\n")
    assert asked(r) == ["fxc-001"] and last_line(r) == "Score: 1/1"
    r = quiz("--mode", "review", stdin="")
    assert last_line(r) == "Score: 0/0"
    assert json.loads(progress_path.read_text())["leitner"]["fxc-001"]["box"] == 2


def test_spaced_mode_runs():
    r = quiz("--mode", "spaced", "--count", "3", "--seed", "1", stdin=ANY)
    assert r.returncode == 0 and len(asked(r)) == 3 and last_line(r).startswith("Score: ")


@pytest.mark.parametrize("args", [["--mode", "cram"], ["--exam", "SAA-C03"], ["--count", "0"],
                                  ["--count", "many"], ["--seed", "x"], ["--service", "nonsense"],
                                  ["--bogus"], ["export-scores"]])
def test_bad_arguments_exit_2(args):
    r = quiz(*args)
    assert r.returncode == 2 and r.stderr


def test_help_exits_0():
    assert quiz("--help").returncode == 0


def test_broken_bank_exits_1_with_the_error(tmp_path):
    data = json.loads((FIXTURES / "choosing.json").read_text())
    data["questions"][0]["answer"] = ["Q"]
    (tmp_path / "choosing.json").write_text(json.dumps(data))
    for args in ([], ["stats", "--json"]):
        r = quiz(*args, banks=tmp_path, stdin="A\n")
        assert r.returncode == 1
        assert "choosing.json: question fxq-001: answer names options that do not exist" in r.stderr
        assert "Score:" not in r.stdout


def test_stats_json():
    r = quiz("stats", "--json")
    data = json.loads(r.stdout)
    assert r.returncode == 0
    assert data["total"] == 7
    assert data["by_service"]["rekognition"] == 5 and data["by_service"]["polly"] == 0
    assert data["by_type"] == {"matching": 1, "multiple": 1, "ordering": 1, "single": 4}
    assert data["by_domain"]["AIF-C01"]["1"] == 2 and data["by_domain"]["MLA-C02"]["4"] == 0
    assert data["out_of_scope"] == 1


def test_stats_on_the_real_banks():
    r = quiz("stats", "--json", banks=REPO / "quizzes")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] > 0


def test_export_scores(tmp_path):
    quiz("--service", "rekognition", "--count", "2", "--seed", "1", "--mode", "practice", stdin="AC\nBCDA\n")
    out = tmp_path / "scores.csv"
    r = quiz("export-scores", str(out))
    assert r.returncode == 0 and "Wrote 2 attempt(s)" in r.stdout
    rows = list(csv.DictReader(out.open()))
    assert [(row["question_id"], row["mode"], row["correct"]) for row in rows] == \
        [("fxr-002", "practice", "True"), ("fxr-003", "practice", "False")]
    assert rows[1]["score"] == "0.6667" and rows[1]["topic"] == "face search"
    assert set(rows[0]) == {"timestamp", "question_id", "service", "topic", "exams", "mode", "score", "correct"}


def test_results_command():
    quiz("--service", "connect", stdin="B\n")
    r = quiz("results")
    assert r.returncode == 0 and "connect" in r.stdout and "1/1" in r.stdout


def test_stats_print_domains_against_two_mock_needs():
    r = quiz("stats")
    assert r.returncode == 0, r.stderr
    assert "needed for two distinct full mock exams" in r.stdout
    assert "D1 Fundamentals of AI and ML (20 %): 2 / 26  short by 24" in r.stdout
    assert "MLA-C02 (NOT enough for two mocks)" in r.stdout
    data = json.loads(quiz("stats", "--json").stdout)
    assert data["mocks"]["AIF-C01"]["domains"]["3"] == {"have": 2, "need": 37, "short": 35, "one_mock_draws": 2}
    assert data["by_main_service"]["rekognition"] == 4


def test_full_mock_on_the_real_banks_never_repeats_a_question():
    """`quiz --exam AIF-C01 --count 65`: 65 distinct questions, answered right, scored 65/65."""
    from awsml_study.quiz import start
    from awsml_study.quiz.bank import load_banks

    expected = start(mode="exam", exam="AIF-C01", count=65, seed=3, bank=load_banks(REPO / "quizzes"))
    answers = "".join(q.answer_text() + "\n" for q in expected.questions)
    r = quiz("--exam", "AIF-C01", "--count", "65", "--seed", "3", stdin=answers, banks=REPO / "quizzes")
    assert r.returncode == 0, r.stderr
    shown = re.findall(r"^Question \d+/65  \[([a-z]+-\d{3}) \|", r.stdout, re.M)
    assert len(shown) == 65 and len(set(shown)) == 65
    assert shown == [q.id for q in expected.questions]
    assert last_line(r) == "Score: 65/65"
    assert "How it is estimated: a linear mapping" in r.stdout


def test_next_mock_avoids_the_last_one_unless_repeats_are_allowed():
    banks = REPO / "quizzes"
    from awsml_study.quiz import start
    from awsml_study.quiz.bank import load_banks

    ids = re.compile(r"^Question \d+/20  \[([a-z]+-\d{3}) \|", re.M)
    first = start(mode="exam", exam="MLA-C02", count=20, seed=5, bank=load_banks(banks))
    answers = "".join(q.answer_text() + "\n" for q in first.questions)
    a = quiz("--exam", "MLA-C02", "--count", "20", "--seed", "5", stdin=answers, banks=banks)
    assert ids.findall(a.stdout) == [q.id for q in first.questions]
    b = quiz("--exam", "MLA-C02", "--count", "20", "--seed", "5", stdin="", banks=banks)
    c = quiz("--exam", "MLA-C02", "--count", "20", "--seed", "5", "--allow-repeats", stdin="", banks=banks)
    assert ids.findall(b.stdout)[0] not in {q.id for q in first.questions}   # a fresh question
    assert ids.findall(c.stdout)[0] == first.questions[0].id                 # the same draw again
