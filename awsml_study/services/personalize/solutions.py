"""Solutions (a recipe and its configuration) and solution versions (models trained for real)."""
from __future__ import annotations

import time
import uuid

from awsml_study.services.personalize import common, datasets, recipes, training
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError

SOLUTION_KEYS = ("name", "solutionArn", "status", "creationDateTime", "lastUpdatedDateTime", "recipeArn")
VERSION_KEYS = ("solutionVersionArn", "status", "trainingMode", "trainingType", "creationDateTime",
                "lastUpdatedDateTime", "failureReason")
UPDATE_RECIPES = {"aws-user-personalization"}   # trainingMode UPDATE: User-Personalization only


def solution(arn: str) -> jobs.Job:
    return common.find("solution", arn, "solution")


def version(arn: str) -> jobs.Job:
    return common.find("solution-version", arn, "solution version")


def trained(arn: str) -> training.Trained:
    """The model of an ACTIVE solution version (for campaigns and batch jobs)."""
    job = common.active("solution-version", arn, "solution version")
    return job.props["_trained"]


def versions_of(solution_arn: str) -> list[jobs.Job]:
    found = [j for j in common.store("solution-version").values() if j.props["solutionArn"] == solution_arn]
    return sorted(found, key=lambda j: j.props["creationDateTime"])


@common.handler("CreateSolution")
def create_solution(params: dict) -> dict:
    grp = datasets.active_group(params["datasetGroupArn"])
    if grp.props.get("domain") and params.get("recipeArn", "").rsplit("/", 1)[-1].startswith(("aws-ecomm", "aws-vod")):
        raise AwsError("InvalidInputException", "Domain use cases are served by CreateRecommender.")
    if params.get("performAutoML"):
        raise AwsError("InvalidInputException",
                       "performAutoML is not simulated by awsml-study: choose a recipe with recipeArn.")
    if not params.get("recipeArn"):
        raise AwsError("InvalidInputException", "recipeArn is required when performAutoML is false.")
    recipe = recipes.lookup(params["recipeArn"], for_solution=True)
    needed = ("Action_Interactions", "Actions") if recipe.model == "actions" else ("Interactions",)
    missing = [t for t in needed if t not in datasets.datasets_of(grp.id)]
    if missing:
        raise AwsError("InvalidInputException",
                       f"Dataset group {grp.id} has no {missing[0]} dataset, which {recipe.name} needs; "
                       f"create it before the solution.")
    if params.get("performHPO"):
        raise AwsError("InvalidInputException",
                       "performHPO is not simulated by awsml-study: set algorithmHyperParameters instead.")
    config = dict(params.get("solutionConfig") or {})
    auto = params.get("performAutoTraining", True)
    if auto:
        config.setdefault("autoTrainingConfig", {"schedulingExpression": "rate(7 days)"})
    arn = common.arn("solution", params["name"])
    props = {"name": params["name"], "solutionArn": arn, "performHPO": False, "performAutoML": False,
             "performAutoTraining": auto, "recipeArn": params["recipeArn"], "datasetGroupArn": grp.id,
             "eventType": params.get("eventType"), "solutionConfig": config}
    if params.get("performIncrementalUpdate") is not None:
        props["performIncrementalUpdate"] = params["performIncrementalUpdate"]
    common.create("solution", arn, props, work=lambda job: None, tags=params.get("tags"), noun="Solution")
    return {"solutionArn": arn}


def _latest(arn: str) -> dict | None:
    found = versions_of(arn)
    if not found:
        return None
    latest = found[-1].settle().props
    return {k: latest[k] for k in VERSION_KEYS if latest.get(k) is not None}


@common.handler("DescribeSolution")
def describe_solution(params: dict) -> dict:
    job = solution(params["solutionArn"])
    out = common.view(job.props)
    latest = _latest(job.id)
    if latest:
        out["latestSolutionVersion"] = latest
    return {"solution": out}


@common.handler("ListSolutions")
def list_solutions(params: dict) -> dict:
    where = (lambda p: p["datasetGroupArn"] == params["datasetGroupArn"]) if params.get("datasetGroupArn") else None
    return common.listing("solution", "solutions", SOLUTION_KEYS, params, where)


@common.handler("UpdateSolution")
def update_solution(params: dict) -> dict:
    job = common.active("solution", params["solutionArn"], "solution")
    now = jobs.now()
    config = params.get("solutionUpdateConfig") or {}
    if "performAutoTraining" in params:
        job.props["performAutoTraining"] = params["performAutoTraining"]
    if "performIncrementalUpdate" in params:
        job.props["performIncrementalUpdate"] = params["performIncrementalUpdate"]
    if config.get("autoTrainingConfig"):
        job.props["solutionConfig"]["autoTrainingConfig"] = config["autoTrainingConfig"]
    summary = {"solutionUpdateConfig": config, "status": "ACTIVE",
               "performAutoTraining": job.props["performAutoTraining"],
               "creationDateTime": now, "lastUpdatedDateTime": now}
    if "performIncrementalUpdate" in job.props:
        summary["performIncrementalUpdate"] = job.props["performIncrementalUpdate"]
    job.props["latestSolutionUpdate"] = summary
    job.props["lastUpdatedDateTime"] = now
    return {"solutionArn": job.id}


@common.handler("DeleteSolution")
def delete_solution(params: dict) -> dict:
    arn = params["solutionArn"]
    solution(arn)
    versions = {v.id for v in versions_of(arn)}
    used = [c.id for c in common.store("campaign").values() if c.props["solutionVersionArn"] in versions]
    if used:
        raise AwsError("ResourceInUseException", f"Solution {arn} is used by campaign {used[0]}.")
    for v in versions:
        common.forget("solution-version", v)
    common.forget("solution", arn)
    return {}


def _train(job: jobs.Job) -> None:
    sol = solution(job.props["solutionArn"]).props
    recipe = recipes.lookup(sol["recipeArn"])
    previous = None
    if job.props["trainingMode"] == "UPDATE":
        previous = job.props.pop("_previous").props["_trained"]
    from awsml_study.services.personalize import serving
    seen = serving.stream_length(sol["datasetGroupArn"])  # later events reach the model in real time
    started = time.perf_counter()
    result = training.train(sol, recipe, previous, check_stop=job.check_stop)
    result.stream_seen = seen
    job.props["_trained"] = result
    # Billed training hours: the kit reports the wall-clock time it really trained.
    job.props["trainingHours"] = round((time.perf_counter() - started) / 3600.0, 6)


@common.handler("CreateSolutionVersion")
def create_solution_version(params: dict) -> dict:
    sol = common.active("solution", params["solutionArn"], "solution")
    mode = params.get("trainingMode", "FULL")
    recipe = recipes.lookup(sol.props["recipeArn"])
    props = {"name": params.get("name"), "solutionArn": sol.id, "performHPO": False, "performAutoML": False,
             "recipeArn": sol.props["recipeArn"], "eventType": sol.props.get("eventType"),
             "datasetGroupArn": sol.props["datasetGroupArn"], "solutionConfig": sol.props["solutionConfig"],
             "trainingMode": mode, "trainingType": "MANUAL"}
    if "performIncrementalUpdate" in sol.props:
        props["performIncrementalUpdate"] = sol.props["performIncrementalUpdate"]
    if mode == "UPDATE":
        if recipe.name not in UPDATE_RECIPES:
            raise AwsError("InvalidInputException",
                           f"trainingMode UPDATE is supported only for the User-Personalization recipe, "
                           f"not {recipe.name}.")
        full = [v for v in versions_of(sol.id) if v.settle().status == "ACTIVE"
                and v.props["trainingMode"] == "FULL"]
        if not full:
            raise AwsError("InvalidInputException",
                           "trainingMode UPDATE needs an ACTIVE solution version of this solution trained "
                           "with trainingMode FULL.")
        props["_previous"] = full[-1]
    if mode == "AUTOTRAIN":
        raise AwsError("InvalidInputException", "trainingMode AUTOTRAIN is set by the service, not by callers.")
    in_progress = [v for v in versions_of(sol.id) if not v.ended]
    if len(in_progress) >= 20:
        raise AwsError("LimitExceededException", "Too many solution versions are being created at once.")
    arn = f"{sol.id}/{uuid.uuid4().hex[:8]}"
    props["solutionVersionArn"] = arn
    common.create("solution-version", arn, props, work=_train, tags=params.get("tags"),
                  noun="Solution version")
    return {"solutionVersionArn": arn}


@common.handler("DescribeSolutionVersion")
def describe_solution_version(params: dict) -> dict:
    return {"solutionVersion": common.view(version(params["solutionVersionArn"]).props)}


@common.handler("ListSolutionVersions")
def list_solution_versions(params: dict) -> dict:
    if params.get("solutionArn"):
        solution(params["solutionArn"])
    where = (lambda p: p["solutionArn"] == params["solutionArn"]) if params.get("solutionArn") else None
    return common.listing("solution-version", "solutionVersions", VERSION_KEYS, params, where)


@common.handler("StopSolutionVersionCreation")
def stop_solution_version_creation(params: dict) -> dict:
    job = common.store("solution-version").get(params["solutionVersionArn"])
    if job is None:
        raise AwsError("ResourceNotFoundException",
                       f"Could not find solution version with ARN {params['solutionVersionArn']}.")
    if job.ended:
        raise AwsError("ResourceInUseException",
                       f"Solution version {job.id} is {job.status}; only a version being created can be stopped.")
    job.request_stop()
    job.props["status"] = "CREATE STOPPING" if job.status != "CREATE PENDING" else job.props["status"]
    return {}


@common.handler("GetSolutionMetrics", engine="personalize/offline-metrics")
def get_solution_metrics(params: dict) -> dict:
    result = trained(params["solutionVersionArn"])
    return {"solutionVersionArn": params["solutionVersionArn"], "metrics": dict(result.metrics)}
