"""Training jobs train for real: status path, transitions, metrics, logs, artefacts, and AWS-worded failures."""
import io
import tarfile

import numpy as np
import pytest
from botocore.exceptions import ClientError

from tests.services.sagemaker import samples as s


@pytest.fixture(scope="module")
def xgb(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("xgb-main"))
    sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="xgb-main",
                                                             WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    return sm.describe_training_job(TrainingJobName="xgb-main")


def _fail(sm_world, name, **kw):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request(name, **kw))
    desc = sm.describe_training_job(TrainingJobName=name)
    assert desc["TrainingJobStatus"] == "Failed", desc.get("FailureReason")
    return desc


def test_xgboost_job_completes_with_the_real_status_history(xgb):
    assert xgb["TrainingJobStatus"] == "Completed" and xgb["SecondaryStatus"] == "Completed"
    assert [t["Status"] for t in xgb["SecondaryStatusTransitions"]] == \
        ["Starting", "Downloading", "Training", "Uploading", "Completed"]
    assert xgb["TrainingStartTime"] <= xgb["TrainingEndTime"]
    assert xgb["BillableTimeInSeconds"] >= 1


def test_final_metrics_are_computed_on_the_validation_channel(xgb):
    metrics = {m["MetricName"]: m["Value"] for m in xgb["FinalMetricDataList"]}
    assert set(metrics) == {"train:auc", "validation:auc"}
    assert 0.9 < metrics["validation:auc"] <= 1.0


def test_model_artifact_is_a_loadable_xgboost_model(sm_world, xgb):
    import xgboost
    uri = xgb["ModelArtifacts"]["S3ModelArtifacts"]
    assert uri == f"s3://{s.BUCKET}/output/xgb-main/output/model.tar.gz"
    body = sm_world("s3").get_object(Bucket=s.BUCKET, Key="output/xgb-main/output/model.tar.gz")["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        assert tar.getnames() == ["xgboost-model"]
        raw = tar.extractfile("xgboost-model").read()
    booster = xgboost.Booster()
    booster.load_model(bytearray(raw))
    X, y = s.cancer()
    pred = booster.predict(xgboost.DMatrix(X[480:]))
    assert np.mean((pred > 0.5) == y[480:]) > 0.9


def test_logs_go_to_cloudwatch_with_sagemaker_stream_names(sm_world, xgb):
    logs = sm_world("logs")
    streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                        logStreamNamePrefix="xgb-main/")["logStreams"]
    assert len(streams) == 1 and streams[0]["logStreamName"].startswith("xgb-main/algo-1-")
    events = logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs",
                                 logStreamName=streams[0]["logStreamName"])["events"]
    assert any(e["message"].startswith("[19]#011train-auc:") for e in events)


def test_list_training_jobs_filters_and_sorts(sm_world, xgb):
    sm = sm_world("sagemaker")
    _fail(sm_world, "xgb-list-failed", hps={"objective": "binary:logistic"})
    done = sm.list_training_jobs(StatusEquals="Completed", NameContains="xgb-main")["TrainingJobSummaries"]
    assert [j["TrainingJobName"] for j in done] == ["xgb-main"]
    failed = sm.list_training_jobs(StatusEquals="Failed")["TrainingJobSummaries"]
    assert "xgb-list-failed" in [j["TrainingJobName"] for j in failed]
    by_name = sm.list_training_jobs(SortBy="Name", SortOrder="Ascending")["TrainingJobSummaries"]
    names = [j["TrainingJobName"] for j in by_name]
    assert names == sorted(names)
    page = sm.list_training_jobs(MaxResults=1)
    assert len(page["TrainingJobSummaries"]) == 1 and "NextToken" in page


@pytest.mark.parametrize("hps,reason", [
    ({"objective": "binary:logistic"}, "ClientError: Missing required hyperparameter: num_round"),
    ({"num_round": "ten"}, "ClientError: Hyperparameter num_round: could not parse value"),
    ({"num_round": "5", "eta": "1.5"}, "ClientError: Hyperparameter eta: 1.5 is not in [0, 1]"),
    ({"num_round": "5", "colour": "red"}, "ClientError: Extraneous hyperparameter found: colour"),
    ({"num_round": "5", "objective": "multi:softprob"}, "num_class"),
])
def test_bad_hyperparameters_fail_with_the_containers_reason(sm_world, hps, reason):
    name = "bad-hp-" + str(abs(hash(str(hps))) % 10**6)
    desc = _fail(sm_world, name, hps=hps)
    assert desc["FailureReason"].startswith("ClientError") and reason in desc["FailureReason"]
    assert desc["SecondaryStatusTransitions"][-1]["Status"] == "Failed"


def test_malformed_csv_and_missing_channel_fail(sm_world):
    sm_world("s3").put_object(Bucket=s.BUCKET, Key="header/train.csv", Body=b"label,a,b\n1,2,3\n")
    desc = _fail(sm_world, "bad-csv", channels=[s.channel("train", f"s3://{s.BUCKET}/header/")])
    assert "Unable to read data channel 'train'" in desc["FailureReason"]
    desc = _fail(sm_world, "no-train", channels=[s.channel("validation", f"s3://{s.BUCKET}/csv/validation/")])
    assert desc["FailureReason"] == "ClientError: Missing required channel: train"
    desc = _fail(sm_world, "no-label", channels=[s.channel("train", f"s3://{s.BUCKET}/csv/train/", "text/csv;label_size=0")])
    assert "no label" in desc["FailureReason"]
    desc = _fail(sm_world, "no-data", channels=[s.channel("train", f"s3://{s.BUCKET}/nothing-here/")])
    assert "No input data found" in desc["FailureReason"]


def test_libsvm_is_the_xgboost_default_content_type(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("xgb-libsvm", channels=[
        s.channel("train", sm_world.uris["libsvm"], content_type=None)]))
    desc = sm.describe_training_job(TrainingJobName="xgb-libsvm")
    assert desc["TrainingJobStatus"] == "Completed", desc.get("FailureReason")
    assert [m["MetricName"] for m in desc["FinalMetricDataList"]] == ["train:auc"]


@pytest.mark.parametrize("algorithm,hps,metric", [
    ("linear-learner", {"predictor_type": "binary_classifier", "feature_dim": "30", "epochs": "3"},
     "test:binary_classification_accuracy"),
    ("kmeans", {"k": "2", "feature_dim": "30"}, "test:msd"),
    ("knn", {"k": "5", "feature_dim": "30", "predictor_type": "classifier", "sample_size": "300"}, "test:accuracy"),
    ("pca", {"feature_dim": "30", "num_components": "3", "mini_batch_size": "100"}, None),
])
def test_first_party_algorithms_train_on_recordio_protobuf(sm_world, algorithm, hps, metric):
    sm = sm_world("sagemaker")
    rec = "application/x-recordio-protobuf"
    sm.create_training_job(**s.training_request(f"{algorithm}-job", image=s.FIRST_PARTY.format(algorithm), hps=hps,
                                                channels=[s.channel("train", sm_world.uris["recordio"], rec),
                                                          s.channel("test", sm_world.uris["recordio_test"], rec)]))
    desc = sm.describe_training_job(TrainingJobName=f"{algorithm}-job")
    assert desc["TrainingJobStatus"] == "Completed", desc.get("FailureReason")
    metrics = {m["MetricName"]: m["Value"] for m in desc.get("FinalMetricDataList", [])}
    if metric:
        assert metric in metrics
    if algorithm in ("linear-learner", "knn"):
        assert metrics[metric] > 0.85


def test_first_party_required_hyperparameters(sm_world):
    desc = _fail(sm_world, "ll-missing", image=s.FIRST_PARTY.format("linear-learner"), hps={"feature_dim": "30"})
    assert desc["FailureReason"] == "ClientError: Missing required hyperparameter: predictor_type"
    desc = _fail(sm_world, "km-missing", image=s.FIRST_PARTY.format("kmeans"), hps={"feature_dim": "30"})
    assert desc["FailureReason"] == "ClientError: Missing required hyperparameter: k"
    desc = _fail(sm_world, "ll-dim", image=s.FIRST_PARTY.format("linear-learner"),
                 hps={"feature_dim": "12", "predictor_type": "binary_classifier"})
    assert "feature_dim is 12" in desc["FailureReason"]


def test_stop_a_queued_job_ends_stopped(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("to-stop"))
    sm.stop_training_job(TrainingJobName="to-stop")
    desc = sm.describe_training_job(TrainingJobName="to-stop")
    assert desc["TrainingJobStatus"] == "Stopped" and desc["SecondaryStatus"] == "Stopped"
    with pytest.raises(ClientError) as err:
        sm.stop_training_job(TrainingJobName="to-stop")
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_request_errors_are_synchronous(sm_world, xgb):
    sm = sm_world("sagemaker")
    cases = [
        (s.training_request("xgb-main"), "ResourceInUse"),
        (s.training_request("bad_name"), "ValidationException"),
        (s.training_request("wrong-region-account", image="382416733822.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1"),
         "ValidationException"),
        (s.training_request("byoc", image="123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algo:latest"),
         "ValidationException"),
        (s.training_request("dup-channels", channels=[s.channel("train", "s3://x-bucket/a/")] * 2), "ValidationException"),
    ]
    for request, code in cases:
        with pytest.raises(ClientError) as err:
            sm.create_training_job(**request)
        assert err.value.response["Error"]["Code"] == code, request["TrainingJobName"]
    with pytest.raises(ClientError) as err:
        sm.describe_training_job(TrainingJobName="never-created")
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_max_runtime_stops_the_job(sm_world):
    sm = sm_world("sagemaker")
    request = s.training_request("too-slow", hps={"num_round": "400", "max_depth": "8", "eta": "0.01",
                                                   "objective": "binary:logistic"})
    request["StoppingCondition"] = {"MaxRuntimeInSeconds": 1}
    import time
    from unittest import mock
    real = time.time
    with mock.patch("awsml_study.services.sagemaker.training_run.time.time",
                    side_effect=lambda it=iter(range(10**6)): real() + next(it) * 0.01):
        sm.create_training_job(**request)
        desc = sm.describe_training_job(TrainingJobName="too-slow")
    assert desc["TrainingJobStatus"] == "Stopped" and desc["SecondaryStatus"] == "MaxRuntimeExceeded"


def test_metrics_reach_cloudwatch_under_the_training_namespace(sm_world, xgb):
    cw = sm_world("cloudwatch")
    names = {m["MetricName"] for m in cw.list_metrics(Namespace="/aws/sagemaker/TrainingJobs",
                                                      Dimensions=[{"Name": "Host", "Value": "xgb-main/algo-1"}])["Metrics"]}
    assert {"train:auc", "validation:auc"} <= names


def test_gzip_channel_and_the_engine_header(sm_world):
    import gzip

    import awsml_study
    from awsml_study.engines.training import formats
    X, y = s.cancer()
    sm_world("s3").put_object(Bucket=s.BUCKET, Key="gz/train.csv.gz", Body=gzip.compress(formats.to_csv(X[:300], y[:300])))
    channel = {**s.channel("train", f"s3://{s.BUCKET}/gz/"), "CompressionType": "Gzip"}
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("gz-job", channels=[channel]))
    desc = sm.describe_training_job(TrainingJobName="gz-job")
    assert desc["TrainingJobStatus"] == "Completed", desc.get("FailureReason")
    assert awsml_study.engine_of(desc) == "sagemaker/training (xgboost on xgboost-cpu)"
