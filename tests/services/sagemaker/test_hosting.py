"""Endpoints serve the trained model: real predictions in the real content types, traffic split, errors."""
import json
from collections import Counter

import pytest
from botocore.exceptions import ClientError

from awsml_study.engines.training import formats
from tests.services.sagemaker import samples as s


@pytest.fixture(scope="module")
def endpoint(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("host-job"))
    art = sm.describe_training_job(TrainingJobName="host-job")["ModelArtifacts"]["S3ModelArtifacts"]
    sm.create_model(ModelName="host-model", ExecutionRoleArn=s.ROLE,
                    PrimaryContainer={"Image": s.XGBOOST, "ModelDataUrl": art})
    sm.create_endpoint_config(EndpointConfigName="host-config", ProductionVariants=[
        {"VariantName": "Blue", "ModelName": "host-model", "InstanceType": "ml.m5.large",
         "InitialInstanceCount": 1, "InitialVariantWeight": 3.0},
        {"VariantName": "Green", "ModelName": "host-model",
         "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5}, "InitialVariantWeight": 1.0}],
        AsyncInferenceConfig={"OutputConfig": {"S3OutputPath": f"s3://{s.BUCKET}/async-out/"}})
    sm.create_endpoint(EndpointName="host-ep", EndpointConfigName="host-config")
    assert sm.describe_endpoint(EndpointName="host-ep")["EndpointStatus"] in ("Creating", "InService")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="host-ep", WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    return "host-ep"


def _invoke(sm_world, body, content_type="text/csv", **kw):
    r = sm_world("sagemaker-runtime").invoke_endpoint(EndpointName="host-ep", Body=body, ContentType=content_type, **kw)
    return r, r["Body"].read()


def test_endpoint_reports_its_variants(sm_world, endpoint):
    desc = sm_world("sagemaker").describe_endpoint(EndpointName=endpoint)
    assert desc["EndpointStatus"] == "InService"
    variants = {v["VariantName"]: v for v in desc["ProductionVariants"]}
    assert variants["Blue"]["CurrentWeight"] == 3.0 and variants["Blue"]["CurrentInstanceCount"] == 1
    assert variants["Green"]["CurrentServerlessConfig"]["MemorySizeInMB"] == 2048
    assert variants["Blue"]["DeployedImages"][0]["SpecifiedImage"] == s.XGBOOST


def test_csv_in_comma_separated_scores_out(sm_world, endpoint):
    X, y = s.cancer()
    r, body = _invoke(sm_world, formats.to_csv(X[480:]))
    scores = [float(v) for v in body.decode().split(",")]
    assert r["ContentType"] == "text/csv" and len(scores) == len(y[480:])
    import awsml_study
    assert awsml_study.engine_of(r) == "sagemaker-runtime/invoke (xgboost on xgboost-cpu)"
    accuracy = sum((p > 0.5) == t for p, t in zip(scores, y[480:])) / len(scores)
    assert accuracy > 0.9


def test_json_and_libsvm_give_the_same_scores(sm_world, endpoint):
    X, y = s.cancer()
    _, csv_body = _invoke(sm_world, formats.to_csv(X[:3]), TargetVariant="Blue")
    r, json_body = _invoke(sm_world, json.dumps({"instances": X[:3].tolist()}), "application/json",
                           Accept="application/json", TargetVariant="Blue")
    _, svm_body = _invoke(sm_world, formats.to_libsvm(X[:3], y[:3]), "text/libsvm", TargetVariant="Blue")
    from_csv = [round(float(v), 5) for v in csv_body.decode().split(",")]
    assert [round(p["score"], 5) for p in json.loads(json_body)["predictions"]] == from_csv
    assert [round(float(v), 5) for v in svm_body.decode().split(",")] == from_csv
    assert r["InvokedProductionVariant"] == "Blue"


def test_traffic_is_split_by_variant_weight(sm_world, endpoint):
    X, _ = s.cancer()
    row = formats.to_csv(X[:1])
    counts = Counter(_invoke(sm_world, row)[0]["InvokedProductionVariant"] for _ in range(200))
    assert set(counts) == {"Blue", "Green"}
    assert 0.6 < counts["Blue"] / 200 < 0.9  # weight 3:1 -> 75 %


def test_payload_the_model_cannot_read_is_model_error(sm_world, endpoint):
    with pytest.raises(ClientError) as err:
        _invoke(sm_world, b"radius,texture\n1,2\n")
    e = err.value.response
    assert e["Error"]["Code"] == "ModelError" and e["ResponseMetadata"]["HTTPStatusCode"] == 424
    assert e["OriginalStatusCode"] == 400 and "/aws/sagemaker/Endpoints/host-ep" in e["LogStreamArn"]
    with pytest.raises(ClientError) as err:
        _invoke(sm_world, b"1,2,3")  # 3 features, the model has 30
    assert "expected: 30" in err.value.response["Error"]["Message"]


def test_payload_limits(sm_world, endpoint):
    big = b"1," * (3 * 1024 * 1024 + 1)  # > 6 MB
    with pytest.raises(ClientError) as err:
        _invoke(sm_world, big, TargetVariant="Blue")
    assert err.value.response["Error"]["Code"] == "ValidationError"
    with pytest.raises(ClientError) as err:  # the serverless variant allows 4 MB
        _invoke(sm_world, b"1," * (2 * 1024 * 1024 + 100), TargetVariant="Green")
    assert err.value.response["Error"]["Code"] == "ValidationError"
    with pytest.raises(ClientError) as err:
        _invoke(sm_world, b"1", TargetVariant="Purple")
    assert err.value.response["Error"]["Code"] == "ValidationError"


def test_async_invocation_writes_its_output_to_s3(sm_world, endpoint):
    from awsml_study.sim import jobs
    X, _ = s.cancer()
    sm_world("s3").put_object(Bucket=s.BUCKET, Key="async-in/rows.csv", Body=formats.to_csv(X[:4]))
    r = sm_world("sagemaker-runtime").invoke_endpoint_async(
        EndpointName=endpoint, InputLocation=f"s3://{s.BUCKET}/async-in/rows.csv", ContentType="text/csv")
    assert r["OutputLocation"] == f"s3://{s.BUCKET}/async-out/{r['InferenceId']}.out"
    assert jobs.idle(60)
    body = sm_world("s3").get_object(Bucket=s.BUCKET, Key=f"async-out/{r['InferenceId']}.out")["Body"].read()
    assert len(body.decode().split(",")) == 4


def test_linear_learner_and_kmeans_answer_in_their_json(sm_world):
    sm = sm_world("sagemaker")
    rec = "application/x-recordio-protobuf"
    X, _ = s.cancer()
    for algo, hps in (("linear-learner", {"predictor_type": "binary_classifier", "epochs": "3"}),
                      ("kmeans", {"k": "3", "feature_dim": "30"})):
        sm.create_training_job(**s.training_request(f"{algo}-host", image=s.FIRST_PARTY.format(algo), hps=hps,
                                                    channels=[s.channel("train", sm_world.uris["recordio"], rec)]))
        art = sm.describe_training_job(TrainingJobName=f"{algo}-host")["ModelArtifacts"]["S3ModelArtifacts"]
        sm.create_model(ModelName=f"{algo}-m", ExecutionRoleArn=s.ROLE,
                        PrimaryContainer={"Image": s.FIRST_PARTY.format(algo), "ModelDataUrl": art})
        sm.create_endpoint_config(EndpointConfigName=f"{algo}-c", ProductionVariants=[
            {"VariantName": "AllTraffic", "ModelName": f"{algo}-m", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
        sm.create_endpoint(EndpointName=f"{algo}-e", EndpointConfigName=f"{algo}-c")
        r = sm_world("sagemaker-runtime").invoke_endpoint(EndpointName=f"{algo}-e", Body=formats.to_csv(X[:2]),
                                                          ContentType="text/csv", Accept="application/json")
        rows = json.loads(r["Body"].read())["predictions"]
        assert len(rows) == 2
        if algo == "linear-learner":
            assert set(rows[0]) == {"score", "predicted_label"} and 0 <= rows[0]["score"] <= 1
        else:
            assert set(rows[0]) == {"closest_cluster", "distance_to_cluster"} and rows[0]["distance_to_cluster"] >= 0


def test_update_then_delete_endpoint(sm_world, endpoint):
    sm = sm_world("sagemaker")
    sm.create_endpoint_config(EndpointConfigName="host-config-2", ProductionVariants=[
        {"VariantName": "Only", "ModelName": "host-model", "InstanceType": "ml.c5.large", "InitialInstanceCount": 2}])
    sm.create_endpoint(EndpointName="host-ep-2", EndpointConfigName="host-config")
    sm.update_endpoint(EndpointName="host-ep-2", EndpointConfigName="host-config-2")
    desc = sm.describe_endpoint(EndpointName="host-ep-2")
    assert desc["EndpointStatus"] == "InService" and desc["EndpointConfigName"] == "host-config-2"
    assert [v["VariantName"] for v in desc["ProductionVariants"]] == ["Only"]
    sm.update_endpoint_weights_and_capacities(EndpointName="host-ep-2", DesiredWeightsAndCapacities=[
        {"VariantName": "Only", "DesiredInstanceCount": 3}])
    assert sm.describe_endpoint(EndpointName="host-ep-2")["ProductionVariants"][0]["CurrentInstanceCount"] == 3
    sm.delete_endpoint(EndpointName="host-ep-2")
    sm.get_waiter("endpoint_deleted").wait(EndpointName="host-ep-2", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    names = [e["EndpointName"] for e in sm.list_endpoints()["Endpoints"]]
    assert "host-ep-2" not in names and "host-ep" in names


def test_model_whose_artifact_is_missing_or_unreadable(sm_world, endpoint):
    sm = sm_world("sagemaker")
    with pytest.raises(ClientError) as err:
        sm.create_model(ModelName="ghost", ExecutionRoleArn=s.ROLE,
                        PrimaryContainer={"Image": s.XGBOOST, "ModelDataUrl": f"s3://{s.BUCKET}/none/model.tar.gz"})
    assert err.value.response["Error"]["Code"] == "ValidationException"
    sm_world("s3").put_object(Bucket=s.BUCKET, Key="junk/model.tar.gz", Body=b"not a tarball")
    sm.create_model(ModelName="junk", ExecutionRoleArn=s.ROLE,
                    PrimaryContainer={"Image": s.XGBOOST, "ModelDataUrl": f"s3://{s.BUCKET}/junk/model.tar.gz"})
    sm.create_endpoint_config(EndpointConfigName="junk-c", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": "junk", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
    sm.create_endpoint(EndpointName="junk-e", EndpointConfigName="junk-c")
    desc = sm.describe_endpoint(EndpointName="junk-e")
    assert desc["EndpointStatus"] == "Failed" and "tar.gz" in desc["FailureReason"]
    with pytest.raises(Exception):  # the waiter stops on the Failed status
        sm.get_waiter("endpoint_in_service").wait(EndpointName="junk-e", WaiterConfig={"Delay": 1, "MaxAttempts": 2})


def test_data_capture_writes_json_lines_for_model_monitor(sm_world, endpoint):
    sm = sm_world("sagemaker")
    sm.create_endpoint_config(EndpointConfigName="capture-c", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": "host-model", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}],
        DataCaptureConfig={"EnableCapture": True, "InitialSamplingPercentage": 100,
                           "DestinationS3Uri": f"s3://{s.BUCKET}/capture",
                           "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]})
    sm.create_endpoint(EndpointName="capture-e", EndpointConfigName="capture-c")
    X, _ = s.cancer()
    sm_world("sagemaker-runtime").invoke_endpoint(EndpointName="capture-e", Body=formats.to_csv(X[:1]),
                                                  ContentType="text/csv", InferenceId="req-1")
    keys = [o["Key"] for o in sm_world("s3").list_objects_v2(Bucket=s.BUCKET, Prefix="capture/")["Contents"]]
    assert len(keys) == 1 and keys[0].startswith("capture/capture-e/AllTraffic/") and keys[0].endswith(".jsonl")
    event = json.loads(sm_world("s3").get_object(Bucket=s.BUCKET, Key=keys[0])["Body"].read())
    assert event["captureData"]["endpointInput"]["encoding"] == "CSV"
    assert float(event["captureData"]["endpointOutput"]["data"]) > 0
    assert event["eventMetadata"]["inferenceId"] == "req-1"
