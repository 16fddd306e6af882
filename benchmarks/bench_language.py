"""Language identification on text nobody on the project wrote: Debian's gettext message catalogs.

Every /usr/share/locale/LANG/LC_MESSAGES/*.mo on this machine holds translators' strings in LANG.
For each of the kit's candidate languages (awsml_study.engines.text.language.CANDIDATES) we draw up to
PER_LANGUAGE translated strings of at least 20 characters (DetectDominantLanguage's minimum), format
placeholders and markup removed, and ask each identifier to choose among the same candidates.
Baseline: lingua (the previous engine). Run: .venv/bin/python benchmarks/bench_language.py
"""
from __future__ import annotations

import gettext
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from awsml_study.engines.text.language import CANDIDATES  # noqa: E402

LOCALE = Path("/usr/share/locale")
PER_LANGUAGE = 60
BUCKETS = ((20, 40), (40, 80), (80, 10_000))   # characters: short, medium, long
# Catalog folder -> the code the engines answer with (no = nb for Norwegian Bokmal catalogs).
FOLDER_CODE = {"en_GB": "en", "en_AU": "en", "en_CA": "en", "en_NZ": "en", "nb_NO": "nb", "no": "nb", "pt_BR": "pt", "pt_PT": "pt", "zh_CN": "zh", "zh_TW": "zh",
               "zh_Hans": "zh", "zh_Hant": "zh", "zh_HK": "zh"}
NOISE = re.compile(r"%[-+ #0-9.]*[a-zA-Z]|%\([^)]*\)[a-z]|\{[^}]*\}|<[^>]+>|&[a-z]+;|_|\\n|\n|https?://\S+")


def samples(seed: int = 0) -> dict[str, list[str]]:
    """{language: [text]}, drawn evenly over the length buckets."""
    found: dict[str, set[str]] = defaultdict(set)
    for folder in sorted(LOCALE.iterdir()):
        code = FOLDER_CODE.get(folder.name, folder.name)
        if code not in CANDIDATES:
            continue
        for mo in (folder / "LC_MESSAGES").glob("*.mo"):
            try:
                with mo.open("rb") as fh:
                    catalog = gettext.GNUTranslations(fh)._catalog
            except Exception:  # a damaged catalog is just skipped
                continue
            for msgid, msgstr in catalog.items():
                if not msgid or not isinstance(msgstr, str) or msgstr == (msgid if isinstance(msgid, str) else ""):
                    continue
                text = " ".join(NOISE.sub(" ", msgstr).split())
                if len(text) >= 20 and sum(ch.isalpha() for ch in text) >= 0.6 * len(text):
                    found[code].add(text)
    rng, drawn = random.Random(seed), {}
    for code, texts in sorted(found.items()):
        pool = sorted(texts)
        rng.shuffle(pool)
        picked = []
        for low, high in BUCKETS:
            picked += [t for t in pool if low <= len(t) < high][:PER_LANGUAGE // len(BUCKETS)]
        drawn[code] = picked
    return drawn


def lingua_detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_iso_codes_639_1(
        *[IsoCode639_1.from_str(c) for c in CANDIDATES]).build()
    return lambda text: (lambda r: r.iso_code_639_1.name.lower() if r else "")(detector.detect_language_of(text))


def kit_detector():
    from awsml_study.engines.text.language import detect

    return lambda text: (detect(text) or [("", 0)])[0][0]


def main() -> None:
    data = samples() if LOCALE.is_dir() else {}
    if not data:
        print(f"no gettext catalogs under {LOCALE}: nothing to measure (apt-get install a few *-l10n packages)")
        return
    engines = {"lingua (baseline)": lingua_detector(), "kit engine": kit_detector()}
    n = sum(map(len, data.values()))
    print(f"{n} strings in {len(data)} languages from {LOCALE}/*/LC_MESSAGES/*.mo")
    right = {name: defaultdict(int) for name in engines}
    by_len = {name: defaultdict(int) for name in engines}
    for name, guess in engines.items():
        start = time.perf_counter()
        for code, texts in data.items():
            for text in texts:
                if guess(text) == code:
                    right[name][code] += 1
                    by_len[name][next(i for i, (lo, hi) in enumerate(BUCKETS) if lo <= len(text) < hi)] += 1
        right[name]["_seconds"] = time.perf_counter() - start
    totals = {lo: 0 for lo in range(len(BUCKETS))}
    for texts in data.values():
        for text in texts:
            totals[next(i for i, (lo, hi) in enumerate(BUCKETS) if lo <= len(text) < hi)] += 1
    base = "lingua (baseline)"
    for name in engines:
        acc = sum(v for k, v in right[name].items() if k != "_seconds") / n
        parts = ", ".join(f"{lo}-{hi if hi < 10_000 else ''} chars {by_len[name][i] / max(totals[i], 1):.1%}"
                          for i, (lo, hi) in enumerate(BUCKETS))
        print(f"{name:<20} {acc:6.1%}  ({parts}; {right[name]['_seconds']:.1f} s)")
    worse = [c for c in data if right["kit engine"][c] < right[base][c]]
    print("languages where the kit engine is behind lingua:",
          ", ".join(f"{c} {right['kit engine'][c]}/{right[base][c]}" for c in worse) or "none")


if __name__ == "__main__":
    main()
