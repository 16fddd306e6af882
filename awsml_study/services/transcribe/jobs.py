"""Transcribe batch transcription jobs recognised by Moonshine with pocketsphinx timings (en-US): Start, Get, List, Delete;
transcripts and subtitles in S3."""
from __future__ import annotations

from awsml_study.services.transcribe import media, output
from awsml_study.services.transcribe.checks import ENGINE, table, bad, check_enum
from awsml_study.services.transcribe.start_checks import check_language_choice, check_settings, check_language_id_settings, check_execution, check_unsupported, check_output, check_subtitles, check_redaction, validate_start
from awsml_study.sim import jobs, s3io
from awsml_study.sim.registry import operation


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
    # AWS always describes Settings, with its defaults when the request gave none (AWS's own
    # Transcribe demo reads job["Settings"]).
    props["Settings"] = {"ChannelIdentification": False, "ShowAlternatives": False, **settings}
    if p.get("Subtitles"):
        props["Subtitles"] = {"Formats": list(p["Subtitles"].get("Formats") or []),
                              "OutputStartIndex": p["Subtitles"].get("OutputStartIndex", 0)}
    request = {k: p.get(k) for k in ("OutputBucketName", "OutputKey", "OutputEncryptionKMSKeyId",
                                     "KMSEncryptionContext")}
    job = jobs.Job(name, props, lambda j: run(j, request), lifecycle())
    job.request = request
    table()[name] = jobs.submit(job)
    return {"TranscriptionJob": _view(job)}


def run(job: jobs.Job, request: dict) -> None:
    """The work of a job: decode, recognise, write the transcript (and subtitles) to S3."""
    from awsml_study.services.transcribe import recognise
    props = job.props
    m = media.load(props["Media"]["MediaFileUri"], props.get("MediaFormat"), props.get("MediaSampleRateHertz"))
    props["MediaFormat"], props["MediaSampleRateHertz"] = m.fmt, m.rate
    result = recognise.transcribe(m, props)
    bucket, key, managed = output.base_key(props["TranscriptionJobName"], request.get("OutputBucketName"),
                                           request.get("OutputKey"))
    job.outputs = recognise.write(result, props, bucket, key, managed, request)
    job.managed = managed


def lifecycle(status_key: str = "TranscriptionJobStatus") -> jobs.Lifecycle:
    """Transcribe's words for a job's life (batch, medical and call analytics alike)."""
    return jobs.Lifecycle(key=status_key, message_key="FailureReason", end_key="CompletionTime")


def _finish(job: jobs.Job, status_key: str = "TranscriptionJobStatus") -> None:
    """Settle the job before it is observed (see awsml_study.sim.jobs)."""
    job.settle()


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
