"""Loading fixture banks, and every way a broken bank is caught and named."""
from __future__ import annotations

import json

import pytest

from awsml_study.quiz import BankError, load_banks, start
from awsml_study.quiz.bank import default_folder

from .helpers import REPO


def _edit(folder, name, change):
    path = folder / name
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _question(data, qid):
    return next(q for q in data["questions"] if q["id"] == qid)


def test_fixture_banks_load(fixture_bank):
    assert len(fixture_bank) == 7
    q = fixture_bank["fxr-002"]
    assert q.type == "multiple" and q.choose == 2 and q.bank == "rekognition"
    assert q.case_study["title"] == "A shop's photo pipeline"
    assert fixture_bank["fxr-004"].prompts["1"] == "Words on a street sign"
    assert fixture_bank.titles["connect"].startswith("Amazon Connect")


def test_default_folder_is_repo_quizzes_unless_overridden(monkeypatch, tmp_path):
    assert default_folder() == REPO / "quizzes"
    monkeypatch.setenv("AWSML_STUDY_QUIZZES", str(tmp_path))
    assert default_folder() == tmp_path


BREAKAGES = [
    # (file, question id, change, words the message must contain)
    ("rekognition.json", "fxr-001", lambda q: q.update(answer=["E"]), "do not exist"),
    ("rekognition.json", "fxr-001", lambda q: q["options"].pop(), "schema"),
    ("rekognition.json", "fxr-001", lambda q: q["why_wrong"].pop("B"), "why_wrong must explain"),
    ("rekognition.json", "fxr-001", lambda q: q.update(explaination="typo"), "schema"),
    ("rekognition.json", "fxr-001", lambda q: q.update(difficulty="trivial"), "difficulty"),
    ("rekognition.json", "fxr-001", lambda q: q["notebook"].update(path="notebooks/99_nothing.ipynb"), "planned"),
    ("rekognition.json", "fxr-001", lambda q: q.update(services=["s3"]), "services"),
    ("rekognition.json", "fxr-002", lambda q: q.update(choose=3), "choose is 3"),
    ("rekognition.json", "fxr-002", lambda q: q.update(stem="Which are true?"), "Choose"),
    ("rekognition.json", "fxr-002", lambda q: q.update(case_study="cs-nowhere"), "case_study"),
    ("rekognition.json", "fxr-003", lambda q: q.update(answer=["B", "C", "A", "A"]), "schema"),
    ("rekognition.json", "fxr-003", lambda q: q.update(answer=["B", "C", "A"]), "every option key"),
    ("rekognition.json", "fxr-004", lambda q: q.update(answer={"1": "C", "2": "A", "4": "B"}), "every prompt"),
    ("rekognition.json", "fxr-001", lambda q: q.update(choose=2), "choose"),
    ("rekognition.json", "fxr-004", lambda q: q["answer"].update({"3": "Z"}), "do not exist"),
    ("rekognition.json", "fxr-004", lambda q: q.pop("prompts"), "prompts"),
    ("rekognition.json", "fxr-001", lambda q: q.update(exams={"AIF-C01": 6}), "exams"),
    ("connect.json", "fxc-001", lambda q: q.pop("scope_note"), "scope_note"),
    ("choosing.json", "fxq-001", lambda q: q["options"][3].update(key="E"), "A, B, C"),
]


@pytest.mark.parametrize("name,qid,change,words", BREAKAGES)
def test_broken_bank_names_file_question_and_problem(fixture_dir, name, qid, change, words):
    _edit(fixture_dir, name, lambda data: change(_question(data, qid)))
    with pytest.raises(BankError) as exc:
        load_banks(fixture_dir)
    message = str(exc.value)
    assert name in message and qid in message and words in message, message


def test_duplicate_ids_across_banks(fixture_dir):
    _edit(fixture_dir, "choosing.json", lambda d: d["questions"][0].update(id="fxr-001"))
    with pytest.raises(BankError, match=r"fxr-001: duplicate id, already used in"):
        load_banks(fixture_dir)


def test_invalid_json_and_wrong_bank_name(fixture_dir):
    (fixture_dir / "polly.json").write_text("{not json")
    _edit(fixture_dir, "connect.json", lambda d: d.update(bank="lex"))
    with pytest.raises(BankError) as exc:
        load_banks(fixture_dir)
    assert "polly.json: not valid JSON" in str(exc.value)
    assert "connect.json: 'bank' is 'lex'" in str(exc.value)
    assert len(exc.value.problems) == 2


def test_quiz_never_starts_on_a_broken_bank(fixture_dir, monkeypatch):
    _edit(fixture_dir, "choosing.json", lambda d: d["questions"][0].update(answer=["Q"]))
    monkeypatch.setenv("AWSML_STUDY_QUIZZES", str(fixture_dir))
    with pytest.raises(BankError):
        start()


def test_an_edited_file_is_reloaded(fixture_dir):
    assert len(load_banks(fixture_dir)) == 7
    _edit(fixture_dir, "connect.json", lambda d: d["questions"][0].update(id="fxc-002"))
    assert "fxc-002" in load_banks(fixture_dir).by_id
