"""Batch translation: StartTextTranslationJob over every file under an S3 prefix, Describe, List, Stop."""
from __future__ import annotations

import json
import posixpath
import re

from awsml_study.engines.translation import documents
from awsml_study.services.translate import parallel_data, terminology, validation
from awsml_study.services.translate.limits import (JOB_PATTERN, JOB_TYPES, MAX_JOB_DOCUMENT_BYTES,
                                                   MAX_JOB_TARGETS, TRANSLATION_ENGINE)
from awsml_study.services.translate.text import document_text, translate_content
from awsml_study.services.translate.translation import detect_source, prepare
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError, validation_error
from awsml_study.sim.registry import operation

LIFE = jobs.Lifecycle(key="JobStatus", running="IN_PROGRESS", done="COMPLETED", failed="FAILED",
                      stopped="STOPPED", message_key="Message", start_key=None, end_key="EndTime")
PUBLIC = ("JobId", "JobName", "JobStatus", "JobDetails", "SourceLanguageCode", "TargetLanguageCodes",
          "TerminologyNames", "ParallelDataNames", "Message", "SubmittedTime", "EndTime",
          "InputDataConfig", "OutputDataConfig", "DataAccessRoleArn", "Settings")


def _jobs() -> dict:
    return state.store("translate.jobs")


def _public(job) -> dict:
    return {k: v for k, v in job.props.items() if k in PUBLIC}


def _check(params: dict) -> None:
    name = params.get("JobName")
    if name is not None and (not 1 <= len(name) <= 256 or not re.match(JOB_PATTERN, name)):
        raise validation_error(name, "jobName", "Member must satisfy regular expression pattern: "
                                                r"^([\p{L}\p{Z}\p{N}_.:/=+\-%@]*)$")
    validation.token(params.get("ClientToken"))
    s3io.check_role(params.get("DataAccessRoleArn"), "dataAccessRoleArn")
    s3io.split_uri((params.get("InputDataConfig") or {}).get("S3Uri"), "inputDataConfig.s3Uri")
    s3io.split_uri((params.get("OutputDataConfig") or {}).get("S3Uri"), "outputDataConfig.s3Uri")
    content_type = (params.get("InputDataConfig") or {}).get("ContentType")
    if content_type not in JOB_TYPES:
        raise AwsError("InvalidRequestException", f"Content type {content_type} is not supported "
                                                  f"for batch translation. Use one of: {', '.join(JOB_TYPES)}.")
    source, targets = params.get("SourceLanguageCode", ""), list(params.get("TargetLanguageCodes") or [])
    if len(targets) > MAX_JOB_TARGETS:
        raise AwsError("InvalidRequestException", f"A batch job takes at most {MAX_JOB_TARGETS} target languages.")
    for target in targets:
        validation.pair(source, target)
        if target == source:
            raise AwsError("InvalidRequestException", f"The target language {target} is the source language.")


@operation("translate", "StartTextTranslationJob", engine=TRANSLATION_ENGINE)
def start_text_translation_job(params: dict) -> dict:
    _check(params)
    names = terminology.check_request_names(params.get("TerminologyNames"))
    pd_names = parallel_data.check_request_names(params.get("ParallelDataNames"))
    targets = list(params["TargetLanguageCodes"])
    _, mask = validation.settings(params, targets, "StartTextTranslationJob")
    fingerprint = json.dumps({k: v for k, v in params.items() if k != "ClientToken"}, sort_keys=True, default=str)
    try:
        same = jobs.same_request(_jobs(), "StartTextTranslationJob", params["ClientToken"], fingerprint)
    except AwsError as err:  # Translate models no IdempotentParameterMismatchException
        raise AwsError("InvalidRequestException", err.message) from None
    if same is not None:
        return {"JobId": same.id, "JobStatus": same.props["JobStatus"]}
    job_id = jobs.new_id()
    props = {"JobId": job_id, "JobStatus": "SUBMITTED", "SubmittedTime": jobs.now(),
             "SourceLanguageCode": params["SourceLanguageCode"], "TargetLanguageCodes": targets,
             "TerminologyNames": names, "ParallelDataNames": pd_names,
             "InputDataConfig": dict(params["InputDataConfig"]),
             "OutputDataConfig": dict(params["OutputDataConfig"]),
             "DataAccessRoleArn": params["DataAccessRoleArn"],
             "JobDetails": {"TranslatedDocumentsCount": 0, "DocumentsWithErrorsCount": 0,
                            "InputDocumentsCount": 0},
             "API": "StartTextTranslationJob", "_token": params["ClientToken"], "_fingerprint": fingerprint}
    if params.get("JobName"):
        props["JobName"] = params["JobName"]
    if params.get("Settings"):
        props["Settings"] = dict(params["Settings"])
    job = jobs.Job(job_id, props, work=lambda j: _run(j, mask), lifecycle=LIFE, on_end=_finish)
    _jobs()[job_id] = jobs.submit(job)
    return {"JobId": job_id, "JobStatus": "SUBMITTED"}


def _run(job, mask: bool) -> None:
    props = job.props
    in_bucket, in_prefix = s3io.split_uri(props["InputDataConfig"]["S3Uri"], "inputDataConfig.s3Uri")
    out_bucket, out_prefix = s3io.split_uri(props["OutputDataConfig"]["S3Uri"], "outputDataConfig.s3Uri")
    if out_prefix and not out_prefix.endswith("/"):
        out_prefix += "/"
    folder = f"{out_prefix}{s3io.account()}-TranslateText-{job.id}/"
    content_type = props["InputDataConfig"]["ContentType"]
    try:
        keys = s3io.list_objects(in_bucket, in_prefix)
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None
    props["JobDetails"]["InputDocumentsCount"] = len(keys)
    details = {t: {"sourceLanguageCode": props["SourceLanguageCode"], "targetLanguageCode": t,
                   "charactersTranslated": 0, "documentCountWithCustomerError": 0,
                   "documentCountWithServerError": 0,
                   "inputDataPrefix": props["InputDataConfig"]["S3Uri"],
                   "outputDataPrefix": f"s3://{out_bucket}/{folder}", "details": []}
               for t in props["TargetLanguageCodes"]}
    translated = failed = 0
    for key in keys:
        job.check_stop()
        relative = key[len(in_prefix):].lstrip("/") if in_prefix and key.startswith(in_prefix) else key
        ok = True
        for target in props["TargetLanguageCodes"]:
            target_file = posixpath.join(posixpath.dirname(relative), f"{target}.{posixpath.basename(relative)}")
            entry = {"sourceFile": relative, "targetFile": target_file}
            try:
                body, request, chars = _translate_file(in_bucket, key, content_type, target, props, mask)
                s3io.write(out_bucket, folder + target_file, body, content_type)
                entry["auxiliaryData"] = {"appliedTerminologies": [
                    {"name": n, "terms": [{"sourceText": s, "targetText": t} for s, t in request.applied.get(n, [])]}
                    for n in props["TerminologyNames"]], "engine": request.engine}
                details[target]["charactersTranslated"] += chars
            except (AwsError, s3io.S3ReadError, documents.DocumentError) as err:
                ok = False
                details[target]["documentCountWithCustomerError"] += 1
                entry["auxiliaryData"] = {"error": {"errorCode": getattr(err, "code", "InvalidRequestException"),
                                                    "errorMessage": getattr(err, "message", str(err))}}
            details[target]["details"].append(entry)
        translated += ok
        failed += not ok
    props["JobDetails"].update(TranslatedDocumentsCount=translated, DocumentsWithErrorsCount=failed)
    for target, detail in details.items():
        detail["charactersTranslated"] = str(detail["charactersTranslated"])
        for count in ("documentCountWithCustomerError", "documentCountWithServerError"):
            detail[count] = str(detail[count])
        try:
            s3io.write(out_bucket, f"{folder}details/{target}.auxiliary-translation-details.json",
                       json.dumps(detail, indent=2, ensure_ascii=False).encode(), "application/json")
        except s3io.S3ReadError as err:
            raise jobs.JobFailure(str(err)) from None
    if not translated:
        raise jobs.JobFailure(f"None of the {len(keys)} input documents could be translated; see "
                              f"s3://{out_bucket}/{folder}details/ for the reason of each.")


def _translate_file(bucket, key, content_type, target, props, mask):
    data = s3io.read(bucket, key)
    if len(data) > MAX_JOB_DOCUMENT_BYTES:
        raise AwsError("LimitExceededException", f"{key} is larger than 20 MB.")
    source = props["SourceLanguageCode"]
    if source == "auto":
        source = detect_source(document_text(data, content_type))
    if source == target:
        raise AwsError("InvalidRequestException", f"{key} is already in {target}.")
    memory = parallel_data.memory_for(props["ParallelDataNames"], source, target)
    request = prepare(source, target, props["TerminologyNames"], mask, memory)
    body = translate_content(data, content_type, request)
    request.check_covered()
    return body, request, len(document_text(data, content_type))


def _finish(job) -> None:
    details = job.props["JobDetails"]
    if job.props["JobStatus"] == "COMPLETED" and details["DocumentsWithErrorsCount"]:
        job.props["JobStatus"] = "COMPLETED_WITH_ERROR"
        job.props["Message"] = (f"{details['DocumentsWithErrorsCount']} of "
                                f"{details['InputDocumentsCount']} documents could not be translated.")


def _job(job_id: str):
    job = _jobs().get(job_id)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Job {job_id} could not be found.")
    return job


@operation("translate", "DescribeTextTranslationJob", engine=TRANSLATION_ENGINE)
def describe_text_translation_job(params: dict) -> dict:
    return {"TextTranslationJobProperties": _public(_job(params.get("JobId", "")).settle())}


@operation("translate", "StopTextTranslationJob", engine=TRANSLATION_ENGINE)
def stop_text_translation_job(params: dict) -> dict:
    job = _job(params.get("JobId", ""))
    if not job.ended:
        job.request_stop()
        job.props["JobStatus"] = "STOP_REQUESTED"
    return {"JobId": job.id, "JobStatus": job.props["JobStatus"]}


@operation("translate", "ListTextTranslationJobs", engine=TRANSLATION_ENGINE)
def list_text_translation_jobs(params: dict) -> dict:
    flt = params.get("Filter") or {}
    after, before = flt.get("SubmittedAfterTime"), flt.get("SubmittedBeforeTime")
    if after is not None and before is not None and _ts(after) > _ts(before):
        raise AwsError("InvalidFilterException", "SubmittedAfterTime is later than SubmittedBeforeTime.")
    found = sorted(_jobs().values(), key=lambda j: j.props["SubmittedTime"])
    jobs.settle_all(found)
    kept = [j for j in found
            if (not flt.get("JobName") or j.props.get("JobName") == flt["JobName"])
            and (not flt.get("JobStatus") or j.props["JobStatus"] == flt["JobStatus"])
            and (after is None or j.props["SubmittedTime"].timestamp() >= _ts(after))
            and (before is None or j.props["SubmittedTime"].timestamp() <= _ts(before))]
    page, token = jobs.page([_public(j) for j in kept], params.get("MaxResults"), params.get("NextToken"),
                            default=100, error_code="InvalidRequestException")
    return {"TextTranslationJobPropertiesList": page, **({"NextToken": token} if token else {})}


def _ts(value) -> float:
    import datetime as dt
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.timestamp()
