"""RecognizeUtterance: text or 16-bit PCM speech in, text or synthesised speech out, headers gzip+base64 JSON."""
# As in the real service, `sessionState` and `requestAttributes` arrive gzip-compressed and base64
# encoded, and the response's messages, interpretations, sessionState, requestAttributes and
# inputTranscript headers are gzip-compressed, base64-encoded JSON (inputTranscript: the text).
from __future__ import annotations

import re

from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.lex import runtime
from awsml_study.services.lex.media import OUTPUT, decode_header, encode_header, speak
from awsml_study.services.lex.shapes import RUNTIME, check

ENGINE = "lex/local-asr+intent-classifier+tts"
MAX_SPEECH_S = 15.0
AUDIO_TYPES = ("audio/l16", "audio/x-l16", "audio/lpcm")


def _params(content_type: str) -> dict:
    out = {}
    for part in content_type.split(";")[1:]:
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip().lower()] = v.strip()
    return out


def _vocabulary(asr, compiled) -> tuple:
    """The bot's own words (utterances, slot values) as decoder vocabulary: Lex biases its speech
    recognition towards what the bot expects, and so does the kit."""
    cached = getattr(compiled, "_vocabulary", None)
    if cached is not None:
        return cached
    from awsml_study.engines.dialog.values import CustomType
    words = set()
    for intent in compiled.intents.values():
        for u in intent.props.get("sampleUtterances") or []:
            words.update(re.findall(r"[a-z']+", re.sub(r"\{[^}]*\}", " ", u["utterance"].lower())))
        for slot in intent.slots.values():
            if isinstance(slot.type, CustomType):
                for value, synonyms in slot.type.values.items():
                    for phrase in [value, *synonyms]:
                        words.update(re.findall(r"[a-z']+", phrase.lower()))
    entries = []
    for w in sorted(words):
        try:
            entries.append(asr.vocabulary_entry(w))
        except Exception:  # a word the decoder cannot pronounce stays out of the vocabulary
            continue
    compiled._vocabulary = tuple(entries)
    return compiled._vocabulary


def _transcribe(data: bytes, content_type: str, compiled=None) -> tuple[str, float]:
    import numpy as np
    try:
        from awsml_study.engines.speech import asr
    except ImportError:  # before the engines' layout move
        from awsml_study.engines import asr
    params = _params(content_type)
    rate = int(params.get("rate") or params.get("sample-rate") or 16000)
    if rate not in (8000, 16000):
        raise AwsError("ValidationException", f"Unsupported sample rate {rate}: use 8000 or 16000 Hz.")
    if params.get("is-big-endian", "false").lower() == "true":
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype=">i2").astype("<i2")
    else:
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
    if samples.size / rate > MAX_SPEECH_S:
        raise AwsError("ValidationException",
                       f"The speech input is {samples.size / rate:.1f} s long; the maximum is {MAX_SPEECH_S:.0f} s.")
    vocabulary = _vocabulary(asr, compiled) if compiled is not None else ()
    words = asr.recognise(samples, rate, vocabulary=vocabulary) if samples.size else []
    text = " ".join(w.text for w in words)
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return text, confidence


@operation("lexv2-runtime", "RecognizeUtterance", engine=ENGINE)
def recognize_utterance(p: dict) -> dict:
    check("RecognizeUtterance", p, RUNTIME)
    request_type = p["requestContentType"]
    kind = request_type.split(";")[0].strip().lower()
    stream = p.get("inputStream")
    data = stream.read() if hasattr(stream, "read") else (stream or b"")
    if isinstance(data, str):
        data = data.encode("utf-8")
    given = decode_header(p.get("sessionState"), "sessionState")
    attrs = decode_header(p.get("requestAttributes"), "requestAttributes")
    if kind == "text/plain":
        text, mode, confidence = data.decode("utf-8", "replace").strip(), "Text", 1.0
        if not 1 <= len(text) <= 1024:
            raise AwsError("ValidationException", "Text input must be between 1 and 1024 characters.")
    elif kind in AUDIO_TYPES:
        loc = runtime.target(p)[3]  # an unknown bot or an unbuilt locale is reported before recognition
        text, confidence = _transcribe(data, request_type, loc["compiled"])
        mode = "Speech"
    else:
        raise AwsError("ValidationException",
                       f"requestContentType {request_type} is not supported here: use text/plain; charset=utf-8, "
                       "audio/l16; rate=16000; channels=1, audio/x-l16; sample-rate=16000; channel-count=1, or "
                       "audio/lpcm; sample-rate=8000; sample-size-bits=16; channel-count=1; is-big-endian=false.")
    response_type = p.get("responseContentType") or "text/plain; charset=utf-8"
    if not response_type.startswith("text/plain") and response_type.split(";")[0].strip().lower() not in OUTPUT:
        speak([], {}, response_type)  # raises the ValidationException before the turn changes the session
    turn = runtime.converse(p, text, input_mode=mode, content_type=response_type, request_attributes=attrs,
                            given_state=given, operation="RecognizeUtterance")
    turn.transcription_confidence = confidence
    out = {"inputMode": mode, "sessionId": p["sessionId"],
           "sessionState": encode_header(runtime.session_state(turn.session, turn.request_id)),
           "interpretations": encode_header(turn.interpretations)}
    if text:
        out["inputTranscript"] = encode_header(text)
    if turn.messages:
        out["messages"] = encode_header(turn.messages)
    if attrs:
        out["requestAttributes"] = encode_header(attrs)
    if response_type.startswith("text/plain"):
        out["contentType"] = "text/plain; charset=utf-8"
    else:
        loc = runtime.target(p)[3]
        out["audioStream"], out["contentType"] = speak(turn.messages, loc["compiled"].voice, response_type)
    return out
