"""Campaigns (a deployed solution version with provisioned TPS) and recommenders (domain use cases)."""
from __future__ import annotations

import time

from awsml_study.services.personalize import common, datasets, recipes, solutions, training
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError

CAMPAIGN_KEYS = ("name", "campaignArn", "status", "creationDateTime", "lastUpdatedDateTime", "failureReason")
RECOMMENDER_KEYS = ("name", "recommenderArn", "datasetGroupArn", "recipeArn", "recommenderConfig", "status",
                    "creationDateTime", "lastUpdatedDateTime")


@common.handler("CreateCampaign")
def create_campaign(params: dict) -> dict:
    version = common.active("solution-version", params["solutionVersionArn"], "solution version")
    config = dict(params.get("campaignConfig") or {})
    recipe = recipes.lookup(version.props["recipeArn"])
    if recipe.recipe_type == "USER_SEGMENTATION":
        raise AwsError("InvalidInputException",
                       f"Solution versions of {recipe.name} serve batch segment jobs only, not campaigns.")
    if recipe.name == "aws-user-personalization":
        config.setdefault("itemExplorationConfig", {"explorationWeight": "0.3", "explorationItemAgeCutOff": "30"})
    arn = common.arn("campaign", params["name"])
    props = {"name": params["name"], "campaignArn": arn, "solutionVersionArn": version.id,
             "minProvisionedTPS": params.get("minProvisionedTPS", 1), "campaignConfig": config,
             "_datasetGroupArn": version.props["datasetGroupArn"]}
    common.create("campaign", arn, props, work=lambda job: None, tags=params.get("tags"), noun="Campaign")
    return {"campaignArn": arn}


def campaign(arn: str) -> jobs.Job:
    return common.find("campaign", arn, "campaign")


@common.handler("DescribeCampaign")
def describe_campaign(params: dict) -> dict:
    return {"campaign": common.view(campaign(params["campaignArn"]).props)}


@common.handler("ListCampaigns")
def list_campaigns(params: dict) -> dict:
    arn = params.get("solutionArn")
    where = (lambda p: p["solutionVersionArn"].startswith(arn + "/")) if arn else None
    return common.listing("campaign", "campaigns", CAMPAIGN_KEYS, params, where)


@common.handler("UpdateCampaign")
def update_campaign(params: dict) -> dict:
    job = common.active("campaign", params["campaignArn"], "campaign")
    now = jobs.now()
    if params.get("solutionVersionArn"):
        version = common.active("solution-version", params["solutionVersionArn"], "solution version")
        if version.props["datasetGroupArn"] != job.props["_datasetGroupArn"]:
            raise AwsError("InvalidInputException", "The new solution version belongs to another dataset group.")
        job.props["solutionVersionArn"] = version.id
    if params.get("minProvisionedTPS"):
        job.props["minProvisionedTPS"] = params["minProvisionedTPS"]
    if params.get("campaignConfig") is not None:
        job.props["campaignConfig"] = {**job.props["campaignConfig"], **params["campaignConfig"]}
    job.props["lastUpdatedDateTime"] = now
    job.props["latestCampaignUpdate"] = {
        "solutionVersionArn": job.props["solutionVersionArn"], "minProvisionedTPS": job.props["minProvisionedTPS"],
        "campaignConfig": job.props["campaignConfig"], "status": "ACTIVE",
        "creationDateTime": now, "lastUpdatedDateTime": now}
    return {"campaignArn": job.id}


@common.handler("DeleteCampaign")
def delete_campaign(params: dict) -> dict:
    campaign(params["campaignArn"])
    common.forget("campaign", params["campaignArn"])
    return {}


# ---- recommenders (domain dataset groups) ------------------------------------------------------
def _train_recommender(job: jobs.Job) -> None:
    from awsml_study.services.personalize import serving
    recipe = recipes.lookup(job.props["recipeArn"])
    group = job.props["datasetGroupArn"]
    seen = serving.stream_length(group)
    started = time.perf_counter()
    result = training.train({"datasetGroupArn": group, "solutionConfig": {}}, recipe, None,
                            check_stop=job.check_stop)
    result.stream_seen = seen
    job.props["_trained"] = result
    job.props["modelMetrics"] = dict(result.metrics)
    job.props["_trainingSeconds"] = time.perf_counter() - started


@common.handler("CreateRecommender")
def create_recommender(params: dict) -> dict:
    grp = datasets.active_group(params["datasetGroupArn"])
    recipe = recipes.lookup(params["recipeArn"])
    if not grp.props.get("domain"):
        raise AwsError("InvalidInputException",
                       "Recommenders need a Domain dataset group; for a Custom group create a solution and a campaign.")
    if recipe.domain != grp.props["domain"]:
        raise AwsError("InvalidInputException",
                       f"Recipe {params['recipeArn']} is not a use case of the {grp.props['domain']} domain.")
    config = dict(params.get("recommenderConfig") or {})
    config.setdefault("minRecommendationRequestsPerSecond", 1)
    arn = common.arn("recommender", params["name"])
    props = {"name": params["name"], "recommenderArn": arn, "datasetGroupArn": grp.id,
             "recipeArn": params["recipeArn"], "recommenderConfig": config}
    common.create("recommender", arn, props, work=_train_recommender, tags=params.get("tags"),
                  noun="Recommender")
    return {"recommenderArn": arn}


def recommender(arn: str) -> jobs.Job:
    return common.find("recommender", arn, "recommender")


@common.handler("DescribeRecommender")
def describe_recommender(params: dict) -> dict:
    return {"recommender": common.view(recommender(params["recommenderArn"]).props)}


@common.handler("ListRecommenders")
def list_recommenders(params: dict) -> dict:
    where = (lambda p: p["datasetGroupArn"] == params["datasetGroupArn"]) if params.get("datasetGroupArn") else None
    return common.listing("recommender", "recommenders", RECOMMENDER_KEYS, params, where)


@common.handler("UpdateRecommender")
def update_recommender(params: dict) -> dict:
    job = common.active("recommender", params["recommenderArn"], "recommender")
    now = jobs.now()
    job.props["recommenderConfig"] = {**job.props["recommenderConfig"], **params["recommenderConfig"]}
    job.props["latestRecommenderUpdate"] = {"recommenderConfig": job.props["recommenderConfig"],
                                            "creationDateTime": now, "lastUpdatedDateTime": now,
                                            "status": "ACTIVE"}
    job.props["lastUpdatedDateTime"] = now
    return {"recommenderArn": job.id}


@common.handler("StopRecommender")
def stop_recommender(params: dict) -> dict:
    job = recommender(params["recommenderArn"])
    if job.status != "ACTIVE":
        raise AwsError("ResourceInUseException", f"Recommender {job.id} is {job.status}; only an ACTIVE one can stop.")
    job.props["status"], job.props["lastUpdatedDateTime"] = "INACTIVE", jobs.now()
    return {"recommenderArn": job.id}


@common.handler("StartRecommender")
def start_recommender(params: dict) -> dict:
    job = recommender(params["recommenderArn"])
    if job.status != "INACTIVE":
        raise AwsError("ResourceInUseException", f"Recommender {job.id} is {job.status}; only an INACTIVE one can start.")
    job.props["status"], job.props["lastUpdatedDateTime"] = "ACTIVE", jobs.now()
    return {"recommenderArn": job.id}


@common.handler("DeleteRecommender")
def delete_recommender(params: dict) -> dict:
    recommender(params["recommenderArn"])
    common.forget("recommender", params["recommenderArn"])
    return {}


def served_model(campaign_arn: str | None, recommender_arn: str | None) -> tuple[training.Trained, dict, str]:
    """(model, campaign or recommender config, dataset group) behind a runtime request."""
    if bool(campaign_arn) == bool(recommender_arn):
        raise AwsError("InvalidInputException", "Provide either a campaignArn or a recommenderArn.")
    if campaign_arn:
        job = common.store("campaign").get(campaign_arn)
        if job is None:
            raise AwsError("ResourceNotFoundException", f"Could not find campaign with ARN {campaign_arn}.")
        job.settle()
        if job.status != "ACTIVE":
            raise AwsError("InvalidInputException", f"Campaign {campaign_arn} is not ACTIVE ({job.status}).")
        return solutions.trained(job.props["solutionVersionArn"]), job.props["campaignConfig"], job.props["_datasetGroupArn"]
    job = common.store("recommender").get(recommender_arn)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Could not find recommender with ARN {recommender_arn}.")
    job.settle()
    if job.status != "ACTIVE":
        raise AwsError("InvalidInputException", f"Recommender {recommender_arn} is not ACTIVE ({job.status}).")
    return job.props["_trained"], job.props["recommenderConfig"], job.props["datasetGroupArn"]
