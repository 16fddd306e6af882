"""Polly SynthesizeSpeech and DescribeVoices."""
from __future__ import annotations

from awsml_study.services.polly import voices
from awsml_study.services.polly.limits import ENGINE, ENGINES
from awsml_study.services.polly.speech import _enum, speak, validate
from awsml_study.sim.registry import operation


@operation("polly", "SynthesizeSpeech", engine=ENGINE)
def synthesize_speech(params: dict) -> dict:
    req = validate(params)
    body, content_type, billed, _ = speak(req)
    return {"AudioStream": body, "ContentType": content_type, "RequestCharacters": billed}


@operation("polly", "DescribeVoices", engine=ENGINE)
def describe_voices(params: dict) -> dict:
    from awsml_study.sim import jobs
    engine = _enum(params, "Engine", ENGINES, "engine")
    language = params.get("LanguageCode")
    include_extra = bool(params.get("IncludeAdditionalLanguageCodes"))
    chosen = []
    for v in voices.BY_ID.values():
        if engine and engine not in v["SupportedEngines"]:
            continue
        if language and language != v["LanguageCode"] and not (
                include_extra and language in v["AdditionalLanguageCodes"]):
            continue
        chosen.append(voices.describe(v, include_extra))
    page, token = jobs.page(chosen, 100, params.get("NextToken"), error_code="InvalidNextTokenException")
    return {"Voices": page, **({"NextToken": token} if token else {})}
