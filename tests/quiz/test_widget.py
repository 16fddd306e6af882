"""The quiz widget, results view and decision-guide widget, driven headless (no kernel)."""
from __future__ import annotations

import subprocess
import sys

import ipywidgets as widgets
import pytest

import awsml_study.quiz as quiz
from awsml_study.quiz import Progress, QuizSession
from awsml_study.quiz.widget import QuizWidget

from .helpers import FIXTURES, REPO, make_question


def html_of(widget) -> str:
    return " ".join(o["data"].get("text/html", "") for o in widget.out.outputs)


def test_import_loads_neither_ipywidgets_nor_matplotlib():
    code = ("import sys, awsml_study.quiz as q; q.recommend('text', 'speech'); "
            "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


def test_widget_is_a_box_owning_an_output(fixture_bank):
    w = QuizWidget(QuizSession([fixture_bank["fxr-001"]]))
    assert isinstance(w, widgets.Box) and w.out in w.children


def test_practice_widget_feedback_then_next_then_score(fixture_bank):
    qs = [fixture_bank[i] for i in ("fxr-001", "fxr-002", "fxr-003", "fxr-004")]
    w = QuizWidget(QuizSession(qs, progress=Progress()))
    fb = w.submit("C")
    assert not fb.grade.correct and "TIFF is a Textract format." in html_of(w)
    assert w.submit("A") is None                 # one answer per question
    assert w.next().id == "fxr-002"
    assert "A shop uploads product photos" in w.question_html.value
    assert w.submit("A") is None and w.message == "Pick exactly 2 options."
    assert w.submit(["A", "C"]).grade.correct and "Correct." in html_of(w)
    w.next()
    assert w.submit("BCDA").grade.score == pytest.approx(2 / 3) and "Partly right" in html_of(w)
    w.next()
    assert len(w._controls) == 3
    assert w.submit({"1": "C", "2": "A", "3": "B"}).grade.correct
    assert w.next() is None
    assert w.last_summary.score_line() == "Score: 2/4" and "Score: 2/4" in html_of(w)
    assert len(Progress().attempts) == 4


def test_controls_drive_the_answer(fixture_bank):
    w = QuizWidget(QuizSession([fixture_bank["fxr-003"], fixture_bank["fxr-001"]]))
    for dropdown, key in zip(w._controls, "BCAD"):
        dropdown.value = key
    assert w.response() == ["B", "C", "A", "D"]
    assert w.submit().grade.correct
    w.next()
    w._controls[0].value = "A"
    assert w.submit().grade.correct


def test_bad_input_gives_a_message_not_an_exception(fixture_bank):
    w = QuizWidget(QuizSession([fixture_bank["fxr-001"]]))
    assert w.submit("Z") is None and "no option Z" in w.message
    assert w.submit("AB") is None and w.message
    assert w.submit() is None and w.message == "Pick one option."


def test_exam_widget_hides_feedback_and_shows_estimate():
    qs = [make_question(f"w-{i:03d}", exams={"AIF-C01": 1 + i % 5}) for i in range(5)]
    now = [0.0]
    w = QuizWidget(QuizSession(qs, mode="exam", exam="AIF-C01", time_limit=600, clock=lambda: now[0]))
    assert "Click <b>Start</b>" in w.header.value and w.submit_button.disabled
    now[0] = 3000                                # the notebook ran long ago: the clock has not started
    assert w.submit("B") is None and w.message == "Click Start first."
    w.start()
    assert "time left 10:00" in w.header.value
    w.submit("B")
    assert "Why" not in html_of(w) and "Correct" not in html_of(w)
    w._on_submit()                               # the button: already answered, nothing changes
    w.next()
    w.submit_button.click()                      # the button in exam mode submits and moves on
    summary = w.finish()
    assert summary.score_line() == "Score: 1/5" or summary.correct >= 1
    assert "Estimated scaled score" in html_of(w) and "estimate" in html_of(w)
    assert w.submit_button.disabled


def test_time_up_finishes_the_quiz():
    now = [0.0]
    qs = [make_question(f"tw-{i:03d}") for i in range(3)]
    w = QuizWidget(QuizSession(qs, mode="exam", exam="AIF-C01", time_limit=10, clock=lambda: now[0]))
    w.start_button.click()
    now[0] = 11
    assert w.submit("B") is None
    assert "Time is up." in html_of(w) and "Score: 0/3" in html_of(w)


def test_show_builds_widgets_from_the_banks(monkeypatch):
    monkeypatch.setenv("AWSML_STUDY_QUIZZES", str(FIXTURES))
    w = quiz.show("rekognition", seed=1)
    assert {q.id for q in w.session.questions} == {"fxr-001", "fxr-002", "fxr-003", "fxr-004", "fxq-001"}
    assert quiz.show("choosing").session.mode == "practice"
    timed = quiz.show(exam="AIF-C01", count=3, time_limit=20 * 60, seed=4)
    assert timed.session.mode == "exam" and len(timed.session.questions) == 3
    assert timed.session.time_limit == 1200
    assert "no questions yet for AIF-C01 domain(s) 4, 5" in timed.notes.value
    assert all(q.exams.get("AIF-C01") for q in timed.session.questions)


def test_show_with_nothing_to_ask_says_so(monkeypatch):
    monkeypatch.setenv("AWSML_STUDY_QUIZZES", str(FIXTURES))
    w = quiz.show(mode="review")
    assert w.session.questions == [] and "No questions" in html_of(w)


def test_results_view_charts_saved_results(monkeypatch, fixture_bank):
    empty = quiz.results()
    assert empty.figures == {} and "No results yet" in html_of(empty)
    progress = Progress()
    for qid, answer in [("fxr-001", "A"), ("fxq-001", "C"), ("fxc-001", "B")]:
        q = fixture_bank[qid]
        progress.record(q, quiz.grade(q, answer), "practice")
    view = quiz.results()
    assert set(view.figures) == {"service", "domain"}
    labels = [t.get_text() for t in view.figures["service"].axes[0].get_yticklabels()]
    assert set(labels) == {"rekognition", "textract", "connect", "lex"}
    assert sum(1 for o in view.out.outputs if "image/png" in o["data"]) == 2
    assert view.summary["service"]["textract"]["correct"] == 0
    assert "Topics to study next" in html_of(view)


def test_results_view_reports_a_corrupt_file(progress_path):
    progress_path.parent.mkdir(parents=True)
    progress_path.write_text("{nope")
    with pytest.warns(UserWarning):
        view = quiz.results()
    assert "moved it to" in html_of(view)


def test_decision_guide_widget():
    w = quiz.decision_guide()
    assert isinstance(w, widgets.Box) and w.out in w.children
    rec = w.choose("document", "forms_tables", custom=False, realtime=False)
    assert rec.service == "textract" and "StartDocumentAnalysis" in rec.operations
    assert "Amazon Textract" in html_of(w)
    w.input.value = "question"
    assert w.output.value == "answers" and w.recommendation.service == "bedrock"
    assert "Kendra" in html_of(w)
