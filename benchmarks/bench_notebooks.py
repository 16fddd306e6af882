"""Run time of every notebook, executed top to bottom headless (as the tests do).

Run: .venv/bin/python benchmarks/bench_notebooks.py [NOTEBOOK ...]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    print(f"{'notebook':<34} seconds")
    for path in paths:
        print(f"{path.name:<34} {run(path):7.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
