"""Transcribe job work: recognition per channel, vocabularies and filters, language identification,
redaction, and writing the transcript and subtitle files."""
from __future__ import annotations

from dataclasses import dataclass, field

from awsml_study.engines.speech import asr
from awsml_study.services.transcribe import output
from awsml_study.services.transcribe.media import Media


@dataclass
class Result:
    channels: list[list[dict]]          # item dicts per channel (one entry unless ChannelIdentification)
    duration: float
    language_score: float | None = None
    speakers: list[dict] = field(default_factory=list)


def recognise_items(samples, rate: int, vocabulary=()) -> list[dict]:
    words = asr.recognise(samples, rate, vocabulary)
    return [output._plain(it) for it in output.items_of(words)]


def transcribe(m: Media, props: dict, vocab_kind: str = "vocabulary") -> Result:
    from awsml_study.services.transcribe import vocabularies as vocab
    settings = dict(props.get("Settings") or {})
    if props.get("IdentifyLanguage") or props.get("IdentifyMultipleLanguages"):
        # the language found is always en-US here: its LanguageIdSettings apply
        for key, value in ((props.get("LanguageIdSettings") or {}).get("en-US") or {}).items():
            if key in ("VocabularyName", "VocabularyFilterName"):
                settings.setdefault(key, value)
    vocabulary = (vocab.entries_for(settings["VocabularyName"], vocab_kind)
                  if settings.get("VocabularyName") else ())
    if settings.get("ChannelIdentification"):
        channels = [recognise_items(m.channels[:, c], m.rate, vocabulary) for c in range(m.channels.shape[1])]
    else:
        channels = [recognise_items(m.mono(), m.rate, vocabulary)]
    if settings.get("VocabularyFilterName"):
        words = vocab.filter_words(settings["VocabularyFilterName"])
        channels = [apply_filter(items, words, settings["VocabularyFilterMethod"]) for items in channels]
    result = Result(channels, m.duration)
    if settings.get("ShowSpeakerLabels"):
        from awsml_study.services.transcribe import speakers as transcribe_speakers
        result.speakers = transcribe_speakers.label(m.mono(), m.rate, channels[0], settings["MaxSpeakerLabels"])
    if props.get("IdentifyLanguage") or props.get("IdentifyMultipleLanguages"):
        identify_language(result, props)
    return result


def identify_language(result: Result, props: dict) -> None:
    """Only en-US can be identified: the score is how well the en-US model explains the audio, the
    mean probability the recogniser gave the words it wrote (0 when it wrote none)."""
    confidences = [it["confidence"] for items in result.channels for it in items
                   if it["kind"] == "pronunciation"]
    score = round(sum(confidences) / len(confidences), 4) if confidences else 0.0
    result.language_score = score
    props["LanguageCode"] = "en-US"
    if props.get("IdentifyMultipleLanguages"):
        props["LanguageCodes"] = [{"LanguageCode": "en-US", "DurationInSeconds": round(result.duration, 2)}]
    else:
        props["IdentifiedLanguageScore"] = score


def apply_filter(items: list[dict], words: set[str], method: str) -> list[dict]:
    """Vocabulary filter: remove the words, mask them with ***, or tag them, as Transcribe does."""
    out = []
    for it in items:
        hit = it["kind"] == "pronunciation" and it["content"].lower().strip(".,?!") in words
        if not hit:
            out.append(it)
        elif method == "mask":
            out.append(dict(it, content="***"))
        elif method == "tag":
            out.append(dict(it, vocabulary_filter_match=True))
    return out


def _results(result: Result, channels: list[list[dict]]) -> dict:
    res = output.merge_channels(channels) if len(result.channels) > 1 else output.results(channels[0])
    if result.speakers:
        _label_speakers(res, channels[0], result.speakers)
    if result.language_score is not None:
        res["language_code"] = "en-US"
        res["language_identification"] = [{"score": f"{result.language_score:.4f}", "code": "en-US"}]
        res["language_codes"] = [{"language_code": "en-US", "duration_in_seconds": round(result.duration, 2)}]
    return res


def _label_speakers(res: dict, items: list[dict], turns: list[dict]) -> None:
    """speaker_labels in AWS's layout, and each word item's speaker_label."""
    def speaker_at(t):
        return next((s["speaker_label"] for s in turns if s["start"] <= t < s["end"] + 1e-6),
                    turns[-1]["speaker_label"] if turns else "spk_0")
    for entry, it in zip(res["items"], items):
        if it["kind"] == "pronunciation":
            entry["speaker_label"] = speaker_at((it["start"] + it["end"]) / 2)
    for seg in res["audio_segments"]:
        seg["speaker_label"] = speaker_at(float(seg["start_time"]))
    res["speaker_labels"] = {
        "channel_label": "ch_0", "speakers": len({s["speaker_label"] for s in turns}),
        "segments": [{"start_time": f"{s['start']:.3f}", "end_time": f"{s['end']:.3f}",
                      "speaker_label": s["speaker_label"],
                      "items": [{"start_time": e["start_time"], "end_time": e["end_time"],
                                 "speaker_label": s["speaker_label"]}
                                for e in res["items"] if e["type"] == "pronunciation"
                                and s["start"] <= float(e["start_time"]) < s["end"]]}
                     for s in turns]}


def _alternative_tags(res: dict, items: list[dict]) -> None:
    for entry, it in zip(res["items"], items):
        if it.get("vocabulary_filter_match"):
            entry["vocabulary_filter_match"] = True


def write(result: Result, props: dict, bucket: str, key: str, managed: bool, request: dict,
          name: str | None = None, extra: dict | None = None) -> dict:
    """Write transcript(s) and subtitles; returns {'transcript'|'redacted'|'subtitles': locations}.
    `extra` adds members to results (medical PHI entities)."""
    name = name or props["TranscriptionJobName"]
    kms = request.get("OutputEncryptionKMSKeyId")
    outputs: dict = {}
    redaction = props.get("ContentRedaction")
    plain = _results(result, result.channels)
    plain.update(extra or {})
    if len(result.channels) == 1:
        _alternative_tags(plain, result.channels[0])
    shown = result.channels
    if redaction:
        types = redaction.get("PiiEntityTypes")
        shown = [output.redact([_item(d) for d in items], types) for items in result.channels]
        red_key = output.redacted_key(key)
        output.put(bucket, red_key + ".json", output.dumps(output.document(name, _results(result, shown), True)),
                   "application/json", managed, kms)
        outputs["redacted"] = (bucket, red_key + ".json")
        if redaction.get("RedactionOutput") == "redacted_and_unredacted":
            output.put(bucket, key + ".json", output.dumps(output.document(name, plain, False)),
                       "application/json", managed, kms)
            outputs["transcript"] = (bucket, key + ".json")
    else:
        output.put(bucket, key + ".json", output.dumps(output.document(name, plain)),
                   "application/json", managed, kms)
        outputs["transcript"] = (bucket, key + ".json")
    subs = props.get("Subtitles")
    if subs and subs.get("Formats"):
        from awsml_study.engines.speech import subtitles
        merged = output._interleave(shown) if len(shown) > 1 else shown[0]
        cues = subtitles.cues(merged)
        start = subs.get("OutputStartIndex", 0)
        outputs["subtitles"] = []
        for fmt in subs["Formats"]:
            body = subtitles.srt(cues, start) if fmt == "srt" else subtitles.vtt(cues, start)
            sub_key = (output.redacted_key(key) if redaction else key) + "." + fmt
            output.put(bucket, sub_key, body, "text/vtt" if fmt == "vtt" else "application/x-subrip",
                       managed, kms)
            outputs["subtitles"].append((bucket, sub_key))
    return outputs


def _item(d: dict) -> asr.Item:
    return asr.Item(d["kind"], d["content"], d.get("start"), d.get("end"), d.get("confidence", 0.0))
