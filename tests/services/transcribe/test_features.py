"""Transcribe features: subtitles, PII redaction, custom vocabularies, vocabulary filters, speakers,
channels and language identification, each computed from the audio."""
import json

import numpy as np
import pytest
from botocore.exceptions import ClientError

from awsml_study.engines.speech import audio, subtitles, tts

BUCKET, OUT = "media", "out"


def wav(text, voice="en-us+m6", rate=150):
    s = tts.synthesize(text, voice=voice, rate_wpm=rate)
    return audio.encode(s.samples, s.sample_rate, "wav")


@pytest.fixture
def tr(aws):
    s3 = aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.create_bucket(Bucket=OUT)
    client = aws("transcribe")
    client.s3 = s3
    return client


def run(tr, key, body, name="job", **extra):
    tr.s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    params = {"TranscriptionJobName": name, "Media": {"MediaFileUri": f"s3://{BUCKET}/{key}"},
              "OutputBucketName": OUT}
    if "IdentifyLanguage" not in extra and "IdentifyMultipleLanguages" not in extra:
        params["LanguageCode"] = "en-US"
    params.update(extra)
    tr.start_transcription_job(**params)
    return tr.get_transcription_job(TranscriptionJobName=name)["TranscriptionJob"]


def body(tr, key):
    return tr.s3.get_object(Bucket=OUT, Key=key)["Body"].read().decode()


def transcript(tr, key="job.json"):
    return json.loads(body(tr, key))["results"]["transcripts"][0]["transcript"]


# ----- subtitles -----

def test_subtitles_are_written_beside_the_transcript_from_word_timings(tr):
    job = run(tr, "talk.wav", wav("Welcome to the evening news. Here are the main stories tonight."),
              Subtitles={"Formats": ["srt", "vtt"], "OutputStartIndex": 1})
    assert [u.rsplit("/", 1)[-1] for u in job["Subtitles"]["SubtitleFileUris"]] == ["job.srt", "job.vtt"]
    srt, vtt = body(tr, "job.srt"), body(tr, "job.vtt")
    assert srt.startswith("1\n00:00:00,") and vtt.startswith("WEBVTT\n\n1\n00:00:00.")
    cues = subtitles.parse(srt)
    assert len(cues) >= 2 and all(c.start < c.end for c in cues)
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))
    assert " ".join(c.text for c in cues) == transcript(tr)
    assert [(c.start, c.end, c.text) for c in subtitles.parse(vtt)] == [(c.start, c.end, c.text) for c in cues]


def test_subtitle_index_starts_at_zero_by_default(tr):
    run(tr, "talk.wav", wav("Thank you for calling."), Subtitles={"Formats": ["srt"]})
    assert body(tr, "job.srt").startswith("0\n")


# ----- PII redaction (the engine Comprehend uses) -----

NAME_TEXT = "Hello, my name is John Smith and I need help with my account."


def test_redaction_replaces_pii_with_a_tag_and_keeps_the_type(tr):
    job = run(tr, "pii.wav", wav(NAME_TEXT),
              ContentRedaction={"RedactionType": "PII", "RedactionOutput": "redacted"})
    assert set(job["Transcript"]) == {"RedactedTranscriptFileUri"}
    doc = json.loads(body(tr, "redacted-job.json"))
    text = doc["results"]["transcripts"][0]["transcript"]
    assert doc["isRedacted"] is True and "[PII]" in text and "smith" not in text.lower()
    tagged = [i for i in doc["results"]["items"] if i["alternatives"][0]["content"] == "[PII]"]
    assert tagged[0]["alternatives"][0]["redactions"][0]["type"] == "NAME"
    assert float(tagged[0]["end_time"]) > float(tagged[0]["start_time"])


def test_redacted_and_unredacted_writes_both(tr):
    job = run(tr, "pii.wav", wav(NAME_TEXT),
              ContentRedaction={"RedactionType": "PII", "RedactionOutput": "redacted_and_unredacted"})
    assert set(job["Transcript"]) == {"TranscriptFileUri", "RedactedTranscriptFileUri"}
    assert "john" in transcript(tr).lower() and json.loads(body(tr, "job.json"))["isRedacted"] is False
    assert "[PII]" in transcript(tr, "redacted-job.json")


def test_redaction_honours_entity_types(tr):
    run(tr, "pii.wav", wav(NAME_TEXT),
        ContentRedaction={"RedactionType": "PII", "RedactionOutput": "redacted", "PiiEntityTypes": ["SSN"]})
    assert "[PII]" not in transcript(tr, "redacted-job.json")


def test_redaction_with_language_identification_is_refused(tr):
    with pytest.raises(ClientError) as info:
        run(tr, "pii.wav", wav("Hello."), IdentifyLanguage=True,
            ContentRedaction={"RedactionType": "PII", "RedactionOutput": "redacted"})
    assert info.value.response["Error"]["Code"] == "BadRequestException"


# ----- custom vocabularies bias the recogniser -----

VOCAB_TEXT = "Upload the file to SageMaker and use the C.L.I. tomorrow."


def test_vocabulary_goes_pending_then_ready_and_biases_recognition(tr):
    audio_bytes = wav(VOCAB_TEXT)
    run(tr, "aws.wav", audio_bytes, name="plain")
    plain = transcript(tr, "plain.json")
    state = tr.create_vocabulary(VocabularyName="aws", LanguageCode="en-US",
                                 Phrases=["SageMaker", "C.L.I."])["VocabularyState"]
    assert state == "PENDING"
    assert tr.get_vocabulary(VocabularyName="aws")["VocabularyState"] == "READY"
    run(tr, "aws.wav", audio_bytes, name="biased", Settings={"VocabularyName": "aws"})
    biased = transcript(tr, "biased.json")
    assert "SageMaker" not in plain and "SageMaker" in biased
    assert "CLI" in biased


def test_vocabulary_file_in_table_format_uses_display_as(tr):
    tr.s3.put_object(Bucket=BUCKET, Key="vocab.txt",
                     Body=b"Phrase\tIPA\tSoundsLike\tDisplayAs\nSageMaker\t\t\tAmazon SageMaker AI\n")
    tr.create_vocabulary(VocabularyName="table", LanguageCode="en-US", VocabularyFileUri=f"s3://{BUCKET}/vocab.txt")
    run(tr, "aws.wav", wav(VOCAB_TEXT), Settings={"VocabularyName": "table"})
    assert "Amazon SageMaker AI" in transcript(tr)


def test_bad_vocabularies_fail_with_a_reason_and_cannot_be_used(tr):
    tr.create_vocabulary(VocabularyName="digits", LanguageCode="en-US", Phrases=["R2D2"])
    got = tr.get_vocabulary(VocabularyName="digits")
    assert got["VocabularyState"] == "FAILED" and "spell numbers out" in got["FailureReason"]
    with pytest.raises(ClientError) as info:
        run(tr, "aws.wav", wav("Hello."), Settings={"VocabularyName": "digits"})
    assert info.value.response["Error"]["Code"] == "BadRequestException"


def test_vocabulary_list_update_delete(tr):
    tr.create_vocabulary(VocabularyName="one", LanguageCode="en-US", Phrases=["Kendra"])
    tr.create_vocabulary(VocabularyName="two", LanguageCode="en-US", Phrases=["R2D2"])
    assert [v["VocabularyName"] for v in tr.list_vocabularies(StateEquals="READY")["Vocabularies"]] == ["one"]
    assert tr.update_vocabulary(VocabularyName="two", LanguageCode="en-US",
                                Phrases=["Artoo"])["VocabularyState"] == "PENDING"
    assert {v["VocabularyName"] for v in tr.list_vocabularies(StateEquals="READY")["Vocabularies"]} == {"one", "two"}
    tr.delete_vocabulary(VocabularyName="one")
    with pytest.raises(ClientError) as info:
        tr.delete_vocabulary(VocabularyName="one")
    assert info.value.response["Error"]["Code"] == "NotFoundException"


# ----- vocabulary filters -----

@pytest.mark.parametrize("method,check", [
    ("mask", lambda t: "***" in t and "invoice" not in t),
    ("remove", lambda t: "***" not in t and "invoice" not in t and "send the" in t),
])
def test_vocabulary_filter_masks_or_removes_words(tr, method, check):
    tr.create_vocabulary_filter(VocabularyFilterName="f", LanguageCode="en-US", Words=["invoice"])
    run(tr, "inv.wav", wav("Please send the invoice today."),
        Settings={"VocabularyFilterName": "f", "VocabularyFilterMethod": method})
    assert check(transcript(tr)), transcript(tr)


def test_vocabulary_filter_tag_marks_the_item(tr):
    tr.create_vocabulary_filter(VocabularyFilterName="f", LanguageCode="en-US", Words=["invoice"])
    run(tr, "inv.wav", wav("Please send the invoice today."),
        Settings={"VocabularyFilterName": "f", "VocabularyFilterMethod": "tag"})
    items = json.loads(body(tr, "job.json"))["results"]["items"]
    assert [i["alternatives"][0]["content"] for i in items if i.get("vocabulary_filter_match")] == ["invoice"]


# ----- speakers, channels, languages -----

def _dialogue():
    parts = [("en-us+m6", "Thank you for calling the help desk. How can I help?"),
             ("en-us+f3", "Hello. My internet stopped working this morning."),
             ("en-us+m6", "I am sorry to hear that. Let me check your account.")]
    pieces = []
    for voice, text in parts:
        s = tts.synthesize(text, voice=voice, rate_wpm=150)
        pieces += [s.samples, np.zeros(s.sample_rate // 2, np.int16)]
    return np.concatenate(pieces), 22050


def test_speaker_labels_separate_two_voices(tr):
    samples, rate = _dialogue()
    run(tr, "dialogue.wav", audio.encode(samples, rate, "wav"),
        Settings={"ShowSpeakerLabels": True, "MaxSpeakerLabels": 2})
    res = json.loads(body(tr, "job.json"))["results"]
    labels = [s["speaker_label"] for s in res["speaker_labels"]["segments"]]
    assert res["speaker_labels"]["speakers"] == 2
    assert labels[0] == labels[-1] != labels[len(labels) // 2]


def test_channel_identification_transcribes_each_channel(tr):
    import io

    import soundfile as sf
    left = tts.synthesize("Good morning, thank you for calling the help desk.", voice="en-us+m6", rate_wpm=150)
    right = tts.synthesize("Hello, I would like to cancel my order.", voice="en-us+m1", rate_wpm=150)
    n = max(len(left.samples), len(right.samples)) + 22050
    stereo = np.zeros((n, 2), np.int16)
    stereo[: len(left.samples), 0] = left.samples
    stereo[22050: 22050 + len(right.samples), 1] = right.samples
    buf = io.BytesIO()
    sf.write(buf, stereo, 22050, format="WAV", subtype="PCM_16")
    run(tr, "stereo.wav", buf.getvalue(), Settings={"ChannelIdentification": True})
    res = json.loads(body(tr, "job.json"))["results"]
    channels = {c["channel_label"]: " ".join(i["alternatives"][0]["content"] for i in c["items"])
                for c in res["channel_labels"]["channels"]}
    assert res["channel_labels"]["number_of_channels"] == 2
    assert "calling" in channels["ch_0"].lower() and "cancel" in channels["ch_1"].lower()
    assert "cancel" not in channels["ch_0"].lower() and "calling" not in channels["ch_1"].lower()


def test_identify_language_reports_en_us_with_a_score(tr):
    job = run(tr, "hello.wav", wav("Thank you for calling. How can I help you today?"),
              IdentifyLanguage=True, LanguageOptions=["en-US", "es-US"])
    assert job["LanguageCode"] == "en-US" and 0.0 < job["IdentifiedLanguageScore"] <= 1.0
    assert json.loads(body(tr, "job.json"))["results"]["language_code"] == "en-US"
    with pytest.raises(ClientError) as info:
        run(tr, "hello.wav", wav("Hello."), name="other", IdentifyLanguage=True, LanguageOptions=["fr-FR", "de-DE"])
    assert "en-US" in info.value.response["Error"]["Message"]


def test_language_id_settings_vocabulary_applies_to_the_language_found(tr):
    tr.create_vocabulary(VocabularyName="aws", LanguageCode="en-US", Phrases=["SageMaker"])
    job = run(tr, "aws.wav", wav(VOCAB_TEXT), IdentifyMultipleLanguages=True, LanguageOptions=["en-US", "es-US"],
              LanguageIdSettings={"en-US": {"VocabularyName": "aws"}})
    assert job["LanguageCodes"][0]["LanguageCode"] == "en-US" and job["LanguageCodes"][0]["DurationInSeconds"] > 3
    assert "SageMaker" in transcript(tr)
    with pytest.raises(ClientError) as info:
        run(tr, "aws.wav", wav("Hello."), name="queued", JobExecutionSettings={"AllowDeferredExecution": True})
    assert "DataAccessRoleArn" in info.value.response["Error"]["Message"]
