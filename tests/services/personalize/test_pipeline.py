"""Personalize end to end: imports checked against the schema, training, metrics, campaigns, runtime."""
import json

import pytest
from botocore.exceptions import ClientError

from tests.services.personalize import pipeline as pl

RECIPE = "arn:aws:personalize:::recipe/"


def status_of(p, kind, arn):
    return getattr(p, f"describe_{kind}")(**{f"{_camel(kind)}Arn": arn})[_camel(kind)]


def _camel(kind):
    head, *rest = kind.split("_")
    return head + "".join(w.title() for w in rest)


def test_pipeline_trains_and_recommends(aws):
    # Setup
    arns = pl.group(aws)
    p = aws("personalize")
    # Execute
    s, v, c = pl.campaign(aws, arns)
    version = status_of(p, "solution_version", v)
    metrics = p.get_solution_metrics(solutionVersionArn=v)["metrics"]
    recs = aws("personalize-runtime").get_recommendations(campaignArn=c, userId="u1", numResults=10)
    # Verify
    assert status_of(p, "dataset_import_job", arns["interactions_import"])["status"] == "ACTIVE"
    assert version["status"] == "ACTIVE" and version["trainingMode"] == "FULL"
    assert set(metrics) >= {"precision_at_25", "normalized_discounted_cumulative_gain_at_5",
                            "normalized_discounted_cumulative_gain_at_10",
                            "normalized_discounted_cumulative_gain_at_25", "mean_reciprocal_rank_at_25", "coverage"}
    assert 0 < metrics["normalized_discounted_cumulative_gain_at_10"] <= 1
    items = recs["itemList"]
    assert len(items) == 10 and recs["recommendationId"].startswith("RID-")
    scores = [x["score"] for x in items]
    assert scores == sorted(scores, reverse=True) and len({x["itemId"] for x in items}) == 10


def test_personalization_beats_popularity_offline(aws):
    arns = pl.group(aws, sample=pl.data(n_users=300, n_items=120, n_interactions=9000, seed=11))
    p = aws("personalize")
    _, als = pl.solution(aws, arns, "aws-user-personalization-v2")
    _, pop = pl.solution(aws, arns, "aws-popularity-count")
    m_als = p.get_solution_metrics(solutionVersionArn=als)["metrics"]
    m_pop = p.get_solution_metrics(solutionVersionArn=pop)["metrics"]
    assert m_als["normalized_discounted_cumulative_gain_at_10"] > 1.5 * m_pop["normalized_discounted_cumulative_gain_at_10"]
    assert m_als["coverage"] > m_pop["coverage"]


def test_cold_start_user_gets_the_popular_items(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns)
    rt = aws("personalize-runtime")
    got = [x["itemId"] for x in rt.get_recommendations(campaignArn=c, userId="new-visitor", numResults=5)["itemList"]]
    counts = {}
    for r in arns["data"]["interactions"]:
        counts[r["ITEM_ID"]] = counts.get(r["ITEM_ID"], 0) + 1
    most = sorted(counts, key=lambda k: -counts[k])[:5]
    assert got[:3] == most[:3]


def test_put_events_change_the_next_recommendations(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns)
    p, rt, ev = aws("personalize"), aws("personalize-runtime"), aws("personalize-events")
    tracking = p.create_event_tracker(name="web", datasetGroupArn=arns["group"])["trackingId"]
    genres = {r["ITEM_ID"]: r["GENRES"].split("|") for r in arns["data"]["items"]}
    before = [x["itemId"] for x in rt.get_recommendations(campaignArn=c, userId="u5", numResults=10)["itemList"]]
    # The genre the current recommendations show least, among genres with 10 movies or more.
    counts = {}
    for gs in genres.values():
        for g in gs:
            counts[g] = counts.get(g, 0) + 1
    big = [g for g, n in counts.items() if n >= 10]
    target = min(big, key=lambda g: sum(g in genres[i] for i in before))
    horror = [i for i, gs in genres.items() if target in gs]
    for start in (0,):
        ev.put_events(trackingId=tracking, userId="u5", sessionId="s-u5",
                      eventList=[{"eventType": "watch", "itemId": i, "sentAt": 1_720_000_000 + k}
                                 for k, i in enumerate(horror[start:start + 10])])
    after = [x["itemId"] for x in rt.get_recommendations(campaignArn=c, userId="u5", numResults=10)["itemList"]]
    assert after != before
    assert sum(i in horror for i in after) > sum(i in horror for i in before)


def test_personalized_ranking_reorders_exactly_the_input(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns, "aws-personalized-ranking-v2")
    ask = ["m3", "m9", "m1", "m40", "not-in-catalogue"]
    out = aws("personalize-runtime").get_personalized_ranking(campaignArn=c, userId="u2", inputList=ask)
    ranked = [x["itemId"] for x in out["personalizedRanking"]]
    assert sorted(ranked) == sorted(ask)
    assert ranked[-1] == "not-in-catalogue"
    assert abs(sum(x["score"] for x in out["personalizedRanking"]) - 1.0) < 1e-3


def test_related_items_and_unknown_item(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns, "aws-sims")
    rt = aws("personalize-runtime")
    similar = [x["itemId"] for x in rt.get_recommendations(campaignArn=c, itemId="m1", numResults=5)["itemList"]]
    assert "m1" not in similar and len(similar) == 5
    with pytest.raises(ClientError) as err:
        rt.get_recommendations(campaignArn=c, userId="u1")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"


def test_num_results_limit(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns)
    with pytest.raises(ClientError) as err:
        aws("personalize-runtime").get_recommendations(campaignArn=c, userId="u1", numResults=501)
    assert err.value.response["Error"]["Code"] == "InvalidInputException"


def test_update_mode_is_user_personalization_only(aws):
    arns = pl.group(aws)
    p = aws("personalize")
    s2, _ = pl.solution(aws, arns, "aws-user-personalization-v2")
    with pytest.raises(ClientError) as err:
        p.create_solution_version(solutionArn=s2, trainingMode="UPDATE")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"
    s1, v1 = pl.solution(aws, arns, "aws-user-personalization")
    v2 = p.create_solution_version(solutionArn=s1, trainingMode="UPDATE")["solutionVersionArn"]
    assert status_of(p, "solution_version", v2)["status"] == "ACTIVE"
    assert status_of(p, "solution_version", v2)["trainingMode"] == "UPDATE"


def test_legacy_hrnn_is_refused(aws):
    arns = pl.group(aws)
    with pytest.raises(ClientError) as err:
        aws("personalize").create_solution(name="old", datasetGroupArn=arns["group"], recipeArn=RECIPE + "aws-hrnn")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"
    assert "legacy" in err.value.response["Error"]["Message"]


def test_domain_recommender_serves_top_picks(aws):
    arns = pl.group(aws, name="vod", domain="VIDEO_ON_DEMAND")
    p = aws("personalize")
    r = p.create_recommender(name="picks", datasetGroupArn=arns["group"], recipeArn=RECIPE + "aws-vod-top-picks")["recommenderArn"]
    desc = p.describe_recommender(recommenderArn=r)["recommender"]
    recs = aws("personalize-runtime").get_recommendations(recommenderArn=r, userId="u3", numResults=4)
    assert desc["status"] == "ACTIVE" and "coverage" in desc["modelMetrics"]
    assert len(recs["itemList"]) == 4
    with pytest.raises(ClientError) as err:
        p.create_recommender(name="bad", datasetGroupArn=arns["group"], recipeArn=RECIPE + "aws-ecomm-recommended-for-you")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"


def test_tags_everywhere(aws):
    p = aws("personalize")
    g = p.create_dataset_group(name="tagged", tags=[{"tagKey": "team", "tagValue": "ml"}])["datasetGroupArn"]
    p.tag_resource(resourceArn=g, tags=[{"tagKey": "stage", "tagValue": "lab"}])
    p.untag_resource(resourceArn=g, tagKeys=["team"])
    assert p.list_tags_for_resource(resourceArn=g)["tags"] == [{"tagKey": "stage", "tagValue": "lab"}]


def test_exploration_weight_surfaces_new_items(aws):
    arns = pl.group(aws)
    aws("personalize-events").put_items(datasetArn=arns["items"], items=[
        {"itemId": f"new{k}", "properties": json.dumps({"genres": "Comedy", "year": 2026})} for k in range(3)])
    s, v = pl.solution(aws, arns, "aws-user-personalization")
    p, rt = aws("personalize"), aws("personalize-runtime")
    explore = p.create_campaign(name="explore", solutionVersionArn=v, campaignConfig={
        "itemExplorationConfig": {"explorationWeight": "0.9", "explorationItemAgeCutOff": "30"}})["campaignArn"]
    steady = p.create_campaign(name="steady", solutionVersionArn=v, campaignConfig={
        "itemExplorationConfig": {"explorationWeight": "0"}})["campaignArn"]
    top = rt.get_recommendations(campaignArn=explore, userId="u1", numResults=5)["itemList"]
    plain = rt.get_recommendations(campaignArn=steady, userId="u1", numResults=25)["itemList"]
    assert {x["itemId"] for x in top[:3]} == {"new0", "new1", "new2"}
    assert all(x["reason"] == ["Exploration item"] for x in top[:3])
    assert not any(x["itemId"].startswith("new") for x in plain)


def test_next_best_action(aws):
    arns = pl.actions_group(aws)
    _, v, c = pl.campaign(aws, arns, "aws-next-best-action")
    rt = aws("personalize-runtime")
    out = rt.get_action_recommendations(campaignArn=c, userId="u1", numResults=4)
    assert len(out["actionList"]) == 4 and all(a["actionId"].startswith("a") for a in out["actionList"])
    with pytest.raises(ClientError) as err:
        rt.get_recommendations(campaignArn=c, userId="u1")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"
