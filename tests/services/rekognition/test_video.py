"""Rekognition stored video: Start*/Get* on frames sampled from an MP4 in S3, SNS on completion."""
import json

import boto3
import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study import data

ROLE = "arn:aws:iam::123456789012:role/RekognitionSNS"


@pytest.fixture
def aws():
    with awsml_study.simulate():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="videos")
        s3.put_object(Bucket="videos", Key="clip.mp4", Body=data.path("rekognition/street_video.mp4").read_bytes())
        s3.put_object(Bucket="videos", Key="notes.mp4", Body=b"this is not a video")
        yield lambda name: boto3.client(name, region_name="us-east-1")


VIDEO = {"S3Object": {"Bucket": "videos", "Name": "clip.mp4"}}


def test_labels_by_timestamp_and_segment_with_sns_message(aws):
    sns, sqs, rek = aws("sns"), aws("sqs"), aws("rekognition")
    topic = sns.create_topic(Name="video-done")["TopicArn"]
    queue = sqs.create_queue(QueueName="video-done")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    job = rek.start_label_detection(Video=VIDEO, JobTag="clip",
                                    NotificationChannel={"SNSTopicArn": topic, "RoleArn": ROLE})["JobId"]
    out = rek.get_label_detection(JobId=job)
    assert out["JobStatus"] == "SUCCEEDED" and out["VideoMetadata"]["DurationMillis"] == 6000
    by_time = {}
    for item in out["Labels"]:
        by_time.setdefault(item["Timestamp"], set()).add(item["Label"]["Name"])
    assert "Face" in by_time[0] and "Text" in by_time[2000] and "Face" not in by_time[2000]
    segments = rek.get_label_detection(JobId=job, AggregateBy="SEGMENTS")["Labels"]
    text = [s for s in segments if s["Label"]["Name"] == "Text"]
    assert len(text) == 1 and (text[0]["StartTimestampMillis"], text[0]["EndTimestampMillis"]) == (2000, 3000)
    message = json.loads(json.loads(sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"])["Message"])
    assert message == {**message, "JobId": job, "Status": "SUCCEEDED", "API": "StartLabelDetection",
                       "JobTag": "clip"}


def test_faces_paged_and_text_found(aws):
    rek = aws("rekognition")
    faces_job = rek.start_face_detection(Video=VIDEO)["JobId"]
    first = rek.get_face_detection(JobId=faces_job, MaxResults=2)
    rest = rek.get_face_detection(JobId=faces_job, NextToken=first["NextToken"])
    stamps = [f["Timestamp"] for f in first["Faces"] + rest["Faces"]]
    assert stamps == [0, 1000, 4000, 4000, 5000, 5000]   # one face, then the group's two
    text_job = rek.start_text_detection(Video=VIDEO)["JobId"]
    words = {d["TextDetection"]["DetectedText"] for d in rek.get_text_detection(JobId=text_job)["TextDetections"]}
    assert "PARKING" in words


def test_video_errors(aws):
    rek = aws("rekognition")
    with pytest.raises(ClientError) as info:
        rek.start_label_detection(Video={"S3Object": {"Bucket": "videos", "Name": "gone.mp4"}})
    assert info.value.response["Error"]["Code"] == "InvalidS3ObjectException"
    job = rek.start_text_detection(Video={"S3Object": {"Bucket": "videos", "Name": "notes.mp4"}})["JobId"]
    failed = rek.get_text_detection(JobId=job)
    assert failed["JobStatus"] == "FAILED" and "video" in failed["StatusMessage"]
    with pytest.raises(ClientError) as info:
        rek.get_face_detection(JobId=job)     # a text job is not a face job
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
