"""Transcribe TranscribeAudio: a whole media file (inline ≤ 25 MB or S3 ≤ 500 MB, 0.5 s – 1 h)
transcribed in the response, with no job to poll; the same en-US recogniser as the batch jobs."""
from __future__ import annotations

import json

from awsml_study.services.transcribe import media, output
from awsml_study.services.transcribe.checks import ENGINE, bad
from awsml_study.sim import jobs, s3io
from awsml_study.sim.registry import operation

INLINE_LIMIT = 25 * 1024 * 1024      # MediaBytes: 26,214,400 bytes
S3_LIMIT = 500 * 1024 * 1024         # MediaFileUri
MAX_SECONDS = 3600.0
LOCAL = "en"                         # the one language the kit has an acoustic model for
LOCALE = "en-US"


def _check(p: dict) -> None:
    given = [k for k in ("Language", "LanguageDetectionMode") if p.get(k)]
    if len(given) != 1:
        raise bad("Specify exactly one of Language or LanguageDetectionMode in your request "
                  f"(you gave {', '.join(given) or 'none'}).")
    if p.get("LanguageOptions") and not p.get("LanguageDetectionMode"):
        raise bad("LanguageOptions can only be used together with LanguageDetectionMode.")
    if p.get("Language") and p["Language"] != LOCAL:
        raise bad(f"awsml-study recognises speech with a local en-US model only (the Moonshine wheel ships "
                  f"only its English model). '{p['Language']}' is a valid Amazon Transcribe language, but "
                  f"it cannot be transcribed offline here: use Language 'en', or AWSML_STUDY_MODE=aws.")
    if p.get("LanguageDetectionMode") and LOCAL not in (p.get("LanguageOptions") or [LOCAL]):
        raise bad("awsml-study can only identify English ('en'), the one language it has an acoustic "
                  f"model for; LanguageOptions {p['LanguageOptions']} does not include 'en'.")
    if p.get("ShowSpeakerLabels") and p.get("ChannelIdentification"):
        raise bad("You can't use ShowSpeakerLabels and ChannelIdentification in the same request.")
    if p.get("MaxSpeakerLabels") and not p.get("ShowSpeakerLabels"):
        raise bad("When you set MaxSpeakerLabels, you must also set ShowSpeakerLabels to true.")
    source = p.get("Media") or {}
    if len([k for k in ("MediaBytes", "MediaFileUri") if source.get(k)]) != 1:
        raise bad("Media must contain exactly one of MediaBytes or MediaFileUri.")


def _media(source: dict) -> media.Media:
    """Read and decode the media; every problem is a BadRequestException, as the API answers."""
    try:
        if source.get("MediaBytes"):
            data = bytes(source["MediaBytes"])
            if len(data) > INLINE_LIMIT:
                raise bad(f"The media is {len(data)} bytes; MediaBytes holds at most {INLINE_LIMIT} "
                          "bytes (25 MB). Put larger files in Amazon S3 and use MediaFileUri.")
            fmt = media.detect_format(data)
            if fmt not in media.DECODABLE:
                raise bad("Unsupported media format. The media is not audio in a format awsml-study "
                          f"decodes ({', '.join(media.DECODABLE)}), or it is empty or corrupt.")
            m = media.decode(data, fmt)
        else:
            bucket, key = media.check_readable(source["MediaFileUri"])
            size = s3io.s3().head_object(Bucket=bucket, Key=key)["ContentLength"]
            if size > S3_LIMIT:
                raise bad(f"The media file is {size} bytes; TranscribeAudio reads at most 500 MB from "
                          "Amazon S3. Use StartTranscriptionJob for larger files.")
            m = media.load(source["MediaFileUri"], None, None)
    except jobs.JobFailure as err:
        raise bad(str(err)) from None
    if m.duration < media.MIN_SECONDS:
        raise bad(f"Invalid audio duration: the media is {m.duration * 1000:.0f} ms long; Amazon "
                  "Transcribe needs at least 500 ms of audio.")
    if m.duration > MAX_SECONDS:
        raise bad(f"The media is {m.duration:.0f} s long; TranscribeAudio takes up to 1 hour. "
                  "Use StartTranscriptionJob for longer audio.")
    if m.channels.shape[1] > media.MAX_CHANNELS:
        raise bad(f"Invalid number of channels: this file has {m.channels.shape[1]}; Amazon "
                  "Transcribe processes media with 1 or 2 channels.")
    return m


def _vocabulary(p: dict):
    """Decoder entries from VocabularySettings: stored vocabularies by name, or inline phrases."""
    from awsml_study.services.transcribe import vocabularies as vocab
    found = []
    for entry in p.get("VocabularySettings") or []:
        if entry.get("Language") not in (None, LOCAL):
            continue
        if entry.get("VocabularyName"):
            found += list(vocab.entries_for(entry["VocabularyName"]))
        if entry.get("Phrases"):
            try:
                found += list(vocab.entries([(ph["Text"], ph.get("DisplayAs")) for ph in entry["Phrases"]]))
            except vocab.VocabularyFailure as err:
                raise bad(str(err)) from None
    return found


def _filter_words(p: dict) -> set[str]:
    from awsml_study.services.transcribe import vocabularies as vocab
    words: set[str] = set()
    for entry in (p.get("VocabularyFilterSettings") or {}).get("Filters") or []:
        if entry.get("Language") not in (None, LOCAL):
            continue
        if entry.get("VocabularyFilterName"):
            words |= vocab.filter_words(entry["VocabularyFilterName"])
        words |= {w.lower() for w in entry.get("Words") or []}
    return words


def _sync_items(items: list[dict], channel: str | None, speakers: list[dict]) -> list[dict]:
    def speaker_at(t):
        return next((s["speaker_label"] for s in speakers if s["start"] <= t < s["end"] + 1e-6),
                    speakers[-1]["speaker_label"] if speakers else None)
    out = []
    for it in items:
        entry = {"Content": it["content"]}
        if it["kind"] == "pronunciation":
            entry.update(StartTime=round(it["start"], 3), EndTime=round(it["end"], 3), LanguageCode=LOCALE)
            if speakers:
                entry["SpeakerLabel"] = speaker_at((it["start"] + it["end"]) / 2)
        if channel:
            entry["ChannelLabel"] = channel
        if it.get("vocabulary_filter_match"):
            entry["VocabularyFilterMatch"] = True
        if it.get("redactions"):
            entry["Redactions"] = [{"Type": r["type"]} for r in it["redactions"]]
        out.append(entry)
    return out


def _results(channels: list[list[dict]], speakers: list[dict]) -> dict:
    if len(channels) > 1:
        merged = [dict(it, _ch=f"ch_{c}") for c, items in enumerate(channels) for it in items]
        merged.sort(key=lambda it: (it.get("start") or 0.0))
        items = [entry for it in merged for entry in _sync_items([it], it["_ch"], [])]
        text = output.text_of(merged)
    else:
        items, text = _sync_items(channels[0], None, speakers), output.text_of(channels[0])
    for n, entry in enumerate(items):
        entry["Id"] = n
    return {"Transcript": text, "Items": items}


@operation("transcribe", "TranscribeAudio", engine=ENGINE)
def transcribe_audio(p: dict) -> dict:
    from awsml_study.services.transcribe import recognise
    _check(p)
    m = _media(p["Media"])
    vocabulary = _vocabulary(p)
    if p.get("ChannelIdentification"):
        channels = [recognise.recognise_items(m.channels[:, c], m.rate, vocabulary)
                    for c in range(m.channels.shape[1])]
    else:
        channels = [recognise.recognise_items(m.mono(), m.rate, vocabulary)]
    words = _filter_words(p)
    if words:
        method = p["VocabularyFilterSettings"]["VocabularyFilterMethod"]
        channels = [recognise.apply_filter(items, words, method) for items in channels]
    speakers = []
    if p.get("ShowSpeakerLabels"):
        from awsml_study.services.transcribe import speakers as diarize
        speakers = diarize.label(m.mono(), m.rate, channels[0], p.get("MaxSpeakerLabels") or 2)
    metadata = {"LanguageCode": LOCALE, "MediaFormat": m.fmt, "MediaSampleRateHertz": m.rate,
                "NumberOfChannels": int(m.channels.shape[1])}
    if speakers:
        metadata["SpeakersCount"] = len({s["speaker_label"] for s in speakers})
    if p.get("LanguageDetectionMode"):
        metadata["LanguageCodes"] = [{"LanguageCode": LOCALE, "DurationInSeconds": round(m.duration, 2)}]
    response: dict = {"TranscriptResponse": {"Metadata": metadata}}
    redaction = p.get("ContentRedaction")
    if redaction:
        redacted = [output.redact([recognise._item(d) for d in items], redaction.get("PiiEntityTypes"))
                    for items in channels]
        response["TranscriptResponse"]["RedactedResults"] = _results(redacted, speakers)
    if not redaction or redaction.get("RedactionOutput") == "redacted_and_unredacted":
        response["TranscriptResponse"]["Results"] = _results(channels, speakers)
    if p.get("OutputConfiguration"):
        _write(p["OutputConfiguration"]["OutputMediaFileUri"], response["TranscriptResponse"])
        response["OutputConfiguration"] = dict(p["OutputConfiguration"])
    return response


def _write(uri: str, transcript: dict) -> None:
    """OutputConfiguration: the same transcript, as JSON, at the S3 location the caller named."""
    try:
        bucket, key = media.locate(uri)
    except Exception:
        raise bad(f"OutputMediaFileUri {uri!r} is not an Amazon S3 location (s3://bucket/key).") from None
    if not key or key.endswith("/"):
        key = (key or "") + "transcript.json"
    media.check_bucket(bucket)
    s3io.write(bucket, key, json.dumps(transcript).encode(), "application/json")
