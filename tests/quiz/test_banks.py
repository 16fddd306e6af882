"""The real banks in quizzes/: schema, cross-field checks, notebook pointers, sizes."""
from __future__ import annotations

import itertools
import json
import re

import jsonschema
import pytest

from awsml_study.quiz.bank import PLANNED_NOTEBOOKS, bank_files, check_bank, load_banks, schema_path
from awsml_study.quiz.exams import SERVICES

from .helpers import REPO

QUIZZES = REPO / "quizzes"
FILES = bank_files(QUIZZES)
SCHEMA = json.loads((QUIZZES / "schema.json").read_text(encoding="utf-8"))


def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert schema_path() == QUIZZES / "schema.json"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_bank_file_matches_schema(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_bank_file_passes_cross_field_checks(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert check_bank(data, path.stem) == []


def test_all_banks_load_together():
    """Ids unique across all banks; the quiz would start on these files."""
    bank = load_banks(QUIZZES)
    assert len(bank.by_id) == len(bank.questions)


def test_notebook_pointers_name_existing_or_planned_notebooks():
    for q in load_banks(QUIZZES).questions:
        path = q.notebook["path"]
        assert path in PLANNED_NOTEBOOKS or (REPO / path).exists(), (q.id, path)


def _shingles(text: str) -> set:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def test_no_near_duplicate_stems():
    """Trigram Jaccard similarity >= 0.6 between two stems flags a near duplicate."""
    stems = [(q.id, _shingles(q.stem)) for q in load_banks(QUIZZES).questions]
    close = [(a, b, round(len(x & y) / len(x | y), 2))
             for (a, x), (b, y) in itertools.combinations(stems, 2) if len(x & y) / len(x | y) >= 0.6]
    assert close == []


# -- sizes: these fail until every bank is written (FORMAT.md minimums) -------------------------

@pytest.mark.bank_complete
def test_at_least_250_questions():
    assert len(load_banks(QUIZZES)) >= 250


@pytest.mark.bank_complete
@pytest.mark.parametrize("service", SERVICES)
def test_at_least_15_questions_per_service(service):
    counts = {s: sum(1 for q in load_banks(QUIZZES).questions if q.bank == s) for s in SERVICES}
    assert counts[service] >= 15, f"{service}.json holds {counts[service]} questions"


@pytest.mark.bank_complete
def test_at_least_40_choosing_questions():
    assert sum(1 for q in load_banks(QUIZZES).questions if q.bank == "choosing") >= 40


@pytest.mark.bank_complete
def test_integrations_security_bank_exists():
    assert (QUIZZES / "integrations_security.json").exists()
