"""Run time and peak kernel memory of every notebook, executed top to bottom headless (as the tests do).

Peak memory is the kernel's resident set size (RSS, its children included), sampled with psutil
every 0.1 s while the notebook runs: the figure a JupyterHub memory guarantee/limit has to cover
(add the Jupyter server itself, printed last).

Run: .venv/bin/python benchmarks/bench_notebooks.py [NOTEBOOK ...]
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def run(path: Path) -> tuple[float, float]:
    """(seconds, peak kernel RSS in MB) of one notebook."""
    import nbformat
    import psutil
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    me, peak, done = psutil.Process(), [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(me))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    sampler.start()
    try:
        NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        done.set()
        sampler.join()
    return time.perf_counter() - start, peak[0] / MB


def main(argv: list[str]) -> None:
    import psutil

    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    print(f"{'notebook':<34} seconds  peak kernel RSS MB", flush=True)
    peaks = []
    for path in paths:
        seconds, peak = run(path)
        peaks.append(peak)
        print(f"{path.name:<34} {seconds:7.1f}  {peak:8.0f}", flush=True)
    print(f"{'largest':<34} {'':7}  {max(peaks):8.0f}")
    print(f"this driver process (a stand-in for the Jupyter server): "
          f"{psutil.Process().memory_info().rss / MB:.0f} MB RSS")


if __name__ == "__main__":
    main(sys.argv[1:])
