"""Quiz tests: never touch ~/.awsml-study; fixture banks; the `bank_complete` marker."""
from __future__ import annotations

import shutil

import pytest

from awsml_study.quiz import bank as bank_module
from awsml_study.quiz.bank import load_banks

from .helpers import FIXTURES


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "bank_complete: needs the finished question banks (sizes per FORMAT.md); "
        "fails while banks are short. Deselect with -m 'not bank_complete' during bank writing.")


@pytest.fixture(autouse=True)
def progress_path(tmp_path, monkeypatch):
    """Every test writes progress to its own temp file, never to the home directory."""
    path = tmp_path / "progress" / "progress.json"
    monkeypatch.setenv("AWSML_STUDY_PROGRESS", str(path))
    monkeypatch.delenv("AWSML_STUDY_QUIZZES", raising=False)
    return path


@pytest.fixture
def fixture_dir(tmp_path):
    """A writable copy of the fixture banks (tests may break it on purpose)."""
    target = tmp_path / "banks"
    shutil.copytree(FIXTURES, target)
    bank_module._cache.clear()
    return target


@pytest.fixture
def fixture_bank():
    return load_banks(FIXTURES)
