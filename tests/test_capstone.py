"""The capstone's data, its call-log diagram and its exercises' checkers (with their solutions)."""
import csv
import io
import json

import pytest

from awsml_study import calls, capstone
from awsml_study.calls import Call
from awsml_study.exercises import capstone as check
from awsml_study.widgets import architecture


def test_offer_history_is_enough_to_train_personalize():
    rows = list(csv.DictReader(io.StringIO(capstone.offer_history().decode())))
    users = {r["USER_ID"] for r in rows}
    assert len(rows) >= 1000 and len(users) >= 25
    assert {r["ITEM_ID"] for r in rows} <= set(capstone.TITLES)
    items = list(csv.DictReader(io.StringIO(capstone.offers_csv().decode())))
    assert {r["CATEGORY"] for r in items} == {"retention", "upsell"}


def test_churn_follows_the_stated_rule():
    X, y = capstone.churn_customers()
    assert X == capstone.churn_customers()[0]          # the same seed gives the same customers
    assert 0.15 < sum(y) / len(y) < 0.6
    col = capstone.FEATURES.index("negative_sentiment")
    unhappy = [c for row, c in zip(X, y) if row[col] > 0.4]
    happy = [c for row, c in zip(X, y) if row[col] < 0.15]
    assert sum(unhappy) / len(unhappy) > sum(happy) / len(happy)
    assert capstone.to_csv([[1, 2]], [0]) == b"0,1,2\n"


def test_sentiment_picks_the_offer_category():
    assert capstone.offer_filter_category("NEGATIVE") == "retention"
    assert capstone.offer_filter_category("MIXED") == "retention"
    assert capstone.offer_filter_category("POSITIVE") == "upsell"


def _call(service, op, ok=True, by_simulator=False):
    return Call(service, op, "us-east-1", status=200 if ok else 400, error="" if ok else "Boom",
                by_simulator=by_simulator)


def test_graph_counts_calls_per_stage_service_and_operation():
    stages = {"record": [_call("polly", "SynthesizeSpeech"), _call("s3", "PutObject")],
              "transcribe": [_call("transcribe", "StartTranscriptionJob"), _call("s3", "GetObject", by_simulator=True),
                             _call("transcribe", "GetTranscriptionJob"), _call("transcribe", "GetTranscriptionJob", ok=False),
                             _call("s3", "GetObject")]}
    g = architecture.graph(stages)
    assert g["stages"] == ["record", "transcribe"]
    assert g["services"] == ["polly", "s3", "transcribe"]
    ops = {(s, o, b): (n, f) for s, o, n, f, b in g["operations"]}
    assert ops[("transcribe", "GetTranscriptionJob", False)] == (2, 1)
    assert ops[("s3", "GetObject", True)] == (1, 0) and ops[("s3", "GetObject", False)] == (1, 0)
    assert [s for s, *_ in g["operations"]] == sorted([s for s, *_ in g["operations"]], key=g["services"].index)
    assert dict(((a, b), n) for a, b, n in g["edges"]) == {
        ("record", "polly"): 1, ("record", "s3"): 1, ("transcribe", "transcribe"): 3, ("transcribe", "s3"): 2}


def test_the_simulators_own_calls_are_flagged(aws):
    s3, polly, transcribe = aws("s3"), aws("polly"), aws("transcribe")
    s3.create_bucket(Bucket="capstone-test")
    audio = polly.synthesize_speech(Text="Hello there.", VoiceId="Joanna", OutputFormat="mp3")["AudioStream"].read()
    s3.put_object(Bucket="capstone-test", Key="a.mp3", Body=audio)
    mark = calls.mark()
    transcribe.start_transcription_job(TranscriptionJobName="t", LanguageCode="en-US",
                                       Media={"MediaFileUri": "s3://capstone-test/a.mp3"}, OutputBucketName="capstone-test")
    transcribe.get_transcription_job(TranscriptionJobName="t")
    made = calls.since(mark)
    assert {c.operation for c in made if not c.by_simulator} == {"StartTranscriptionJob", "GetTranscriptionJob"}
    assert {c.service for c in made if c.by_simulator} == {"s3"}
    assert "GetObject" in {c.operation for c in made if c.by_simulator}


@pytest.mark.parametrize("call", [
    lambda: check.check_happier_call(None, None),
    lambda: check.check_threshold(None, "churn", b"", [1], None),
])
def test_blank_answers_are_not_answered_yet(call, capsys):
    assert call() is False
    assert "Not answered yet" in capsys.readouterr().out


def test_happier_call_solution(aws, capsys):
    comprehend = aws("comprehend")
    assert check.check_happier_call(comprehend, "Thank you so much, the agent was wonderful and I love my new plan!")
    assert not check.check_happier_call(comprehend, "I was charged twice and I am angry.")
    assert "NEGATIVE" in capsys.readouterr().out


def test_faq_solution(aws, capsys):
    kendra, s3 = aws("kendra"), aws("s3")
    role = "arn:aws:iam::123456789012:role/KendraRole"
    index_id = kendra.create_index(Name="help", Edition="DEVELOPER_EDITION", RoleArn=role)["Id"]
    s3.create_bucket(Bucket="faq-bucket")
    s3.put_object(Bucket="faq-bucket", Key="base.csv", Body=b"How do I get a refund?,Within five days.,\n")
    kendra.create_faq(IndexId=index_id, Name="support-faq", RoleArn=role, FileFormat="CSV",
                      S3Path={"Bucket": "faq-bucket", "Key": "base.csv"})
    question = "Can I keep my phone number if I move to another plan?"
    assert not check.check_faq(kendra, index_id, question)
    assert "Not answered yet" in capsys.readouterr().out
    s3.put_object(Bucket="faq-bucket", Key="mine.csv",
                  Body=b"Can I keep my phone number if I move to another plan?,\"Yes, your number stays with you.\",\n")
    kendra.create_faq(IndexId=index_id, Name="plans-faq", RoleArn=role, FileFormat="CSV",
                      S3Path={"Bucket": "faq-bucket", "Key": "mine.csv"})
    kendra.describe_faq(IndexId=index_id, Id=kendra.list_faqs(IndexId=index_id)["FaqSummaryItems"][-1]["Id"])
    assert check.check_faq(kendra, index_id, question)
    assert "your number stays" in capsys.readouterr().out


def test_best_threshold_is_the_highest_that_keeps_the_recall():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
    churned = [1, 1, 0, 1, 1, 0, 1]          # churner scores 0.9 0.8 0.6 0.5 0.3; 80% of 5 is 4
    assert check.best_threshold(scores, churned) == (0.3, 0.5)


def test_threshold_solution_on_a_real_endpoint(aws):
    s3, sm, runtime = aws("s3"), aws("sagemaker"), aws("sagemaker-runtime")
    X, y = capstone.churn_customers(n=400)
    s3.create_bucket(Bucket="churn-test")
    s3.put_object(Bucket="churn-test", Key="train/train.csv", Body=capstone.to_csv(X[:300], y[:300]))
    image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
    role = "arn:aws:iam::123456789012:role/SageMakerRole"
    sm.create_training_job(
        TrainingJobName="churn", RoleArn=role, AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
        HyperParameters={"num_round": "20", "objective": "binary:logistic"},
        InputDataConfig=[{"ChannelName": "train", "ContentType": "text/csv", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": "s3://churn-test/train/"}}}],
        OutputDataConfig={"S3OutputPath": "s3://churn-test/models"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        StoppingCondition={"MaxRuntimeInSeconds": 600})
    artifact = sm.describe_training_job(TrainingJobName="churn")["ModelArtifacts"]["S3ModelArtifacts"]
    sm.create_model(ModelName="churn", ExecutionRoleArn=role, PrimaryContainer={"Image": image, "ModelDataUrl": artifact})
    sm.create_endpoint_config(EndpointConfigName="churn", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": "churn", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
    sm.create_endpoint(EndpointName="churn", EndpointConfigName="churn")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="churn")
    rows, churned = capstone.to_csv(X[300:]), y[300:]
    body = runtime.invoke_endpoint(EndpointName="churn", ContentType="text/csv", Body=rows)["Body"].read().decode()
    scores = [float(v) for v in body.replace("\n", ",").split(",") if v.strip()]
    low, high = check.best_threshold(scores, churned)
    assert check.check_threshold(runtime, "churn", rows, churned, high)
    assert not check.check_threshold(runtime, "churn", rows, churned, min(1.0, high + 1e-6))
    assert not check.check_threshold(runtime, "churn", rows, churned, low)


def test_markdown_table():
    table = capstone.markdown_table([{"a": 1, "b": "x"}], ["a", "b"])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| 1 | x |"]
    assert json.dumps(table)
