"""Rekognition Custom Labels: a classifier really trained from a Ground Truth manifest in S3."""
import json
import random

import boto3
import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study.engines.vision import image, image_classifier
from awsml_study.exercises.rekognition import upload_logo_dataset


@pytest.fixture
def aws():
    with awsml_study.simulate():
        yield lambda name: boto3.client(name, region_name="us-east-1")


def test_train_start_detect_stop(aws):
    s3, rek = aws("s3"), aws("rekognition")
    key = upload_logo_dataset(s3, "training", per_class=10, seed=1)
    project = rek.create_project(ProjectName="logos")["ProjectArn"]
    version = rek.create_project_version(
        ProjectArn=project, VersionName="v1", OutputConfig={"S3Bucket": "training", "S3KeyPrefix": "models"},
        TrainingData={"Assets": [{"GroundTruthManifest": {"S3Object": {"Bucket": "training", "Name": key}}}]},
        TestingData={"AutoCreate": True})["ProjectVersionArn"]
    logo = image.encode_png(image_classifier.logo_picture("triangle-logo", random.Random(7)))
    with pytest.raises(ClientError) as info:
        rek.detect_custom_labels(ProjectVersionArn=version, Image={"Bytes": logo})
    assert info.value.response["Error"]["Code"] == "ResourceNotReadyException"
    described = rek.describe_project_versions(ProjectArn=project)["ProjectVersionDescriptions"][0]
    assert described["Status"] == "TRAINING_COMPLETED" and described["EvaluationResult"]["F1Score"] > 0.8
    summary = described["EvaluationResult"]["Summary"]["S3Object"]
    report = json.loads(s3.get_object(Bucket=summary["Bucket"], Key=summary["Name"])["Body"].read())
    assert report["TrainingImages"] + report["TestingImages"] == 30
    assert rek.start_project_version(ProjectVersionArn=version, MinInferenceUnits=1)["Status"] == "STARTING"
    assert rek.describe_project_versions(ProjectArn=project)["ProjectVersionDescriptions"][0]["Status"] == "RUNNING"
    rng = random.Random(42)
    right = 0
    for kind in image_classifier.LOGOS * 5:
        found = rek.detect_custom_labels(ProjectVersionArn=version, MinConfidence=0,
                                         Image={"Bytes": image.encode_png(image_classifier.logo_picture(kind, rng))})
        right += found["CustomLabels"][0]["Name"] == kind
    assert right >= 13      # of 15 new pictures
    rek.stop_project_version(ProjectVersionArn=version)
    assert rek.describe_project_versions(ProjectArn=project)["ProjectVersionDescriptions"][0]["Status"] == "STOPPED"


def test_a_bad_manifest_fails_training(aws):
    s3, rek = aws("s3"), aws("rekognition")
    s3.create_bucket(Bucket="training")
    s3.put_object(Bucket="training", Key="bad.manifest", Body=b'{"source-ref": "s3://training/none.png"}\nnot json')
    project = rek.create_project(ProjectName="broken")["ProjectArn"]
    rek.create_project_version(
        ProjectArn=project, VersionName="v1", OutputConfig={"S3Bucket": "training"},
        TrainingData={"Assets": [{"GroundTruthManifest": {"S3Object": {"Bucket": "training", "Name": "bad.manifest"}}}]})
    described = rek.describe_project_versions(ProjectArn=project)["ProjectVersionDescriptions"][0]
    assert described["Status"] == "TRAINING_FAILED" and "line 2" in described["StatusMessage"]
