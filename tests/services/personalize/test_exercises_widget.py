"""The notebook's self-checks accept right answers, refuse wrong ones and wait for blank ones;
the recommendations widget shows a user's recommendations moving after PutEvents."""
import json

from awsml_study.exercises import personalize as check
from awsml_study.widgets.recommendations_view import RecommendationsView
from tests.services.personalize import pipeline as pl


def test_schema_and_recipe_checks(aws, capsys):
    p = aws("personalize")
    good = {"type": "record", "name": "Items", "namespace": "com.amazonaws.personalize.schema",
            "fields": [{"name": "ITEM_ID", "type": "string"}, {"name": "GENRES", "type": "string", "categorical": True},
                       {"name": "YEAR", "type": "int"}], "version": "1.0"}
    assert check.check_items_schema(p, json.dumps(good)) is True
    assert check.check_items_schema(p, json.dumps(dict(good, fields=good["fields"][:1]))) is False
    assert check.check_items_schema(p, None) is False
    assert check.NOT_ANSWERED in capsys.readouterr().out
    assert check.check_related_recipe("arn:aws:personalize:::recipe/aws-sims") is True
    assert check.check_related_recipe("arn:aws:personalize:::recipe/aws-vod-more-like-x") is False


def test_filter_metrics_and_events_checks(aws):
    arns = pl.group(aws)
    p, rt = aws("personalize"), aws("personalize-runtime")
    _, v, c = pl.campaign(aws, arns)
    _, pop = pl.solution(aws, arns, "aws-popularity-count")
    genres = {r["ITEM_ID"]: r["GENRES"] for r in arns["data"]["items"]}
    seen = {r["ITEM_ID"] for r in arns["data"]["interactions"] if r["USER_ID"] == "u7"}
    # A genre the user has watched some of, with more left unwatched: a wrong filter shows.
    def split(g):
        ids = [i for i, gs in genres.items() if g in gs.split("|")]
        return min(sum(i in seen for i in ids), sum(i not in seen for i in ids))
    genre = max(sorted({g for gs in genres.values() for g in gs.split("|")}), key=split)
    right = 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE) | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")'
    assert check.check_filter(p, rt, arns["group"], c, right, "u7", genre, seen, genres) is True
    assert check.check_filter(p, rt, arns["group"], c, "INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)",
                              "u7", genre, seen, genres) is False
    versions = {"aws-user-personalization-v2": v, "aws-popularity-count": pop}
    ndcg = {k: p.get_solution_metrics(solutionVersionArn=a)["metrics"]["normalized_discounted_cumulative_gain_at_10"]
            for k, a in versions.items()}
    best, worst = sorted(ndcg, key=ndcg.get, reverse=True)
    assert check.check_best_recipe(p, versions, best) is True
    assert check.check_best_recipe(p, versions, worst) is (ndcg[best] == ndcg[worst])
    # Exercise 5: the right answer is PutEvents of the genre for the user.
    tracking = p.create_event_tracker(name="t", datasetGroupArn=arns["group"])["trackingId"]
    natural = [x["itemId"] for x in rt.get_recommendations(campaignArn=c, userId="u9", numResults=10)["itemList"]]
    counts = {}
    for gs in genres.values():
        for g in gs.split("|"):
            counts[g] = counts.get(g, 0) + 1
    target = next(g for g in sorted(counts, key=lambda g: -counts[g])
                  if not any(g in genres[i].split("|") for i in natural))
    assert check.check_events_shift(rt, c, "u9", target, genres) is False      # nothing sent yet
    wanted = [i for i, gs in genres.items() if target in gs.split("|")][:10]
    for repeat in range(3):   # a binge: each movie watched three times
        aws("personalize-events").put_events(trackingId=tracking, userId="u9", sessionId="s9",
                                             eventList=[{"eventType": "watch", "itemId": i, "sentAt": 1_720_000_000 + k}
                                                        for k, i in enumerate(wanted)])
    assert check.check_events_shift(rt, c, "u9", target, genres) is True


def test_widget_shows_the_change_after_put_events(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns)
    tracking = aws("personalize").create_event_tracker(name="t", datasetGroupArn=arns["group"])["trackingId"]
    items = {r["ITEM_ID"]: r for r in arns["data"]["items"]}
    view = RecommendationsView(c, tracking, items, runtime=aws("personalize-runtime"), events=aws("personalize-events"))
    before = view.show("u4")
    genre = min(view.genres(list(items)), key=lambda g: view.genres(before)[g] - view.genres(list(items))[g])
    after = view.watch([i for i, r in items.items() if genre in r["GENRES"].split("|")][:10])
    changes = view.changes()
    assert len(before) == len(after) == 10 and changes["new"]
    assert view.genres(after)[genre] > view.genres(before)[genre]
    assert "after PutEvents" in view.render() and "u4" in view.render()
