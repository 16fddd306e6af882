"""The `awsml-study` command: run a boto3 script offline, run the AWS CLI offline, take a quiz."""
from __future__ import annotations

import argparse
import sys

USAGE = """awsml-study COMMAND ...

commands:
  run SCRIPT [ARGS...]   run an unmodified boto3 Python program inside the local simulator
  aws [ARGS...]          run the AWS CLI in-process inside the local simulator
  quiz [...]             take a quiz in the terminal (awsml-study quiz --help)
  engines                list the simulated operations and the engine behind each
"""


def main(argv: list[str] | None = None) -> int:
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        from awsml_study.runner import run_script
        if not rest:
            print("usage: awsml-study run SCRIPT [ARGS...]", file=sys.stderr)
            return 2
        return run_script(rest[0], rest[1:])
    if command == "aws":
        from awsml_study.runner import run_aws_cli
        return run_aws_cli(rest)
    if command == "quiz":
        from awsml_study.quiz.cli import main as quiz_main
        return quiz_main(rest)
    if command == "engines":
        from awsml_study.sim.registry import describe_coverage
        print(describe_coverage())
        return 0
    print(f"awsml-study: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    return 2
