"""Question banks: find, load and validate quizzes/*.json (schema + cross-field checks)."""
from __future__ import annotations

import json
import os
import string
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from awsml_study.quiz.exams import EXAMS, NOTEBOOKS, SERVICES, allocate

ENV_QUIZZES = "AWSML_STUDY_QUIZZES"
SCHEMA_NAME = "schema.json"
PLANNED_NOTEBOOKS = tuple(f"notebooks/{name}.ipynb" for name in NOTEBOOKS)
# Notebooks still being written in this wave: a pointer to one passes only while its file
# does not exist yet; once it exists, its sections must resolve like any other.
PENDING_NOTEBOOKS = tuple(f"notebooks/{name}.ipynb" for name in (
    "04_translate", "05_lex", "06_connect", "08_kendra", "10_sagemaker", "11_personalize", "13_capstone"))


class BankError(Exception):
    """A bank file is broken. `problems` lists (file, question id or None, message)."""

    def __init__(self, problems: list[tuple[str, str | None, str]]):
        self.problems = problems
        lines = [f"{file}: {'question ' + qid + ': ' if qid else ''}{msg}" for file, qid, msg in problems]
        head = f"{len(problems)} problem(s) in the question banks" if len(problems) > 1 else "broken question bank"
        super().__init__(head + ":\n  " + "\n  ".join(lines))


@dataclass(frozen=True, eq=False)
class Question:
    """One question, as in FORMAT.md, plus the bank it came from and its case-study scenario."""

    id: str
    bank: str
    type: str
    services: tuple[str, ...]
    topic: str
    exams: dict[str, int]
    difficulty: str
    stem: str
    options: dict[str, str]          # key -> text, in display order
    answer: object                   # list of keys, or {prompt key: option key} for matching
    explanation: str
    why_wrong: dict[str, str]
    notebook: dict[str, str]
    choose: int | None = None
    prompts: dict[str, str] = field(default_factory=dict)
    case_study: dict | None = None   # {"id", "title", "scenario"} when the question has one
    scope_note: str | None = None

    @classmethod
    def from_dict(cls, data: dict, bank: str = "", case_studies: dict | None = None) -> "Question":
        case = (case_studies or {}).get(data.get("case_study")) if data.get("case_study") else None
        return cls(
            id=data["id"], bank=bank, type=data["type"], services=tuple(data["services"]),
            topic=data["topic"].strip().lower(), exams=dict(data["exams"]),
            difficulty=data["difficulty"], stem=data["stem"],
            options={o["key"]: o["text"] for o in data["options"]},
            answer=dict(data["answer"]) if isinstance(data["answer"], dict) else list(data["answer"]),
            explanation=data["explanation"], why_wrong=dict(data["why_wrong"]),
            notebook=dict(data["notebook"]), choose=data.get("choose"),
            prompts={p["key"]: p["text"] for p in data.get("prompts", [])},
            case_study=case, scope_note=data.get("scope_note"),
        )

    @property
    def in_exam_scope(self) -> bool:
        return bool(self.exams)

    def answer_text(self) -> str:
        """The right answer written the way the terminal quiz reads it (B, AD, BADC, 1C 2A)."""
        if self.type == "matching":
            return " ".join(f"{p}{o}" for p, o in sorted(self.answer.items()))
        return "".join(self.answer)


@dataclass
class QuestionBank:
    """Every question of every bank file in one folder."""

    folder: Path
    questions: list[Question]
    titles: dict[str, str]           # bank name -> title

    def __post_init__(self):
        self.by_id = {q.id: q for q in self.questions}

    def __len__(self):
        return len(self.questions)

    def __getitem__(self, qid: str) -> Question:
        return self.by_id[qid]

    def stats(self) -> dict:
        """Bank size: total, by_service, by_main_service, by_type, by_domain, by_bank,
        by_difficulty, out_of_scope, and per exam what two distinct mock exams need.

        `mocks[code]` holds, per domain, `have`, `need` (two full mocks with no question
        shared), `short` (need - have, at least 0) and the questions one full mock draws;
        `expected_overlap` is the share of questions two independently seeded full mocks
        are expected to share (sum over domains of draw**2 / have, over 65).
        """
        qs = self.questions
        by_domain = {code: {str(d): 0 for d in spec.domains} for code, spec in EXAMS.items()}
        for q in qs:
            for code, number in q.exams.items():
                by_domain[code][str(number)] += 1
        count = lambda values: dict(sorted(Counter(values).items()))
        return {
            "mocks": {code: _mock_stats(spec, by_domain[code]) for code, spec in EXAMS.items()},
            "by_main_service": dict(sorted({**{s: 0 for s in SERVICES},
                                            **Counter(q.services[0] for q in qs)}.items())),
            "total": len(qs),
            "by_service": dict(sorted({**{s: 0 for s in SERVICES},
                                       **Counter(s for q in qs for s in q.services)}.items())),
            "by_type": count(q.type for q in qs),
            "by_domain": by_domain,
            "by_bank": count(q.bank for q in qs),
            "by_difficulty": count(q.difficulty for q in qs),
            "out_of_scope": sum(1 for q in qs if not q.exams),
        }

    def pointer_problems(self, root: Path | str | None = None) -> list[tuple[str, str]]:
        """(question id, problem) for every "read more" pointer that does not resolve.

        A pointer resolves when its notebook exists under `root` (default: the bank
        folder's parent, the repo) and its section is the text of one of that notebook's
        markdown headings (a `#`... line). A notebook of PENDING_NOTEBOOKS that does not
        exist yet is let through: its issue is still open.
        """
        root = Path(root) if root else self.folder.resolve().parent
        headings: dict[str, set[str] | None] = {}
        out = []
        for q in self.questions:
            path, section = q.notebook["path"], q.notebook["section"]
            if path not in headings:
                headings[path] = notebook_headings(root / path) if (root / path).exists() else None
            found = headings[path]
            if found is None:
                if path not in PENDING_NOTEBOOKS:
                    out.append((q.id, f"notebook {path} does not exist"))
            elif _norm(section) not in found:
                out.append((q.id, f"section {section!r} is not a heading of {path}"))
        return out

    def names(self) -> set[str]:
        """Every name `--service` / show() accepts: bank names and service keys."""
        return set(self.titles) | {s for q in self.questions for s in q.services} | set(SERVICES)


def _mock_stats(spec, have: dict[str, int]) -> dict:
    need = spec.need_for_mocks(2)
    draw = allocate(spec.questions, spec.weights(), {d: have[str(d)] for d in spec.domains})
    overlap = sum(draw[d] ** 2 / have[str(d)] for d in spec.domains if have[str(d)])
    return {
        "domains": {str(d): {"have": have[str(d)], "need": need[d], "short": max(0, need[d] - have[str(d)]),
                             "one_mock_draws": draw[d]} for d in spec.domains},
        "enough_for_two_mocks": all(have[str(d)] >= need[d] for d in spec.domains),
        "expected_overlap": round(overlap / sum(draw.values()), 3) if sum(draw.values()) else None,
    }


def _norm(text: str) -> str:
    return " ".join(text.split())


def notebook_headings(path: Path | str) -> set[str]:
    """The text of every markdown heading line (`#`, `##`, ...) of a notebook, without the #s."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return set()
    out = set()
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        fenced = False
        for line in source.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced  # a "#" inside a code block is a comment, not a heading
            elif not fenced and line.startswith("#"):
                text = line.lstrip("#")
                if text[:1] in (" ", "\t") and text.strip():
                    out.add(_norm(text))
    return out


def default_folder() -> Path:
    """$AWSML_STUDY_QUIZZES, else the repo's quizzes/ next to the package."""
    if os.environ.get(ENV_QUIZZES):
        return Path(os.environ[ENV_QUIZZES]).expanduser()
    return Path(__file__).resolve().parents[2] / "quizzes"


def schema_path() -> Path:
    # One schema for every folder (fixture banks too): the repo's; the override folder's
    # copy only when the package runs outside the repo.
    repo = Path(__file__).resolve().parents[2] / "quizzes" / SCHEMA_NAME
    return repo if repo.exists() else default_folder() / SCHEMA_NAME


def bank_files(folder: Path | str | None = None) -> list[Path]:
    folder = Path(folder) if folder else default_folder()
    return sorted(p for p in folder.glob("*.json") if p.name != SCHEMA_NAME)


_cache: dict = {}


def load_banks(folder: Path | str | None = None) -> QuestionBank:
    """Load and validate every bank in `folder`; raise BankError naming each problem."""
    folder = Path(folder) if folder else default_folder()
    files = bank_files(folder)
    stamp = (str(folder.resolve()), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if stamp in _cache:
        return _cache[stamp]
    problems, questions, titles = [], [], {}
    seen: dict[str, str] = {}
    for path in files:
        data, file_problems = read_bank(path)
        problems += file_problems
        if data is None or file_problems:
            continue
        cases = {c["id"]: c for c in data.get("case_studies", [])}
        for raw in data["questions"]:
            if raw["id"] in seen:
                problems.append((path.name, raw["id"], f"duplicate id, already used in {seen[raw['id']]}"))
                continue
            seen[raw["id"]] = path.name
            questions.append(Question.from_dict(raw, data["bank"], cases))
        titles[data["bank"]] = data["title"]
    if problems:
        raise BankError(problems)
    bank = QuestionBank(folder, questions, titles)
    _cache.clear()
    _cache[stamp] = bank
    return bank


def read_bank(path: Path) -> tuple[dict | None, list[tuple[str, str | None, str]]]:
    """Parse one bank file and list its problems (schema first, then cross-field checks)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [(path.name, None, f"cannot read: {exc}")]
    except json.JSONDecodeError as exc:
        return None, [(path.name, None, f"not valid JSON: {exc}")]
    problems = [(path.name, qid, msg) for qid, msg in schema_errors(data)]
    if not problems:
        problems = [(path.name, qid, msg) for qid, msg in check_bank(data, path.stem)]
    return data, problems


def _jsonschema():
    """Import jsonschema without its optional rfc3987_syntax support.

    That package builds a Lark grammar at import (about 1.3 s, every terminal quiz start) and
    only serves `format: iri` checks, which neither our schema nor format checking uses. It
    is blocked only while jsonschema is first imported, and only if nothing loaded it before.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import jsonschema
        return jsonschema
    sys.modules["rfc3987_syntax"] = None  # makes its import fail, so jsonschema skips it
    try:
        import jsonschema
    finally:
        del sys.modules["rfc3987_syntax"]
    return jsonschema


def schema_errors(data) -> list[tuple[str | None, str]]:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    validator = _jsonschema().Draft202012Validator(schema)
    out = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(err.absolute_path)
        qid = None
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            raw = data["questions"][path[1]]
            qid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{path[1] + 1}"
            path = path[2:]
        where = "/".join(map(str, path)) or "(top level)"
        message = err.message
        if err.validator == "not" and err.validator_value == {}:
            message = f"'{where}' is not allowed in a question of this type"
        out.append((qid, f"schema: at {where}: {message}"))
    return out


def check_bank(data: dict, stem: str) -> list[tuple[str | None, str]]:
    """The checks JSON Schema cannot express. Assumes the data already passed the schema."""
    out: list[tuple[str | None, str]] = []
    if data["bank"] != stem:
        out.append((None, f"'bank' is {data['bank']!r} but the file is {stem}.json"))
    cases = [c["id"] for c in data.get("case_studies", [])]
    if len(set(cases)) != len(cases):
        out.append((None, "case_studies: duplicate case-study id"))
    for q in data["questions"]:
        out += [(q["id"], msg) for msg in check_question(q, set(cases))]
    return out


def check_question(q: dict, case_ids: set[str]) -> list[str]:
    msgs = []
    keys = [o["key"] for o in q["options"]]
    if keys != list(string.ascii_uppercase[:len(keys)]):
        msgs.append(f"option keys must be A, B, C... in order, got {''.join(keys)}")
    answer = q["answer"]
    if q["type"] == "matching":
        prompts = [p["key"] for p in q["prompts"]]
        if prompts != [str(i) for i in range(1, len(prompts) + 1)]:
            msgs.append(f"prompt keys must be 1, 2, 3... in order, got {' '.join(prompts)}")
        if set(answer) != set(prompts):
            msgs.append(f"answer must match every prompt exactly once: prompts {prompts}, answer {sorted(answer)}")
        picked = list(answer.values())
    else:
        picked = answer
    unknown = sorted(set(picked) - set(keys))
    if unknown:
        msgs.append(f"answer names options that do not exist: {unknown}")
    if q["type"] == "multiple":
        if q["choose"] != len(answer):
            msgs.append(f"choose is {q['choose']} but the answer lists {len(answer)} keys")
        word = {2: "two", 3: "three"}.get(q["choose"])
        if not q["stem"].rstrip().endswith(f"(Choose {word}.)"):
            msgs.append(f"a choose-{q['choose']} stem must end with '(Choose {word}.)'")
    if q["type"] == "ordering" and sorted(answer) != sorted(keys):
        msgs.append("an ordering answer must list every option key exactly once")
    wrong = set(keys) - set(picked)
    extra = sorted(set(q["why_wrong"]) - wrong)
    if extra:
        msgs.append(f"why_wrong explains options that are right or do not exist: {extra}")
    if q["type"] in ("single", "multiple"):
        missing = sorted(wrong - set(q["why_wrong"]))
        if missing:
            msgs.append(f"why_wrong must explain every wrong option; missing {missing}")
    if q.get("case_study") and q["case_study"] not in case_ids:
        msgs.append(f"case_study {q['case_study']!r} is not among this file's case_studies")
    if not q["exams"] and not q.get("scope_note"):
        msgs.append("exams is {} so a scope_note must say why the question is out of exam scope")
    if q["notebook"]["path"] not in PLANNED_NOTEBOOKS:
        msgs.append(f"notebook path {q['notebook']['path']!r} is not one of the planned notebooks")
    return msgs
