"""Run time and peak kernel memory of every notebook, executed top to bottom headless (as the tests
do), and their total against the goal: all 14 notebooks together in at most 240 s under the test suite.

The baseline, measured in the same run, is a notebook of one cell (`import awsml_study`): the kernel
start and import that every notebook pays before its first call. Peak memory is the kernel's
resident set size (RSS, its children included), sampled with psutil every 0.1 s while the notebook
runs: the figure a JupyterHub memory guarantee/limit has to cover (add the Jupyter server itself,
printed last).

Run: PYTHONPATH=$PWD nice .venv/bin/python benchmarks/bench_notebooks.py [NOTEBOOK ...]
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 240.0
EXPECTED = 14   # 00_start_here ... 13_capstone
MB = 1024 * 1024


def _tree_rss(proc) -> int:
    """RSS of every descendant of `proc` (the kernel and anything it starts)."""
    import psutil

    total = 0
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(path: Path | None) -> tuple[float, float]:
    """(seconds, peak kernel RSS in MB) of the notebook at `path` (None: the one-cell baseline)."""
    import nbformat
    import psutil
    from nbclient import NotebookClient

    if path is None:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import awsml_study")])
        where = ROOT / "notebooks"
    else:
        nb, where = nbformat.read(path, as_version=4), path.parent
    me, peak, done = psutil.Process(), [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(me))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    sampler.start()
    try:
        NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(where)}}).execute()
    finally:
        done.set()
        sampler.join()
    return time.perf_counter() - start, peak[0] / MB


def main(argv: list[str]) -> None:
    import psutil

    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    baseline, base_peak = run(None)
    print(f"{'notebook':<34} {'seconds':>8} {'x baseline':>11} {'peak RSS MB':>12}")
    print(f"{'(baseline: kernel + import)':<34} {baseline:8.1f} {1:11.1f} {base_peak:12.0f}", flush=True)
    total, peaks = 0.0, []
    for path in paths:
        seconds, peak = run(path)
        total += seconds
        peaks.append(peak)
        print(f"{path.name:<34} {seconds:8.1f} {seconds / baseline:11.1f} {peak:12.0f}", flush=True)
    verdict = "within" if total <= GOAL_SECONDS else "OVER"
    if argv:   # a partial run cannot meet or miss a goal set for all the notebooks
        verdict = "partial run, not judged against"
    print(f"{'total of ' + str(len(paths)) + ' notebooks':<34} {total:8.1f}   {verdict} the goal of "
          f"{GOAL_SECONDS:.0f} s ({total / GOAL_SECONDS:.0%} of it)")
    if not argv and len(paths) != EXPECTED:
        print(f"note: {len(paths)} notebooks found, the goal counts {EXPECTED}")
    print(f"largest peak kernel RSS: {max(peaks):.0f} MB; this driver process (a stand-in for the "
          f"Jupyter server): {psutil.Process().memory_info().rss / MB:.0f} MB RSS")


if __name__ == "__main__":
    main(sys.argv[1:])
