"""Polly speed: how many times faster than real time the kit synthesises speech.

Prints, for texts of growing length, the audio duration, the wall time and the real-time factor
(audio seconds per wall second) of the espeak-ng engine alone and of full SynthesizeSpeech calls per
output format; and, as a baseline taken in the same run, moto's canned SynthesizeSpeech (8 bytes of
nothing, whatever the text). Run: .venv/bin/python benchmarks/bench_polly.py
"""
from __future__ import annotations

import time

import boto3

PARAGRAPH = ("Amazon Polly turns text into lifelike speech, so applications can talk. "
             "Developers use it for narration, accessibility and voice assistants. ")
SIZES = [("sentence", 72), ("paragraph", 600), ("page", 2900)]


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def text_of(n: int) -> str:
    return (PARAGRAPH * (n // len(PARAGRAPH) + 1))[:n].rsplit(" ", 1)[0] + "."


def moto_baseline(text: str) -> float:
    from moto import mock_aws
    with mock_aws():
        polly = boto3.client("polly", region_name="us-east-1")
        call = lambda: polly.synthesize_speech(Text=text[:3000], VoiceId="Joanna", OutputFormat="mp3")["AudioStream"].read()
        call()
        return best_of(call)


def main() -> None:
    import awsml_study
    from awsml_study.engines.speech import tts

    tts.synthesize("warm up")                                   # load the library once
    rows = []
    baselines = {}
    for name, n in SIZES:
        text = text_of(n)
        baselines[name] = moto_baseline(text)
        s = tts.synthesize(text, "en-us+f3")
        seconds = s.duration_s
        engine = best_of(lambda: tts.synthesize(text, "en-us+f3"))
        rows.append((name, len(text), "espeak-ng engine", seconds, engine))
        with awsml_study.simulate():
            polly = boto3.client("polly", region_name="us-east-1")
            for fmt, extra in [("pcm", {}), ("mp3", {}), ("ogg_vorbis", {}), ("ogg_opus", {}),
                               ("json", {"SpeechMarkTypes": ["word", "viseme"]})]:
                call = lambda: polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat=fmt,
                                                       **extra)["AudioStream"].read()
                call()
                rows.append((name, len(text), f"SynthesizeSpeech {fmt}", seconds, best_of(call)))
            from awsml_study.engines.speech import opus
            if opus.available():                 # the old path in the same run: libsndfile, complexity 10
                keep, opus.available = opus.available, lambda: False
                call = lambda: polly.synthesize_speech(Text=text, VoiceId="Joanna",
                                                       OutputFormat="ogg_opus")["AudioStream"].read()
                rows.append((name, len(text), "ogg_opus via libsndfile (old)", seconds, best_of(call)))
                opus.available = keep

    print(f"{'text':<10} {'chars':>5}  {'what':<30} {'audio s':>8} {'wall ms':>8} {'× real time':>12} "
          f"{'× synthesis':>12} {'× pcm':>6} {'× moto time':>12}")
    print("-" * 110)
    alone = {(n, w): t for n, _, w, _, t in rows}
    for name, chars, what, audio_s, wall in rows:
        print(f"{name:<10} {chars:>5}  {what:<30} {audio_s:8.2f} {wall * 1000:8.1f} {audio_s / wall:12.0f} "
              f"{wall / alone[(name, 'espeak-ng engine')]:12.2f} "
              f"{wall / alone[(name, 'SynthesizeSpeech pcm')]:6.2f} {wall / baselines[name]:12.1f}")
    print("-" * 110)
    print("× synthesis, × pcm: wall time as a multiple of the espeak-ng engine alone / of the pcm call, same run")
    for name, _ in SIZES:
        print(f"moto canned SynthesizeSpeech ({name}): {baselines[name] * 1000:.1f} ms for 8 bytes of no audio")
    print("real-time factor, worst over the three texts (target: synthesis ≥ 50× real time):")
    for what in dict.fromkeys(w for _, _, w, _, _ in rows):
        worst = min(a / w for _, _, kind, a, w in rows if kind == what)
        print(f"  {what:<30} {worst:6.0f}×  {'meets 50×' if worst >= 50 else 'below 50× (codec-bound)'}")

if __name__ == "__main__":
    main()
