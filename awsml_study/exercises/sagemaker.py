"""Self-checks for notebooks/10_sagemaker.ipynb."""
from __future__ import annotations

from awsml_study.exercises.feedback import blank, say


def check_image_uri(uri: str) -> bool:
    """Exercise 1: the Linear Learner training image in us-west-2 (Oregon)."""
    if blank(uri):
        return False
    from awsml_study.services.sagemaker import limits
    expected = f"{limits.FIRST_PARTY['us-west-2']}.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1"
    return say(str(uri).strip() == expected, f"{expected}: the 1P algorithms live in a per-region AWS account.",
               "Each region has its own registry account; look it up in the documented registry paths "
               "(or sagemaker.image_uris.retrieve('linear-learner', 'us-west-2')).")


def check_training_job(sagemaker, job_name: str, min_auc: float = 0.95) -> bool:
    """Exercise 2: a Completed XGBoost job of yours reaching validation:auc >= min_auc."""
    if blank(job_name):
        return False
    try:
        d = sagemaker.describe_training_job(TrainingJobName=job_name)
    except Exception as err:
        return say(False, "", f"Could not describe {job_name}: {err}")
    if d["TrainingJobStatus"] != "Completed":
        return say(False, "", f"{job_name} is {d['TrainingJobStatus']}: {d.get('FailureReason', '')}")
    metrics = {m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList", [])}
    auc = metrics.get("validation:auc")
    if auc is None:
        return say(False, "", "No validation:auc: add a validation channel and eval_metric=auc.")
    return say(auc >= min_auc, f"validation:auc = {auc:.4f}.",
               f"validation:auc = {auc:.4f} < {min_auc}: try more rounds or a different eta/max_depth.")


def check_positive_count(runtime, endpoint_name: str, csv_rows: bytes, answer) -> bool:
    """Exercise 3: how many of these rows the endpoint scores above 0.5."""
    if blank(answer):
        return False
    body = runtime.invoke_endpoint(EndpointName=endpoint_name, Body=csv_rows, ContentType="text/csv")["Body"].read()
    expected = sum(float(v) > 0.5 for v in body.decode().replace("\n", ",").split(",") if v.strip())
    return say(int(answer) == expected, f"{expected} rows score above 0.5.",
               "Invoke the endpoint with the rows (text/csv), split the comma-separated scores, count > 0.5.")


def check_data_processing(processing: dict) -> bool:
    """Exercise 4: DataProcessing that drops the label before the model and writes label,score lines."""
    if blank(processing):
        return False
    ok = (processing.get("InputFilter") == "$[1:]" and processing.get("JoinSource") == "Input"
          and processing.get("OutputFilter") in ("$[0,-1]", "$[0, -1]"))
    return say(ok, "InputFilter $[1:] drops column 0, JoinSource Input appends the score, "
                    "OutputFilter $[0,-1] keeps the label and the score.",
               "The model must not see column 0 (InputFilter), the output must carry the input "
               "(JoinSource) and only two columns must remain (OutputFilter).")


def check_serverless_variant(variant: dict) -> bool:
    """Exercise 5: a serverless production variant with 2 GB memory and at most 10 concurrent requests."""
    if blank(variant):
        return False
    cfg = variant.get("ServerlessConfig") or {}
    ok = (cfg.get("MemorySizeInMB") == 2048 and cfg.get("MaxConcurrency") == 10
          and "InstanceType" not in variant and bool(variant.get("ModelName")))
    return say(ok, "A serverless variant names a model and a ServerlessConfig, never an InstanceType.",
               "Use ServerlessConfig={'MemorySizeInMB': 2048, 'MaxConcurrency': 10} with your ModelName, "
               "and no InstanceType/InitialInstanceCount.")
