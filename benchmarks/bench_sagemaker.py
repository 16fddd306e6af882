"""SageMaker AI speed and quality: the full lifecycle and InvokeEndpoint latency, against baselines in the same run.

1. create → train → deploy → first prediction for the built-in XGBoost on 10,000 rows (goal ≤ 5 s);
2. InvokeEndpoint p50 / p95 for one CSV row (goal p50 ≤ 5 ms), beside moto's canned invoke_endpoint
   (which answers the literal string "body" without any model);
3. model quality of the trained endpoint vs a plain scikit-learn baseline on the same split.
Run: .venv/bin/python benchmarks/bench_sagemaker.py
"""
from __future__ import annotations

import statistics
import time

import boto3
import numpy as np

XGB = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ROLE = "arn:aws:iam::123456789012:role/SageMakerExecutionRole"
BUCKET = "bench-sagemaker"


def data(n: int = 12_500):
    from sklearn.datasets import make_classification
    X, y = make_classification(n_samples=n, n_features=20, n_informative=10, random_state=0)
    cut = 10_000
    return X[:cut], y[:cut], X[cut:], y[cut:]


def latencies(call, n: int = 300) -> list[float]:
    call()
    out = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def lifecycle(Xtr, ytr, Xte):
    import awsml_study
    from awsml_study.engines.training import formats
    with awsml_study.simulate():
        s3 = boto3.client("s3", region_name="us-east-1")
        sm = boto3.client("sagemaker", region_name="us-east-1")
        rt = boto3.client("sagemaker-runtime", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key="train/train.csv", Body=formats.to_csv(Xtr, ytr))
        row = formats.to_csv(Xte[:1])
        start = time.perf_counter()
        sm.create_training_job(
            TrainingJobName="bench", RoleArn=ROLE,
            AlgorithmSpecification={"TrainingImage": XGB, "TrainingInputMode": "File"},
            HyperParameters={"num_round": "100", "max_depth": "6", "eta": "0.2", "objective": "binary:logistic"},
            InputDataConfig=[{"ChannelName": "train", "ContentType": "text/csv", "DataSource": {
                "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/train/"}}}],
            OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/out"},
            ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
            StoppingCondition={"MaxRuntimeInSeconds": 3600})
        sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="bench")
        trained = time.perf_counter()
        art = sm.describe_training_job(TrainingJobName="bench")["ModelArtifacts"]["S3ModelArtifacts"]
        sm.create_model(ModelName="bench", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": XGB, "ModelDataUrl": art})
        sm.create_endpoint_config(EndpointConfigName="bench", ProductionVariants=[
            {"VariantName": "AllTraffic", "ModelName": "bench", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
        sm.create_endpoint(EndpointName="bench", EndpointConfigName="bench")
        sm.get_waiter("endpoint_in_service").wait(EndpointName="bench")
        rt.invoke_endpoint(EndpointName="bench", Body=row, ContentType="text/csv")["Body"].read()
        total = time.perf_counter() - start
        one = latencies(lambda: rt.invoke_endpoint(EndpointName="bench", Body=row, ContentType="text/csv")["Body"].read())
        scores = rt.invoke_endpoint(EndpointName="bench", Body=formats.to_csv(Xte), ContentType="text/csv")["Body"].read()
        scores = np.array([float(v) for v in scores.split(b",")])
        return total, trained - start, one, scores


def moto_invoke() -> list[float]:
    from moto import mock_aws
    with mock_aws():
        rt = boto3.client("sagemaker-runtime", region_name="us-east-1")
        return latencies(lambda: rt.invoke_endpoint(EndpointName="anything", Body=b"1,2,3",
                                                    ContentType="text/csv")["Body"].read())


def main() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, roc_auc_score

    Xtr, ytr, Xte, yte = data()
    lifecycle(Xtr[:500], ytr[:500], Xte)          # warm-up: imports, botocore models, moto
    total, train, ours, scores = lifecycle(Xtr, ytr, Xte)
    base = moto_invoke()
    p50, p95 = statistics.median(ours), sorted(ours)[int(len(ours) * 0.95)]
    m50 = statistics.median(base)
    print(f"{'measure':<52} {'value':>10}  goal")
    print("-" * 78)
    print(f"{'create → train → deploy → first prediction (10,000 rows)':<52} {total:9.2f}s  ≤ 5 s "
          f"{'✓' if total <= 5 else '✗'}")
    print(f"{'   of which training job (Create→Completed)':<52} {train:9.2f}s")
    print(f"{'InvokeEndpoint p50, one CSV row':<52} {p50 * 1000:8.2f}ms  ≤ 5 ms {'✓' if p50 <= 0.005 else '✗'}")
    print(f"{'InvokeEndpoint p95, one CSV row':<52} {p95 * 1000:8.2f}ms")
    label = 'moto canned invoke_endpoint p50 (answers "body")'
    print(f"{label:<52} {m50 * 1000:8.2f}ms  "
          f"ratio kit/moto {p50 / m50:.2f}×")
    lr = LogisticRegression(max_iter=2000).fit(Xtr, ytr)
    hgb = HistGradientBoostingClassifier(random_state=0).fit(Xtr, ytr)
    print("-" * 78)
    print(f"{'quality on the same 2,500-row test split':<52} {'accuracy':>10} {'AUC':>7}")
    for name, prob in (("kit endpoint (built-in XGBoost, 100 rounds)", scores),
                       ("scikit-learn LogisticRegression", lr.predict_proba(Xte)[:, 1]),
                       ("scikit-learn HistGradientBoostingClassifier", hgb.predict_proba(Xte)[:, 1])):
        print(f"{name:<52} {accuracy_score(yte, prob > 0.5):10.4f} {roc_auc_score(yte, prob):7.4f}")


if __name__ == "__main__":
    main()
