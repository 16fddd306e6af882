"""TranscribeAudio: the whole file transcribed in the response, with the batch jobs' recogniser."""
import json

import pytest
from botocore.exceptions import ClientError

from awsml_study.engines.speech import audio, tts

TEXT = "Please send the invoice to our office before the end of the month."


@pytest.fixture(scope="module")
def wav():
    s = tts.synthesize(TEXT, voice="en-us+m6", rate_wpm=150)
    return audio.encode(s.samples, s.sample_rate, "wav")


def words(text):
    return [w.strip(".,?!").lower() for w in text.split()]


def test_inline_audio_is_transcribed_in_the_response(aws, wav):
    resp = aws("transcribe").transcribe_audio(Media={"MediaBytes": wav}, Language="en")
    out = resp["TranscriptResponse"]
    heard = words(out["Results"]["Transcript"])
    assert len(set(heard) & set(words(TEXT))) >= 6, heard
    meta = out["Metadata"]
    assert (meta["LanguageCode"], meta["MediaFormat"], meta["NumberOfChannels"]) == ("en-US", "wav", 1)
    timed = [i for i in out["Results"]["Items"] if "StartTime" in i]
    assert timed and all(a["EndTime"] <= b["StartTime"] + 1e-6 for a, b in zip(timed, timed[1:]))
    assert [i["Id"] for i in out["Results"]["Items"]] == list(range(len(out["Results"]["Items"])))


def test_s3_media_and_output_configuration(aws, wav):
    s3, tr = aws("s3"), aws("transcribe")
    s3.create_bucket(Bucket="calls")
    s3.put_object(Bucket="calls", Key="in/invoice.wav", Body=wav)
    resp = tr.transcribe_audio(Media={"MediaFileUri": "s3://calls/in/invoice.wav"},
                               LanguageDetectionMode="IDENTIFY_LANGUAGE", LanguageOptions=["en", "es"],
                               OutputConfiguration={"OutputMediaFileUri": "s3://calls/out/invoice.json"})
    saved = json.loads(s3.get_object(Bucket="calls", Key="out/invoice.json")["Body"].read())
    assert saved["Results"]["Transcript"] == resp["TranscriptResponse"]["Results"]["Transcript"]
    assert resp["TranscriptResponse"]["Metadata"]["LanguageCodes"][0]["LanguageCode"] == "en-US"
    assert resp["OutputConfiguration"] == {"OutputMediaFileUri": "s3://calls/out/invoice.json"}


def test_redaction_replaces_pii_and_keeps_the_plain_transcript_only_when_asked(aws):
    s = tts.synthesize("My name is John Smith and my phone number is 555 123 4567.", voice="en-us+m6",
                       rate_wpm=150)
    body = audio.encode(s.samples, s.sample_rate, "wav")
    tr = aws("transcribe")
    only = tr.transcribe_audio(Media={"MediaBytes": body}, Language="en",
                               ContentRedaction={"RedactionType": "PII", "RedactionOutput": "redacted"})
    both = tr.transcribe_audio(Media={"MediaBytes": body}, Language="en",
                               ContentRedaction={"RedactionType": "PII",
                                                 "RedactionOutput": "redacted_and_unredacted"})
    assert "Results" not in only["TranscriptResponse"] and "Results" in both["TranscriptResponse"]
    redacted = only["TranscriptResponse"]["RedactedResults"]
    assert "[PII]" in redacted["Transcript"]
    assert any(i.get("Redactions") for i in redacted["Items"])


@pytest.mark.parametrize("params,reason", [
    ({"Language": "de"}, "en-US model only"),
    ({}, "exactly one of Language or LanguageDetectionMode"),
    ({"Language": "en", "ShowSpeakerLabels": True, "ChannelIdentification": True}, "same request"),
])
def test_bad_requests_are_bad_request_exceptions(aws, wav, params, reason):
    with pytest.raises(ClientError) as info:
        aws("transcribe").transcribe_audio(Media={"MediaBytes": wav}, **params)
    assert info.value.response["Error"]["Code"] == "BadRequestException"
    assert reason in info.value.response["Error"]["Message"]


def test_too_short_and_undecodable_media_are_refused(aws, wav):
    tr = aws("transcribe")
    samples, rate = audio.decode(wav)
    short = audio.encode(samples[: rate // 5], rate, "wav")
    for body, reason in ((short, "at least 500 ms"), (b"\x00" * 4000, "Unsupported media format")):
        with pytest.raises(ClientError) as info:
            tr.transcribe_audio(Media={"MediaBytes": body}, Language="en")
        assert info.value.response["Error"]["Code"] == "BadRequestException"
        assert reason in info.value.response["Error"]["Message"]


def test_job_settings_are_described_with_their_defaults(aws, wav):
    s3, tr = aws("s3"), aws("transcribe")
    s3.create_bucket(Bucket="calls")
    s3.put_object(Bucket="calls", Key="a.wav", Body=wav)
    tr.start_transcription_job(TranscriptionJobName="plain", LanguageCode="en-US",
                               Media={"MediaFileUri": "s3://calls/a.wav"})
    job = tr.get_transcription_job(TranscriptionJobName="plain")["TranscriptionJob"]
    assert job["Settings"] == {"ChannelIdentification": False, "ShowAlternatives": False}
