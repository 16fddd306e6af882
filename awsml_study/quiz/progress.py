"""Saved results: ~/.awsml-study/progress.json (or $AWSML_STUDY_PROGRESS), Leitner boxes, CSV export.

File layout (JSON):
    {"version": 1,
     "attempts": [{"timestamp", "id", "bank", "services", "topic", "exams", "mode",
                   "score", "correct", "response"}, ...],
     "leitner": {"rek-001": {"box": 2, "due": "2026-11-23"}, ...}}
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
import warnings
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from awsml_study.quiz.exams import EXAMS, SERVICES

ENV_PROGRESS = "AWSML_STUDY_PROGRESS"
VERSION = 1
# Leitner boxes 1-5: a right answer moves the card up a box, a wrong one back to box 1.
# The interval (days until the card is due again) doubles with each box.
LEITNER_DAYS = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}
CSV_COLUMNS = ["timestamp", "question_id", "service", "topic", "exams", "mode", "score", "correct"]


def default_path() -> Path:
    """$AWSML_STUDY_PROGRESS, else ~/.awsml-study/progress.json. Never inside the repo."""
    env = os.environ.get(ENV_PROGRESS)
    path = Path(env).expanduser() if env else Path.home() / ".awsml-study" / "progress.json"
    repo = Path(__file__).resolve().parents[2]
    if (repo / "pyproject.toml").exists() and path.resolve().is_relative_to(repo):
        raise ValueError(f"progress file {path} is inside the repository {repo}; "
                         f"point {ENV_PROGRESS} somewhere else")
    return path


class Progress:
    """The learner's saved attempts and Leitner boxes. Every change is written at once."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        self.notice: str | None = None      # set when a corrupt file was set aside
        self.data = self._read()

    # -- reading and writing --------------------------------------------------------------

    def _read(self) -> dict:
        if not self.path.exists():
            return _empty()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            _check_shape(data)
            return data
        except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
            aside = self._set_aside()
            # Never overwrite a learner's file we cannot read: keep it for them to inspect.
            self.notice = f"progress file {self.path} could not be read ({exc}); moved it to {aside.name} and started a new one"
            warnings.warn(self.notice, stacklevel=3)
            return _empty()

    def _set_aside(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        self.path.rename(aside)
        return aside

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write a temp file and rename it, so a crash never leaves half a JSON file.
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".json", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.data, fh, indent=1)
        os.replace(tmp, self.path)

    # -- recording ------------------------------------------------------------------------

    @property
    def attempts(self) -> list[dict]:
        return self.data["attempts"]

    @property
    def leitner(self) -> dict[str, dict]:
        return self.data["leitner"]

    def record(self, question, grade, mode: str, when: datetime | None = None) -> dict:
        """Save one attempt and move the question's Leitner card."""
        when = when or datetime.now(timezone.utc)
        attempt = {
            "timestamp": when.isoformat(timespec="seconds"), "id": question.id, "bank": question.bank,
            "services": list(question.services), "topic": question.topic, "exams": dict(question.exams),
            "mode": mode, "score": round(grade.score, 4), "correct": grade.correct,
            "response": grade.response,
        }
        # Re-read first: another widget or notebook may have saved since this object loaded.
        self.data = self._read()
        self.attempts.append(attempt)
        self.move_card(question.id, grade.correct, when.date())
        self.save()
        return attempt

    def move_card(self, qid: str, correct: bool, today: date) -> None:
        box = self.leitner.get(qid, {}).get("box", 1)
        box = min(box + 1, 5) if correct else 1
        due = today + timedelta(days=LEITNER_DAYS[box])
        self.leitner[qid] = {"box": box, "due": due.isoformat()}

    # -- questions to study ---------------------------------------------------------------

    def latest(self) -> dict[str, dict]:
        """The most recent attempt of each question."""
        return {a["id"]: a for a in self.attempts}

    def wrong_ids(self) -> set[str]:
        """Questions whose most recent attempt was not fully correct (the review pile)."""
        return {qid for qid, a in self.latest().items() if not a["correct"]}

    def recent_exam_ids(self, code: str, size: int) -> set[str]:
        """Questions of the learner's last mock exam of `code`: the latest `size` questions
        answered in exam mode that belong to that exam."""
        ids = [a["id"] for a in self.attempts if a["mode"] == "exam" and code in a["exams"]]
        return set(ids[-size:]) if size > 0 else set()

    def card(self, qid: str) -> dict:
        """A question's Leitner card; never-seen questions sit in box 1, due now."""
        return self.leitner.get(qid, {"box": 1, "due": "0001-01-01"})

    # -- summaries and export ---------------------------------------------------------------

    def summary(self) -> dict[str, dict[str, dict]]:
        """Attempts, correct answers and mean score per service, topic, domain and mode."""
        return summarize(self.attempts)

    def export_csv(self, path: Path | str) -> int:
        """One row per attempt; returns the number of rows written."""
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_COLUMNS)
            for a in self.attempts:
                exams = ";".join(f"{code}:D{number}" for code, number in sorted(a["exams"].items()))
                writer.writerow([a["timestamp"], a["id"], ";".join(a["services"]), a["topic"],
                                 exams, a["mode"], a["score"], a["correct"]])
        return len(self.attempts)


def summarize(attempts: list[dict]) -> dict[str, dict[str, dict]]:
    groups: dict[str, dict[str, dict]] = {k: defaultdict(lambda: {"attempts": 0, "correct": 0, "points": 0.0})
                                          for k in ("service", "topic", "domain", "mode")}
    for a in attempts:
        keys = {
            "service": [s for s in a["services"] if s in SERVICES] or a["services"][:1],
            "topic": [a["topic"]],
            "domain": [EXAMS[c].domain_label(n) if c in EXAMS and n in EXAMS[c].domains else f"{c} D{n}"
                       for c, n in sorted(a["exams"].items())] or ["out of exam scope"],
            "mode": [a["mode"]],
        }
        for group, names in keys.items():
            for name in names:
                row = groups[group][name]
                row["attempts"] += 1
                row["correct"] += int(a["correct"])
                row["points"] += a["score"]
    return {group: {name: {**row, "mean_score": row["points"] / row["attempts"]}
                    for name, row in sorted(rows.items())}
            for group, rows in groups.items()}


def _empty() -> dict:
    return {"version": VERSION, "attempts": [], "leitner": {}}


def _check_shape(data) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("attempts"), list) \
            or not isinstance(data.get("leitner"), dict):
        raise ValueError("not an awsml-study progress file")
    for a in data["attempts"]:
        for key in ("timestamp", "id", "services", "topic", "exams", "mode", "score", "correct"):
            a[key]  # KeyError marks the file corrupt
    for card in data["leitner"].values():
        date.fromisoformat(card["due"])
        if card["box"] not in LEITNER_DAYS:
            raise ValueError(f"Leitner box {card['box']} is not 1-5")
