"""Rekognition stored video: label, face and text detection on frames sampled from an S3 video.

Start* checks the request and queues the job on the shared runner (awsml_study.sim.jobs); the
job reads the video from S3, samples a frame every second, runs the image engines on each, and
publishes the completion message to NotificationChannel.SNSTopicArn. Get* settles the job (a few
seconds for the kit's videos), then pages its results with MaxResults/NextToken.
"""
from __future__ import annotations

import json
import re
import time

from awsml_study.services.rekognition.images import invalid
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE_VIDEO_LABELS = "rekognition/opencv-video+haar+rapidocr"
ENGINE_VIDEO_FACES = "rekognition/opencv-video+haar"
ENGINE_VIDEO_TEXT = "rekognition/opencv-video+rapidocr"
VIDEO_LIMIT = 10 * 1024 ** 3      # 10 GB
TOPIC = re.compile(r"^arn:aws(-[a-z-]+)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$")
ROLE = re.compile(r"^arn:aws(-[a-z-]+)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")
JOB_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
TAG = re.compile(r"^[a-zA-Z0-9_.\-:]{1,1024}$")
SAMPLE_GAP_MS = 1100   # detections on neighbouring sampled frames belong to one segment
LIFE = jobs.Lifecycle(key="JobStatus", running="IN_PROGRESS", done="SUCCEEDED",
                      message_key="StatusMessage", end_key=None)


def table() -> dict:
    return state.store("rekognition.video-jobs")


def _check(params: dict) -> dict:
    from botocore.exceptions import ClientError

    from awsml_study.sim import s3io

    video = params.get("Video") or {}
    s3object = video.get("S3Object") if isinstance(video, dict) else None
    if not isinstance(s3object, dict) or not s3object.get("Bucket") or not s3object.get("Name"):
        raise invalid("Video.S3Object needs a Bucket and a Name")
    channel = params.get("NotificationChannel")
    if channel is not None:
        if not TOPIC.match(channel.get("SNSTopicArn", "")) or not ROLE.match(channel.get("RoleArn", "")):
            raise invalid("NotificationChannel needs an SNS topic ARN and an IAM role ARN")
    tag = params.get("JobTag")
    if tag is not None and not TAG.match(tag):
        raise invalid("JobTag must match [a-zA-Z0-9_.\\-:]+")
    extra = {"VersionId": s3object["Version"]} if s3object.get("Version") else {}
    try:
        head = s3io.s3().head_object(Bucket=s3object["Bucket"], Key=s3object["Name"], **extra)
    except ClientError:
        raise AwsError("InvalidS3ObjectException",
                       "Unable to get object metadata from S3. Check object key, region and/or "
                       "access permissions.") from None
    if head["ContentLength"] > VIDEO_LIMIT:
        raise AwsError("VideoTooLargeException",
                       "The file size or duration of the supplied media is too large. The maximum "
                       "file size is 10GB. The maximum duration is 6 hours.")
    return s3object


def _start(api: str, params: dict, analyse) -> dict:
    s3object = _check(params)
    token = params.get("ClientRequestToken")
    fingerprint = json.dumps({k: v for k, v in params.items() if k != "ClientRequestToken"},
                             sort_keys=True, default=str)
    earlier = jobs.same_request(table(), api, token, fingerprint)
    if earlier is not None:
        return {"JobId": earlier.id}
    job = jobs.Job(jobs.new_id(), {
        "API": api, "JobStatus": "IN_PROGRESS", "JobTag": params.get("JobTag"), "_token": token,
        "_fingerprint": fingerprint, "_video": s3object,
        "_topic": (params.get("NotificationChannel") or {}).get("SNSTopicArn"), "_results": []},
        lambda job: _run(job, analyse), LIFE, on_end=_notify)
    table()[job.id] = jobs.submit(job)
    return {"JobId": job.id}


def _run(job: jobs.Job, analyse) -> None:
    """The job's work on the shared runner: sample frames, analyse each one."""
    from awsml_study.engines.vision import video as engine
    from awsml_study.sim import s3io

    try:
        location = job.props["_video"]
        data = s3io.read(location["Bucket"], location["Name"])
        info, frames = engine.sample_frames(data)
        job.props["_metadata"] = info.metadata()
        results = []
        for timestamp, rgb in frames:
            results += [{"Timestamp": timestamp, **item} for item in analyse(rgb, data)]
        job.props["_results"] = results
    except (engine.NotAVideo, s3io.S3ReadError) as err:
        raise jobs.JobFailure(f"Unsupported or unreadable video: {err}") from None
    except Exception as err:  # the job fails as AWS jobs do, with a message, never a traceback
        raise jobs.JobFailure(f"Video analysis failed: {err}") from None


def _notify(job: jobs.Job) -> None:
    topic = job.props.get("_topic")
    if not topic:
        return
    location = job.props["_video"]
    message = {"JobId": job.id, "Status": job.props["JobStatus"], "API": job.props["API"],
               "JobTag": job.props.get("JobTag") or "", "Timestamp": int(time.time() * 1000),
               "Video": {"S3ObjectName": location["Name"], "S3Bucket": location["Bucket"]}}
    jobs.publish(topic, message)  # a missing topic loses the message, as on AWS


def _get(params: dict, api: str, key: str) -> tuple[dict, list]:
    job_id = params.get("JobId", "")
    if not isinstance(job_id, str) or not JOB_ID.match(job_id):
        raise invalid("JobId must match ^[a-zA-Z0-9-_]+$ (1-64 characters)")
    job = table().get(job_id)
    if job is None or job.props["API"] != api:
        raise AwsError("ResourceNotFoundException", f"The job id {job_id} does not exist "
                                                    f"for {api}")
    max_results = params.get("MaxResults", 1000)
    if not 1 <= max_results <= 1000:
        raise invalid("MaxResults must be between 1 and 1000")
    job.settle()
    out = {"JobStatus": job.props["JobStatus"], "JobId": job.id,
           "Video": {"S3Object": dict(job.props["_video"])}}
    if job.props.get("JobTag"):
        out["JobTag"] = job.props["JobTag"]
    if job.props.get("StatusMessage"):
        out["StatusMessage"] = job.props["StatusMessage"]
    if "_metadata" in job.props:
        out["VideoMetadata"] = job.props["_metadata"]
    return out, list(job.props["_results"])


def _paged(out: dict, items: list, params: dict, key: str) -> dict:
    chunk, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=1000,
                             error_code="InvalidPaginationTokenException")
    out[key] = chunk
    if token:
        out["NextToken"] = token
    return out


# ----- labels -----

def _label_analysis(min_conf: float, settings):
    def analyse(rgb, _data):
        from awsml_study.engines.vision import image
        from awsml_study.services.rekognition import labels
        from awsml_study.services.rekognition.images import Picture

        pic = Picture(b"", rgb)  # a frame is never one of the annotated sample files
        include, exclude, *_ = labels._filters(settings)
        return [{"Label": lb} for lb in labels.computed_labels(pic) if lb["Confidence"] >= min_conf
                and (not include or lb["Name"] in include) and lb["Name"] not in exclude]
    return analyse


@operation("rekognition", "StartLabelDetection", engine=ENGINE_VIDEO_LABELS)
def start_label_detection(params: dict) -> dict:
    min_conf = params.get("MinConfidence", 50.0)
    if not 0 <= min_conf <= 100:
        raise invalid("MinConfidence must be between 0 and 100")
    return _start("StartLabelDetection", params, _label_analysis(min_conf, params.get("Settings")))


def _segments(items: list) -> list:
    """Consecutive detections of one label merged into a segment (AggregateBy SEGMENTS)."""
    out, open_ = [], {}
    for item in sorted(items, key=lambda i: (i["Label"]["Name"], i["Timestamp"])):
        name = item["Label"]["Name"]
        seg = open_.get(name)
        if seg and item["Timestamp"] - seg["EndTimestampMillis"] <= SAMPLE_GAP_MS:
            seg["EndTimestampMillis"] = item["Timestamp"]
            seg["Label"]["Confidence"] = max(seg["Label"]["Confidence"], item["Label"]["Confidence"])
        else:
            seg = {"Timestamp": item["Timestamp"], "Label": dict(item["Label"]),
                   "StartTimestampMillis": item["Timestamp"], "EndTimestampMillis": item["Timestamp"]}
            open_[name] = seg
            out.append(seg)
    for seg in out:
        seg["DurationMillis"] = seg["EndTimestampMillis"] - seg["StartTimestampMillis"]
    return sorted(out, key=lambda s: (s["StartTimestampMillis"], s["Label"]["Name"]))


@operation("rekognition", "GetLabelDetection", engine=ENGINE_VIDEO_LABELS)
def get_label_detection(params: dict) -> dict:
    sort_by = params.get("SortBy", "TIMESTAMP")
    aggregate = params.get("AggregateBy", "TIMESTAMPS")
    if sort_by not in ("NAME", "TIMESTAMP") or aggregate not in ("TIMESTAMPS", "SEGMENTS"):
        raise invalid("SortBy must be NAME or TIMESTAMP; AggregateBy TIMESTAMPS or SEGMENTS")
    out, items = _get(params, "StartLabelDetection", "Labels")
    if aggregate == "SEGMENTS":
        items = _segments(items)
    if sort_by == "NAME":
        items.sort(key=lambda i: (i["Label"]["Name"], i["Timestamp"]))
    out["LabelModelVersion"] = "3.0"
    out["GetRequestMetadata"] = {"SortBy": sort_by, "AggregateBy": aggregate}
    return _paged(out, items, params, "Labels")


# ----- faces -----

def _face_analysis(attributes: set[str]):
    def analyse(rgb, _data):
        from awsml_study.engines.vision import faces, image
        from awsml_study.services.rekognition.images import Picture, face_detail

        pic = Picture(b"", rgb)
        return [{"Face": face_detail(pic, face, attributes)} for face in faces.detect(rgb)]
    return analyse


@operation("rekognition", "StartFaceDetection", engine=ENGINE_VIDEO_FACES)
def start_face_detection(params: dict) -> dict:
    attributes = params.get("FaceAttributes", "DEFAULT")
    if attributes not in ("DEFAULT", "ALL"):
        raise invalid("FaceAttributes must be DEFAULT or ALL")
    return _start("StartFaceDetection", params, _face_analysis({attributes}))


@operation("rekognition", "GetFaceDetection", engine=ENGINE_VIDEO_FACES)
def get_face_detection(params: dict) -> dict:
    out, items = _get(params, "StartFaceDetection", "Faces")
    return _paged(out, items, params, "Faces")


# ----- text -----

def _text_analysis(filters):
    def analyse(rgb, data):
        from awsml_study.engines.vision import image
        from awsml_study.services.rekognition import labels

        body = image.encode_png(rgb)
        found = labels.detect_text({"Image": {"Bytes": body}, "Filters": filters or {}})
        return [{"TextDetection": det} for det in found["TextDetections"]]
    return analyse


@operation("rekognition", "StartTextDetection", engine=ENGINE_VIDEO_TEXT)
def start_text_detection(params: dict) -> dict:
    return _start("StartTextDetection", params, _text_analysis(params.get("Filters")))


@operation("rekognition", "GetTextDetection", engine=ENGINE_VIDEO_TEXT)
def get_text_detection(params: dict) -> dict:
    out, items = _get(params, "StartTextDetection", "TextDetections")
    out["TextModelVersion"] = "3.0"
    return _paged(out, items, params, "TextDetections")
