"""Shared fixtures: a simulated AWS and boto3 clients on it; progress files kept out of $HOME."""
import functools
import os

import boto3
import pytest

import awsml_study


@pytest.fixture(autouse=True)
def _progress_in_tmp(tmp_path, monkeypatch):
    # No test may write quiz progress to the learner's home directory.
    monkeypatch.setenv("AWSML_STUDY_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("AWSML_STUDY_MODE", raising=False)
    yield
    # An aws-mode client turns on the price line and the resource recorder for the rest of the
    # process (as a learner's kernel wants); between tests that state must not leak.
    from awsml_study import cleanup, meter
    meter.stop()
    cleanup.stop_recording()


@functools.lru_cache(maxsize=1)
def shared_session():
    """One boto3 session for every test: each simulate() makes moto reset boto3's default session,
    and a new session parses every service model again (0.1-0.5 s a client). Created inside a
    simulation, so moto's request hook is among its handlers."""
    return boto3.session.Session()


@pytest.fixture
def aws():
    """Inside a fresh simulation; yields a client factory."""
    with awsml_study.simulate():
        yield lambda name: shared_session().client(name, region_name="us-east-1")


# ----- Notebook pictures. `--nbval-lax` runs every cell but compares no outputs, so a drawing that
# printed `<Figure size 540x632 with 1 Axes>` instead of showing passed. The check below reads the
# outputs nbval has already collected for each cell (no second execution) and fails the cell.
# It applies whenever this file is loaded (`make test`, or `pytest tests notebooks/...`).
import re  # noqa: E402

FIGURE_REPR = re.compile(r"^<(Figure size [^>]*|matplotlib\.[^>]*|Axes[:(][^>]*)>$")
DRAWS = re.compile(r"\b(draw|draw_boxes|BoxViewer|DocumentViewer|TranscriptView|SpeechPlayer)\("
                   r"|\.figure\(|\bplt\.(show|imshow|plot|bar|hist|scatter)\(")
PICTURE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


def picture_problems(source: str, outputs) -> list[str]:
    """What is wrong with a cell's outputs as pictures: bare Figure reprs, or a drawing cell
    (one calling a drawing function of awsml_study.widgets, or pyplot) that showed no image."""
    problems, pictures = [], 0
    for out in outputs:
        data = out.get("data") or {}
        rich = [kind for kind in data if kind != "text/plain"]
        text = str(data.get("text/plain", "")).strip()
        if not rich and FIGURE_REPR.match(text):
            problems.append(f"output is a bare repr, not a picture: {text}")
        if any(kind in data for kind in PICTURE_TYPES) or "<img" in str(data.get("text/html", "")):
            pictures += 1
        if out.get("output_type") == "stream" and re.search(r"<Figure size [^>]*>", out.get("text", "")):
            problems.append("printed a Figure repr instead of showing it")
    code = "\n".join(line.split("#")[0] for line in source.splitlines())
    if DRAWS.search(code) and not pictures:
        problems.append("this cell draws but no image reached its output")
    return problems


def _checking_pictures(item, run):
    def runtest():
        run()
        problems = picture_problems(item.cell.source, item.test_outputs or [])
        if problems:
            item.raise_cell_error("Notebook picture did not show", "\n".join(problems))
    return runtest


def pytest_collection_modifyitems(items):
    for item in items:
        if type(item).__name__ == "IPyNbCell" and not getattr(item, "_checks_pictures", False):
            item.runtest = _checking_pictures(item, item.runtest)
            item._checks_pictures = True
