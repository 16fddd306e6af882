"""CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs, StopTrainingJob — jobs that really train."""
from __future__ import annotations

import logging

from awsml_study.services.sagemaker import common, images, limits, logs, tags, training_run
from awsml_study.sim import jobs, validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

log = logging.getLogger("awsml_study")
ENGINE = "sagemaker/training (xgboost-cpu, scikit-learn, script mode)"
LIFE = jobs.Lifecycle(key="TrainingJobStatus", running="InProgress", done="Completed", failed="Failed",
                      stopped="Stopped", message_key="FailureReason", start_key="TrainingStartTime",
                      end_key="TrainingEndTime")


def not_found(name: str) -> AwsError:
    # SageMaker answers a missing training job with ValidationException (the waiters rely on it).
    return AwsError("ValidationException", "Requested resource not found.")


def start(params: dict, tuning_job: str | None = None, delay: float | None = None) -> jobs.Job:
    """Validate a CreateTrainingJob request and queue the job (also used by tuning jobs)."""
    validate.check("sagemaker", "CreateTrainingJob", params)
    name = params["TrainingJobName"]
    table = common.table("training")
    if name in table:
        raise AwsError("ResourceInUse", "Training job names must be unique within an AWS account and "
                       f"region, and a training job with this name already exists ({limits.arn('training-job', name)})")
    spec = params["AlgorithmSpecification"]
    if not spec.get("TrainingImage"):
        raise AwsError("ValidationException", "AlgorithmSpecification.AlgorithmName (a Marketplace or "
                       "custom algorithm resource) is not simulated; pass a TrainingImage.")
    image = images.parse(spec["TrainingImage"])
    channels = params.get("InputDataConfig", [])
    names = [c["ChannelName"] for c in channels]
    if len(set(names)) != len(names):
        raise AwsError("ValidationException", "Channel names must be unique: " + ", ".join(names))
    out = params["OutputDataConfig"]["S3OutputPath"].rstrip("/")
    now = limits.now()
    props = {
        "TrainingJobName": name, "TrainingJobArn": limits.arn("training-job", name),
        "TuningJobArn": limits.arn("hyper-parameter-tuning-job", tuning_job) if tuning_job else None,
        "ModelArtifacts": {"S3ModelArtifacts": f"{out}/{name}/output/model.tar.gz"},
        "TrainingJobStatus": "InProgress", "SecondaryStatus": "Starting",
        "HyperParameters": dict(params.get("HyperParameters") or {}),
        "AlgorithmSpecification": {"TrainingImage": image.uri,
                                   "TrainingInputMode": spec.get("TrainingInputMode", "File"),
                                   "MetricDefinitions": list(spec.get("MetricDefinitions") or []),
                                   "EnableSageMakerMetricsTimeSeries":
                                       bool(spec.get("EnableSageMakerMetricsTimeSeries", False))},
        "RoleArn": params["RoleArn"], "InputDataConfig": channels,
        "OutputDataConfig": params["OutputDataConfig"], "ResourceConfig": params["ResourceConfig"],
        "VpcConfig": params.get("VpcConfig"),
        "StoppingCondition": params.get("StoppingCondition") or {"MaxRuntimeInSeconds": 86400},
        "CreationTime": now, "LastModifiedTime": now,
        "SecondaryStatusTransitions": [{"Status": "Starting", "StartTime": now,
                                        "StatusMessage": "Preparing the instances for training"}],
        "EnableNetworkIsolation": bool(params.get("EnableNetworkIsolation", False)),
        "EnableInterContainerTrafficEncryption": bool(params.get("EnableInterContainerTrafficEncryption", False)),
        "EnableManagedSpotTraining": bool(params.get("EnableManagedSpotTraining", False)),
        "Environment": params.get("Environment"),
        "_image": image, "_lines": [],
    }
    job = jobs.Job(name, props, work=training_run.run, lifecycle=LIFE, on_end=_ended)
    table[name] = jobs.submit(job, delay)
    tags.remember(props["TrainingJobArn"], params.get("Tags"))
    return job


def _ended(job: jobs.Job) -> None:
    """Close the status history the way SageMaker reports it, and bill the seconds used."""
    p = job.props
    end = p.get("TrainingEndTime") or limits.now()
    final = {"Completed": ("Completed", "Training job completed"),
             "Stopped": ("Stopped", "Training job stopped by user request"),
             "Failed": ("Failed", p.get("FailureReason", "Training job failed"))}[p["TrainingJobStatus"]]
    if p.get("_max_runtime"):
        final = ("MaxRuntimeExceeded", "Training job stopped: it exceeded MaxRuntimeInSeconds")
    training_run.transition(p, final[0], final[1], when=end)
    p["SecondaryStatusTransitions"][-1]["EndTime"] = end
    start = p.get("TrainingStartTime") or p["CreationTime"]
    seconds = max(1, int(round((end - start).total_seconds())))
    p["TrainingTimeInSeconds"] = seconds
    p["BillableTimeInSeconds"] = seconds
    p["LastModifiedTime"] = end
    if p["TrainingJobStatus"] == "Failed":
        p.pop("FinalMetricDataList", None)
    try:
        logs.publish_metrics(p["TrainingJobName"], p.get("_history") or {}, start, end)
    except Exception:  # metrics are a side channel: never fail a finished job over them
        log.info("awsml-study: CloudWatch metrics for %s not published", p["TrainingJobName"])


@operation("sagemaker", "CreateTrainingJob", engine=ENGINE)
def create_training_job(params: dict) -> dict:
    return {"TrainingJobArn": start(params).props["TrainingJobArn"]}


@operation("sagemaker", "DescribeTrainingJob", engine=ENGINE)
def describe_training_job(params: dict) -> dict:
    validate.check("sagemaker", "DescribeTrainingJob", params)
    name = params["TrainingJobName"]
    props = common.get_job("training", name, not_found(name)).props
    return {**common.public(props), "ResponseMetadata": {"Engine": _engine_of(props)}}


def _engine_of(props: dict) -> str:
    """The engine that trained this job, for the engine header."""
    image = props["_image"]
    if image.framework and "sagemaker_program" in props["HyperParameters"]:
        return f"sagemaker/training (script mode: your {image.algorithm} script in a subprocess)"
    from awsml_study.engines.training import catalog
    algo = catalog.get(image.algorithm)
    return f"sagemaker/training ({image.algorithm} on {algo.engine})" if algo else ENGINE


@operation("sagemaker", "ListTrainingJobs", engine=ENGINE)
def list_training_jobs(params: dict) -> dict:
    validate.check("sagemaker", "ListTrainingJobs", params)
    found = list(common.table("training").values())
    jobs.settle_all(found)
    items = common.filtered([j.props for j in found], params, "TrainingJobName", "TrainingJobStatus",
                            default_order="Ascending")
    chunk, token = common.page(items, params)
    keys = ("TrainingJobName", "TrainingJobArn", "CreationTime", "TrainingEndTime", "LastModifiedTime",
            "TrainingJobStatus", "SecondaryStatus")
    out = {"TrainingJobSummaries": [{k: p[k] for k in keys if p.get(k) is not None} for p in chunk]}
    if token:
        out["NextToken"] = token
    return out


@operation("sagemaker", "StopTrainingJob", engine=ENGINE)
def stop_training_job(params: dict) -> dict:
    validate.check("sagemaker", "StopTrainingJob", params)
    name = params["TrainingJobName"]
    job = common.table("training").get(name)
    if job is None:
        raise not_found(name)
    if job.ended:
        raise AwsError("ValidationException", f"The request was rejected because the training job is in "
                       f"status {job.props['TrainingJobStatus']}.")
    job.request_stop()
    training_run.transition(job.props, "Stopping", "Stopping the training job")
    job.settle()
    return {}

