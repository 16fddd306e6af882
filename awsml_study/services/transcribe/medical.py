"""Transcribe Medical: the same en-US recogniser (it has no medical acoustic or language model;
medical words come from medical vocabularies), PHI marked with the shared PII engine."""
from __future__ import annotations

from awsml_study.services.transcribe import checks, start_checks
from awsml_study.services.transcribe import jobs as tx
from awsml_study.services.transcribe import media
from awsml_study.services.transcribe import output
from awsml_study.sim import jobs, state
from awsml_study.sim.registry import operation

ENGINE = "transcribe-medical/moonshine-en (general model + medical vocabularies)"
STATUS = "TranscriptionJobStatus"
NAME_KEY = "MedicalTranscriptionJobName"
PHI_TYPES = {"NAME", "ADDRESS", "PHONE", "EMAIL", "SSN", "DATE_TIME", "AGE", "URL", "IP_ADDRESS"}


def table() -> dict:
    return state.store("transcribe.medical_jobs")


@operation("transcribe", "StartMedicalTranscriptionJob", engine=ENGINE)
def start_medical_transcription_job(p: dict) -> dict:
    start_checks.validate_start(p, NAME_KEY, table())
    checks.check_language(p.get("LanguageCode", ""))        # AWS Medical itself is en-US only
    checks.check_enum(p.get("Specialty"), ("PRIMARYCARE",), "specialty")
    checks.check_enum(p.get("Type"), ("CONVERSATION", "DICTATION"), "type")
    checks.check_enum(p.get("ContentIdentificationType"), ("PHI",), "contentIdentificationType")
    settings = start_checks.check_settings(p, vocab_kind="medical")
    start_checks.check_output(p)
    name, now = p[NAME_KEY], jobs.now()
    props = {NAME_KEY: name, STATUS: "IN_PROGRESS", "LanguageCode": p["LanguageCode"],
             "Media": dict(p["Media"]), "StartTime": now, "CreationTime": now,
             "Specialty": p["Specialty"], "Type": p["Type"]}
    for key in ("MediaFormat", "MediaSampleRateHertz", "ContentIdentificationType", "Tags"):
        if p.get(key) is not None:
            props[key] = p[key]
    # AWS always describes Settings, with its defaults when the request gave none (AWS's own
    # Transcribe demo reads job["Settings"]).
    props["Settings"] = {"ChannelIdentification": False, "ShowAlternatives": False, **settings}
    request = {k: p.get(k) for k in ("OutputBucketName", "OutputKey", "OutputEncryptionKMSKeyId")}
    job = jobs.Job(name, props, lambda j: run(j, request), tx.lifecycle(STATUS))
    job.request = request
    table()[name] = jobs.submit(job)
    return {"MedicalTranscriptionJob": tx._view(job, STATUS)}


def run(job: jobs.Job, request: dict) -> None:
    from awsml_study.services.transcribe import recognise
    props = job.props
    m = media.load(props["Media"]["MediaFileUri"], props.get("MediaFormat"), props.get("MediaSampleRateHertz"))
    props["MediaFormat"], props["MediaSampleRateHertz"] = m.fmt, m.rate
    result = recognise.transcribe(m, props, vocab_kind="medical")
    # AWS writes medical transcripts under medical/ unless OutputKey says otherwise
    key = request.get("OutputKey") or "medical/"
    bucket, base, _ = output.base_key(props[NAME_KEY], request["OutputBucketName"], key)
    extra = {"entities": phi(result.channels[0])} if props.get("ContentIdentificationType") == "PHI" else None
    job.outputs = recognise.write(result, props, bucket, base, False, request, name=props[NAME_KEY], extra=extra)
    job.outputs.pop("redacted", None)
    job.managed = False


def phi(items: list[dict]) -> list[dict]:
    """PHI found by the shared PII engine, as entities with the words' times."""
    from awsml_study.engines.text import pii
    text, spans = "", []
    for it in items:
        if it["kind"] == "pronunciation" and text:
            text += " "
        spans.append((len(text), len(text) + len(it["content"]), it))
        text += it["content"]
    out = []
    for e in pii.find(text):
        if e["Type"] not in PHI_TYPES:
            continue
        words = [it for a, b, it in spans if it["kind"] == "pronunciation"
                 and a < e["EndOffset"] and e["BeginOffset"] < b]
        if words:
            out.append({"start_time": f"{words[0]['start']:.3f}", "end_time": f"{words[-1]['end']:.3f}",
                        "category": "PHI", "type": e["Type"], "confidence": f"{e['Score']:.4f}",
                        "content": text[e["BeginOffset"]:e["EndOffset"]]})
    return out


@operation("transcribe", "GetMedicalTranscriptionJob", engine=ENGINE)
def get_medical_transcription_job(p: dict) -> dict:
    job = tx.find(p[NAME_KEY], table())
    tx._finish(job, STATUS)
    view = tx._view(job, STATUS)
    view.pop("Subtitles", None)
    if "Transcript" in view:
        view["Transcript"] = {k: v for k, v in view["Transcript"].items() if k == "TranscriptFileUri"}
    return {"MedicalTranscriptionJob": view}


@operation("transcribe", "ListMedicalTranscriptionJobs", engine=ENGINE)
def list_medical_transcription_jobs(p: dict) -> dict:
    checks.check_enum(p.get("Status"), ("QUEUED", "IN_PROGRESS", "FAILED", "COMPLETED"), "status")
    keys = (NAME_KEY, "CreationTime", "StartTime", "CompletionTime", "LanguageCode", STATUS,
            "FailureReason", "Specialty", "ContentIdentificationType", "Type")
    found = []
    for job in table().values():
        tx._finish(job, STATUS)
        if p.get("Status") and job.props[STATUS] != p["Status"]:
            continue
        if p.get("JobNameContains") and p["JobNameContains"].lower() not in job.props[NAME_KEY].lower():
            continue
        found.append({**{k: job.props[k] for k in keys if k in job.props}, "OutputLocationType": "CUSTOMER_BUCKET"})
    found.sort(key=lambda s: s["CreationTime"], reverse=True)
    page, token = jobs.page(found, p.get("MaxResults"), p.get("NextToken"), default=5,
                            error_code="BadRequestException")
    out = {"MedicalTranscriptionJobSummaries": page, **({"NextToken": token} if token else {})}
    if p.get("Status"):
        out["Status"] = p["Status"]
    return out


@operation("transcribe", "DeleteMedicalTranscriptionJob", engine=ENGINE)
def delete_medical_transcription_job(p: dict) -> dict:
    job = tx.find(p[NAME_KEY], table())
    tx._finish(job, STATUS)
    del table()[p[NAME_KEY]]
    return {}
