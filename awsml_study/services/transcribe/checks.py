"""Transcribe's engine name, name patterns and the basic request checks with its error codes,
and where jobs are kept (shared by every Transcribe module)."""
from __future__ import annotations

import re

from awsml_study.sim import state
from awsml_study.sim.errors import AwsError

ENGINE = "transcribe/moonshine-en+pocketsphinx-align"
LOCAL_LANGUAGES = ("en-US",)
NAME = re.compile(r"^[0-9a-zA-Z._-]+$")
OUTPUT_KEY = re.compile(r"^[a-zA-Z0-9-_.!*'()/]{1,1024}$")
BUCKET = re.compile(r"^[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]$")
SUBTITLE_FORMATS = ("vtt", "srt")
TERMINAL = ("COMPLETED", "FAILED")


def table() -> dict:
    return state.store("transcribe.jobs")


# ----- request checks, with Transcribe's error codes -----

def bad(message: str) -> AwsError:
    return AwsError("BadRequestException", message)


def check_pattern(value, pattern: re.Pattern, path: str, shown: str) -> None:
    if value is not None and not pattern.match(str(value)):
        raise bad(f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
                  f"constraint: Member must satisfy regular expression pattern: {shown}")


def check_enum(value, allowed, path: str) -> None:
    if value is not None and value not in allowed:
        raise bad(f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
                  f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]")


def language_codes() -> list[str]:
    import botocore.session
    model = botocore.session.get_session().get_service_model("transcribe")
    return list(model.shape_for("LanguageCode").enum)


def check_language(code: str, path: str = "languageCode") -> None:
    """Any AWS language code is valid; only en-US has an acoustic model in the kit."""
    check_enum(code, language_codes(), path)
    if code not in LOCAL_LANGUAGES:
        raise bad(f"awsml-study recognises speech with a local en-US model only (the Moonshine wheel "
                  f"ships only its English model). '{code}' is a valid Amazon Transcribe language, but it "
                  f"cannot be transcribed offline here: use LanguageCode en-US, or run with "
                  f"AWSML_STUDY_MODE=aws to use the real service.")
