"""The call log records what each boto3 call asked and how it ended, in the simulator."""
import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study import calls


def test_log_records_engine_calls_plumbing_and_errors():
    with awsml_study.simulate():
        start = calls.mark()
        comprehend = awsml_study.client("comprehend")
        comprehend.detect_sentiment(Text="I love this phone.", LanguageCode="en")
        s3 = awsml_study.client("s3")
        s3.create_bucket(Bucket="calls-log-bucket")
        with pytest.raises(ClientError):
            comprehend.detect_sentiment(Text="x" * 6000, LanguageCode="en")
        made = calls.since(start)
    assert [(c.service, c.operation) for c in made] == [
        ("comprehend", "DetectSentiment"), ("s3", "CreateBucket"), ("comprehend", "DetectSentiment")]
    first, bucket, refused = made
    assert first.ok and first.engine and first.params["Text"] == "I love this phone."
    assert first.region == "us-east-1" and first.seconds >= 0
    assert bucket.ok and bucket.engine == ""  # moto answered: no kit engine header
    assert not refused.ok and refused.status == 400 and refused.error == "TextSizeLimitExceededException"


def test_listeners_hear_every_call_and_a_broken_listener_breaks_nothing():
    heard = []

    def broken(call):
        raise RuntimeError("listener bug")

    calls.subscribe(heard.append)
    calls.subscribe(broken)
    try:
        with awsml_study.simulate():
            awsml_study.client("s3").list_buckets()
    finally:
        calls.unsubscribe(heard.append)
        calls.unsubscribe(broken)
    assert [c.operation for c in heard] == ["ListBuckets"]


def test_since_survives_the_log_dropping_old_calls(monkeypatch):
    monkeypatch.setattr(calls, "MAX_CALLS", 3)
    with awsml_study.simulate():
        s3 = awsml_study.client("s3")
        position = calls.mark()
        for _ in range(5):
            s3.list_buckets()
        assert len(calls.since(position)) == 3  # only what is still kept
        assert len(calls.log()) <= 3
