"""Filters (the expression language, parameters, errors) and batch inference / segment jobs."""
import json

import pytest
from botocore.exceptions import ClientError

from awsml_study.engines.recommend import filters, metrics
from tests.services.personalize import pipeline as pl


def make_filter(aws, arns, expression, name="f"):
    p = aws("personalize")
    arn = p.create_filter(name=name, datasetGroupArn=arns["group"], filterExpression=expression)["filterArn"]
    return arn, p.describe_filter(filterArn=arn)["filter"]


def test_exclude_watched_items(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns)
    f, desc = make_filter(aws, arns, 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")')
    recs = aws("personalize-runtime").get_recommendations(campaignArn=c, userId="u1", numResults=20, filterArn=f)
    watched = {r["ITEM_ID"] for r in arns["data"]["interactions"] if r["USER_ID"] == "u1"}
    got = {x["itemId"] for x in recs["itemList"]}
    assert desc["status"] == "ACTIVE" and len(got) == 20 and not got & watched


def test_include_genre_with_filter_values(aws):
    arns = pl.group(aws)
    _, _, c = pl.campaign(aws, arns)
    f, _ = make_filter(aws, arns, "INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)")
    rt = aws("personalize-runtime")
    recs = rt.get_recommendations(campaignArn=c, userId="u1", numResults=5, filterArn=f,
                                  filterValues={"GENRE": '"Comedy","War"'})
    genres = {r["ITEM_ID"]: set(r["GENRES"].split("|")) for r in arns["data"]["items"]}
    assert recs["itemList"] and all(genres[x["itemId"]] & {"Comedy", "War"} for x in recs["itemList"])
    with pytest.raises(ClientError) as err:   # an INCLUDE needs every parameter
        rt.get_recommendations(campaignArn=c, userId="u1", filterArn=f)
    assert err.value.response["Error"]["Code"] == "InvalidInputException"


def test_malformed_and_unknown_field_filters(aws):
    arns = pl.group(aws)
    with pytest.raises(ClientError) as err:
        make_filter(aws, arns, "EXCLUDE ItemID Items.GENRES IN (\"x\")")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"
    assert "WHERE" in err.value.response["Error"]["Message"]
    _, desc = make_filter(aws, arns, 'INCLUDE ItemID WHERE Items.PRICE > 10', name="price")
    assert desc["status"] == "CREATE FAILED" and "PRICE" in desc["failureReason"]


def test_batch_inference_writes_json_lines(aws):
    arns = pl.group(aws)
    _, v = pl.solution(aws, arns)
    s3 = aws("s3")
    s3.put_object(Bucket=pl.BUCKET, Key="in/users.json", Body=b'{"userId": "u1"}\n{"userId": "u2"}\n')
    p = aws("personalize")
    job = p.create_batch_inference_job(jobName="nightly", solutionVersionArn=v, roleArn=pl.ROLE, numResults=7,
                                       jobInput={"s3DataSource": {"path": f"s3://{pl.BUCKET}/in/users.json"}},
                                       jobOutput={"s3DataDestination": {"path": f"s3://{pl.BUCKET}/out/"}})
    desc = p.describe_batch_inference_job(batchInferenceJobArn=job["batchInferenceJobArn"])["batchInferenceJob"]
    body = s3.get_object(Bucket=pl.BUCKET, Key="out/users.json.out")["Body"].read().decode()
    lines = [json.loads(x) for x in body.splitlines()]
    assert desc["status"] == "ACTIVE"
    assert [x["input"]["userId"] for x in lines] == ["u1", "u2"]
    assert all(len(x["output"]["recommendedItems"]) == 7 for x in lines)


def test_batch_segment_finds_the_fans_of_an_item(aws):
    arns = pl.group(aws)
    _, v = pl.solution(aws, arns, "aws-item-affinity")
    s3 = aws("s3")
    s3.put_object(Bucket=pl.BUCKET, Key="in/items.json", Body=b'{"itemId": ["m1"]}\n')
    p = aws("personalize")
    job = p.create_batch_segment_job(jobName="fans", solutionVersionArn=v, roleArn=pl.ROLE, numResults=10,
                                     jobInput={"s3DataSource": {"path": f"s3://{pl.BUCKET}/in/items.json"}},
                                     jobOutput={"s3DataDestination": {"path": f"s3://{pl.BUCKET}/seg/"}})
    desc = p.describe_batch_segment_job(batchSegmentJobArn=job["batchSegmentJobArn"])["batchSegmentJob"]
    assert desc["status"] == "ACTIVE"
    line = json.loads(s3.get_object(Bucket=pl.BUCKET, Key="seg/items.json.out")["Body"].read())
    users = line["output"]["usersList"]
    fans = {r["USER_ID"] for r in arns["data"]["interactions"] if r["ITEM_ID"] == "m1"}
    assert len(users) == 10 and len(set(users) & fans) >= 3


def test_filter_parser_and_applier():
    st = filters.parse('INCLUDE ItemID WHERE Items.GENRE IN ($G) AND Items.YEAR >= 1990 | '
                       'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")')
    apply = filters.Applier(st, {"G": '"Comedy"'}).apply
    meta = {"a": {"GENRE": {"Comedy"}, "YEAR": 2000}, "b": {"GENRE": {"Comedy"}, "YEAR": 1980},
            "c": {"GENRE": {"Drama"}, "YEAR": 2001}, "d": {"GENRE": {"Comedy"}, "YEAR": 1995}}
    assert apply(["a", "b", "c", "d"], meta, {"click": {"d"}}, None) == ["a"]
    with pytest.raises(filters.FilterSyntaxError):
        filters.parse("EXCLUDE ItemID WHERE Items.GENRE IN (\"x\"")


def test_metrics_by_hand():
    got = metrics.score_lists({0: [5, 1, 2]}, {0: {1}}, n_items=10)
    assert got["mean_reciprocal_rank_at_25"] == 0.5
    assert got["precision_at_5"] == 0.2
    assert abs(got["normalized_discounted_cumulative_gain_at_5"] - 0.6309) < 1e-3
    assert got["coverage"] == 0.3


def test_metric_attribution_publishes_event_metrics(aws):
    arns = pl.group(aws)
    p = aws("personalize")
    m = p.create_metric_attribution(
        name="impact", datasetGroupArn=arns["group"], metricsOutputConfig={"roleArn": pl.ROLE},
        metrics=[{"eventType": "watch", "metricName": "WATCHES", "expression": "SAMPLECOUNT()"},
                 {"eventType": "watch", "metricName": "YEARS", "expression": "SUM(Items.YEAR)"}])["metricAttributionArn"]
    assert p.describe_metric_attribution(metricAttributionArn=m)["metricAttribution"]["status"] == "ACTIVE"
    tracking = p.create_event_tracker(name="t", datasetGroupArn=arns["group"])["trackingId"]
    year = {r["ITEM_ID"]: r["YEAR"] for r in arns["data"]["items"]}
    aws("personalize-events").put_events(trackingId=tracking, userId="u1", sessionId="s", eventList=[
        {"eventType": "watch", "itemId": i, "sentAt": 1_720_000_000,
         "metricAttribution": {"eventAttributionSource": "home-row"}} for i in ("m1", "m2")])
    cw = aws("cloudwatch")
    got = {}
    for name in ("WATCHES", "YEARS"):
        stats = cw.get_metric_statistics(Namespace="AWS/Personalize", MetricName=name, Statistics=["Sum"], Period=60,
                                         Dimensions=[{"Name": "EventAttributionSource", "Value": "home-row"}],
                                         StartTime="2000-01-01", EndTime="2100-01-01")["Datapoints"]
        got[name] = sum(d["Sum"] for d in stats)
    assert got == {"WATCHES": 2.0, "YEARS": float(year["m1"] + year["m2"])}
    bad = p.create_metric_attribution  # one per dataset group
    with pytest.raises(ClientError) as err:
        bad(name="again", datasetGroupArn=arns["group"], metricsOutputConfig={"roleArn": pl.ROLE},
            metrics=[{"eventType": "watch", "metricName": "W", "expression": "SAMPLECOUNT()"}])
    assert err.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"


def test_item_attribute_affinity_segment(aws):
    arns = pl.group(aws)
    _, v = pl.solution(aws, arns, "aws-item-attribute-affinity")
    s3, p = aws("s3"), aws("personalize")
    s3.put_object(Bucket=pl.BUCKET, Key="in/attr.json", Body=b'{"itemAttributes": "ITEMS.GENRES = \\"Comedy\\""}\n')
    job = p.create_batch_segment_job(jobName="comedy-fans", solutionVersionArn=v, roleArn=pl.ROLE, numResults=5,
                                     jobInput={"s3DataSource": {"path": f"s3://{pl.BUCKET}/in/attr.json"}},
                                     jobOutput={"s3DataDestination": {"path": f"s3://{pl.BUCKET}/attr/"}})
    assert p.describe_batch_segment_job(batchSegmentJobArn=job["batchSegmentJobArn"])["batchSegmentJob"]["status"] == "ACTIVE"
    users = json.loads(s3.get_object(Bucket=pl.BUCKET, Key="attr/attr.json.out")["Body"].read())["output"]["usersList"]
    comedy = {r["ITEM_ID"] for r in arns["data"]["items"] if "Comedy" in r["GENRES"].split("|")}
    share = {}
    for r in arns["data"]["interactions"]:
        n, hits = share.get(r["USER_ID"], (0, 0))
        share[r["USER_ID"]] = (n + 1, hits + (r["ITEM_ID"] in comedy))
    ratio = {u: h / n for u, (n, h) in share.items()}
    assert len(users) == 5 and min(ratio[u] for u in users) >= sorted(ratio.values())[-10]
