"""simulate() nested in another simulation: it starts from an empty account, and on exit the
surrounding simulation has exactly what it had (moto's data, the kit's stores, its queued jobs)."""
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

import awsml_study

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ('<?xml version="1.0" encoding="UTF-8"?><lexicon version="1.0" '
           'xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">'
           '<lexeme><grapheme>{}</grapheme><alias>machine learning</alias></lexeme></lexicon>')


def clients():
    return (boto3.client("s3", region_name="us-east-1"), boto3.client("polly", region_name="us-east-1"),
            boto3.client("comprehend", region_name="us-east-1"))


def buckets(s3):
    return sorted(b["Name"] for b in s3.list_buckets()["Buckets"])


def lexicons(polly):
    return sorted(lx["Name"] for lx in polly.list_lexicons()["Lexicons"])


def start_job(comprehend, bucket):
    return comprehend.start_dominant_language_detection_job(
        InputDataConfig={"S3Uri": f"s3://{bucket}/in/"}, OutputDataConfig={"S3Uri": f"s3://{bucket}/out/"},
        DataAccessRoleArn="arn:aws:iam::123456789012:role/r")["JobId"]


def test_nested_simulation_starts_empty_and_the_outer_one_keeps_its_state():
    with awsml_study.simulate():
        s3, polly, comprehend = clients()
        s3.create_bucket(Bucket="outer-bucket")
        s3.put_object(Bucket="outer-bucket", Key="in/doc.txt", Body=b"Bonjour tout le monde, il fait beau.")
        polly.put_lexicon(Name="outer", Content=LEXICON.format("ML"))
        with awsml_study.simulate():
            # the nested account is empty, for moto's services and the kit's alike
            assert buckets(s3) == [] and lexicons(polly) == []
            assert comprehend.list_dominant_language_detection_jobs()["DominantLanguageDetectionJobPropertiesList"] == []
            s3.create_bucket(Bucket="inner-bucket")
            polly.put_lexicon(Name="inner", Content=LEXICON.format("AI"))
            assert buckets(s3) == ["inner-bucket"] and lexicons(polly) == ["inner"]
        # back outside: exactly the outer state, nothing of the inner one
        assert buckets(s3) == ["outer-bucket"] and lexicons(polly) == ["outer"]
        assert s3.get_object(Bucket="outer-bucket", Key="in/doc.txt")["Body"].read().startswith(b"Bonjour")
    with awsml_study.simulate():
        assert buckets(boto3.client("s3", region_name="us-east-1")) == []


def test_nested_simulation_does_not_lose_the_outer_queued_jobs():
    with awsml_study.simulate():
        s3, _, comprehend = clients()
        s3.create_bucket(Bucket="jobs")
        s3.put_object(Bucket="jobs", Key="in/doc.txt", Body=b"Bonjour tout le monde, il fait beau.")
        outer_job = start_job(comprehend, "jobs")      # queued: it has not run yet
        with awsml_study.simulate():
            s3.create_bucket(Bucket="jobs")
            s3.put_object(Bucket="jobs", Key="in/doc.txt", Body=b"Hello everyone, what a lovely day.")
            inner_job = start_job(comprehend, "jobs")
            props = comprehend.describe_dominant_language_detection_job(JobId=inner_job)
            assert props["DominantLanguageDetectionJobProperties"]["JobStatus"] == "COMPLETED"
        props = comprehend.describe_dominant_language_detection_job(JobId=outer_job)
        assert props["DominantLanguageDetectionJobProperties"]["JobStatus"] == "COMPLETED"
        with pytest.raises(ClientError) as err:
            comprehend.describe_dominant_language_detection_job(JobId=inner_job)
        assert err.value.response["Error"]["Code"] == "JobNotFoundException"
        outputs = [o["Key"] for o in s3.list_objects_v2(Bucket="jobs", Prefix="out/").get("Contents", [])]
        assert outputs, "the outer job wrote its output into the outer account"


def test_reset_inside_a_nested_simulation_leaves_the_outer_one_alone():
    with awsml_study.simulate():
        s3, _, _ = clients()
        s3.create_bucket(Bucket="kept")
        s3.put_object(Bucket="kept", Key="k", Body=b"outer data")
        with awsml_study.simulate():
            s3.create_bucket(Bucket="dropped")
            s3.put_object(Bucket="dropped", Key="k", Body=b"inner data")
            awsml_study.reset()
            assert buckets(s3) == []
        assert buckets(s3) == ["kept"]
        assert s3.get_object(Bucket="kept", Key="k")["Body"].read() == b"outer data"


def test_simulate_under_the_notebook_session_simulation_is_fresh():
    # What notebook 00 does: awsml_study.client() starts the session simulation, then simulate().
    code = """
import boto3, awsml_study
s3 = awsml_study.client("s3")
s3.create_bucket(Bucket="session-bucket")
@awsml_study.simulate()
def count_buckets():
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="inside-simulate")
    return len(s3.list_buckets()["Buckets"])
print(count_buckets(), count_buckets(), [b["Name"] for b in s3.list_buckets()["Buckets"]])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1 1 ['session-bucket']"
