"""Transcribe batch jobs: real recognition of synthesised speech, transcript JSON in S3, job lifecycle."""
import json

import pytest
import requests
from botocore.exceptions import ClientError

from awsml_study.engines.speech import asr, audio, tts

TEXT = "Please send the invoice to our office before the end of the month."
BUCKET = "media"
OUT = "transcripts"


def synth(text=TEXT, voice="en-us+m6", rate=150):
    s = tts.synthesize(text, voice=voice, rate_wpm=rate)
    return s.samples, s.sample_rate


@pytest.fixture(scope="module")
def speech():
    samples, rate = synth()
    return {fmt: audio.encode(samples, rate, fmt) for fmt in ("wav", "flac", "ogg_vorbis", "mp3")}


@pytest.fixture
def tr(aws, speech):
    s3 = aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.create_bucket(Bucket=OUT)
    s3.put_object(Bucket=BUCKET, Key="invoice.wav", Body=speech["wav"])
    client = aws("transcribe")
    client.s3 = s3
    return client


def start(tr, name="job", uri=f"s3://{BUCKET}/invoice.wav", **extra):
    params = {"TranscriptionJobName": name, "LanguageCode": "en-US", "Media": {"MediaFileUri": uri}}
    params.update(extra)
    return tr.start_transcription_job(**params)["TranscriptionJob"]


def finished(tr, name="job"):
    return tr.get_transcription_job(TranscriptionJobName=name)["TranscriptionJob"]


def read_json(tr, bucket, key):
    return json.loads(tr.s3.get_object(Bucket=bucket, Key=key)["Body"].read())


def error_code(call, **kwargs):
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


# ----- recognition and the transcript format -----

def test_job_transcribes_the_speech_into_the_output_bucket(tr):
    # Execute
    assert start(tr, OutputBucketName=OUT, OutputKey="calls/")["TranscriptionJobStatus"] == "IN_PROGRESS"
    job = finished(tr)
    # Verify
    assert job["TranscriptionJobStatus"] == "COMPLETED"
    assert job["Transcript"]["TranscriptFileUri"] == f"https://s3.us-east-1.amazonaws.com/{OUT}/calls/job.json"
    assert job["MediaFormat"] == "wav" and job["MediaSampleRateHertz"] == 22050
    doc = read_json(tr, OUT, "calls/job.json")
    assert doc["jobName"] == "job" and doc["status"] == "COMPLETED"
    text = doc["results"]["transcripts"][0]["transcript"]
    wer, _, _ = asr.word_error_rate(TEXT, text)
    assert wer <= 0.4, text          # one sentence; benchmarks/bench_transcribe.py measures 24
    assert text[0].isupper() and text.endswith(".")


def test_items_carry_word_timings_and_confidences(tr):
    start(tr, OutputBucketName=OUT)
    finished(tr)
    items = read_json(tr, OUT, "job.json")["results"]["items"]
    words = [i for i in items if i["type"] == "pronunciation"]
    assert len(words) >= 8
    times = [(float(w["start_time"]), float(w["end_time"])) for w in words]
    assert all(a < b for a, b in times)
    assert all(times[k][1] <= times[k + 1][0] + 1e-6 for k in range(len(times) - 1))
    assert times[-1][1] <= 6.0                                   # the audio is about 4.5 s long
    assert all(0.0 <= float(w["alternatives"][0]["confidence"]) <= 1.0 for w in words)
    assert items[-1] == {"id": len(items) - 1, "type": "punctuation",
                         "alternatives": [{"confidence": "0.0", "content": "."}]}


def test_different_speech_gives_a_different_transcript(tr):
    samples, rate = synth("The weather today will be sunny with a light wind.")
    tr.s3.put_object(Bucket=BUCKET, Key="weather.flac", Body=audio.encode(samples, rate, "flac"))
    start(tr, uri=f"s3://{BUCKET}/weather.flac", OutputBucketName=OUT)
    assert finished(tr)["MediaFormat"] == "flac"
    text = read_json(tr, OUT, "job.json")["results"]["transcripts"][0]["transcript"].lower()
    said = "The weather today will be sunny with a light wind."
    # most of its words right, and nothing like the other clip's text (espeak-ng's m6 voice varies
    # slightly from one synthesis to the next, and the first words are the ones it gets wrong)
    assert asr.word_error_rate(said, text)[0] <= 0.6 and asr.word_error_rate(TEXT, text)[0] >= 0.9, text
    assert "invoice" not in text


@pytest.mark.parametrize("fmt,ext,name", [("ogg_vorbis", "ogg", "ogg"), ("mp3", "mp3", "mp3")])
def test_compressed_formats_are_decoded(tr, speech, fmt, ext, name):
    tr.s3.put_object(Bucket=BUCKET, Key=f"invoice.{ext}", Body=speech[fmt])
    start(tr, uri=f"s3://{BUCKET}/invoice.{ext}", MediaFormat=name, OutputBucketName=OUT)
    job = finished(tr)
    assert job["TranscriptionJobStatus"] == "COMPLETED" and job["MediaFormat"] == name
    assert "invoice" in read_json(tr, OUT, "job.json")["results"]["transcripts"][0]["transcript"]


def test_output_key_names_the_file(tr):
    start(tr, OutputBucketName=OUT, OutputKey="folder/my-transcript.json")
    assert finished(tr)["Transcript"]["TranscriptFileUri"].endswith(f"/{OUT}/folder/my-transcript.json")


def test_service_managed_output_is_fetchable_with_requests(tr):
    start(tr)
    uri = finished(tr)["Transcript"]["TranscriptFileUri"]
    assert uri.startswith("https://s3.us-east-1.amazonaws.com/aws-transcribe-us-east-1-prod/123456789012/job/")
    doc = requests.get(uri, timeout=5).json()
    assert "invoice" in doc["results"]["transcripts"][0]["transcript"]


# ----- Get / List / Delete -----

def test_list_filters_by_status_and_name_and_pages(tr):
    for name in ("alpha-1", "alpha-2", "beta-1"):
        start(tr, name=name)
    tr.s3.put_object(Bucket=BUCKET, Key="broken.wav", Body=b"RIFF\x00\x00\x00\x00WAVEjunk")
    start(tr, name="alpha-broken", uri=f"s3://{BUCKET}/broken.wav")
    done = tr.list_transcription_jobs(Status="COMPLETED")
    assert {j["TranscriptionJobName"] for j in done["TranscriptionJobSummaries"]} == {"alpha-1", "alpha-2", "beta-1"}
    assert done["Status"] == "COMPLETED"
    named = tr.list_transcription_jobs(JobNameContains="ALPHA")["TranscriptionJobSummaries"]
    assert len(named) == 3 and all(j["OutputLocationType"] == "SERVICE_BUCKET" for j in named)
    first = tr.list_transcription_jobs(MaxResults=2)
    rest = tr.list_transcription_jobs(MaxResults=2, NextToken=first["NextToken"])
    assert len(first["TranscriptionJobSummaries"]) == 2 and "NextToken" not in rest
    assert first["TranscriptionJobSummaries"][0]["TranscriptionJobName"] == "alpha-broken"   # newest first


def test_delete_forgets_the_job_and_frees_the_name(tr):
    start(tr)
    tr.delete_transcription_job(TranscriptionJobName="job")
    assert error_code(tr.get_transcription_job, TranscriptionJobName="job")[0] == "BadRequestException"
    assert start(tr)["TranscriptionJobName"] == "job"


# ----- bad input: AWS error codes or FAILED jobs, never tracebacks -----

def test_duplicate_job_name_is_a_conflict(tr):
    start(tr)
    code, message = error_code(start, tr=tr)
    assert code == "ConflictException" and "already exists" in message


def test_missing_media_object_is_a_bad_request(tr):
    code, message = error_code(start, tr=tr, uri=f"s3://{BUCKET}/nothing-here.wav")
    assert code == "BadRequestException" and "can't be accessed" in message


@pytest.mark.parametrize("body,reason", [
    (b"", "Unsupported media format"),
    (b"this is not audio at all", "Unsupported media format"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00garbage", "could not be decoded"),
    (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "cannot decode mp4"),
])
def test_undecodable_media_fails_the_job_with_a_reason(tr, body, reason):
    tr.s3.put_object(Bucket=BUCKET, Key="bad.wav", Body=body)
    start(tr, uri=f"s3://{BUCKET}/bad.wav")
    job = finished(tr)
    assert job["TranscriptionJobStatus"] == "FAILED"
    assert reason in job["FailureReason"]
    assert job["Transcript"] == {}


def test_declared_format_or_rate_that_does_not_match_fails_the_job(tr):
    start(tr, name="fmt", MediaFormat="mp3")
    start(tr, name="rate", MediaSampleRateHertz=16000)
    assert "does not match the detected media format" in finished(tr, "fmt")["FailureReason"]
    assert "does not match the detected sample rate" in finished(tr, "rate")["FailureReason"]


def test_too_short_audio_fails(tr):
    samples, rate = synth("Hi")
    tr.s3.put_object(Bucket=BUCKET, Key="short.wav", Body=audio.encode(samples[: rate // 5], rate, "wav"))
    start(tr, uri=f"s3://{BUCKET}/short.wav")
    assert "at least 500 ms" in finished(tr)["FailureReason"]


def test_unsupported_or_unknown_language_explains_itself(tr):
    code, message = error_code(start, tr=tr, LanguageCode="de-DE")
    assert code == "BadRequestException" and "en-US" in message and "AWSML_STUDY_MODE=aws" in message
    code, message = error_code(start, tr=tr, LanguageCode="xx-XX")
    assert code == "BadRequestException" and "enum value set" in message


def test_unknown_media_format_and_bad_names_are_rejected(tr):
    assert error_code(start, tr=tr, MediaFormat="aac")[0] == "BadRequestException"
    assert error_code(start, tr=tr, name="has spaces")[0] == "BadRequestException"
    assert error_code(start, tr=tr, OutputBucketName="no-such-bucket")[0] == "BadRequestException"
