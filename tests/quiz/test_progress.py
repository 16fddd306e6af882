"""The progress file: where it lives, corrupt files set aside, summaries, CSV export."""
from __future__ import annotations

import csv
import json

import pytest

from awsml_study.quiz import Progress
from awsml_study.quiz.grading import grade
from awsml_study.quiz.progress import default_path

from .helpers import REPO


def test_path_comes_from_the_environment(progress_path):
    assert default_path() == progress_path
    assert Progress().path == progress_path
    assert not progress_path.exists()          # reading never creates it


def test_default_is_in_the_home_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("AWSML_STUDY_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".awsml-study" / "progress.json"


def test_never_inside_the_repo(monkeypatch):
    monkeypatch.setenv("AWSML_STUDY_PROGRESS", str(REPO / "progress.json"))
    with pytest.raises(ValueError, match="inside the repository"):
        default_path()


def test_record_writes_json_with_results(fixture_bank, progress_path):
    q = fixture_bank["fxr-004"]
    Progress().record(q, grade(q, "1C 2B 3A"), "practice")
    data = json.loads(progress_path.read_text())
    (attempt,) = data["attempts"]
    assert attempt["id"] == "fxr-004" and attempt["score"] == pytest.approx(1 / 3, abs=1e-3)
    assert attempt["exams"] == {"MLA-C02": 2} and attempt["topic"] == "operations"
    assert data["leitner"]["fxr-004"]["box"] == 1


@pytest.mark.parametrize("content", ["{broken", '{"attempts": "nope", "leitner": {}}', "[]",
                                     '{"attempts": [{"id": "x"}], "leitner": {}}'])
def test_corrupt_file_is_set_aside_not_overwritten(progress_path, content, fixture_bank):
    progress_path.parent.mkdir(parents=True)
    progress_path.write_text(content)
    with pytest.warns(UserWarning, match="could not be read"):
        progress = Progress()
    aside = list(progress_path.parent.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == content
    assert aside[0].name[len("progress.json.corrupt-"):][:8].isdigit()
    assert progress.attempts == [] and "moved it to" in progress.notice
    q = fixture_bank["fxr-001"]
    progress.record(q, grade(q, "A"), "practice")
    assert json.loads(progress_path.read_text())["attempts"][0]["id"] == "fxr-001"
    assert aside[0].read_text() == content


def test_two_corrupt_files_in_the_same_second_both_survive(progress_path):
    progress_path.parent.mkdir(parents=True)
    for text in ("{one", "{two"):
        progress_path.write_text(text)
        with pytest.warns(UserWarning):
            Progress()
    assert sorted(p.read_text() for p in progress_path.parent.glob("progress.json.corrupt-*")) == ["{one", "{two"]


def test_summary_per_service_topic_and_domain(fixture_bank):
    progress = Progress()
    for qid, answer in [("fxr-001", "A"), ("fxr-004", "1C 2A 3B"), ("fxc-001", "A"), ("fxq-001", "B")]:
        q = fixture_bank[qid]
        progress.record(q, grade(q, answer), "practice")
    s = progress.summary()
    assert s["service"]["rekognition"] == {"attempts": 3, "correct": 3, "points": 3.0, "mean_score": 1.0}
    assert s["service"]["connect"]["correct"] == 0
    assert "s3" not in s["service"]                   # extra services are not charted
    assert s["domain"]["out of exam scope"]["attempts"] == 1
    assert s["domain"]["AIF-C01 D1 Fundamentals of AI and ML"]["attempts"] == 2
    assert s["topic"]["operations"]["attempts"] == 1


def test_export_csv_one_row_per_attempt(fixture_bank, tmp_path):
    progress = Progress()
    q = fixture_bank["fxr-002"]
    progress.record(q, grade(q, "AB"), "exam")
    progress.record(q, grade(q, "AC"), "review")
    out = tmp_path / "scores.csv"
    assert progress.export_csv(out) == 2
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["timestamp", "question_id", "service", "topic", "exams", "mode", "score", "correct"]
    assert rows[0]["service"] == "rekognition;s3" and rows[0]["exams"] == "AIF-C01:D3;MLA-C02:D3"
    assert (rows[0]["mode"], rows[0]["score"], rows[0]["correct"]) == ("exam", "0.0", "False")
    assert (rows[1]["mode"], rows[1]["correct"]) == ("review", "True")


def test_two_open_progress_objects_do_not_lose_each_others_attempts(fixture_bank):
    practice, exam = Progress(), Progress()           # e.g. two quiz widgets in one notebook
    q1, q2 = fixture_bank["fxr-001"], fixture_bank["fxq-001"]
    practice.record(q1, grade(q1, "A"), "practice")
    exam.record(q2, grade(q2, "B"), "exam")
    practice.record(q2, grade(q2, "C"), "practice")
    assert [a["id"] for a in Progress().attempts] == ["fxr-001", "fxq-001", "fxq-001"]
    assert Progress().card("fxq-001")["box"] == 1
