"""Transcribe: batch transcription jobs recognised by pocketsphinx (en-US), transcripts and subtitles in S3."""
from __future__ import annotations

import re

from awsml_study.services import transcribe_media as media
from awsml_study.services import transcribe_output as output
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "transcribe/pocketsphinx-en-US"
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
        raise bad(f"awsml-study recognises speech with a local en-US model only (pocketsphinx ships "
                  f"no other acoustic model). '{code}' is a valid Amazon Transcribe language, but it "
                  f"cannot be transcribed offline here: use LanguageCode en-US, or run with "
                  f"AWSML_STUDY_MODE=aws to use the real service.")


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
    from awsml_study.services import transcribe_vocabulary as vocab
    if s.get("VocabularyName"):
        vocab.entries_for(s["VocabularyName"], vocab_kind)  # BadRequestException unless READY
    if s.get("VocabularyFilterName"):
        vocab.filter_words(s["VocabularyFilterName"])
    return s


def check_language_id_settings(p: dict) -> None:
    """LanguageIdSettings: per-language vocabularies and filters, used when that language is found."""
    from awsml_study.services import transcribe_vocabulary as vocab
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


# ----- StartTranscriptionJob -----

@operation("transcribe", "StartTranscriptionJob", engine=ENGINE)
def start_transcription_job(p: dict) -> dict:
    validate_start(p, "TranscriptionJobName", table())
    check_language_choice(p)
    settings = check_settings(p)
    check_language_id_settings(p)
    check_execution(p)
    check_unsupported(p)
    check_output(p)
    check_subtitles(p)
    check_redaction(p)
    name = p["TranscriptionJobName"]
    now = jobs.now()
    props = {"TranscriptionJobName": name, "TranscriptionJobStatus": "IN_PROGRESS",
             "Media": dict(p["Media"]), "StartTime": now, "CreationTime": now}
    for key in ("LanguageCode", "MediaFormat", "MediaSampleRateHertz", "ContentRedaction",
                "IdentifyLanguage", "IdentifyMultipleLanguages", "LanguageOptions", "Tags",
                "JobExecutionSettings", "LanguageIdSettings", "ModelSettings"):
        if p.get(key) is not None:
            props[key] = p[key]
    if settings:
        props["Settings"] = settings
    if p.get("Subtitles"):
        props["Subtitles"] = {"Formats": list(p["Subtitles"].get("Formats") or []),
                              "OutputStartIndex": p["Subtitles"].get("OutputStartIndex", 0)}
    request = {k: p.get(k) for k in ("OutputBucketName", "OutputKey", "OutputEncryptionKMSKeyId",
                                     "KMSEncryptionContext")}
    job = jobs.Job(name, props, lambda j: run(j, request))
    job.request = request
    table()[name] = job
    return {"TranscriptionJob": _view(job)}


def run(job: jobs.Job, request: dict) -> None:
    """The work of a job: decode, recognise, write the transcript (and subtitles) to S3."""
    from awsml_study.services import transcribe_recognise as recognise
    props = job.props
    m = media.load(props["Media"]["MediaFileUri"], props.get("MediaFormat"), props.get("MediaSampleRateHertz"))
    props["MediaFormat"], props["MediaSampleRateHertz"] = m.fmt, m.rate
    result = recognise.transcribe(m, props)
    bucket, key, managed = output.base_key(props["TranscriptionJobName"], request.get("OutputBucketName"),
                                           request.get("OutputKey"))
    job.outputs = recognise.write(result, props, bucket, key, managed, request)
    job.managed = managed


def _finish(job: jobs.Job, status_key: str = "TranscriptionJobStatus") -> None:
    job.advance(key=status_key, message_key="FailureReason")
    end = job.props.pop("EndTime", None)
    if end is not None:
        job.props["CompletionTime"] = end


def _view(job: jobs.Job, status_key: str = "TranscriptionJobStatus") -> dict:
    """The job as Get shows it, with fresh URIs for service-managed output."""
    view = {k: v for k, v in job.props.items()}
    outputs = getattr(job, "outputs", None)
    if outputs and view[status_key] == "COMPLETED":
        managed = getattr(job, "managed", False)
        transcript = {}
        if "transcript" in outputs:
            transcript["TranscriptFileUri"] = output.uri(*outputs["transcript"], managed)
        if "redacted" in outputs:
            transcript["RedactedTranscriptFileUri"] = output.uri(*outputs["redacted"], managed)
        view["Transcript"] = transcript
        if "subtitles" in outputs and "Subtitles" in view:
            view["Subtitles"] = dict(view["Subtitles"], SubtitleFileUris=[
                output.uri(b, k, managed) for b, k in outputs["subtitles"]])
    else:
        view["Transcript"] = {}
    return view


def find(name: str, jobs_table: dict | None = None) -> jobs.Job:
    job = (table() if jobs_table is None else jobs_table).get(name)
    if job is None:
        raise bad("The requested job couldn't be found. Check the job name and try your request again.")
    return job


@operation("transcribe", "GetTranscriptionJob", engine=ENGINE)
def get_transcription_job(p: dict) -> dict:
    job = find(p["TranscriptionJobName"])
    _finish(job)
    return {"TranscriptionJob": _view(job)}


SUMMARY_KEYS = ("TranscriptionJobName", "CreationTime", "StartTime", "CompletionTime", "LanguageCode",
                "TranscriptionJobStatus", "FailureReason", "ContentRedaction", "ModelSettings",
                "IdentifyLanguage", "IdentifyMultipleLanguages", "IdentifiedLanguageScore",
                "LanguageCodes")


@operation("transcribe", "ListTranscriptionJobs", engine=ENGINE)
def list_transcription_jobs(p: dict) -> dict:
    check_enum(p.get("Status"), ("QUEUED", "IN_PROGRESS", "FAILED", "COMPLETED"), "status")
    found = []
    for job in table().values():
        _finish(job)
        props = job.props
        if p.get("Status") and props["TranscriptionJobStatus"] != p["Status"]:
            continue
        if p.get("JobNameContains") and p["JobNameContains"].lower() not in props["TranscriptionJobName"].lower():
            continue
        summary = {k: props[k] for k in SUMMARY_KEYS if k in props}
        summary["OutputLocationType"] = "SERVICE_BUCKET" if getattr(job, "managed", not job.request.get(
            "OutputBucketName")) else "CUSTOMER_BUCKET"
        found.append(summary)
    found.sort(key=lambda s: s["CreationTime"], reverse=True)
    page, token = jobs.page(found, p.get("MaxResults"), p.get("NextToken"), default=5,
                            error_code="BadRequestException")
    out = {"TranscriptionJobSummaries": page, **({"NextToken": token} if token else {})}
    if p.get("Status"):
        out["Status"] = p["Status"]
    return out


@operation("transcribe", "DeleteTranscriptionJob", engine=ENGINE)
def delete_transcription_job(p: dict) -> dict:
    job = find(p["TranscriptionJobName"])
    _finish(job)
    if getattr(job, "managed", False):       # service-managed output goes with the job
        for bucket, key in _all_outputs(job):
            s3io.s3().delete_object(Bucket=bucket, Key=key)
    del table()[p["TranscriptionJobName"]]
    return {}


def _all_outputs(job) -> list[tuple[str, str]]:
    outs = getattr(job, "outputs", {}) or {}
    return [v for k, v in outs.items() if k != "subtitles"] + list(outs.get("subtitles", []))
