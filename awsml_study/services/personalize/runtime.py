"""personalize-runtime: GetRecommendations and GetPersonalizedRanking answered by the trained local models."""
from __future__ import annotations

import uuid

from awsml_study.services.personalize import campaigns, common, filters, serving
from awsml_study.sim.errors import AwsError

ENGINE = "personalize/implicit-als+item-similarity+popularity"
MAX_RESULTS, MAX_WITH_METADATA = 500, 50


def _rid() -> str:
    return f"RID-{uuid.uuid4()}"


def _metadata_columns(params: dict, config: dict) -> list[str]:
    columns = (params.get("metadataColumns") or {})
    if not columns:
        return []
    if not config.get("enableMetadataWithRecommendations"):
        raise AwsError("InvalidInputException",
                       "metadataColumns need a campaign or recommender with enableMetadataWithRecommendations=true.")
    bad = [k for k in columns if k != "ITEMS"]
    if bad:
        raise AwsError("InvalidInputException", f"metadataColumns keys must be ITEMS, not {bad[0]}.")
    return list(columns.get("ITEMS", []))


@common.handler("GetRecommendations", service="personalize-runtime", engine=ENGINE)
def get_recommendations(params: dict) -> dict:
    model, config, group = campaigns.served_model(params.get("campaignArn"), params.get("recommenderArn"))
    if params.get("promotions"):
        raise AwsError("InvalidInputException", "promotions are not simulated by awsml-study.")
    kind = model.recipe.recipe_type
    n = params.get("numResults", 25)
    columns = _metadata_columns(params, config)
    limit = MAX_WITH_METADATA if columns else MAX_RESULTS
    if n > limit:
        raise AwsError("InvalidInputException", f"numResults must be at most {limit}; got {n}.")
    if kind == "PERSONALIZED_RANKING":
        raise AwsError("InvalidInputException",
                       "This campaign uses a PERSONALIZED_RANKING recipe: call GetPersonalizedRanking.")
    if kind == "PERSONALIZED_ACTIONS":
        raise AwsError("InvalidInputException",
                       "This campaign uses a PERSONALIZED_ACTIONS recipe: call GetActionRecommendations.")
    if kind == "USER_PERSONALIZATION" and not params.get("userId"):
        raise AwsError("InvalidInputException", "userId is required for a USER_PERSONALIZATION recipe.")
    if kind == "RELATED_ITEMS" and not params.get("itemId"):
        raise AwsError("InvalidInputException", "itemId is required for a RELATED_ITEMS recipe.")
    if kind == "RELATED_ITEMS" and params.get("filterArn") and not params.get("userId") and _uses_interactions(params, group):
        raise AwsError("InvalidInputException", "A filter on Interactions needs a userId.")
    flt = filters.active_filter(params.get("filterArn"), group)
    applier = serving.make_applier(flt, group, params.get("userId"), params.get("filterValues"))
    exploration = config.get("itemExplorationConfig") if kind == "USER_PERSONALIZATION" else None
    ranked = serving.ranked_items(model, group, params.get("userId"), params.get("itemId"), n, applier, exploration)
    scored = kind in ("USER_PERSONALIZATION",)
    items = []
    for item_id, score, explored in ranked:
        entry = {"itemId": item_id}
        if scored:
            entry["score"] = round(score, 7)
        if columns:
            entry["metadata"] = serving.metadata_for(group, item_id, columns)
        if explored:
            entry["reason"] = ["Exploration item"]
        items.append(entry)
    return {"itemList": items, "recommendationId": _rid()}


def _uses_interactions(params: dict, group: str) -> bool:
    job = filters.active_filter(params.get("filterArn"), group)
    return any(c.dataset == "Interactions" for s in job.props["_statements"] for g in s.groups for c in g)


@common.handler("GetPersonalizedRanking", service="personalize-runtime", engine=ENGINE)
def get_personalized_ranking(params: dict) -> dict:
    model, config, group = campaigns.served_model(params.get("campaignArn"), None)
    if model.recipe.recipe_type != "PERSONALIZED_RANKING":
        raise AwsError("InvalidInputException",
                       f"GetPersonalizedRanking needs a campaign with a PERSONALIZED_RANKING recipe; this one "
                       f"uses {model.recipe.name}.")
    columns = _metadata_columns(params, config)
    inputs = list(dict.fromkeys(params["inputList"]))
    if len(params["inputList"]) > MAX_RESULTS:
        raise AwsError("InvalidInputException", f"inputList can hold at most {MAX_RESULTS} items.")
    flt = filters.active_filter(params.get("filterArn"), group)
    applier = serving.make_applier(flt, group, params["userId"], params.get("filterValues"))
    ranked = serving.ranked_items(model, group, params["userId"], None, len(inputs), applier,
                                  candidates=inputs)
    out = []
    for item_id, score, _ in ranked:
        entry = {"itemId": item_id, "score": round(score, 7)}
        if columns:
            entry["metadata"] = serving.metadata_for(group, item_id, columns)
        out.append(entry)
    return {"personalizedRanking": out, "recommendationId": _rid()}


@common.handler("GetActionRecommendations", service="personalize-runtime", engine=ENGINE)
def get_action_recommendations(params: dict) -> dict:
    model, config, group = campaigns.served_model(params.get("campaignArn"), None)
    if model.recipe.recipe_type != "PERSONALIZED_ACTIONS":
        raise AwsError("InvalidInputException",
                       f"GetActionRecommendations needs a campaign with the Next-Best-Action recipe; this one "
                       f"uses {model.recipe.name}.")
    n = params.get("numResults", 5)
    if n > 100:
        raise AwsError("InvalidInputException", f"numResults must be at most 100; got {n}.")
    if params.get("filterArn"):
        raise AwsError("InvalidInputException", "Action filters are not simulated by awsml-study.")
    ranked = serving.ranked_items(model, group, params.get("userId"), None, n)
    return {"actionList": [{"actionId": a, "score": round(s, 7)} for a, s, _ in ranked],
            "recommendationId": _rid()}
