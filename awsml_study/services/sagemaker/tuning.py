"""Automatic model tuning: CreateHyperParameterTuningJob runs real training jobs and keeps the best by its objective."""
from __future__ import annotations

import copy
import uuid

from awsml_study.engines.training import catalog
from awsml_study.services.sagemaker import common, images, limits, tags, training, tuning_search
from awsml_study.sim import jobs, validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "sagemaker/tuning (real training jobs; Bayesian approximated by explore-then-refine)"
LIFE = jobs.Lifecycle(key="HyperParameterTuningJobStatus", running="InProgress", done="Completed",
                      failed="Failed", stopped="Stopped", message_key="FailureReason", start_key=None,
                      end_key="HyperParameterTuningEndTime")


def _missing(name: str) -> AwsError:
    return AwsError("ResourceNotFound", f"Amazon SageMaker can't find a tuning job named {name}.")


@operation("sagemaker", "CreateHyperParameterTuningJob", engine=ENGINE)
def create_tuning_job(params: dict) -> dict:
    validate.check("sagemaker", "CreateHyperParameterTuningJob", params)
    name = params["HyperParameterTuningJobName"]
    if name in common.table("tuning"):
        raise AwsError("ResourceInUse", f"Hyperparameter tuning job name {name} already exists.")
    config = params["HyperParameterTuningJobConfig"]
    definition = params.get("TrainingJobDefinition")
    if definition is None:
        raise AwsError("ValidationException", "TrainingJobDefinition is required (TrainingJobDefinitions "
                       "with several algorithms is not simulated).")
    objective = config.get("HyperParameterTuningJobObjective")
    if config["Strategy"] != "Grid" or objective:
        if not objective:
            raise AwsError("ValidationException", "HyperParameterTuningJobObjective is required.")
        image = images.parse(definition["AlgorithmSpecification"].get("TrainingImage", ""),
                             "TrainingJobDefinition.AlgorithmSpecification.TrainingImage")
        known = catalog.TUNING_METRICS.get(image.algorithm)
        custom = [d["Name"] for d in definition["AlgorithmSpecification"].get("MetricDefinitions") or []]
        script = "sagemaker_program" in (definition.get("StaticHyperParameters") or {})
        if known is not None and objective["MetricName"] not in known + custom and not script:
            raise AwsError("ValidationException", f"The objective metric {objective['MetricName']} is not "
                           f"one the {image.algorithm} algorithm emits: {', '.join(known)}")
    ranges = tuning_search.ranges_of(config)
    static = definition.get("StaticHyperParameters") or {}
    clash = [n for n, _, _ in ranges if n in static]
    if clash:
        raise AwsError("ValidationException", f"Hyperparameters {clash} cannot be both static and tuned.")
    if config["Strategy"] == "Grid":
        points = tuning_search.grid(ranges)
        cap = config["ResourceLimits"].get("MaxNumberOfTrainingJobs")
        points = points[:cap] if cap else points
    else:
        if not config["ResourceLimits"].get("MaxNumberOfTrainingJobs"):
            raise AwsError("ValidationException", "ResourceLimits.MaxNumberOfTrainingJobs is required for "
                           f"the {config['Strategy']} strategy.")
        points = None
    now = limits.now()
    props = {"HyperParameterTuningJobName": name, "HyperParameterTuningJobArn": limits.arn("hyper-parameter-tuning-job", name),
             "HyperParameterTuningJobConfig": config, "TrainingJobDefinition": definition,
             "HyperParameterTuningJobStatus": "InProgress", "CreationTime": now, "LastModifiedTime": now,
             "TrainingJobStatusCounters": _counters([]), "ObjectiveStatusCounters": _objectives([]),
             "_children": [], "_points": points, "_ranges": ranges}
    job = jobs.Job(name, props, work=_run, lifecycle=LIFE, on_end=_ended)
    common.table("tuning")[name] = jobs.submit(job)
    tags.remember(props["HyperParameterTuningJobArn"], params.get("Tags"))
    return {"HyperParameterTuningJobArn": props["HyperParameterTuningJobArn"]}


def _run(job: jobs.Job) -> None:
    p = job.props
    config, definition = p["HyperParameterTuningJobConfig"], p["TrainingJobDefinition"]
    objective = config.get("HyperParameterTuningJobObjective")
    sampler = tuning_search.Sampler(p["_ranges"], config["Strategy"], config.get("RandomSeed"))
    total = len(p["_points"]) if p["_points"] is not None else config["ResourceLimits"]["MaxNumberOfTrainingJobs"]
    best_value = None
    for i in range(total):
        job.check_stop()
        point, units = (p["_points"][i], None) if p["_points"] is not None else sampler.next(i, total)
        child_name = f"{p['HyperParameterTuningJobName']}-{i + 1:03d}-{uuid.uuid4().hex[:8]}"
        hps = {**(definition.get("StaticHyperParameters") or {}), **point}
        if objective:
            hps["_tuning_objective_metric"] = objective["MetricName"]
        request = {"TrainingJobName": child_name, "HyperParameters": hps,
                   **{k: copy.deepcopy(definition[k]) for k in ("AlgorithmSpecification", "RoleArn",
                      "InputDataConfig", "OutputDataConfig", "ResourceConfig", "StoppingCondition",
                      "VpcConfig", "EnableNetworkIsolation") if definition.get(k) is not None}}
        child = training.start(request, tuning_job=p["HyperParameterTuningJobName"])
        child.props["_tuned"] = point
        p["_children"].append(child_name)
        child.settle()  # one worker thread: the parent runs its children inline
        value = _objective_value(child.props, objective)
        child.props["_objective"] = value
        if value is not None and (best_value is None or _better(value, best_value, objective)):
            best_value = value
            if units is not None:
                sampler.best = units
        _refresh(p)
    if not any(common.table("training")[c].props["TrainingJobStatus"] == "Completed" for c in p["_children"]):
        raise jobs.JobFailure("All training jobs failed. Look at the FailureReason of the training jobs.")


def _better(a: float, b: float, objective) -> bool:
    return a > b if objective["Type"] == "Maximize" else a < b


def _objective_value(props: dict, objective) -> float | None:
    if not objective or props["TrainingJobStatus"] != "Completed":
        return None
    for m in props.get("FinalMetricDataList", []):
        if m["MetricName"] == objective["MetricName"]:
            return float(m["Value"])
    return None


def _summary(child: dict, objective) -> dict:
    out = {"TrainingJobName": child["TrainingJobName"], "TrainingJobArn": child["TrainingJobArn"],
           "TuningJobName": child["TuningJobArn"].rsplit("/", 1)[-1],
           "CreationTime": child["CreationTime"], "TrainingJobStatus": child["TrainingJobStatus"],
           "TunedHyperParameters": dict(child.get("_tuned", {}))}
    for key in ("TrainingStartTime", "TrainingEndTime", "FailureReason"):
        if child.get(key) is not None:
            out[key] = child[key]
    value = child.get("_objective")
    if value is not None:
        out["FinalHyperParameterTuningJobObjectiveMetric"] = {"Type": objective["Type"],
                                                              "MetricName": objective["MetricName"], "Value": value}
        out["ObjectiveStatus"] = "Succeeded"
    elif child["TrainingJobStatus"] in ("Failed", "Stopped") or objective:
        out["ObjectiveStatus"] = "Failed" if child["TrainingJobStatus"] != "InProgress" else "Pending"
    return out


def _children(p: dict) -> list[dict]:
    table = common.table("training")
    return [table[n].props for n in p["_children"] if n in table]


def _counters(children) -> dict:
    status = [c["TrainingJobStatus"] for c in children]
    return {"Completed": status.count("Completed"), "InProgress": status.count("InProgress"),
            "RetryableError": 0, "NonRetryableError": status.count("Failed"), "Stopped": status.count("Stopped")}


def _objectives(children) -> dict:
    values = [c.get("_objective") for c in children]
    done = [c for c in children if c["TrainingJobStatus"] != "InProgress"]
    ok = sum(v is not None for v in values)
    return {"Succeeded": ok, "Pending": len(children) - len(done), "Failed": len(done) - ok}


def _refresh(p: dict) -> None:
    children = _children(p)
    objective = p["HyperParameterTuningJobConfig"].get("HyperParameterTuningJobObjective")
    p["TrainingJobStatusCounters"], p["ObjectiveStatusCounters"] = _counters(children), _objectives(children)
    scored = [c for c in children if c.get("_objective") is not None]
    if scored and objective:
        best = (max if objective["Type"] == "Maximize" else min)(scored, key=lambda c: c["_objective"])
        p["BestTrainingJob"] = _summary(best, objective)
    p["LastModifiedTime"] = limits.now()


def _ended(job: jobs.Job) -> None:
    _refresh(job.props)


@operation("sagemaker", "DescribeHyperParameterTuningJob", engine=ENGINE)
def describe_tuning_job(params: dict) -> dict:
    validate.check("sagemaker", "DescribeHyperParameterTuningJob", params)
    name = params["HyperParameterTuningJobName"]
    return common.public(common.get_job("tuning", name, _missing(name)).props)


@operation("sagemaker", "ListHyperParameterTuningJobs", engine=ENGINE)
def list_tuning_jobs(params: dict) -> dict:
    validate.check("sagemaker", "ListHyperParameterTuningJobs", params)
    found = list(common.table("tuning").values())
    jobs.settle_all(found)
    items = common.filtered([j.props for j in found], params, "HyperParameterTuningJobName",
                            "HyperParameterTuningJobStatus")
    chunk, token = common.page(items, params)
    out = {"HyperParameterTuningJobSummaries": [{
        **{k: p[k] for k in ("HyperParameterTuningJobName", "HyperParameterTuningJobArn",
                             "HyperParameterTuningJobStatus", "CreationTime", "LastModifiedTime",
                             "TrainingJobStatusCounters", "ObjectiveStatusCounters")},
        **({"HyperParameterTuningEndTime": p["HyperParameterTuningEndTime"]} if p.get("HyperParameterTuningEndTime") else {}),
        "Strategy": p["HyperParameterTuningJobConfig"]["Strategy"],
        "ResourceLimits": p["HyperParameterTuningJobConfig"]["ResourceLimits"]} for p in chunk]}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "ListTrainingJobsForHyperParameterTuningJob", engine=ENGINE)
def list_children(params: dict) -> dict:
    validate.check("sagemaker", "ListTrainingJobsForHyperParameterTuningJob", params)
    name = params["HyperParameterTuningJobName"]
    p = common.get_job("tuning", name, _missing(name)).props
    objective = p["HyperParameterTuningJobConfig"].get("HyperParameterTuningJobObjective")
    rows = [_summary(c, objective) for c in _children(p)]
    if params.get("StatusEquals"):
        rows = [r for r in rows if r["TrainingJobStatus"] == params["StatusEquals"]]
    by = params.get("SortBy", "Name")
    if by == "FinalObjectiveMetricValue":
        # As documented: jobs that reported no objective metric are left out of this ordering.
        rows = [r for r in rows if "FinalHyperParameterTuningJobObjectiveMetric" in r]
        rows.sort(key=lambda r: r["FinalHyperParameterTuningJobObjectiveMetric"]["Value"],
                  reverse=params.get("SortOrder", "Ascending") == "Descending")
    else:
        key = {"Name": "TrainingJobName", "CreationTime": "CreationTime", "Status": "TrainingJobStatus"}[by]
        rows.sort(key=lambda r: r[key], reverse=params.get("SortOrder", "Ascending") == "Descending")
    chunk, token = common.page(rows, params)
    out = {"TrainingJobSummaries": chunk}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "StopHyperParameterTuningJob", engine=ENGINE)
def stop_tuning_job(params: dict) -> dict:
    validate.check("sagemaker", "StopHyperParameterTuningJob", params)
    name = params["HyperParameterTuningJobName"]
    job = common.table("tuning").get(name)
    if job is None:
        raise _missing(name)
    if job.ended:
        raise AwsError("ValidationException", f"The tuning job {name} is {job.props['HyperParameterTuningJobStatus']} and cannot be stopped.")
    job.request_stop()
    for child in job.props["_children"]:
        common.table("training")[child].request_stop()
    job.settle()
    return {}
