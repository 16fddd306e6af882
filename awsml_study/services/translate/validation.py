"""Request checks Amazon Translate makes server-side: names, tokens, language codes, settings, tags."""
from __future__ import annotations

import re

from awsml_study.services.translate.languages import (FORMALITY_TARGETS, LANGUAGES,
                                                      NO_PROFANITY_TARGETS)
from awsml_study.services.translate.limits import MAX_TAGS, NAME_PATTERN, TOKEN_PATTERN
from awsml_study.sim.errors import AwsError, validation_error

_NAME = re.compile(NAME_PATTERN)
_TOKEN = re.compile(TOKEN_PATTERN)


def name(value: str, path: str = "name") -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 256 or not _NAME.match(value):
        raise validation_error(value, path, "Member must satisfy regular expression pattern: "
                                            + NAME_PATTERN)
    return value


def token(value: str, path: str = "clientToken") -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 64 or not _TOKEN.match(value):
        raise validation_error(value, path, "Member must satisfy regular expression pattern: "
                                            + TOKEN_PATTERN)
    return value


def description(value) -> None:
    if value is not None and len(value) > 256:
        raise validation_error(value, "description", "Member must have length less than or equal to 256")


def pair(source: str, target: str, allow_auto: bool = True) -> None:
    """Both codes must be Amazon Translate languages (the source may be 'auto')."""
    ok_source = source in LANGUAGES or (allow_auto and source == "auto")
    if not ok_source or target not in LANGUAGES:
        raise unsupported_pair(source, target, "")


def unsupported_pair(source: str, target: str, extra: str) -> AwsError:
    return AwsError("UnsupportedLanguagePairException",
                    f"Unsupported language pair: {source} to {target}. {extra}".strip(),
                    SourceLanguageCode=source, TargetLanguageCode=target)


def settings(params: dict, targets: list[str], operation: str) -> tuple[dict, bool]:
    """(AppliedSettings, mask profanity?) for a request's Settings, or the error AWS gives.

    Formality: the kit's engines have no formal/informal register, so it is never applied; for an
    unsupported target TranslateText ignores it while TranslateDocument refuses the request.
    Brevity: real-time text only; the kit's engines cannot shorten output, so it is not applied.
    """
    wanted = params.get("Settings") or {}
    applied: dict = {}
    formality, profanity, brevity = (wanted.get("Formality"), wanted.get("Profanity"),
                                     wanted.get("Brevity"))
    if brevity and operation != "TranslateText":
        raise AwsError("InvalidRequestException",
                       f"Brevity is supported for TranslateText only, not for {operation}.")
    if formality and operation == "TranslateDocument" and targets[0] not in FORMALITY_TARGETS:
        raise AwsError("InvalidRequestException",
                       f"Formality is not supported for the target language {targets[0]}. "
                       f"Target languages with formality: {', '.join(sorted(FORMALITY_TARGETS))}.")
    mask = bool(profanity) and not any(t in NO_PROFANITY_TARGETS for t in targets)
    if mask:
        applied["Profanity"] = "MASK"
    return applied, mask


def tags(value, path: str = "tags") -> dict[str, str]:
    """A TagList as a dict, checked like AWS: at most 50, no 'aws:' keys."""
    value = value or []
    out = {}
    for tag in value:
        key = tag.get("Key", "")
        if key.lower().startswith("aws:"):
            raise AwsError("InvalidParameterValueException",
                           f"Tag keys starting with 'aws:' are reserved: {key}")
        if not 1 <= len(key) <= 128 or len(tag.get("Value", "")) > 256:
            raise validation_error(key, path, "Tag keys must be 1-128 and values 0-256 characters")
        out[key] = tag.get("Value", "")
    if len(out) > MAX_TAGS:
        raise AwsError("TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags.")
    return out
