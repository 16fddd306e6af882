"""Polly synthesis tasks: long text synthesised by espeak-ng into S3, with an SNS message when done."""
from __future__ import annotations

import re

from awsml_study.services.polly import limits
from awsml_study.services.polly import speech as polly
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

EXTENSIONS = {"mp3": "mp3", "ogg_vorbis": "ogg", "ogg_opus": "ogg", "pcm": "pcm", "json": "marks",
              "mulaw": "mulaw", "alaw": "alaw"}
BUCKET = re.compile(r"^[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]$")
KEY_PREFIX = re.compile(r"^[0-9a-zA-Z\/\!\-_\.\*\'\(\):;\$@=+\,\?&]{0,800}$")
TOPIC = re.compile(r"^arn:aws(-(cn|iso(-b)?|us-gov|eusc))?:sns:[a-z0-9_-]{1,50}:\d{12}:"
                   r"[a-zA-Z0-9_-]{1,251}([a-zA-Z0-9_-]{0,5}|\.fifo)$")
TASK_ID = re.compile(r"^[a-zA-Z0-9_-]{1,100}$")
STATUSES = ("scheduled", "inProgress", "completed", "failed")


def _tasks() -> dict:
    return state.store("polly.tasks")


def _check_bucket(bucket: str) -> None:
    from botocore.exceptions import ClientError
    if not BUCKET.match(bucket or ""):
        raise AwsError("InvalidS3BucketException",
                       f"The provided Amazon S3 bucket name '{bucket}' is invalid. Please check your "
                       f"input with S3 bucket naming requirements and try again.")
    try:
        s3io.s3().head_bucket(Bucket=bucket)
    except ClientError:
        raise AwsError("InvalidS3BucketException",
                       f"The S3 bucket '{bucket}' does not exist or Amazon Polly cannot write to it.") from None


def _check_topic(arn: str | None) -> None:
    from botocore.exceptions import ClientError
    if arn is None:
        return
    if not TOPIC.match(arn):
        raise AwsError("InvalidSnsTopicArnException", f"The provided SNS topic ARN '{arn}' is invalid.")
    import boto3
    try:
        boto3.client("sns", region_name=s3io.REGION).get_topic_attributes(TopicArn=arn)
    except ClientError:
        raise AwsError("InvalidSnsTopicArnException", f"The SNS topic '{arn}' does not exist.") from None


def _view(task: dict) -> dict:
    return {k: v for k, v in task.items() if not k.startswith("_")}


SYNTHESIS = jobs.Lifecycle(key="TaskStatus", running="inProgress", done="completed", failed="failed",
                           message_key="TaskStatusReason", end_key=None)


def _synthesise(job: jobs.Job) -> None:
    """The task's work on the shared job runner: synthesise the text and write it to S3."""
    task = job.props
    try:
        body, content_type, billed, _ = polly.speak(task["_request"], limits.TASK_LIMITS, max_audio_s=None)
        s3io.write(task["_bucket"], task["_key"], body, content_type)
    except AwsError as err:
        raise jobs.JobFailure(f"{err.code}: {err.message}") from None
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None


def _notify(job: jobs.Job) -> None:
    task = job.props
    jobs.publish(task.get("SnsTopicArn"), {
        "taskId": task["TaskId"], "taskStatus": task["TaskStatus"].upper(),
        "outputUri": task["OutputUri"], "creationTime": task["CreationTime"].isoformat(),
        "requestCharacters": task["RequestCharacters"], "snsTopicArn": task.get("SnsTopicArn"),
        "outputFormat": task["OutputFormat"], "textType": task["TextType"], "voiceId": task["VoiceId"],
        **({"taskStatusReason": task["TaskStatusReason"]} if "TaskStatusReason" in task else {}),
    })


def _run(task: dict) -> None:
    task["_job"].settle()


@operation("polly", "StartSpeechSynthesisTask", engine=limits.ENGINE)
def start_speech_synthesis_task(params: dict) -> dict:
    req = polly.validate(params, limits.TASK_LIMITS)
    bucket = params.get("OutputS3BucketName", "")
    prefix = params.get("OutputS3KeyPrefix", "")
    _check_bucket(bucket)
    if not KEY_PREFIX.match(prefix):
        raise AwsError("InvalidS3KeyException", f"The provided Amazon S3 key prefix '{prefix}' is invalid.")
    _check_topic(params.get("SnsTopicArn"))
    prepared, _ = polly.prepare(req, limits.TASK_LIMITS)   # SSML and length errors belong to Start
    task_id = jobs.new_id()
    key = f"{prefix}{task_id}.{EXTENSIONS[req.output_format]}"
    task = {
        "Engine": req.engine, "TaskId": task_id, "TaskStatus": "scheduled",
        "OutputUri": s3io.object_url(bucket, key),
        "CreationTime": jobs.now(), "RequestCharacters": prepared.billed_characters,
        "OutputFormat": req.output_format, "TextType": req.text_type, "VoiceId": req.voice["Id"],
        "LanguageCode": req.language, "_request": req, "_bucket": bucket, "_key": key,
    }
    if req.sample_rate:
        task["SampleRate"] = req.sample_rate
    if req.mark_types:
        task["SpeechMarkTypes"] = list(req.mark_types)
    if req.lexicon_names:
        task["LexiconNames"] = list(req.lexicon_names)
    if params.get("SnsTopicArn"):
        task["SnsTopicArn"] = params["SnsTopicArn"]
    task["_job"] = jobs.submit(jobs.Job(task_id, task, _synthesise, SYNTHESIS, on_end=_notify))
    _tasks()[task_id] = task
    return {"SynthesisTask": _view(task)}


@operation("polly", "GetSpeechSynthesisTask", engine=limits.ENGINE)
def get_speech_synthesis_task(params: dict) -> dict:
    task_id = params.get("TaskId", "")
    if not TASK_ID.match(task_id):
        raise AwsError("InvalidTaskIdException", f"The provided task ID '{task_id}' is not valid.")
    task = _tasks().get(task_id)
    if task is None:
        raise AwsError("SynthesisTaskNotFoundException", f"Synthesis task {task_id} not found.")
    _run(task)
    return {"SynthesisTask": _view(task)}


@operation("polly", "ListSpeechSynthesisTasks", engine=limits.ENGINE)
def list_speech_synthesis_tasks(params: dict) -> dict:
    status = params.get("Status")
    if status is not None and status not in STATUSES:
        from awsml_study.sim.errors import validation_error
        raise validation_error(status, "status", f"Member must satisfy enum value set: [{', '.join(STATUSES)}]")
    size = params.get("MaxResults")
    if size is not None and not 1 <= size <= 100:
        from awsml_study.sim.errors import validation_error
        raise validation_error(size, "maxResults", "Member must have value less than or equal to 100")
    tasks = sorted(_tasks().values(), key=lambda t: t["CreationTime"], reverse=True)
    for task in tasks:
        _run(task)
    chosen = [_view(t) for t in tasks if status is None or t["TaskStatus"] == status]
    page, token = jobs.page(chosen, params.get("MaxResults"), params.get("NextToken"),
                            error_code="InvalidNextTokenException")
    return {"SynthesisTasks": page, **({"NextToken": token} if token else {})}
