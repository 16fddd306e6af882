"""Disk footprint of the current venv: site-packages in MB, its ten biggest distributions, and
what leaving out each of the kit's direct dependencies would save (it and whatever only it needs).

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


def _key(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def exclusive(site: Path, sizes: dict[str, int]) -> dict[str, int]:
    """{direct runtime dependency of awsml-study: bytes of it and of what nothing else requires}."""
    from packaging.requirements import Requirement

    dists = {_key(d.metadata["Name"] or "?"): d for d in metadata.distributions(path=[str(site)])}
    by_key = {_key(name): size for name, size in sizes.items()}

    def requires(name: str) -> list[str]:
        out = []
        for line in (dists[name].requires or []) if name in dists else []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                out.append(_key(req.name))
        return out

    def closure(name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += requires(current)
        return seen

    kit = dists.get("awsml-study")
    if kit is None:
        return {}
    direct = sorted({_key(Requirement(r).name) for r in kit.requires or [] if "extra ==" not in r})
    needs = {d: closure(d) for d in direct}
    out = {}
    for d in direct:
        others = set().union(*(needs[o] for o in direct if o != d))
        out[d] = sum(by_key.get(n, 0) for n in needs[d] - others)
    return out


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else Path(sysconfig.get_paths()["purelib"])
    total = _size(site)
    sizes = per_distribution(site)
    print(f"{site}: {total / MB:.0f} MB in {len(sizes)} distributions "
          f"(goal for the runtime install: <= {GOAL_MB} MB)")
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {name:<32} {size / MB:6.0f} MB")
    saved = exclusive(site, sizes)
    if saved:
        print("leaving out one direct dependency (and what only it needs) would save:")
        for name, size in sorted(saved.items(), key=lambda kv: -kv[1])[:10]:
            print(f"  {name:<32} {size / MB:6.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
