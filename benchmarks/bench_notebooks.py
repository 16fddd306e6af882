"""Run time of every notebook, executed top to bottom headless (as the tests do), and their total
against the goal: all 14 notebooks together in at most 240 s under the test suite.

The baseline, measured in the same run, is a notebook of one cell (`import awsml_study`): the kernel
start and import that every notebook pays before its first call.

Run: PYTHONPATH=$PWD nice .venv/bin/python benchmarks/bench_notebooks.py [NOTEBOOK ...]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 240.0
EXPECTED = 14   # 00_start_here ... 13_capstone


def run(path: Path | None) -> float:
    """Seconds to execute the notebook at `path` (None: the one-cell baseline)."""
    import nbformat
    from nbclient import NotebookClient

    if path is None:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import awsml_study")])
        where = ROOT / "notebooks"
    else:
        nb, where = nbformat.read(path, as_version=4), path.parent
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(where)}}).execute()
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    baseline = run(None)
    print(f"{'notebook':<34} {'seconds':>8} {'× baseline':>11}")
    print(f"{'(baseline: kernel + import)':<34} {baseline:8.1f} {1:11.1f}", flush=True)
    total = 0.0
    for path in paths:
        seconds = run(path)
        total += seconds
        print(f"{path.name:<34} {seconds:8.1f} {seconds / baseline:11.1f}", flush=True)
    verdict = "within" if total <= GOAL_SECONDS else "OVER"
    if argv:   # a partial run cannot meet or miss a goal set for all the notebooks
        verdict = "partial run, not judged against"
    print(f"{'total of ' + str(len(paths)) + ' notebooks':<34} {total:8.1f}   {verdict} the goal of {GOAL_SECONDS:.0f} s"
          f" ({total / GOAL_SECONDS:.0%} of it)")
    if not argv and len(paths) != EXPECTED:
        print(f"note: {len(paths)} notebooks found, the goal counts {EXPECTED}")


if __name__ == "__main__":
    main(sys.argv[1:])
