"""Lex's header encoding (gzip + base64 JSON) and spoken replies, shared by RecognizeUtterance and PutSession."""
from __future__ import annotations

import base64
import gzip
import json
import re

from awsml_study.sim.errors import AwsError

OUTPUT = {"audio/mpeg": "mp3", "audio/ogg": "ogg_vorbis", "audio/pcm": "pcm"}


def encode_header(value) -> str:
    """gzip + base64 of a value's JSON (a plain string is sent as its text)."""
    raw = value if isinstance(value, str) else json.dumps(value, default=str)
    return base64.b64encode(gzip.compress(raw.encode("utf-8"))).decode("ascii")


def decode_header(value: str | None, name: str):
    """The JSON a client sent gzip + base64 encoded (botocore leaves the encoding to the caller)."""
    if not value:
        return None
    try:
        data = base64.b64decode(value)
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return json.loads(data)
    except Exception:
        try:  # base64 of plain JSON is accepted too
            return json.loads(value)
        except Exception:
            raise AwsError("ValidationException",
                           f"{name} must be JSON compressed with gzip and then base64 encoded.") from None


def speak(messages: list[dict], voice: dict, content_type: str) -> tuple[bytes, str]:
    """The messages spoken by the locale's Polly voice (served by the kit's Polly)."""
    from awsml_study.sim import s3io
    kind = content_type.split(";")[0].strip().lower()
    fmt = OUTPUT.get(kind)
    if fmt is None:
        raise AwsError("ValidationException",
                       f"responseContentType {content_type} is not supported: use text/plain; charset=utf-8, "
                       "audio/mpeg, audio/ogg or audio/pcm.")
    text = " ".join(m.get("content", "") for m in messages if m.get("contentType") in ("PlainText", "SSML")
                    and m.get("content")).strip()
    if not text:
        return b"", kind
    polly = s3io.client("polly", "us-east-1")
    ssml = any(m.get("contentType") == "SSML" for m in messages)
    extra = {"SampleRate": "16000"} if fmt == "pcm" else {}
    audio = polly.synthesize_speech(Text=re.sub(r"</?speak>", "", text) if not ssml else f"<speak>{re.sub(r'</?speak>', '', text)}</speak>",
                                    TextType="ssml" if ssml else "text", VoiceId=voice.get("voiceId", "Joanna"),
                                    OutputFormat=fmt, **extra)["AudioStream"].read()
    return audio, kind
