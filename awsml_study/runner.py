"""Run an unmodified boto3 program, or the AWS CLI, inside the local simulator."""
from __future__ import annotations

import contextlib
import os
import runpy
import sys
import traceback

from awsml_study.sim.activation import is_active, simulate


def _served():
    """The simulation already running (a notebook's, a test's), else a fresh one: a nested
    simulate() would start from an empty account and hide the caller's buckets."""
    return contextlib.nullcontext() if is_active() else simulate()


def run_script(path: str, args: list[str], served=None) -> int:
    """Run SCRIPT with ARGS as `python SCRIPT ARGS` would, but served offline (or inside the
    context manager `served`, e.g. real AWS with a default region); return its status."""
    if not os.path.isfile(path):
        print(f"awsml-study run: no such file: {path}", file=sys.stderr)
        return 2
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    sys.argv = [path, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        with served if served is not None else _served():
            runpy.run_path(path, run_name="__main__")
        return 0
    except SystemExit as stop:
        return _exit_status(stop.code)
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path


def run_aws_cli(args: list[str], served=None) -> int:
    """Run `aws ARGS` in-process (awscli v1) against the simulator (or inside `served`)."""
    from awscli.clidriver import create_clidriver

    with served if served is not None else _served():
        return create_clidriver().main(args)


def _exit_status(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
