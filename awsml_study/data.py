"""Where the kit's sample data lives (data/ at the top of the repository)."""
from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "data"


def path(relative: str) -> Path:
    """The absolute path of a file under data/, e.g. path("comprehend/reviews.csv")."""
    full = ROOT / relative
    if not full.exists():
        raise FileNotFoundError(f"{relative} is not in the kit's data folder ({ROOT})")
    return full


def read_csv(relative: str) -> list[dict]:
    with open(path(relative), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
