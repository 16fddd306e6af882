"""Transcribe across Polly voices: word error rate of the local recogniser on the kit's own Polly speech
for the ten en-US voices a tutorial would use, beside raw pocketsphinx on the same audio.

    .venv/bin/python benchmarks/bench_transcribe_voices.py

Two sets of sentences nobody on this project wrote, 20 each, picked by a fixed rule (8-20 words, letters
only, every word in CMUdict so the baseline could know it):
- everyday: New York Times editorial and Amazon review sentences from the shared human-rated file
  (/work/shared/sentiment_dev, the VADER paper's ground truth; skipped when absent);
- technical: the first sentence of Python standard-library docstrings ("Pearson's correlation
  coefficient ...") - rare words, the hard case.
Each voice speaks them as Polly SynthesizeSpeech would (its espeak-ng variant and pitch, 175 wpm, see
services/polly/voices.py). "raw pocketsphinx" is pocketsphinx's own Decoder with its default settings fed
the same audio at 16 kHz (the kit's recogniser before issue 13); "kit" is asr.recognise, the path
Transcribe runs (Moonshine base for the words, pocketsphinx alignment for their times). "timing" is the
mean distance between the start time the kit gives a correctly recognised word and the time the
synthesiser says it started it (espeak-ng word events).

Measured (issue 13, 2-core machine, final engine): everyday 11.5-23.0 % WER per voice for the kit
against 58-94 % for raw pocketsphinx; technical 19.9-34.2 % against 76-107 % (Salli 34.2 and Kevin 30.1
over 30 %, the other nine under); 3.3-4.2x real time; word starts 15-61 ms from the synthesiser's.
"""
from __future__ import annotations

import importlib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from awsml_study.engines.speech import asr, audio, tts  # noqa: E402
from awsml_study.services.polly import voices  # noqa: E402

VOICES = ["Joanna", "Matthew", "Ivy", "Justin", "Kendra", "Kimberly", "Salli", "Joey", "Kevin", "Ruth",
          "Stephen"]   # the ten best known en-US voices, and the one the notebooks use
MODULES = ["json", "csv", "random", "heapq", "bisect", "shutil", "tempfile", "textwrap", "string", "queue",
           "sched", "calendar", "fractions", "statistics", "glob", "fnmatch", "pickle", "copy", "pprint",
           "difflib", "socket", "threading", "logging", "argparse", "zipfile", "tarfile", "gzip", "base64",
           "hashlib", "hmac", "secrets", "uuid", "smtplib", "ftplib", "imaplib", "poplib", "mailbox",
           "wave", "locale", "gettext", "optparse", "getopt", "shelve", "dbm", "sqlite3", "contextlib",
           "functools", "itertools", "operator", "weakref", "abc", "numbers", "decimal", "math"]


def sentences(limit: int = 30) -> list[str]:
    """First sentences of stdlib docstrings (one per module, in a fixed order) a speaker reads plainly."""
    d = asr.decoder()
    out: list[str] = []
    for name in MODULES:
        mod = importlib.import_module(name)
        for obj in [mod] + [getattr(mod, n) for n in sorted(dir(mod)) if not n.startswith("_")]:
            doc = getattr(obj, "__doc__", None)
            if not isinstance(doc, str) or (obj is not mod and getattr(obj, "__module__", name) != name):
                continue
            first = re.split(r"(?<=[.])\s", " ".join(doc.split()))[0]
            words = re.findall(r"[A-Za-z']+", first)
            if (8 <= len(words) <= 20 and first.endswith(".") and not re.search(r"[^A-Za-z ,.']", first)
                    and not any(len(w) == 1 and w not in "aAI" or (len(w) > 1 and w.isupper()) for w in words)
                    and all(d.lookup_word(w.lower()) for w in words) and first not in out):
                out.append(first)
                break
    return out[:limit]


def raw_pocketsphinx(samples, rate: int) -> str:
    """pocketsphinx's default Decoder on the audio resampled to 16 kHz: the baseline."""
    from pocketsphinx import Decoder
    global _raw
    if "_raw" not in globals():
        _raw = Decoder(samprate=16000, loglevel="FATAL")
    x = audio.resample(audio.to_float(samples), rate, 16000)
    _raw.start_utt()
    _raw.process_raw((x.clip(-1, 1) * 32767).astype("<i2").tobytes(), full_utt=True)
    _raw.end_utt()
    return _raw.hyp().hypstr if _raw.hyp() else ""


def everyday(limit: int = 20) -> list[str]:
    """NYT editorial and Amazon review sentences from the shared human-rated file, if it is here."""
    import csv
    for base in (Path("/work/shared/sentiment_dev"), ROOT.parent / "shared" / "sentiment_dev"):
        path = base / "human_rated_dev.tsv"
        if path.exists():
            break
    else:
        return []
    d = asr.decoder()
    picked = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            text = " ".join(row["text"].split())
            words = re.findall(r"[A-Za-z']+", text)
            if (row["source"] in ("nytEditorialSnippets", "amazonReviewSnippets") and 8 <= len(words) <= 20
                    and not re.search(r"[0-9@#&/()\"$%*_]", text)
                    and all(d.lookup_word(w.lower()) for w in words)):
                picked.append(text)
    return picked[:: max(1, len(picked) // limit)][:limit]


def timing_errors(text: str, marks, words) -> list[float]:
    """|start the kit gives - start the synthesiser gave| for each recognised word matched, in order,
    to the same word said (a word matches the first unmatched one of its spelling within 1 s)."""
    said = [(text[c:c + ln].lower().strip(".,;:?!'\""), ms / 1000) for ms, c, ln in marks]
    out, k = [], 0
    for w in words:
        for j in range(k, len(said)):
            if said[j][0] == w.text.lower() and abs(said[j][1] - w.start) <= 1.0:
                out.append(abs(said[j][1] - w.start))
                k = j + 1
                break
    return out


def measure(v: dict, texts: list[str]) -> dict:
    raw_e = kit_e = n = 0
    audio_s = cpu_s = 0.0
    offsets = []
    for text in texts:
        s = tts.synthesize(text, voice=v["espeak"], rate_wpm=175, pitch=v["pitch"])
        raw_e += asr.word_error_rate(text, raw_pocketsphinx(s.samples, s.sample_rate))[1]
        c0 = time.process_time()
        words = asr.recognise(s.samples, s.sample_rate)
        cpu_s += time.process_time() - c0
        audio_s += s.duration_s
        _, e, k = asr.word_error_rate(text, " ".join(w.text for w in words))
        kit_e, n = kit_e + e, n + k
        offsets += timing_errors(text, s.words, words)
    return {"raw": raw_e / n, "kit": kit_e / n, "rt": audio_s / max(cpu_s, 1e-9),
            "timing": sum(offsets) / max(len(offsets), 1)}


def main() -> None:
    sets = {"everyday": everyday(), "technical": sentences(20)}
    if not sets["everyday"]:
        print("everyday sentences: skipped (no /work/shared/sentiment_dev or ../shared/sentiment_dev)")
        del sets["everyday"]
    for name, texts in sets.items():
        print(f"{name}: {len(texts)} sentences, {sum(len(asr.words_only(t)) for t in texts)} words")
    print(f"engine: {asr.ENGINE}\n")
    head = f"{'voice':<10} {'espeak':<16}" + "".join(
        f" {name + ' raw':>14} {name + ' kit':>14}" for name in sets) + f" {'timing':>8} {'x real time':>12}"
    print(head)
    print("-" * len(head))
    worst = {name: 0.0 for name in sets}
    for vid in VOICES:
        v = voices.BY_ID[vid]
        got = {name: measure(v, texts) for name, texts in sets.items()}
        for name in sets:
            worst[name] = max(worst[name], got[name]["kit"])
        last = got[list(sets)[0]]
        print(f"{vid:<10} {v['espeak'] + ' p' + str(v['pitch']):<16}" + "".join(
            f" {got[n]['raw']:>14.1%} {got[n]['kit']:>14.1%}" for n in sets)
            + f" {last['timing'] * 1000:>6.0f}ms {last['rt']:>11.1f}x", flush=True)
    print("\nworst voice: " + ", ".join(f"{n} {w:.1%}" for n, w in worst.items())
          + "   (target: kit WER <= 30 % for every voice)")


if __name__ == "__main__":
    main()
