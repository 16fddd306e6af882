"""Disk footprint of the current venv: site-packages in MB and its ten biggest distributions.

Sizes are summed per installed distribution from its RECORD (so opencv_python.libs counts with
opencv-python, spacy's blis under blis). Measure a fresh `pip install .` (what `make lab` makes)
to see the learner's install; the project venv also holds the [test] extra.
Run: .venv/bin/python benchmarks/bench_footprint.py [SITE_PACKAGES]
"""
from __future__ import annotations

import sys
import sysconfig
from importlib import metadata
from pathlib import Path

MB = 1024 * 1024
GOAL_MB = 1000


def _size(path: Path) -> int:
    if path.is_file() and not path.is_symlink():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def per_distribution(site: Path) -> dict[str, int]:
    """{distribution name: bytes} from each distribution's RECORD."""
    sizes: dict[str, int] = {}
    for dist in metadata.distributions(path=[str(site)]):
        total = 0
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file():
                total += path.stat().st_size
        name = dist.metadata["Name"] or "?"
        sizes[name] = sizes.get(name, 0) + total
    return sizes


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else Path(sysconfig.get_paths()["purelib"])
    total = _size(site)
    sizes = per_distribution(site)
    print(f"{site}: {total / MB:.0f} MB in {len(sizes)} distributions "
          f"(goal for the runtime install: <= {GOAL_MB} MB)")
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {name:<32} {size / MB:6.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
