"""Polly request checks and synthesis: text or SSML to audio by espeak-ng, and speech marks."""
from __future__ import annotations

import json
from dataclasses import dataclass

from awsml_study.services.polly import voices
from awsml_study.sim.errors import AwsError, validation_error

from awsml_study.services.polly.limits import (CONTENT_TYPES, ENGINES, FORMATS, MARK_TYPES,
                                             MAX_AUDIO_S, SAMPLE_RATES, SYNC_LIMITS)


@dataclass
class Request:
    """A validated SynthesizeSpeech / StartSpeechSynthesisTask request."""
    text: str
    text_type: str
    voice: dict
    engine: str
    language: str
    output_format: str
    sample_rate: str | None
    mark_types: list[str]
    lexicon_names: list[str]


def _enum(params: dict, name: str, allowed, path: str, default=None):
    value = params.get(name, default)
    if value is not None and value not in allowed:
        raise validation_error(value, path, f"Member must satisfy enum value set: [{', '.join(allowed)}]")
    return value


def default_sample_rate(fmt: str, engine: str) -> str:
    if fmt == "pcm":
        return "16000"
    if fmt in ("mulaw", "alaw"):
        return "8000"
    if fmt == "ogg_opus":
        return "48000"
    return "22050" if engine == "standard" else "24000"


def validate(params: dict, limits=SYNC_LIMITS) -> Request:
    """Check a synthesis request the way Polly does, raising its error codes."""
    voice_id = params.get("VoiceId")
    if voice_id not in voices.BY_ID:
        raise validation_error(voice_id, "voiceId", "Member must satisfy enum value set: ["
                               + ", ".join(sorted(voices.BY_ID)) + "]")
    voice = voices.BY_ID[voice_id]
    fmt = _enum(params, "OutputFormat", FORMATS, "outputFormat")
    text_type = _enum(params, "TextType", ("ssml", "text"), "textType", "text")
    engine = _enum(params, "Engine", ENGINES, "engine", "standard")
    marks = list(params.get("SpeechMarkTypes") or [])
    for m in marks:
        _enum({"m": m}, "m", MARK_TYPES, "speechMarkTypes")
    names = list(params.get("LexiconNames") or [])
    if len(names) > 5:
        raise validation_error(names, "lexiconNames", "Member must have length less than or equal to 5")
    if engine not in voice["SupportedEngines"]:
        raise AwsError("EngineNotSupportedException",
                       f"This voice does not support the selected engine: {engine}")
    language = params.get("LanguageCode") or voice["LanguageCode"]
    if language not in voices.languages_of(voice):
        raise AwsError("LanguageNotSupportedException",
                       f"Voice {voice_id} does not support language {language}.")
    rate = params.get("SampleRate")
    if fmt != "json":
        rate = rate or default_sample_rate(fmt, engine)
        if rate not in SAMPLE_RATES[fmt]:
            raise AwsError("InvalidSampleRateException",
                           f"The specified sample rate {rate} is not valid for output format {fmt}. "
                           f"Valid values: {', '.join(SAMPLE_RATES[fmt])}.")
        if marks:
            raise AwsError("MarksNotSupportedForFormatException",
                           "Speech marks are only available for content in json format.")
    elif not marks:
        raise validation_error(marks, "speechMarkTypes",
                               "SpeechMarkTypes must be provided when OutputFormat is json")
    if "ssml" in marks and text_type != "ssml":
        raise AwsError("SsmlMarksNotSupportedForTextTypeException",
                       "SSML speech marks are not supported for plain text-type input.")
    text = params.get("Text", "")
    total, billed_limit = limits
    if len(text) > total or (text_type == "text" and len(text) > billed_limit):
        raise AwsError("TextLengthExceededException", _too_long(len(text), limits))
    from awsml_study.services.polly import lexicons as polly_lexicons
    polly_lexicons.lookup_all(names)
    return Request(text, text_type, voice, engine, language, fmt, rate, marks, names)


def _too_long(count: int, limits, billed: bool = False) -> str:
    total, billed_limit = limits
    kind = "billed characters" if billed else "characters"
    return (f"Maximum text length has been exceeded: {count} {kind} in the request. Limits: "
            f"{total} characters in all, of which at most {billed_limit} billed characters "
            f"(SSML tags are not billed).")


def _language_of(code: str) -> str | None:
    from awsml_study.engines.speech import tts
    if code in voices.ESPEAK_LANGUAGE:
        return voices.ESPEAK_LANGUAGE[code]
    for guess in (code.lower(), code.split("-")[0].lower()):
        if tts.has_voice(guess):
            return guess
    return None


def prepare(req: Request, limits=SYNC_LIMITS):
    """The espeak-ng input for a request: SSML parsed, lexicons applied; counts billed characters."""
    from awsml_study.engines.speech import ssml, ssml_reader
    from awsml_study.services.polly import lexicons as polly_lexicons, sayas as polly_sayas
    espeak_voice = voices.espeak_voice_for(req.voice, req.language)
    english = espeak_voice.startswith("en")
    lexicons = polly_lexicons.lexemes_for(req.lexicon_names, req.language)
    if req.text_type == "ssml":
        try:
            prepared = ssml_reader.prepare_ssml(req.text, english, lexicons, _language_of,
                                         polly_sayas.expand if english else None)
        except ssml.SsmlError as err:
            raise AwsError("InvalidSsmlException", str(err)) from None
        if prepared.billed_characters > limits[1]:
            raise AwsError("TextLengthExceededException", _too_long(prepared.billed_characters, limits, True))
    else:
        prepared = ssml.prepare_text(req.text, english, lexicons)
    return prepared, espeak_voice


def speak(req: Request, limits=SYNC_LIMITS, max_audio_s: float | None = MAX_AUDIO_S):
    """(body bytes, content type, billed characters, rendered) for a validated request."""
    from awsml_study.engines.speech import audio, ssml
    prepared, espeak_voice = prepare(req, limits)
    rendered = ssml.render(prepared, espeak_voice, pitch=req.voice["pitch"])
    if max_audio_s and len(rendered.samples) > max_audio_s * rendered.sample_rate:
        cut_ms = int(max_audio_s * 1000)
        rendered.samples = rendered.samples[:int(max_audio_s * rendered.sample_rate)]
        rendered.words = [w for w in rendered.words if w[0] < cut_ms]
        rendered.sentences = [s for s in rendered.sentences if s[0] < cut_ms]
        rendered.marks = [m for m in rendered.marks if m[0] < cut_ms]
        rendered.phonemes = [p for p in rendered.phonemes if p[0] < cut_ms]
    if req.output_format == "json":
        body = speech_marks(rendered, prepared.source, req.mark_types).encode("utf-8")
    else:
        body = audio.encode(rendered.samples, rendered.sample_rate, req.output_format,
                            out_rate=int(req.sample_rate))
    return body, CONTENT_TYPES[req.output_format], prepared.billed_characters, rendered


def speech_marks(rendered, source: bytes, types: list[str]) -> str:
    """Polly's speech marks: JSON lines, times in ms, start/end as UTF-8 byte offsets of the input."""
    from awsml_study.engines.speech import tts

    def value(a: int, b: int) -> str:
        return source[a:b].decode("utf-8", "replace")

    marks: list[tuple[int, int, dict]] = []   # (time, order, mark)
    if "sentence" in types:
        marks += [(ms, 0, {"time": ms, "type": "sentence", "start": a, "end": b, "value": value(a, b)})
                  for ms, a, b in rendered.sentences]
    if "ssml" in types:
        marks += [(ms, 1, {"time": ms, "type": "ssml", "start": a, "end": b, "value": name})
                  for ms, name, a, b in rendered.marks]
    if "word" in types:
        marks += [(ms, 2, {"time": ms, "type": "word", "start": a, "end": b, "value": value(a, b)})
                  for ms, a, b in rendered.words]
    if "viseme" in types:
        last = None
        for ms, ph in rendered.phonemes:
            v = tts.viseme_of(ph)
            if v == "sil" and last == "sil":
                continue
            marks.append((ms, 3, {"time": ms, "type": "viseme", "value": v}))
            last = v
    marks.sort(key=lambda m: (m[0], m[1]))
    return "".join(json.dumps(m, ensure_ascii=False, separators=(",", ":")) + "\n" for _, _, m in marks)
