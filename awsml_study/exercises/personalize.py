"""Self-checks for notebooks/11_personalize.ipynb."""
from __future__ import annotations

import json
import uuid
from awsml_study.exercises.feedback import NOT_ANSWERED, blank, placeholder, say

RECIPE = "arn:aws:personalize:::recipe/"


def check_items_schema(personalize, schema: str | dict) -> bool:
    """Exercise 1: an Items schema with ITEM_ID, a categorical GENRES and an int YEAR that Personalize accepts."""
    if blank(schema):
        return False
    text = schema if isinstance(schema, str) else json.dumps(schema)
    name = f"exercise-{uuid.uuid4().hex[:8]}"
    try:
        arn = personalize.create_schema(name=name, schema=text)["schemaArn"]
        group = personalize.create_dataset_group(name=name)["datasetGroupArn"]
        personalize.create_dataset(name=name, schemaArn=arn, datasetGroupArn=group, datasetType="Items")
    except personalize.exceptions.ClientError as err:
        return say(False, "", f"Personalize refused it: {err.response['Error']['Message']}")
    fields = {f["name"]: f for f in json.loads(text)["fields"]}
    genres, year = fields.get("GENRES", {}), fields.get("YEAR", {})
    ok = genres.get("categorical") is True and genres.get("type") in ("string", ["null", "string"]) \
        and year.get("type") in ("int", "long", ["null", "int"], ["null", "long"])
    return say(ok, "Personalize accepts it for an Items dataset, with GENRES categorical and YEAR numeric.",
               "Personalize accepts it, but GENRES must be a string with \"categorical\": true and YEAR an int.")


def check_related_recipe(answer: str) -> bool:
    """Exercise 2: the recipe for 'viewers of this movie also watched' in a Custom dataset group."""
    if blank(answer):
        return False
    name = str(answer).rsplit("/", 1)[-1]
    if name in ("aws-sims", "aws-similar-items"):
        return say(True, f"{name} is a RELATED_ITEMS recipe: GetRecommendations takes an itemId.", "")
    if name.startswith(("aws-ecomm", "aws-vod")):
        return say(False, "", "That is a domain use case (CreateRecommender); the group here is Custom.")
    return say(False, "", "Look for the recipes whose recipeType is RELATED_ITEMS (ListRecipes, DescribeRecipe).")


def check_filter(personalize, runtime, group_arn: str, campaign_arn: str, expression: str, user_id: str,
                 genre: str, history: set[str], genres: dict[str, str]) -> bool:
    """Exercise 3: a filter that drops what the user watched and keeps one $GENRE."""
    if blank(expression):
        return False
    try:
        arn = personalize.create_filter(name=f"exercise-{uuid.uuid4().hex[:8]}", datasetGroupArn=group_arn,
                                        filterExpression=expression)["filterArn"]
        desc = personalize.describe_filter(filterArn=arn)["filter"]
        if desc["status"] != "ACTIVE":
            return say(False, "", f"The filter is {desc['status']}: {desc.get('failureReason')}")
        recs = runtime.get_recommendations(campaignArn=campaign_arn, userId=user_id, numResults=10, filterArn=arn,
                                           filterValues={"GENRE": json.dumps(genre)})["itemList"]
    except personalize.exceptions.ClientError as err:
        return say(False, "", f"{err.response['Error']['Code']}: {err.response['Error']['Message']}")
    except runtime.exceptions.ClientError as err:
        return say(False, "", f"{err.response['Error']['Code']}: {err.response['Error']['Message']}")
    ids = [x["itemId"] for x in recs]
    seen = [i for i in ids if i in history]
    wrong = [i for i in ids if genre not in genres.get(i, "").split("|")]
    return say(bool(ids) and not seen and not wrong,
               f"{len(ids)} recommendations, all {genre}, none already watched.",
               f"Already watched: {seen or 'none'}; not {genre}: {wrong or 'none'}. Use two statements joined by |,"
               " or check the placeholder name ($GENRE).")


def check_best_recipe(personalize, versions: dict[str, str], answer: str) -> bool:
    """Exercise 4: the recipe whose solution version has the highest NDCG@10 (GetSolutionMetrics)."""
    if blank(answer):
        return False
    scores = {name: personalize.get_solution_metrics(solutionVersionArn=arn)["metrics"]
              ["normalized_discounted_cumulative_gain_at_10"] for name, arn in versions.items()}
    top = max(scores.values())
    best = [name for name, v in scores.items() if v == top]   # equal scores: any of them is right
    return say(str(answer) in best, f"{' and '.join(best)}: NDCG@10 {top:.3f}.",
               "Compare normalized_discounted_cumulative_gain_at_10 of each version's metrics.")


def check_events_shift(runtime, campaign_arn: str, user_id: str, genre: str, genres: dict[str, str],
                       at_least: int = 4) -> bool:
    """Exercise 5: after your PutEvents, at least `at_least` of the user's top 10 are of `genre`."""
    recs = runtime.get_recommendations(campaignArn=campaign_arn, userId=user_id, numResults=10)["itemList"]
    n = sum(genre in genres.get(x["itemId"], "").split("|") for x in recs)
    if n == 0:
        print(f"⏳ {NOT_ANSWERED}: send {genre} events for {user_id} with put_events, then run this cell again.")
        return False
    return say(n >= at_least, f"{n} of the top 10 are {genre}: the campaign followed the new events without retraining.",
               f"Only {n} of the top 10 are {genre}; send more {genre} events (10 per PutEvents call).")
