"""Shared builders for the SageMaker AI tests and contract examples: data in S3, requests, a deployed model."""
from __future__ import annotations

import functools
import io
import tarfile
from pathlib import Path

import numpy as np

from awsml_study.engines.training import formats, recordio

BUCKET = "sagemaker-test-data"
ROLE = "arn:aws:iam::123456789012:role/SageMakerExecutionRole"
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
FIRST_PARTY = "382416733822.dkr.ecr.us-east-1.amazonaws.com/{}:1"
SCRIPT = Path(__file__).resolve().parents[3] / "data" / "sagemaker" / "train_random_forest.py"


@functools.lru_cache(maxsize=1)
def cancer():
    from sklearn.datasets import load_breast_cancer
    X, y = load_breast_cancer(return_X_y=True)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(y))
    return X[order], y[order]


def upload(make, bucket: str = BUCKET, extras: bool = False) -> dict:
    """Breast-cancer data as CSV (train/validation/test, batch input); with extras also libsvm,
    RecordIO-protobuf and the script-mode source tarball. Returns the URIs."""
    s3 = make("s3")
    try:
        s3.create_bucket(Bucket=bucket)
    except Exception:
        pass
    X, y = cancer()
    parts = {"train": (X[:380], y[:380]), "validation": (X[380:480], y[380:480]), "test": (X[480:], y[480:])}
    for name, (Xp, yp) in parts.items():
        s3.put_object(Bucket=bucket, Key=f"csv/{name}/{name}.csv", Body=formats.to_csv(Xp, yp))
    s3.put_object(Bucket=bucket, Key="batch/input/test.csv", Body=formats.to_csv(*parts["test"]))
    if extras:
        s3.put_object(Bucket=bucket, Key="libsvm/train/train.libsvm", Body=formats.to_libsvm(*parts["train"]))
        s3.put_object(Bucket=bucket, Key="recordio/train/train.rec", Body=recordio.write_dense(
            parts["train"][0].astype("float32"), parts["train"][1].astype("float32")))
        s3.put_object(Bucket=bucket, Key="recordio/test/test.rec", Body=recordio.write_dense(
            parts["test"][0].astype("float32"), parts["test"][1].astype("float32")))
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            tar.add(SCRIPT, arcname="train.py")
        s3.put_object(Bucket=bucket, Key="code/sourcedir.tar.gz", Body=buf.getvalue())
    return {n: f"s3://{bucket}/csv/{n}/" for n in parts} | {
        "libsvm": f"s3://{bucket}/libsvm/train/", "recordio": f"s3://{bucket}/recordio/train/",
        "recordio_test": f"s3://{bucket}/recordio/test/", "batch": f"s3://{bucket}/batch/input/",
        "code": f"s3://{bucket}/code/sourcedir.tar.gz", "X": X, "y": y}


def channel(name: str, uri: str, content_type: str | None = "text/csv") -> dict:
    ch = {"ChannelName": name, "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}}}
    if content_type:
        ch["ContentType"] = content_type
    return ch


def training_request(name: str, image: str = XGBOOST, hps: dict | None = None, channels: list | None = None,
                     output: str = f"s3://{BUCKET}/output", **extra) -> dict:
    uris = {"train": f"s3://{BUCKET}/csv/train/", "validation": f"s3://{BUCKET}/csv/validation/"}
    return {"TrainingJobName": name,
            "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
            "RoleArn": ROLE,
            "HyperParameters": {"num_round": "20", "objective": "binary:logistic", "eval_metric": "auc"}
            if hps is None else hps,
            "InputDataConfig": channels if channels is not None else
            [channel("train", uris["train"]), channel("validation", uris["validation"])],
            "OutputDataConfig": {"S3OutputPath": output},
            "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
            "StoppingCondition": {"MaxRuntimeInSeconds": 600}, **extra}


def trained(make, name: str = "xgb-job", **kw) -> dict:
    """Upload data, train an XGBoost model, return DescribeTrainingJob."""
    upload(make)
    sm = make("sagemaker")
    sm.create_training_job(**training_request(name, **kw))
    return sm.describe_training_job(TrainingJobName=name)


def model(make, name: str = "xgb-model", job: str = "xgb-job") -> str:
    desc = trained(make, job)
    make("sagemaker").create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": XGBOOST, "ModelDataUrl": desc["ModelArtifacts"]["S3ModelArtifacts"]})
    return name


def endpoint(make, name: str = "xgb-endpoint", variants: list | None = None, async_out: str | None = None) -> str:
    m = model(make)
    sm = make("sagemaker")
    config = {"EndpointConfigName": name + "-config",
              "ProductionVariants": variants or [{"VariantName": "AllTraffic", "ModelName": m,
                                                  "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}]}
    if async_out:
        config["AsyncInferenceConfig"] = {"OutputConfig": {"S3OutputPath": async_out}}
    sm.create_endpoint_config(**config)
    sm.create_endpoint(EndpointName=name, EndpointConfigName=name + "-config")
    sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    return name


def tuning_request(name: str, strategy: str = "Random", jobs: int = 3) -> dict:
    config = {"Strategy": strategy,
              "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
              "ResourceLimits": {"MaxNumberOfTrainingJobs": jobs, "MaxParallelTrainingJobs": 1}}
    if strategy == "Grid":
        config["ParameterRanges"] = {"CategoricalParameterRanges": [{"Name": "max_depth", "Values": ["1", "3"]},
                                                                    {"Name": "eta", "Values": ["0.1", "0.3"]}]}
    else:
        config["ParameterRanges"] = {
            "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.05", "MaxValue": "0.5",
                                           "ScalingType": "Logarithmic"}],
            "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "1", "MaxValue": "5"}]}
        config["RandomSeed"] = 7
    base = training_request("unused")
    definition = {"StaticHyperParameters": {"num_round": "10", "objective": "binary:logistic", "eval_metric": "auc"},
                  **{k: base[k] for k in ("AlgorithmSpecification", "RoleArn", "InputDataConfig",
                                          "OutputDataConfig", "ResourceConfig", "StoppingCondition")}}
    return {"HyperParameterTuningJobName": name, "HyperParameterTuningJobConfig": config,
            "TrainingJobDefinition": definition}
