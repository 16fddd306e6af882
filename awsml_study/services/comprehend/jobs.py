"""Comprehend async jobs: read documents from S3, analyse them, write output.tar.gz back to S3."""
from __future__ import annotations

import csv
import io
import json
import tarfile
from dataclasses import dataclass
from typing import Callable

from awsml_study.services.comprehend import analysis as cm
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation


@dataclass(frozen=True)
class JobKind:
    name: str            # as in the operation names: "Sentiment" → StartSentimentDetectionJob
    arn_part: str        # ARN resource type
    tag: str             # output folder tag: <account>-<TAG>-<job id>
    feature: str | None  # language feature checked at Start, None when the job has no language
    analyse: Callable[[str], dict] | None
    limit: int
    stoppable: bool = True
    engine: str = cm.ENGINE_SPACY

    @property
    def props_key(self):
        return f"{self.name}DetectionJobProperties" if self.name != "DocumentClassification" \
            else "DocumentClassificationJobProperties"


KINDS = [
    JobKind("Sentiment", "sentiment-detection-job", "SENTIMENT", "sentiment", cm.sentiment_of,
            cm.SMALL_LIMIT, engine=cm.ENGINE_SENTIMENT),
    JobKind("TargetedSentiment", "targeted-sentiment-detection-job", "TARGETED_SENTIMENT",
            "targeted_sentiment", cm.targeted_sentiment_of, cm.SMALL_LIMIT),
    JobKind("Entities", "entities-detection-job", "NER", "entities", cm.entities_of, cm.LARGE_LIMIT),
    JobKind("KeyPhrases", "key-phrases-detection-job", "KP", "key_phrases", cm.key_phrases_of,
            cm.LARGE_LIMIT),
    JobKind("DominantLanguage", "dominant-language-detection-job", "LANGUAGE", None,
            cm.languages_of, cm.LARGE_LIMIT, engine=cm.ENGINE_LANGUAGE),
    JobKind("PiiEntities", "pii-entities-detection-job", "PII", "pii", cm.pii_of, cm.LARGE_LIMIT,
            engine=cm.ENGINE_PII),
    JobKind("Topics", "topics-detection-job", "TOPICS", None, None, cm.LARGE_LIMIT,
            stoppable=False, engine="comprehend/sklearn-nmf"),
]


def table() -> dict:
    return state.store("comprehend.jobs")


# ----- reading input and writing output -----

def read_documents(config: dict) -> list[tuple[str, int | None, str]]:
    """[(file name, line or None, text)] from InputDataConfig, honouring InputFormat."""
    bucket, prefix = s3io.split_uri(config["S3Uri"], "inputDataConfig.s3Uri")
    per_line = config.get("InputFormat", "ONE_DOC_PER_FILE") == "ONE_DOC_PER_LINE"
    docs = []
    try:
        for key in s3io.list_objects(bucket, prefix):
            text = s3io.read(bucket, key).decode("utf-8", errors="replace")
            name = key.rsplit("/", 1)[-1]
            if per_line:
                docs += [(name, i, line) for i, line in enumerate(text.splitlines()) if line.strip()]
            else:
                docs.append((name, None, text))
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None
    return docs


def output_location(config: dict, kind_tag: str, job_id: str) -> tuple[str, str]:
    bucket, prefix = s3io.split_uri(config["S3Uri"], "outputDataConfig.s3Uri")
    prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
    return bucket, f"{prefix}{s3io.account()}-{kind_tag}-{job_id}/output/"


def tar_gz(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            data = content.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def write_output(job: jobs.Job, kind: JobKind, files: dict[str, str]) -> None:
    bucket, folder = output_location(job.props["OutputDataConfig"], kind.tag, job.id)
    try:
        s3io.write(bucket, folder + "output.tar.gz", tar_gz(files), "application/gzip")
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None
    job.props["OutputDataConfig"]["S3Uri"] = f"s3://{bucket}/{folder}output.tar.gz"


def json_lines(kind: JobKind, docs, analyse: Callable[[str], dict]) -> str:
    """The documented output: one JSON object per document, with File (and Line) and results."""
    lines = []
    for name, line, text in docs:
        record = {"File": name, **({"Line": line} if line is not None else {})}
        try:
            cm.check_size(text, kind.limit)
            record.update(analyse(text))
        except AwsError as err:
            record.update({"ErrorCode": "INVALID_REQUEST" if "Size" not in err.code
                           else "DOCUMENT_SIZE_EXCEEDED", "ErrorMessage": err.message})
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def run_analysis(kind: JobKind):
    def work(job: jobs.Job):
        docs = read_documents(job.props["InputDataConfig"])
        if kind.name == "PiiEntities" and job.props.get("Mode") == "ONLY_REDACTION":
            return write_redacted(job, docs)
        write_output(job, kind, {"output": json_lines(kind, docs, kind.analyse)})
    return work


def write_redacted(job: jobs.Job, docs) -> None:
    """ONLY_REDACTION writes each input file back, redacted, as <file>.out."""
    from awsml_study.engines.text import pii

    config = job.props.get("RedactionConfig") or {}
    types = set(config.get("PiiEntityTypes") or ["ALL"])
    by_type = config.get("MaskMode") == "REPLACE_WITH_PII_ENTITY_TYPE"
    mask = config.get("MaskCharacter", "*")
    files: dict[str, list[str]] = {}
    for name, _line, text in docs:
        files.setdefault(name, []).append(pii.redact(text, mask=mask, entity_types=types,
                                                     replace_with_type=by_type))
    bucket, prefix = s3io.split_uri(job.props["OutputDataConfig"]["S3Uri"], "outputDataConfig.s3Uri")
    prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
    folder = f"{prefix}{s3io.account()}-PII-{job.id}/output/"
    for name, parts in files.items():
        s3io.write(bucket, folder + name + ".out", "\n".join(parts).encode("utf-8"), "text/plain")
    job.props["OutputDataConfig"]["S3Uri"] = f"s3://{bucket}/{folder}"


def run_topics(job: jobs.Job) -> None:
    from awsml_study.engines.text import topics

    docs = read_documents(job.props["InputDataConfig"])
    if len(docs) < 2:
        raise jobs.JobFailure("Topic modeling needs at least 2 documents; found "
                              f"{len(docs)} at {job.props['InputDataConfig']['S3Uri']}.")
    names = [f"{n}:{line}" if line is not None else n for n, line, _ in docs]
    try:
        terms, shares = topics.model_topics([t for _, _, t in docs], job.props["NumberOfTopics"])
    except ValueError:  # the vectoriser found no usable terms (no words, or all in every document)
        raise jobs.JobFailure("No topics can be found: after common words are removed, the input "
                              "documents have no terms that tell them apart.") from None
    out_terms = io.StringIO()
    w = csv.writer(out_terms, lineterminator="\n")
    w.writerow(["topic", "term", "weight"])
    w.writerows(terms)
    out_docs = io.StringIO()
    w = csv.writer(out_docs, lineterminator="\n")
    w.writerow(["docname", "topic", "proportion"])
    w.writerows((names[d], t, p) for d, t, p in shares)
    write_output(job, KIND_BY_NAME["Topics"], {"topic-terms.csv": out_terms.getvalue(),
                                               "doc-topics.csv": out_docs.getvalue()})


KIND_BY_NAME = {k.name: k for k in KINDS}


# ----- Start / Describe / List / Stop, generated for every kind -----

def start_job(kind: JobKind, p: dict, work, extra: dict | None = None) -> dict:
    s3io.split_uri(p["InputDataConfig"]["S3Uri"], "inputDataConfig.s3Uri")
    s3io.split_uri(p["OutputDataConfig"]["S3Uri"], "outputDataConfig.s3Uri")
    s3io.check_role(p["DataAccessRoleArn"])
    if kind.feature:
        code = p.get("LanguageCode", "")
        if code not in cm.SUPPORTED[kind.feature] or code not in cm.LOCAL_LANGS:
            try:
                cm.check_language(code, kind.feature)
            except AwsError as err:  # Start*Job reports languages as InvalidRequestException
                raise AwsError("InvalidRequestException", err.message, Reason="UNSUPPORTED_LANGUAGE")
    job_id = jobs.new_id()
    arn = f"arn:aws:comprehend:{s3io.REGION}:{s3io.account()}:{kind.arn_part}/{job_id}"
    props = {"JobId": job_id, "JobArn": arn, "JobStatus": "SUBMITTED", "SubmitTime": jobs.now(),
             "InputDataConfig": dict(p["InputDataConfig"]),
             "OutputDataConfig": dict(p["OutputDataConfig"]),
             "DataAccessRoleArn": p["DataAccessRoleArn"]}
    props["InputDataConfig"].setdefault("InputFormat", "ONE_DOC_PER_FILE")
    for key in ("JobName", "LanguageCode", "VolumeKmsKeyId", "VpcConfig"):
        if key in p:
            props[key] = p[key]
    props.update(extra or {})
    table()[job_id] = (kind.name, jobs.submit(jobs.Job(job_id, props, work)))
    return {"JobId": job_id, "JobArn": arn, "JobStatus": "SUBMITTED"}


def find_job(kind: JobKind, job_id: str) -> jobs.Job:
    entry = table().get(job_id)
    if entry is None or entry[0] != kind.name:
        raise AwsError("JobNotFoundException", f"Could not find the specified job id: {job_id}")
    return entry[1]


def list_jobs(kind: JobKind, p: dict) -> tuple[list, str | None]:
    flt = p.get("Filter") or {}
    found = []
    for name, job in table().values():
        if name != kind.name:
            continue
        job.settle()
        props = job.props
        if flt.get("JobName") and props.get("JobName") != flt["JobName"]:
            continue
        if flt.get("JobStatus") and props["JobStatus"] != flt["JobStatus"]:
            continue
        if flt.get("SubmitTimeBefore") and props["SubmitTime"] >= flt["SubmitTimeBefore"]:
            continue
        if flt.get("SubmitTimeAfter") and props["SubmitTime"] <= flt["SubmitTimeAfter"]:
            continue
        found.append(props)
    return jobs.page(found, p.get("MaxResults"), p.get("NextToken"))


def stop_job(kind: JobKind, p: dict) -> dict:
    job = find_job(kind, p["JobId"])
    if job.props["JobStatus"] in ("COMPLETED", "FAILED", "STOPPED"):
        raise AwsError("InvalidRequestException",
                       f"The job is {job.props['JobStatus']} and can no longer be stopped.")
    job.request_stop()
    job.props["JobStatus"] = "STOP_REQUESTED"
    return {"JobId": job.id, "JobStatus": "STOP_REQUESTED"}


def register(kind: JobKind, work_for: Callable[[dict], Callable], extra_for=None, list_name=None):
    """Register Start/Describe/List(/Stop) operations of one job kind."""
    base = f"{kind.name}DetectionJob" if kind.name != "DocumentClassification" else "DocumentClassificationJob"
    list_key = kind.props_key + "List"

    operation("comprehend", f"Start{base}", kind.engine)(
        lambda p: start_job(kind, p, work_for(p), extra_for(p) if extra_for else None))

    def describe(p):
        job = find_job(kind, p["JobId"]).settle()
        return {kind.props_key: job.props}
    operation("comprehend", f"Describe{base}", kind.engine)(describe)

    def list_(p):
        items, token = list_jobs(kind, p)
        return {list_key: items, **({"NextToken": token} if token else {})}
    operation("comprehend", list_name or f"List{base}s", kind.engine)(list_)

    if kind.stoppable:
        operation("comprehend", f"Stop{base}", kind.engine)(lambda p: stop_job(kind, p))


def _pii_extra(p):
    extra = {"Mode": p["Mode"]}
    if p.get("RedactionConfig"):
        extra["RedactionConfig"] = p["RedactionConfig"]
    return extra


def _topics_extra(p):
    n = p.get("NumberOfTopics", 10)
    if not 1 <= n <= 100:
        raise AwsError("InvalidRequestException", "NumberOfTopics must be between 1 and 100.")
    return {"NumberOfTopics": n}


for _kind in KINDS:
    if _kind.name == "Topics":
        register(_kind, lambda p: run_topics, _topics_extra)
    elif _kind.name == "PiiEntities":
        register(_kind, lambda p, k=_kind: run_analysis(k), _pii_extra)
    else:
        register(_kind, lambda p, k=_kind: run_analysis(k))
