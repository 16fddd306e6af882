"""Polly synthesis tasks: audio written to S3 under the real key, status, listing, SNS notification."""
import json

import pytest
from botocore.exceptions import ClientError

from awsml_study.engines.speech import audio

BUCKET = "polly-tasks"


@pytest.fixture
def env(aws):
    aws("s3").create_bucket(Bucket=BUCKET)
    return aws


def start(polly, **kw):
    params = {"Text": "A task reads this text aloud.", "VoiceId": "Joanna", "OutputFormat": "mp3",
              "OutputS3BucketName": BUCKET, **kw}
    return polly.start_speech_synthesis_task(**params)["SynthesisTask"]


def test_task_writes_audio_under_the_real_key(env):
    polly, s3 = env("polly"), env("s3")
    task = start(polly, OutputS3KeyPrefix="audiobooks/ch1-")
    assert task["TaskStatus"] == "scheduled" and task["RequestCharacters"] == 29
    key = f"audiobooks/ch1-{task['TaskId']}.mp3"
    assert task["OutputUri"] == f"https://s3.us-east-1.amazonaws.com/{BUCKET}/{key}"
    done = polly.get_speech_synthesis_task(TaskId=task["TaskId"])["SynthesisTask"]
    assert done["TaskStatus"] == "completed"
    obj = s3.get_object(Bucket=BUCKET, Key=key)
    samples, rate = audio.decode(obj["Body"].read())
    assert obj["ContentType"] == "audio/mpeg" and rate == 22050 and len(samples) / rate > 1


def test_long_text_beyond_the_synchronous_limit(env):
    polly, s3 = env("polly"), env("s3")
    text = "This chapter is long. " * 400                       # 8,800 characters
    with pytest.raises(ClientError):
        polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat="mp3")
    task = start(polly, Text=text, OutputFormat="json", SpeechMarkTypes=["sentence"])
    polly.get_speech_synthesis_task(TaskId=task["TaskId"])
    body = s3.get_object(Bucket=BUCKET, Key=f"{task['TaskId']}.marks")["Body"].read().decode()
    sentences = [json.loads(line) for line in body.splitlines()]
    assert len(sentences) == 400 and sentences[-1]["time"] > 60_000


@pytest.mark.parametrize("fmt,ext", [("ogg_vorbis", "ogg"), ("pcm", "pcm"), ("json", "marks")])
def test_extension_follows_the_format(env, fmt, ext):
    polly, s3 = env("polly"), env("s3")
    extra = {"SpeechMarkTypes": ["word"]} if fmt == "json" else {}
    task = start(polly, OutputFormat=fmt, **extra)
    polly.get_speech_synthesis_task(TaskId=task["TaskId"])
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"{task['TaskId']}.{ext}"]


def test_completion_is_published_to_sns(env):
    polly, sns, sqs = env("polly"), env("sns"), env("sqs")
    topic = sns.create_topic(Name="polly-done")["TopicArn"]
    queue = sqs.create_queue(QueueName="polly-done")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    task = start(polly, SnsTopicArn=topic)
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []   # nothing before it ran
    polly.list_speech_synthesis_tasks()
    messages = sqs.receive_message(QueueUrl=queue)["Messages"]
    note = json.loads(json.loads(messages[0]["Body"])["Message"])
    assert note["taskId"] == task["TaskId"] and note["taskStatus"] == "COMPLETED"
    assert note["outputUri"] == task["OutputUri"]


def test_list_filters_by_status_and_pages(env):
    polly = env("polly")
    ids = [start(polly, Text=f"Task number {i}.")["TaskId"] for i in range(3)]
    first = polly.list_speech_synthesis_tasks(MaxResults=2)
    rest = polly.list_speech_synthesis_tasks(MaxResults=2, NextToken=first["NextToken"])
    listed = [t["TaskId"] for t in first["SynthesisTasks"] + rest["SynthesisTasks"]]
    assert sorted(listed) == sorted(ids) and "NextToken" not in rest
    assert len(polly.list_speech_synthesis_tasks(Status="completed")["SynthesisTasks"]) == 3
    assert polly.list_speech_synthesis_tasks(Status="failed")["SynthesisTasks"] == []


def test_task_fails_when_the_bucket_is_gone(env):
    polly, s3 = env("polly"), env("s3")
    task = start(polly)
    s3.delete_bucket(Bucket=BUCKET)
    got = polly.get_speech_synthesis_task(TaskId=task["TaskId"])["SynthesisTask"]
    assert got["TaskStatus"] == "failed" and "NoSuchBucket" in got["TaskStatusReason"]


@pytest.mark.parametrize("params,code", [
    ({"OutputS3BucketName": "missing-bucket"}, "InvalidS3BucketException"),
    ({"OutputS3BucketName": "Bad_Bucket"}, "InvalidS3BucketException"),
    ({"OutputS3KeyPrefix": "spaces are bad"}, "InvalidS3KeyException"),
    ({"SnsTopicArn": "not-an-arn"}, "InvalidSnsTopicArnException"),
    ({"Text": "<speak>oops", "TextType": "ssml"}, "InvalidSsmlException"),
    ({"Text": "x" * 100_001}, "TextLengthExceededException"),
    ({"VoiceId": "Danielle"}, "EngineNotSupportedException"),
    ({"SampleRate": "11025"}, "InvalidSampleRateException"),
    ({"LexiconNames": ["missing"]}, "LexiconNotFoundException"),
])
def test_bad_task_requests(env, params, code):
    with pytest.raises(ClientError) as err:
        start(env("polly"), **params)
    assert err.value.response["Error"]["Code"] == code


def test_unknown_and_malformed_task_ids(env):
    polly = env("polly")
    for task_id, code in [("0" * 32, "SynthesisTaskNotFoundException"), ("bad id", "InvalidTaskIdException")]:
        with pytest.raises(ClientError) as err:
            polly.get_speech_synthesis_task(TaskId=task_id)
        assert err.value.response["Error"]["Code"] == code
