"""Transcribe start-request checks: language choice, settings, output, subtitles, redaction."""
from __future__ import annotations

from awsml_study.services.transcribe import media
from awsml_study.services.transcribe.checks import NAME, OUTPUT_KEY, BUCKET, SUBTITLE_FORMATS, bad, check_pattern, check_enum, language_codes, check_language
from awsml_study.sim.errors import AwsError


def check_language_choice(p: dict) -> None:
    chosen = [k for k in ("LanguageCode", "IdentifyLanguage", "IdentifyMultipleLanguages")
              if p.get(k) not in (None, False)]
    if len(chosen) != 1:
        raise bad("Specify exactly one of LanguageCode, IdentifyLanguage or IdentifyMultipleLanguages "
                  f"in your request (you gave {', '.join(chosen) or 'none'}).")
    if p.get("LanguageOptions") and not (p.get("IdentifyLanguage") or p.get("IdentifyMultipleLanguages")):
        raise bad("LanguageOptions can only be used together with IdentifyLanguage or "
                  "IdentifyMultipleLanguages.")
    if "LanguageCode" in p:
        check_language(p["LanguageCode"])
        return
    options = p.get("LanguageOptions") or []
    for code in options:
        check_enum(code, language_codes(), "languageOptions.member")
    if options and "en-US" not in options:
        raise bad("awsml-study can only identify en-US, the one language it has an acoustic model "
                  f"for; LanguageOptions {options} does not include en-US. Add en-US, or use "
                  "AWSML_STUDY_MODE=aws to identify other languages with the real service.")


def check_settings(p: dict, vocab_kind: str = "vocabulary") -> dict:
    """Validate Settings; returns the settings the job will apply."""
    s = dict(p.get("Settings") or {})
    if s.get("ShowSpeakerLabels") and not s.get("MaxSpeakerLabels"):
        raise bad("When you set ShowSpeakerLabels to true, you must also set MaxSpeakerLabels.")
    if s.get("MaxSpeakerLabels") and not s.get("ShowSpeakerLabels"):
        raise bad("When you set MaxSpeakerLabels, you must also set ShowSpeakerLabels to true.")
    if s.get("ShowSpeakerLabels") and s.get("ChannelIdentification"):
        raise bad("You can't use ShowSpeakerLabels and ChannelIdentification in the same request.")
    if s.get("ShowAlternatives") and not s.get("MaxAlternatives"):
        raise bad("When you set ShowAlternatives to true, you must also set MaxAlternatives.")
    if s.get("MaxAlternatives") and not s.get("ShowAlternatives"):
        raise bad("When you set MaxAlternatives, you must also set ShowAlternatives to true.")
    if s.get("ShowAlternatives"):
        raise bad("awsml-study does not compute alternative transcriptions (ShowAlternatives): its "
                  "decoder keeps one best path with word timings. Leave it out, or use "
                  "AWSML_STUDY_MODE=aws.")
    if s.get("VocabularyFilterName") and not s.get("VocabularyFilterMethod"):
        raise bad("When you set VocabularyFilterName, you must also set VocabularyFilterMethod.")
    check_enum(s.get("VocabularyFilterMethod"), ("remove", "mask", "tag"), "settings.vocabularyFilterMethod")
    from awsml_study.services.transcribe import vocabularies as vocab
    if s.get("VocabularyName"):
        vocab.entries_for(s["VocabularyName"], vocab_kind)  # BadRequestException unless READY
    if s.get("VocabularyFilterName"):
        vocab.filter_words(s["VocabularyFilterName"])
    return s


def check_language_id_settings(p: dict) -> None:
    """LanguageIdSettings: per-language vocabularies and filters, used when that language is found."""
    from awsml_study.services.transcribe import vocabularies as vocab
    settings = p.get("LanguageIdSettings") or {}
    if settings and not (p.get("IdentifyLanguage") or p.get("IdentifyMultipleLanguages")):
        raise bad("LanguageIdSettings can only be used with IdentifyLanguage or IdentifyMultipleLanguages.")
    for code, conf in settings.items():
        check_enum(code, language_codes(), "languageIdSettings.key")
        if conf.get("LanguageModelName"):
            check_unsupported({"ModelSettings": {"LanguageModelName": conf["LanguageModelName"]}})
        if code == "en-US" and conf.get("VocabularyName"):
            vocab.entries_for(conf["VocabularyName"])
        if code == "en-US" and conf.get("VocabularyFilterName"):
            vocab.filter_words(conf["VocabularyFilterName"])
            if not (p.get("Settings") or {}).get("VocabularyFilterMethod"):
                raise bad("A vocabulary filter in LanguageIdSettings needs Settings.VocabularyFilterMethod.")


def check_execution(p: dict) -> None:
    if (p.get("JobExecutionSettings") or {}).get("AllowDeferredExecution") and \
            not p["JobExecutionSettings"].get("DataAccessRoleArn"):
        raise bad("When you set AllowDeferredExecution, you must also set DataAccessRoleArn.")
    if p.get("KMSEncryptionContext") and not p.get("OutputEncryptionKMSKeyId"):
        raise bad("KMSEncryptionContext can only be used together with OutputEncryptionKMSKeyId.")


def check_unsupported(p: dict) -> None:
    if (p.get("ModelSettings") or {}).get("LanguageModelName"):
        raise bad(f"The requested language model {p['ModelSettings']['LanguageModelName']} couldn't be "
                  "found (awsml-study does not train custom language models). Check the language "
                  "model name and try your request again.")
    if p.get("ToxicityDetection"):
        raise bad("awsml-study has no toxicity model, so ToxicityDetection is not simulated. Leave it "
                  "out, or use AWSML_STUDY_MODE=aws.")


def check_output(p: dict) -> None:
    bucket = p.get("OutputBucketName")
    check_pattern(bucket, BUCKET, "outputBucketName", "[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9]")
    check_pattern(p.get("OutputKey"), OUTPUT_KEY, "outputKey", "[a-zA-Z0-9-_.!*'()/]{1,1024}$")
    if p.get("OutputKey") and not bucket:
        raise bad("OutputKey can only be used together with OutputBucketName.")
    if bucket:
        media.check_bucket(bucket)
    if p.get("OutputEncryptionKMSKeyId") and not bucket:
        raise bad("OutputEncryptionKMSKeyId can only be used when you store output in your own "
                  "bucket (OutputBucketName).")


def check_subtitles(p: dict) -> None:
    sub = p.get("Subtitles")
    if sub is None:
        return
    for fmt in sub.get("Formats") or []:
        check_enum(fmt, SUBTITLE_FORMATS, "subtitles.formats.member")
    if sub.get("OutputStartIndex", 0) not in (0, 1):
        raise bad("Subtitles OutputStartIndex must be 0 or 1.")


def check_redaction(p: dict) -> None:
    red = p.get("ContentRedaction")
    if red is None:
        return
    check_enum(red.get("RedactionType"), ("PII",), "contentRedaction.redactionType")
    check_enum(red.get("RedactionOutput"), ("redacted", "redacted_and_unredacted"),
               "contentRedaction.redactionOutput")
    import botocore.session
    types = botocore.session.get_session().get_service_model("transcribe").shape_for("PiiEntityTypes")
    for t in red.get("PiiEntityTypes") or []:
        check_enum(t, types.member.enum, "contentRedaction.piiEntityTypes.member")
    if p.get("IdentifyLanguage") or p.get("IdentifyMultipleLanguages"):
        raise bad("ContentRedaction is not compatible with language identification. Specify "
                  "LanguageCode instead of IdentifyLanguage.")


def validate_start(p: dict, name_key: str, existing: dict) -> None:
    name = p.get(name_key, "")
    check_pattern(name, NAME, name_key[0].lower() + name_key[1:], "^[0-9a-zA-Z._-]+")
    if name in existing:
        raise AwsError("ConflictException", "The requested job name already exists. Use a different job name.")
    check_enum(p.get("MediaFormat"), media.MEDIA_FORMATS, "mediaFormat")
    rate = p.get("MediaSampleRateHertz")
    if rate is not None and not 8000 <= int(rate) <= 48000:
        raise bad("Invalid sample rate for audio file. MediaSampleRateHertz must be between 8,000 "
                  "and 48,000 hertz.")
    media.check_readable((p.get("Media") or {}).get("MediaFileUri", ""))
