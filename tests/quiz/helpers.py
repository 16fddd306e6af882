"""Helpers shared by the quiz tests."""
from __future__ import annotations

from pathlib import Path

from awsml_study.quiz.bank import Question

FIXTURES = Path(__file__).parent / "fixtures" / "banks"
REPO = Path(__file__).resolve().parents[2]


def make_question(qid="t-001", type="single", exams=None, services=("rekognition",), bank="test",
                  topic="topic", **extra) -> Question:
    """A valid question of any type, for grading and selection tests."""
    options = {"single": "ABCD", "multiple": "ABCDE", "ordering": "ABCD", "matching": "ABC"}[type]
    data = {
        "id": qid, "type": type, "services": list(services), "topic": topic,
        "exams": {"AIF-C01": 1} if exams is None else exams, "difficulty": "easy",
        "stem": "Stem?", "options": [{"key": k, "text": f"option {k}"} for k in options],
        "answer": {"single": ["B"], "multiple": ["A", "C"], "ordering": ["B", "A", "D", "C"],
                   "matching": {"1": "C", "2": "A", "3": "B"}}[type],
        "explanation": "Because.", "why_wrong": {},
        "notebook": {"path": "notebooks/01_rekognition.ipynb", "section": "s"},
    }
    if type == "multiple":
        data["choose"] = 2
    if type == "matching":
        data["prompts"] = [{"key": str(i), "text": f"prompt {i}"} for i in (1, 2, 3)]
    data.update(extra)
    return Question.from_dict(data, bank)
