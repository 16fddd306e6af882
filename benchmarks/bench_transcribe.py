"""Transcribe benchmark: word error rate and speed of the local recogniser on speech the kit's own
Polly engine (engines/tts.py, espeak-ng) synthesises from the scripts in data/transcribe/scripts.jsonl.

    .venv/bin/python benchmarks/bench_transcribe.py            # all configurations
    .venv/bin/python benchmarks/bench_transcribe.py --quick    # the reference configuration only

Every configuration is measured in the same run against two baselines: the real time of the audio
(speed) and the recogniser without audio conditioning (accuracy). WER is Levenshtein distance over
lower-case words without punctuation, pooled over all scripts. "tuning" scripts are the ones the
settings were chosen on; "heldout" scripts were written afterwards and never used for tuning.
The last row runs the whole service path: Polly SynthesizeSpeech -> S3 -> StartTranscriptionJob.
The recogniser is deterministic; some espeak-ng voice variants (f5, say) add random breath noise,
so their rows move by a point or two between runs.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from awsml_study.engines.speech import asr, tts  # noqa: E402

SCRIPTS = [json.loads(line) for line in (ROOT / "data/transcribe/scripts.jsonl").read_text().splitlines()]
# (label, espeak voice the Polly voice speaks with, words per minute, conditioning on?)
CONFIGS = [
    ("Stephen (en-us+m6), 150 wpm", "en-us+m6", 150, True),       # reference configuration
    ("Stephen (en-us+m6), 150 wpm, raw", "en-us+m6", 150, False),  # baseline: no conditioning
    ("Stephen (en-us+m6), 175 wpm", "en-us+m6", 175, True),
    ("Gregory (en-us+m1), 150 wpm", "en-us+m1", 150, True),
    ("Matthew (en-us+m3), 150 wpm", "en-us+m3", 150, True),
    ("Kimberly (en-us+f5), 150 wpm", "en-us+f5", 150, True),
    ("Joanna (en-us+f3), 150 wpm", "en-us+f3", 150, True),
    ("espeak default (en-us), 175 wpm", "en-us", 175, True),
]


def measure(voice: str, wpm: int, conditioned: bool) -> dict:
    totals = {split: [0, 0] for split in ("tuning", "heldout")}
    audio_s = cpu_s = wall_s = 0.0
    for script in SCRIPTS:
        s = tts.synthesize(script["text"], voice=voice, rate_wpm=wpm)
        c0, w0 = time.process_time(), time.perf_counter()
        words = asr.recognise(s.samples, s.sample_rate, raw=not conditioned)
        cpu_s += time.process_time() - c0
        wall_s += time.perf_counter() - w0
        audio_s += s.duration_s
        _, edits, n = asr.word_error_rate(script["text"], " ".join(w.text for w in words))
        totals[script["split"]][0] += edits
        totals[script["split"]][1] += n
    edits = sum(e for e, _ in totals.values())
    words = sum(n for _, n in totals.values())
    return {"wer": edits / words, "tuning": totals["tuning"][0] / totals["tuning"][1],
            "heldout": totals["heldout"][0] / totals["heldout"][1], "words": words,
            "audio_s": audio_s, "cpu_s": cpu_s, "wall_s": wall_s}


def service_round_trip() -> dict:
    """Polly -> S3 -> Transcribe through boto3 in the simulator, for the reference voice."""
    import boto3

    import awsml_study
    edits = words = 0
    audio_s = wall_s = 0.0
    with awsml_study.simulate():
        polly, s3, tr = (boto3.client(n, region_name="us-east-1") for n in ("polly", "s3", "transcribe"))
        s3.create_bucket(Bucket="bench")
        for script in SCRIPTS:
            speech = polly.synthesize_speech(Text=script["text"], VoiceId="Stephen", Engine="neural",
                                             OutputFormat="mp3")["AudioStream"].read()
            s3.put_object(Bucket="bench", Key=f"{script['id']}.mp3", Body=speech)
            w0 = time.perf_counter()
            tr.start_transcription_job(TranscriptionJobName=script["id"], LanguageCode="en-US",
                                       Media={"MediaFileUri": f"s3://bench/{script['id']}.mp3"},
                                       OutputBucketName="bench")
            job = tr.get_transcription_job(TranscriptionJobName=script["id"])["TranscriptionJob"]
            wall_s += time.perf_counter() - w0
            doc = json.loads(s3.get_object(Bucket="bench", Key=f"{script['id']}.json")["Body"].read())
            _, e, n = asr.word_error_rate(script["text"], doc["results"]["transcripts"][0]["transcript"])
            edits, words = edits + e, words + n
            items = doc["results"]["items"]
            audio_s += float(items[-2]["end_time"]) if len(items) > 1 else 0.0
            assert job["TranscriptionJobStatus"] == "COMPLETED", job.get("FailureReason")
    return {"wer": edits / words, "words": words, "wall_s": wall_s, "audio_s": audio_s}


def main() -> None:
    quick = "--quick" in sys.argv
    asr.decoder()                                   # load the model outside the timings
    print(f"awsml-study Transcribe benchmark: {len(SCRIPTS)} scripts "
          f"({sum(s['split'] == 'heldout' for s in SCRIPTS)} held out), engine {asr.ENGINE}")
    print(f"cores available: {os.cpu_count()}; the decoder uses one\n")
    head = f"{'configuration':<36} {'WER':>6} {'tuning':>7} {'heldout':>8} {'words':>6} {'audio s':>8} " \
           f"{'CPU s':>6} {'RTF':>5} {'x real time':>11}"
    print(head)
    print("-" * len(head))
    rows = CONFIGS[:2] if quick else CONFIGS
    base = None
    for label, voice, wpm, conditioned in rows:
        r = measure(voice, wpm, conditioned)
        base = base or r
        rtf = r["cpu_s"] / r["audio_s"]
        print(f"{label:<36} {r['wer']:>6.1%} {r['tuning']:>7.1%} {r['heldout']:>8.1%} {r['words']:>6} "
              f"{r['audio_s']:>8.1f} {r['cpu_s']:>6.1f} {rtf:>5.2f} {1 / rtf:>10.1f}x")
    svc = service_round_trip()
    print(f"{'service: Polly→S3→Transcribe (Stephen)':<36} {svc['wer']:>6.1%} {'':>7} {'':>8} {svc['words']:>6} "
          f"{'':>8} {'':>6} {'':>5} {'':>11}  wall {svc['wall_s']:.1f} s incl. S3 and JSON")
    print(f"\nreference WER {base['wer']:.1%} (target <= 30%); speed {base['audio_s'] / base['cpu_s']:.1f}x "
          f"real time on one core (target >= 3x)")


if __name__ == "__main__":
    main()
