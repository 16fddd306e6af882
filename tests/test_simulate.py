"""The simulator's public contract: simulate(), reset(), client(), `awsml-study run`."""
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

import awsml_study

ROOT = Path(__file__).resolve().parent.parent


def test_client_created_before_entering_is_served_locally(monkeypatch):
    # Setup: no credentials or region in the environment, client made outside the simulation
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_REGION",
                "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    early = boto3.client("comprehend", region_name="us-east-1")
    with awsml_study.simulate():
        # Execute
        resp = early.detect_sentiment(Text="What a lovely day!", LanguageCode="en")
        late = boto3.client("s3")  # region comes from the simulator's default
        late.create_bucket(Bucket="made-inside")
        # Verify
        assert resp["Sentiment"] == "POSITIVE"
        assert awsml_study.engine_of(resp).startswith("comprehend/")
        assert late.meta.region_name == "us-east-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_each_entry_starts_empty_and_reset_empties_on_demand():
    with awsml_study.simulate():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="first-entry")
        assert len(s3.list_buckets()["Buckets"]) == 1
        awsml_study.reset()
        assert s3.list_buckets()["Buckets"] == []
        s3.create_bucket(Bucket="again")
    with awsml_study.simulate():
        assert boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"] == []


def test_reset_also_forgets_comprehend_jobs():
    with awsml_study.simulate():
        c = boto3.client("comprehend", region_name="us-east-1")
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="jobs-bucket")
        job = c.start_dominant_language_detection_job(
            InputDataConfig={"S3Uri": "s3://jobs-bucket/in/"}, OutputDataConfig={"S3Uri": "s3://jobs-bucket/out/"},
            DataAccessRoleArn="arn:aws:iam::123456789012:role/r")
        awsml_study.reset()
        with pytest.raises(ClientError) as err:
            c.describe_dominant_language_detection_job(JobId=job["JobId"])
        assert err.value.response["Error"]["Code"] == "JobNotFoundException"


def test_decorator_form_passes_arguments_and_returns():
    @awsml_study.simulate()
    def languages(text):
        return boto3.client("comprehend", region_name="us-east-1").detect_dominant_language(Text=text)

    assert languages("Das Wetter ist heute wirklich schön.")["Languages"][0]["LanguageCode"] == "de"
    assert languages("El tiempo hoy es realmente bueno.")["Languages"][0]["LanguageCode"] == "es"


def test_operation_nobody_serves_names_service_operation_and_coverage():
    with awsml_study.simulate():
        fraud = boto3.client("frauddetector", region_name="us-east-1")
        with pytest.raises(ClientError) as err:
            fraud.get_detectors()
        kendra = boto3.client("kendra", region_name="us-east-1")
        with pytest.raises(ClientError) as partly:
            kendra.list_experiences(IndexId="0" * 36)
    message = err.value.response["Error"]["Message"]
    assert err.value.response["Error"]["Code"] == "NotImplemented"
    assert "frauddetector:GetDetectors" in message and "comprehend" in message
    # a service the kit serves in part names the operations it does compute
    message = partly.value.response["Error"]["Message"]
    assert partly.value.response["Error"]["Code"] == "NotImplemented"
    assert "kendra:ListExperiences" in message and "Query" in message


def test_moto_still_serves_the_plumbing():
    with awsml_study.simulate():
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="hi")
        resp = sqs.receive_message(QueueUrl=url)
        assert resp["Messages"][0]["Body"] == "hi"
        assert awsml_study.engine_of(resp) == "moto"


def test_aws_mode_needs_explicit_opt_in(monkeypatch):
    monkeypatch.setenv("AWSML_STUDY_MODE", "aws")
    monkeypatch.delenv("AWSML_STUDY_ALLOW_CHARGES", raising=False)
    with pytest.raises(awsml_study.ChargesNotAllowed) as refusal:
        awsml_study.client("comprehend")
    assert "cost money" in str(refusal.value) and "AWSML_STUDY_ALLOW_CHARGES=1" in str(refusal.value)


def test_bad_mode_is_reported(monkeypatch):
    monkeypatch.setenv("AWSML_STUDY_MODE", "cloud")
    with pytest.raises(ValueError):
        awsml_study.client("comprehend")


def _run(*args):
    return subprocess.run([sys.executable, "-m", "awsml_study", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_run_executes_unmodified_script_with_args_and_status(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(
        "import sys, boto3\n"
        "c = boto3.client('comprehend', region_name='us-east-1')\n"
        "print(c.detect_dominant_language(Text=sys.argv[1])['Languages'][0]['LanguageCode'])\n"
        "sys.exit(int(sys.argv[2]))\n")
    result = _run("run", str(script), "Il pleut depuis ce matin sur Paris.", "3")
    assert result.stdout.strip() == "fr"
    assert result.returncode == 3


def test_run_reports_missing_script():
    result = _run("run", "no/such/script.py")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_import_is_light():
    code = "import sys, awsml_study; print(any(m in sys.modules for m in ('moto', 'spacy', 'sklearn', 'lingua', 'py3langid')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
