"""Transcribe across Polly voices: word error rate of the local recogniser on the kit's own Polly speech
for the ten en-US voices a tutorial would use, beside raw pocketsphinx on the same audio.

    .venv/bin/python benchmarks/bench_transcribe_voices.py

The sentences are nobody's on this project: the first sentence of Python standard-library docstrings,
picked by a fixed rule (see `sentences`: 8-20 words, all in CMUdict, no acronyms or symbols). Each voice
speaks them as Polly SynthesizeSpeech would (its espeak-ng variant, pitch and rate, see
services/polly/voices.py). "raw pocketsphinx" is pocketsphinx's own Decoder with its default settings
fed the same audio resampled to 16 kHz; "kit" is asr.recognise, the path Transcribe runs.

Measured (issue 13): 67-101 % WER per voice for the kit (Stephen 56 %), 70-103 % raw, on these
30 sentences at Polly's 175 wpm: far from the 30 % target. Technical sentences the 3-gram LM does not expect, spoken
fast by formant-synthesised voices, defeat pocketsphinx's model for every voice, male ones too; the
female variants (f3: F1 +20 %, F2 +35 %) are further still from the model. No PyPI wheel checked so
far ships a better model's weights (moonshine-voice ships only its tokenizer and downloads the rest).
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


def main() -> None:
    texts = sentences()
    print(f"{len(texts)} sentences, {sum(len(asr.words_only(t)) for t in texts)} words; engine {asr.ENGINE}\n")
    head = f"{'voice':<10} {'espeak':<16} {'raw pocketsphinx':>17} {'kit':>7} {'ratio':>6} {'x real time':>12}"
    print(head)
    print("-" * len(head))
    tot = [0, 0, 0]
    for vid in VOICES:
        v = voices.BY_ID[vid]
        raw_e = kit_e = n = 0
        audio_s = cpu_s = 0.0
        for text in texts:
            s = tts.synthesize(text, voice=v["espeak"], rate_wpm=175, pitch=v["pitch"])
            raw_e += asr.word_error_rate(text, raw_pocketsphinx(s.samples, s.sample_rate))[1]
            c0 = time.process_time()
            words = asr.recognise(s.samples, s.sample_rate)
            cpu_s += time.process_time() - c0
            audio_s += s.duration_s
            _, e, k = asr.word_error_rate(text, " ".join(w.text for w in words))
            kit_e, n = kit_e + e, n + k
        tot = [tot[0] + raw_e, tot[1] + kit_e, tot[2] + n]
        print(f"{vid:<10} {v['espeak'] + ' p' + str(v['pitch']):<16} {raw_e / n:>17.1%} {kit_e / n:>7.1%} "
              f"{kit_e / max(raw_e, 1):>6.2f} {audio_s / cpu_s:>11.1f}x")
    print(f"{'all':<10} {'':<16} {tot[0] / tot[2]:>17.1%} {tot[1] / tot[2]:>7.1%} {tot[1] / max(tot[0], 1):>6.2f}")
    print("\ntarget: kit WER <= 30 % for every voice")


if __name__ == "__main__":
    main()
