"""Batch transform with DataProcessing, hyperparameter tuning over real training jobs, and the Model Registry."""
import json

import pytest
from botocore.exceptions import ClientError, WaiterError

from awsml_study.engines.training import formats
from tests.services.sagemaker import samples as s


@pytest.fixture(scope="module")
def model(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("batch-job"))
    art = sm.describe_training_job(TrainingJobName="batch-job")["ModelArtifacts"]["S3ModelArtifacts"]
    sm.create_model(ModelName="batch-model", ExecutionRoleArn=s.ROLE,
                    PrimaryContainer={"Image": s.XGBOOST, "ModelDataUrl": art})
    return art


def _transform(sm_world, name, processing=None, **kw):
    sm = sm_world("sagemaker")
    request = {"TransformJobName": name, "ModelName": "batch-model",
               "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": sm_world.uris["batch"]}},
                                  "ContentType": "text/csv", "SplitType": "Line"},
               "TransformOutput": {"S3OutputPath": f"s3://{s.BUCKET}/batch-out/{name}/", "AssembleWith": "Line"},
               "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1}, **kw}
    if processing:
        request["DataProcessing"] = processing
    sm.create_transform_job(**request)
    try:
        sm.get_waiter("transform_job_completed_or_stopped").wait(TransformJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    except WaiterError:
        pass  # a Failed job is a terminal failure for the waiter; the test reads the reason below
    desc = sm.describe_transform_job(TransformJobName=name)
    return desc


def _output(sm_world, name):
    body = sm_world("s3").get_object(Bucket=s.BUCKET, Key=f"batch-out/{name}/test.csv.out")["Body"].read()
    return body.decode().splitlines()


def test_transform_with_input_filter_join_and_output_filter(sm_world, model):
    desc = _transform(sm_world, "join", {"InputFilter": "$[1:]", "JoinSource": "Input", "OutputFilter": "$[0,-1]"})
    assert desc["TransformJobStatus"] == "Completed", desc.get("FailureReason")
    lines = _output(sm_world, "join")
    _, y = s.cancer()
    assert len(lines) == len(y[480:])
    pairs = [tuple(map(float, ln.split(","))) for ln in lines]
    assert [p[0] for p in pairs] == list(y[480:])  # the label column joined back
    assert sum((score > 0.5) == label for label, score in pairs) / len(pairs) > 0.9


def test_single_record_strategy_and_label_left_in_fails(sm_world, model):
    ok = _transform(sm_world, "single", {"InputFilter": "$[1:]"}, BatchStrategy="SingleRecord")
    assert ok["TransformJobStatus"] == "Completed" and len(_output(sm_world, "single")) == 89
    bad = _transform(sm_world, "with-label")  # 31 columns: the label is still in the rows
    assert bad["TransformJobStatus"] == "Failed" and "expected: 30" in bad["FailureReason"]
    names = {j["TransformJobName"]: j["TransformJobStatus"] for j in
             sm_world("sagemaker").list_transform_jobs()["TransformJobSummaries"]}
    assert names["with-label"] == "Failed" and names["single"] == "Completed"


def test_tuning_random_picks_the_best_child(sm_world):
    sm = sm_world("sagemaker")
    sm.create_hyper_parameter_tuning_job(**s.tuning_request("tune-random", jobs=3))
    desc = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tune-random")
    assert desc["HyperParameterTuningJobStatus"] == "Completed"
    assert desc["TrainingJobStatusCounters"]["Completed"] == 3
    children = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="tune-random", SortBy="FinalObjectiveMetricValue", SortOrder="Descending")["TrainingJobSummaries"]
    values = [c["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for c in children]
    assert values == sorted(values, reverse=True)
    assert desc["BestTrainingJob"]["TrainingJobName"] == children[0]["TrainingJobName"]
    eta = [float(c["TunedHyperParameters"]["eta"]) for c in children]
    assert all(0.05 <= e <= 0.5 for e in eta) and len(set(eta)) == 3
    child = sm.describe_training_job(TrainingJobName=children[0]["TrainingJobName"])
    assert child["TuningJobArn"] == desc["HyperParameterTuningJobArn"]
    assert child["HyperParameters"]["_tuning_objective_metric"] == "validation:auc"


def test_tuning_grid_runs_every_combination(sm_world):
    sm = sm_world("sagemaker")
    sm.create_hyper_parameter_tuning_job(**s.tuning_request("tune-grid", strategy="Grid", jobs=10))
    children = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="tune-grid")["TrainingJobSummaries"]
    combos = {(c["TunedHyperParameters"]["max_depth"], c["TunedHyperParameters"]["eta"]) for c in children}
    assert combos == {("1", "0.1"), ("1", "0.3"), ("3", "0.1"), ("3", "0.3")}
    listed = sm.list_hyper_parameter_tuning_jobs(NameContains="tune-grid")["HyperParameterTuningJobSummaries"]
    assert listed[0]["Strategy"] == "Grid" and listed[0]["TrainingJobStatusCounters"]["Completed"] == 4


def test_model_registry_approve_and_deploy(sm_world, model):
    sm = sm_world("sagemaker")
    sm.create_model_package_group(ModelPackageGroupName="cancer-models")
    spec = {"Containers": [{"Image": s.XGBOOST, "ModelDataUrl": model}],
            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}
    v1 = sm.create_model_package(ModelPackageGroupName="cancer-models", InferenceSpecification=spec)["ModelPackageArn"]
    v2 = sm.create_model_package(ModelPackageGroupName="cancer-models", InferenceSpecification=spec)["ModelPackageArn"]
    assert v1.endswith("/cancer-models/1") and v2.endswith("/cancer-models/2")
    assert sm.describe_model_package(ModelPackageName=v2)["ModelApprovalStatus"] == "PendingManualApproval"
    sm.update_model_package(ModelPackageArn=v2, ModelApprovalStatus="Approved", ApprovalDescription="AUC ok")
    approved = sm.list_model_packages(ModelPackageGroupName="cancer-models", ModelApprovalStatus="Approved")
    assert [p["ModelPackageVersion"] for p in approved["ModelPackageSummaryList"]] == [2]
    sm.create_model(ModelName="from-registry", ExecutionRoleArn=s.ROLE, PrimaryContainer={"ModelPackageName": v2})
    sm.create_endpoint_config(EndpointConfigName="reg-c", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": "from-registry", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
    sm.create_endpoint(EndpointName="reg-e", EndpointConfigName="reg-c")
    X, _ = s.cancer()
    body = sm_world("sagemaker-runtime").invoke_endpoint(EndpointName="reg-e", Body=formats.to_csv(X[:2]),
                                                         ContentType="text/csv")["Body"].read()
    assert len(body.split(b",")) == 2
    with pytest.raises(ClientError) as err:
        sm.delete_model_package_group(ModelPackageGroupName="cancer-models")
    assert err.value.response["Error"]["Code"] == "ConflictException"


def test_script_mode_trains_and_serves_the_learners_script(sm_world):
    sm = sm_world("sagemaker")
    request = s.training_request("script-job", image=s.SKLEARN, hps={
        "sagemaker_program": json.dumps("train.py"), "sagemaker_submit_directory": json.dumps(sm_world.uris["code"]),
        "n_estimators": "15"}, channels=[s.channel("train", sm_world.uris["train"])])
    request["AlgorithmSpecification"]["MetricDefinitions"] = [{"Name": "train:accuracy", "Regex": "train-accuracy: ([0-9.]+)"}]
    sm.create_training_job(**request)
    desc = sm.describe_training_job(TrainingJobName="script-job")
    assert desc["TrainingJobStatus"] == "Completed", desc.get("FailureReason")
    assert desc["FinalMetricDataList"][0]["MetricName"] == "train:accuracy"
    assert desc["FinalMetricDataList"][0]["Value"] > 0.9
    stream = sm_world("logs").describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                                   logStreamNamePrefix="script-job/")["logStreams"][0]["logStreamName"]
    events = sm_world("logs").get_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=stream)["events"]
    assert any("train-accuracy:" in e["message"] for e in events)
    sm.create_model(ModelName="script-model", ExecutionRoleArn=s.ROLE, PrimaryContainer={
        "Image": s.SKLEARN, "ModelDataUrl": desc["ModelArtifacts"]["S3ModelArtifacts"],
        "Environment": {"SAGEMAKER_PROGRAM": "train.py", "SAGEMAKER_SUBMIT_DIRECTORY": sm_world.uris["code"]}})
    sm.create_endpoint_config(EndpointConfigName="script-c", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": "script-model", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
    sm.create_endpoint(EndpointName="script-e", EndpointConfigName="script-c")
    X, y = s.cancer()
    out = sm_world("sagemaker-runtime").invoke_endpoint(EndpointName="script-e", Body=formats.to_csv(X[480:490]),
                                                        ContentType="text/csv", Accept="application/json")
    assert len(json.loads(out["Body"].read())) == 10


def test_script_that_crashes_fails_with_algorithm_error(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("script-crash", image=s.SKLEARN, hps={
        "sagemaker_program": json.dumps("train.py"), "sagemaker_submit_directory": json.dumps(sm_world.uris["code"]),
        "n_estimators": "-3"}, channels=[s.channel("train", sm_world.uris["train"])]))
    desc = sm.describe_training_job(TrainingJobName="script-crash")
    assert desc["TrainingJobStatus"] == "Failed"
    assert desc["FailureReason"].startswith("AlgorithmError: ExecuteUserScriptError:\nExitCode 1")


def test_tags_on_kit_resources_and_moto_resources(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("tagged-job", Tags=[{"Key": "project", "Value": "cancer"}]))
    arn = sm.describe_training_job(TrainingJobName="tagged-job")["TrainingJobArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "project", "Value": "cancer"}]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "owner", "Value": "ana"}])
    sm.delete_tags(ResourceArn=arn, TagKeys=["project"])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "owner", "Value": "ana"}]
    with pytest.raises(ClientError) as err:
        sm.list_tags(ResourceArn=arn.replace("tagged-job", "nope"))
    assert err.value.response["Error"]["Code"] == "ResourceNotFound"
    nb = sm.create_notebook_instance(NotebookInstanceName="nb", InstanceType="ml.t3.medium", RoleArn=s.ROLE,
                                     Tags=[{"Key": "k", "Value": "v"}])["NotebookInstanceArn"]
    assert {"Key": "k", "Value": "v"} in sm.list_tags(ResourceArn=nb)["Tags"]  # moto's resource, moto's tags
