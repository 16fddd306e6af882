"""`awsml-study quiz`: the terminal quiz, bank statistics, score export.

    quiz [--service S] [--mode practice|exam|review|spaced] [--exam AIF-C01|MLA-C02]
         [--count N] [--seed K] [--include-connect] [--time-limit MINUTES] [--allow-repeats]
    quiz stats [--json]
    quiz results
    quiz export-scores FILE.csv

Exit status: 0 success, 2 bad arguments, 1 broken bank.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import textwrap

from awsml_study.quiz.bank import BankError, Question, load_banks
from awsml_study.quiz.exams import ESTIMATE_METHOD, EXAMS, MAIN_SERVICE_MINIMUM
from awsml_study.quiz.grading import InvalidResponse, hint
from awsml_study.quiz.progress import Progress
from awsml_study.quiz.selection import MODES
from awsml_study.quiz.session import QuizSession, TimeUp, start

WIDTH = 88


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # bank text is UTF-8; never crash on a dash
    commands = {"stats": _stats, "export-scores": _export, "results": _results}
    try:
        if argv and argv[0] in commands:
            return commands[argv[0]](argv[1:])
        return _quiz(argv)
    except BankError as exc:
        print(f"quiz: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
        return exc.code if isinstance(exc.code, int) else 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="awsml-study quiz", description="Take a quiz in the terminal. Answer with option letters: "
        "A; AC for multiple response; BADC for ordering; 1C 2A 3B for matching. Ctrl-D stops.",
        epilog="Other commands: quiz stats [--json] | quiz results | quiz export-scores FILE.csv")
    p.add_argument("--service", help="a service key (rekognition, ...) or a bank name (choosing, ...)")
    p.add_argument("--mode", choices=MODES, help="default: practice, or exam when --exam is given")
    p.add_argument("--exam", choices=sorted(EXAMS), help="draw by this exam's domain weights")
    p.add_argument("--count", type=_positive, help="number of questions (practice 10, exam 65, spaced 20)")
    p.add_argument("--seed", type=int, help="repeat the same draw")
    p.add_argument("--include-connect", action="store_true",
                   help="let exam mode draw the out-of-scope Connect questions too")
    p.add_argument("--time-limit", type=float, metavar="MINUTES", help="exam time limit")
    p.add_argument("--allow-repeats", action="store_true",
                   help="exam mode: do not avoid the questions of your last mock of this exam "
                        "(then --seed alone repeats a draw exactly)")
    return p


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _quiz(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    mode = args.mode or ("exam" if args.exam else "practice")
    count = args.count if args.count is not None else (10 if mode in ("practice", "review") else None)
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    bank = load_banks()
    try:
        session = start(args.service, mode, args.exam, count, seed, args.include_connect,
                        None if args.time_limit is None else args.time_limit * 60, bank=bank,
                        avoid_recent=not args.allow_repeats)
    except ValueError as exc:
        parser.print_usage(sys.stderr)
        print(f"awsml-study quiz: error: {exc}", file=sys.stderr)
        return 2
    run(session, bank.titles.get(args.service or "", args.service or "all banks"), ask=_ask)
    return 0


def _ask(prompt: str) -> str:
    text = input(prompt)
    if not sys.stdin.isatty():
        print(text)  # echo piped answers so a transcript reads like a session
    return text


def run(session: QuizSession, source: str, ask=input, out=print) -> None:
    """Ask every question, read answers with `ask`, and always end with `Score: X/Y`."""
    what = session.mode + (f" {session.exam}" if session.exam else "")
    out(f"{what[0].upper() + what[1:]}: {len(session.questions)} question(s) from {source} (seed {session.seed}).")
    for note in session.notes:
        out(f"Note: {note}.")
    if session.mode == "exam":
        out("Exam mode: no feedback until the end." +
            (f" Time limit: {session.time_limit / 60:g} min." if session.time_limit else ""))
    out("Type option letters; Ctrl-D stops (unanswered questions count as wrong).")
    previous_case = None
    stopped = False
    session.start_clock()
    while (q := session.current) is not None:
        case = q.case_study["id"] if q.case_study else None
        out("")
        out(render(q, session.index + 1, len(session.questions), show_case=case != previous_case))
        previous_case = case
        while True:
            try:
                text = ask(f"Your answer ({hint(q)}): ")
            except (EOFError, KeyboardInterrupt):
                stopped = True
                break
            try:
                feedback = session.submit(text)
            except InvalidResponse as exc:
                out(f"  Could not use that: {exc}.")
                continue
            except TimeUp:
                out("Time is up.")
                stopped = True
            break
        if stopped:
            break
        if session.shows_feedback:
            out(render_feedback(feedback))
        elif session.time_left() is not None:
            left = session.time_left()
            out(f"  Recorded. Time left: {int(left // 60)}:{int(left % 60):02d}")
            if left == 0:
                out("Time is up.")
                break
        session.next()
    summary = session.finish()
    unanswered = summary.total - summary.answered
    out("")
    if unanswered:
        out(f"{unanswered} unanswered question(s) count as wrong.")
    out(f"Answered {summary.answered} of {summary.total}; points with partial credit: "
        f"{round(summary.points, 2):g}/{summary.total}")
    if summary.exam:
        for label, (right, asked) in summary.by_domain.items():
            out(f"  {label}: {right}/{asked}")
        verdict = "at or above" if summary.passed_estimate else "below"
        out(f"Estimated scaled score: {summary.scaled_estimate} (ESTIMATE; {verdict} the pass mark "
            f"{summary.pass_mark}). How it is estimated: {ESTIMATE_METHOD}.")
    out(summary.score_line())


def render(q: Question, number: int, total: int, show_case: bool = True) -> str:
    lines = [f"Question {number}/{total}  [{q.id} | {q.topic} | {q.difficulty}]"]
    if q.case_study and show_case:
        lines += [f"Case study: {q.case_study['title']}", _wrap(q.case_study["scenario"]), ""]
    lines.append(_wrap(q.stem))
    if q.type == "ordering":
        lines.append("Steps, shown shuffled:")
    if q.type == "matching":
        lines.append("Prompts:")
        lines += [_wrap(f"{k}. {t}", indent="  ") for k, t in q.prompts.items()]
        lines.append("Options:")
    lines += [_wrap(f"{k}. {t}", indent="  ") for k, t in q.options.items()]
    return "\n".join(lines)


def render_feedback(fb) -> str:
    g = fb.grade
    if g.correct:
        head = "Correct."
    elif g.score > 0:
        head = f"Partly right (score {g.score:.2f}). The answer is {fb.right_answer}."
    else:
        head = f"Wrong. The answer is {fb.right_answer}."
    lines = [head, _wrap("Why: " + fb.explanation, indent="  ")]
    if fb.why_wrong:
        lines.append("  Why not the others:")
        lines += [_wrap(f"{k}: {why}", indent="    ") for k, why in sorted(fb.why_wrong.items())]
    nb = fb.question.notebook
    lines.append(f"  Read more: {nb['path']}, section \"{nb['section']}\"")
    return "\n".join(lines)


def _wrap(text: str, indent: str = "") -> str:
    hang = indent + ("   " if indent else "")  # option text lines up after "A. "
    return "\n".join(textwrap.fill(par, WIDTH, initial_indent=indent, subsequent_indent=hang)
                     if par.strip() else "" for par in text.splitlines() or [""])


def _stats(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="awsml-study quiz stats", description="Size of the question banks.")
    p.add_argument("--json", action="store_true", help="print JSON")
    args = p.parse_args(argv)
    bank = load_banks()
    data = bank.stats()
    # "Read more" pointers checked against the notebooks next to the bank folder.
    data["unresolved_pointers"] = [{"id": qid, "problem": msg} for qid, msg in bank.pointer_problems()]
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"{data['total']} questions")
    for key in ("by_bank", "by_main_service", "by_service", "by_type", "by_difficulty"):
        label = {"by_main_service": "first-listed service", "by_service": "service (any position)"}.get(key, key[3:])
        print(f"{label}: " + ", ".join(f"{k} {v}" for k, v in data[key].items()))
    short = {s: n for s, n in MAIN_SERVICE_MINIMUM.items() if data["by_main_service"].get(s, 0) < n}
    print("first-listed minimum (36 each, SageMaker 48): "
          + ("met by every service" if not short else "short: " + ", ".join(
              f"{s} {data['by_main_service'].get(s, 0)}/{n}" for s, n in short.items())))
    print(f"out of exam scope: {data['out_of_scope']}")
    print(f"read-more pointers that do not resolve: {len(data['unresolved_pointers'])}"
          + "".join(f"\n  {p['id']}: {p['problem']}" for p in data["unresolved_pointers"][:10])
          + ("\n  ..." if len(data["unresolved_pointers"]) > 10 else ""))
    print("Per exam domain: questions held / needed for two distinct full mock exams "
          "(65 questions each, drawn by domain weight)")
    for code, mock in data["mocks"].items():
        spec = EXAMS[code]
        print(f"{code} ({'enough' if mock['enough_for_two_mocks'] else 'NOT enough'} for two mocks):")
        for d, row in mock["domains"].items():
            title, weight = spec.domains[int(d)]
            flag = "ok" if not row["short"] else f"short by {row['short']}"
            print(f"  D{d} {title} ({weight} %): {row['have']} / {row['need']}  {flag}; "
                  f"one mock draws {row['one_mock_draws']}")
        if mock["expected_overlap"] is not None:
            print(f"  two independently seeded mocks share about {mock['expected_overlap']:.0%} of their "
                  "questions (draw^2/held per domain); the next mock after one you answered avoids "
                  "its questions")
    return 0


def _export(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="awsml-study quiz export-scores",
                                description="Write every saved attempt as a CSV row.")
    p.add_argument("file", help="the CSV file to write")
    args = p.parse_args(argv)
    progress = Progress()
    rows = progress.export_csv(args.file)
    print(f"Wrote {rows} attempt(s) from {progress.path} to {args.file}")
    return 0


def _results(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="awsml-study quiz results",
                            description="Saved results per service, domain and topic.").parse_args(argv)
    progress = Progress()
    summary = progress.summary()
    print(f"{len(progress.attempts)} attempt(s) saved in {progress.path}")
    for group in ("service", "domain", "topic"):
        print(f"\nby {group}:")
        for name, row in summary[group].items():
            print(f"  {name:<60} {row['correct']:>3}/{row['attempts']:<3} mean score {row['mean_score']:.2f}")
    return 0
