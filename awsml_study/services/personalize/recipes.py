"""The recipe catalogue: custom recipes, domain use cases, their algorithms, and which local model trains each."""
from __future__ import annotations

from dataclasses import dataclass

from awsml_study.services.personalize import common
from awsml_study.sim.errors import AwsError

CREATED = "2019-06-10T00:00:00Z"  # recipes are service resources; AWS reports a fixed date


@dataclass(frozen=True)
class Recipe:
    name: str
    recipe_type: str
    model: str           # the local model: factors | similarity | similarity+metadata | popularity | trending
    description: str
    domain: str | None = None
    event_type: str | None = None   # domain use cases train on one event type


RECIPES = [
    Recipe("aws-user-personalization-v2", "USER_PERSONALIZATION", "factors",
           "Recommends items for a user from their interaction history; scales to millions of items."),
    Recipe("aws-user-personalization", "USER_PERSONALIZATION", "factors",
           "Recommends items for a user, exploring new items (explorationWeight) and learning from real-time events."),
    Recipe("aws-personalized-ranking-v2", "PERSONALIZED_RANKING", "factors",
           "Re-ranks a list of items for a user; scales to millions of items."),
    Recipe("aws-personalized-ranking", "PERSONALIZED_RANKING", "factors",
           "Re-ranks a list of items (search results, a curated list) for a user."),
    Recipe("aws-similar-items", "RELATED_ITEMS", "similarity+metadata",
           "Items similar to a given item, from co-occurrence and item metadata."),
    Recipe("aws-sims", "RELATED_ITEMS", "similarity",
           "Items that users who interacted with a given item also interacted with (co-occurrence)."),
    Recipe("aws-popularity-count", "POPULAR_ITEMS", "popularity",
           "The items with the most events, the same for every user."),
    Recipe("aws-trending-now", "POPULAR_ITEMS", "trending",
           "The items whose events grew fastest recently (trendDiscoveryFrequency)."),
    Recipe("aws-item-affinity", "USER_SEGMENTATION", "factors",
           "The users most likely to interact with given items (batch segment jobs)."),
    Recipe("aws-item-attribute-affinity", "USER_SEGMENTATION", "attribute",
           "The users most likely to interact with items that have given attribute values (batch segment jobs)."),
    Recipe("aws-next-best-action", "PERSONALIZED_ACTIONS", "actions",
           "The actions (join, subscribe, download the app...) a user is most likely to take next."),
    # Domain use cases, used by recommenders in ECOMMERCE and VIDEO_ON_DEMAND dataset groups.
    Recipe("aws-ecomm-customers-who-viewed-x-also-viewed", "RELATED_ITEMS", "similarity",
           "Customers who viewed X also viewed.", "ECOMMERCE", "View"),
    Recipe("aws-ecomm-frequently-bought-together", "RELATED_ITEMS", "similarity",
           "Frequently bought together.", "ECOMMERCE", "Purchase"),
    Recipe("aws-ecomm-popular-items-by-purchases", "POPULAR_ITEMS", "popularity",
           "Best sellers.", "ECOMMERCE", "Purchase"),
    Recipe("aws-ecomm-popular-items-by-views", "POPULAR_ITEMS", "popularity",
           "Most viewed.", "ECOMMERCE", "View"),
    Recipe("aws-ecomm-recommended-for-you", "USER_PERSONALIZATION", "factors",
           "Recommended for you.", "ECOMMERCE"),
    Recipe("aws-vod-because-you-watched-x", "RELATED_ITEMS", "similarity",
           "Because you watched X.", "VIDEO_ON_DEMAND", "Watch"),
    Recipe("aws-vod-more-like-x", "RELATED_ITEMS", "similarity+metadata",
           "More like X.", "VIDEO_ON_DEMAND"),
    Recipe("aws-vod-most-popular", "POPULAR_ITEMS", "popularity",
           "Most popular.", "VIDEO_ON_DEMAND", "Watch"),
    Recipe("aws-vod-trending-now", "POPULAR_ITEMS", "trending",
           "Trending now.", "VIDEO_ON_DEMAND"),
    Recipe("aws-vod-top-picks", "USER_PERSONALIZATION", "factors",
           "Top picks for you.", "VIDEO_ON_DEMAND"),
]
BY_ARN = {f"arn:aws:personalize:::recipe/{r.name}": r for r in RECIPES}
LEGACY = {"aws-hrnn", "aws-hrnn-coldstart", "aws-hrnn-metadata"}
HYPER = {"factors": {"factors": "32", "regularization": "user-item pairs/2000, within [1, 10]", "alpha": "1.0",
                     "iterations": "15"},
         "similarity": {"similarity": "cosine of co-occurrence"},
         "similarity+metadata": {"similarity": "cosine of co-occurrence", "metadata_weight": "0.3"},
         "popularity": {}, "trending": {"trend_discovery_frequency": "1 hour"},
         "attribute": {"factors": "32"}, "actions": {"factors": "32"}}


def recipe_arn(recipe: Recipe) -> str:
    return f"arn:aws:personalize:::recipe/{recipe.name}"


def lookup(arn: str, for_solution: bool = False) -> Recipe:
    """The recipe of an ARN; legacy HRNN recipes are refused as the service refuses them."""
    name = (arn or "").rsplit("/", 1)[-1]
    if name in LEGACY:
        raise AwsError("InvalidInputException",
                       f"Recipe {arn} is a legacy recipe that is no longer available for new solutions. "
                       f"Use arn:aws:personalize:::recipe/aws-user-personalization-v2 instead.")
    recipe = BY_ARN.get(arn)
    if recipe is None:
        raise AwsError("ResourceNotFoundException", f"Could not find recipe with ARN {arn}.")
    if for_solution and recipe.domain:
        raise AwsError("InvalidInputException",
                       f"Recipe {arn} is a domain use case: use CreateRecommender in a {recipe.domain} "
                       f"dataset group instead of CreateSolution.")
    return recipe


def _describe(recipe: Recipe) -> dict:
    return {"name": recipe.name, "recipeArn": recipe_arn(recipe),
            "algorithmArn": f"arn:aws:personalize:::algorithm/{recipe.name}",
            "featureTransformationArn": "arn:aws:personalize:::feature-transformation/JSON-percentile-filtering",
            "status": "ACTIVE", "description": recipe.description, "recipeType": recipe.recipe_type,
            "creationDateTime": CREATED, "lastUpdatedDateTime": CREATED}


@common.handler("ListRecipes")
def list_recipes(params: dict) -> dict:
    import datetime as dt
    from awsml_study.sim import jobs
    domain = params.get("domain")
    found = [r for r in RECIPES if (r.domain == domain if domain else r.domain is None)]
    summaries = [{"name": r.name, "recipeArn": recipe_arn(r), "status": "ACTIVE",
                  "creationDateTime": dt.datetime(2019, 6, 10, tzinfo=dt.timezone.utc),
                  "lastUpdatedDateTime": dt.datetime(2019, 6, 10, tzinfo=dt.timezone.utc),
                  **({"domain": r.domain} if r.domain else {})} for r in found]
    chunk, token = jobs.page(summaries, params.get("maxResults"), params.get("nextToken"),
                             error_code="InvalidNextTokenException")
    return {"recipes": chunk, **({"nextToken": token} if token else {})}


def _dated(d: dict) -> dict:
    import datetime as dt
    stamp = dt.datetime(2019, 6, 10, tzinfo=dt.timezone.utc)
    return {k: (stamp if v == CREATED else v) for k, v in d.items()}


@common.handler("DescribeRecipe")
def describe_recipe(params: dict) -> dict:
    return {"recipe": _dated(_describe(lookup(params["recipeArn"])))}


@common.handler("DescribeAlgorithm")
def describe_algorithm(params: dict) -> dict:
    arn = params["algorithmArn"]
    name = arn.rsplit("/", 1)[-1]
    recipe = BY_ARN.get(f"arn:aws:personalize:::recipe/{name}")
    if recipe is None or not arn.startswith("arn:aws:personalize:::algorithm/"):
        raise AwsError("ResourceNotFoundException", f"Could not find algorithm with ARN {arn}.")
    return {"algorithm": _dated({
        "name": recipe.name, "algorithmArn": arn,
        "algorithmImage": {"name": f"awsml-study/{recipe.model}",
                           "dockerURI": f"local://awsml_study.engines.recommend/{recipe.model}"},
        "defaultHyperParameters": HYPER[recipe.model],
        "defaultResourceConfig": {"cpu": "1", "threads": "1"},
        "trainingInputMode": "File", "creationDateTime": CREATED, "lastUpdatedDateTime": CREATED})}


@common.handler("DescribeFeatureTransformation")
def describe_feature_transformation(params: dict) -> dict:
    arn = params["featureTransformationArn"]
    if arn != "arn:aws:personalize:::feature-transformation/JSON-percentile-filtering":
        raise AwsError("ResourceNotFoundException", f"Could not find feature transformation with ARN {arn}.")
    return {"featureTransformation": _dated({
        "name": "JSON-percentile-filtering", "featureTransformationArn": arn,
        "defaultParameters": {"max_user_history_length_percentile": "0.99",
                              "min_user_history_length_percentile": "0.00"},
        "status": "ACTIVE", "creationDateTime": CREATED, "lastUpdatedDateTime": CREATED})}
