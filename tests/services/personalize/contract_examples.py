"""One representative call per Personalize operation (three clients), and the error cases."""
import json

from tests.services.personalize import pipeline as pl

SV = "arn:aws:personalize:::recipe/"
GONE = "arn:aws:personalize:us-east-1:123456789012:dataset-group/missing"


def small():
    return pl.data(n_users=60, n_items=50, n_interactions=1500, seed=5)


def grp(make, **kw):
    return pl.group(make, sample=small(), **kw)


def trained(make, recipe="aws-user-personalization-v2"):
    arns = grp(make)
    s, v = pl.solution(make, arns, recipe)
    return arns, s, v


def campaign(make, recipe="aws-user-personalization-v2", **kw):
    arns = grp(make)
    s, v, c = pl.campaign(make, arns, recipe, **kw)
    return arns, c


def tracker(make):
    arns = grp(make)
    t = make("personalize").create_event_tracker(name="tracker", datasetGroupArn=arns["group"])
    return arns, t


def flt(make):
    arns = grp(make)
    f = make("personalize").create_filter(
        name="no-watched", datasetGroupArn=arns["group"],
        filterExpression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")')["filterArn"]
    return arns, f


def batch_in(make, body):
    make("s3").put_object(Bucket=pl.BUCKET, Key="batch/in.json", Body=body.encode())
    return {"s3DataSource": {"path": f"s3://{pl.BUCKET}/batch/in.json"}}


OUT = {"s3DataDestination": {"path": f"s3://{pl.BUCKET}/batch/out/"}}


def inference_job(make):
    arns, s, v = trained(make)
    p = make("personalize")
    return p.create_batch_inference_job(jobName="batch", solutionVersionArn=v, roleArn=pl.ROLE,
                                        jobInput=batch_in(make, '{"userId": "u1"}\n{"userId": "u2"}'),
                                        jobOutput=OUT, numResults=5)["batchInferenceJobArn"]


def segment_job(make):
    arns, s, v = trained(make, "aws-item-affinity")
    p = make("personalize")
    return p.create_batch_segment_job(jobName="segment", solutionVersionArn=v, roleArn=pl.ROLE,
                                      jobInput=batch_in(make, '{"itemId": ["m1", "m2"]}'),
                                      jobOutput=OUT, numResults=5)["batchSegmentJobArn"]


def recommender(make):
    arns = grp(make, name="vod", domain="VIDEO_ON_DEMAND")
    return make("personalize").create_recommender(name="top-picks", datasetGroupArn=arns["group"],
                                                  recipeArn=SV + "aws-vod-top-picks")["recommenderArn"]


def export_job(make):
    arns = grp(make)
    return make("personalize").create_dataset_export_job(
        jobName="export", datasetArn=arns["interactions"], roleArn=pl.ROLE, ingestionMode="BULK",
        jobOutput={"s3DataDestination": {"path": f"s3://{pl.BUCKET}/export/"}})["datasetExportJobArn"]


def deletion_job(make):
    arns = grp(make)
    make("s3").put_object(Bucket=pl.BUCKET, Key="delete.csv", Body=b"USER_ID\nu1\n")
    return make("personalize").create_data_deletion_job(
        jobName="forget-u1", datasetGroupArn=arns["group"], roleArn=pl.ROLE,
        dataSource={"dataLocation": f"s3://{pl.BUCKET}/delete.csv"})["dataDeletionJobArn"]


def schema(make, name="plain"):
    return make("personalize").create_schema(name=name, schema=json.dumps(pl.INTERACTIONS))["schemaArn"]


def new_schema_with_extra(make):
    doc = json.loads(json.dumps(pl.INTERACTIONS))
    doc["fields"].append({"name": "DEVICE", "type": ["null", "string"], "categorical": True})
    return make("personalize").create_schema(name="wider", schema=json.dumps(doc))["schemaArn"]


def _version_stopped(make):
    arns = grp(make)
    p = make("personalize")
    s = p.create_solution(name="to-stop", datasetGroupArn=arns["group"], recipeArn=SV + "aws-sims")["solutionArn"]
    return p.create_solution_version(solutionArn=s)["solutionVersionArn"]


METRICS = [{"eventType": "watch", "metricName": "WATCHES", "expression": "SAMPLECOUNT()"},
           {"eventType": "watch", "metricName": "YEARS", "expression": "SUM(Items.YEAR)"}]
ATTRIBUTION_OUT = {"roleArn": pl.ROLE, "s3DataDestination": {"path": f"s3://{pl.BUCKET}/metrics/"}}


def attribution(make):
    arns = grp(make)
    return arns, make("personalize").create_metric_attribution(
        name="impact", datasetGroupArn=arns["group"], metrics=METRICS,
        metricsOutputConfig=ATTRIBUTION_OUT)["metricAttributionArn"]


EXAMPLES = {
    "CreateMetricAttribution": lambda make: {"name": "m", "datasetGroupArn": grp(make)["group"], "metrics": METRICS,
                                             "metricsOutputConfig": ATTRIBUTION_OUT},
    "DescribeMetricAttribution": lambda make: {"metricAttributionArn": attribution(make)[1]},
    "ListMetricAttributions": lambda make: {"datasetGroupArn": attribution(make)[0]["group"]},
    "ListMetricAttributionMetrics": lambda make: {"metricAttributionArn": attribution(make)[1]},
    "UpdateMetricAttribution": lambda make: {"metricAttributionArn": attribution(make)[1], "removeMetrics": ["YEARS"]},
    "DeleteMetricAttribution": lambda make: {"metricAttributionArn": attribution(make)[1]},
    "CreateDatasetGroup": lambda make: {"name": "movies"},
    "DescribeDatasetGroup": lambda make: {"datasetGroupArn": grp(make)["group"]},
    "ListDatasetGroups": lambda make: (grp(make), {})[1],
    "DeleteDatasetGroup": lambda make: {"datasetGroupArn": make("personalize").create_dataset_group(name="x")["datasetGroupArn"]},
    "CreateSchema": lambda make: {"name": "s", "schema": json.dumps(pl.INTERACTIONS)},
    "DescribeSchema": lambda make: {"schemaArn": schema(make)},
    "ListSchemas": lambda make: (schema(make), {})[1],
    "DeleteSchema": lambda make: {"schemaArn": schema(make)},
    "CreateDataset": lambda make: {"name": "i", "datasetType": "Interactions", "schemaArn": schema(make),
                                   "datasetGroupArn": make("personalize").create_dataset_group(name="g")["datasetGroupArn"]},
    "DescribeDataset": lambda make: {"datasetArn": grp(make)["interactions"]},
    "ListDatasets": lambda make: {"datasetGroupArn": grp(make)["group"]},
    "UpdateDataset": lambda make: {"datasetArn": grp(make)["interactions"], "schemaArn": new_schema_with_extra(make)},
    "DeleteDataset": lambda make: {"datasetArn": grp(make)["items"]},
    "CreateDatasetImportJob": lambda make: {"jobName": "again", "datasetArn": grp(make)["interactions"], "roleArn": pl.ROLE,
                                            "dataSource": {"dataLocation": f"s3://{pl.BUCKET}/movies-interactions.csv"},
                                            "importMode": "INCREMENTAL"},
    "DescribeDatasetImportJob": lambda make: {"datasetImportJobArn": grp(make)["interactions_import"]},
    "ListDatasetImportJobs": lambda make: {"datasetArn": grp(make)["interactions"]},
    "CreateDatasetExportJob": lambda make: {"jobName": "e", "datasetArn": grp(make)["interactions"], "roleArn": pl.ROLE,
                                            "jobOutput": {"s3DataDestination": {"path": f"s3://{pl.BUCKET}/export/"}}},
    "DescribeDatasetExportJob": lambda make: {"datasetExportJobArn": export_job(make)},
    "ListDatasetExportJobs": lambda make: (export_job(make), {})[1],
    "CreateDataDeletionJob": lambda make: {"jobName": "d", "datasetGroupArn": grp(make)["group"], "roleArn": pl.ROLE,
                                           "dataSource": {"dataLocation": f"s3://{pl.BUCKET}/movies-interactions.csv"}},
    "DescribeDataDeletionJob": lambda make: {"dataDeletionJobArn": deletion_job(make)},
    "ListDataDeletionJobs": lambda make: (deletion_job(make), {})[1],
    "ListRecipes": lambda make: {"domain": "ECOMMERCE"},
    "DescribeRecipe": lambda make: {"recipeArn": SV + "aws-user-personalization-v2"},
    "DescribeAlgorithm": lambda make: {"algorithmArn": "arn:aws:personalize:::algorithm/aws-sims"},
    "DescribeFeatureTransformation": lambda make: {
        "featureTransformationArn": "arn:aws:personalize:::feature-transformation/JSON-percentile-filtering"},
    "CreateSolution": lambda make: {"name": "sol", "datasetGroupArn": grp(make)["group"], "recipeArn": SV + "aws-sims"},
    "DescribeSolution": lambda make: {"solutionArn": trained(make)[1]},
    "ListSolutions": lambda make: {"datasetGroupArn": trained(make)[0]["group"]},
    "UpdateSolution": lambda make: {"solutionArn": trained(make)[1], "performAutoTraining": False},
    "DeleteSolution": lambda make: {"solutionArn": trained(make)[1]},
    "CreateSolutionVersion": lambda make: {"solutionArn": trained(make, "aws-user-personalization")[1], "trainingMode": "UPDATE"},
    "DescribeSolutionVersion": lambda make: {"solutionVersionArn": trained(make)[2]},
    "ListSolutionVersions": lambda make: {"solutionArn": trained(make)[1]},
    "StopSolutionVersionCreation": lambda make: {"solutionVersionArn": _version_stopped(make)},
    "GetSolutionMetrics": lambda make: {"solutionVersionArn": trained(make)[2]},
    "CreateCampaign": lambda make: {"name": "c", "solutionVersionArn": trained(make)[2], "minProvisionedTPS": 1},
    "DescribeCampaign": lambda make: {"campaignArn": campaign(make)[1]},
    "ListCampaigns": lambda make: (campaign(make), {})[1],
    "UpdateCampaign": lambda make: {"campaignArn": campaign(make)[1], "minProvisionedTPS": 2},
    "DeleteCampaign": lambda make: {"campaignArn": campaign(make)[1]},
    "CreateEventTracker": lambda make: {"name": "t", "datasetGroupArn": grp(make)["group"]},
    "DescribeEventTracker": lambda make: {"eventTrackerArn": tracker(make)[1]["eventTrackerArn"]},
    "ListEventTrackers": lambda make: {"datasetGroupArn": tracker(make)[0]["group"]},
    "DeleteEventTracker": lambda make: {"eventTrackerArn": tracker(make)[1]["eventTrackerArn"]},
    "CreateFilter": lambda make: {"name": "f", "datasetGroupArn": grp(make)["group"],
                                  "filterExpression": 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)'},
    "DescribeFilter": lambda make: {"filterArn": flt(make)[1]},
    "ListFilters": lambda make: {"datasetGroupArn": flt(make)[0]["group"]},
    "DeleteFilter": lambda make: {"filterArn": flt(make)[1]},
    "CreateRecommender": lambda make: {"name": "r", "datasetGroupArn": grp(make, name="vod", domain="VIDEO_ON_DEMAND")["group"],
                                       "recipeArn": SV + "aws-vod-most-popular"},
    "DescribeRecommender": lambda make: {"recommenderArn": recommender(make)},
    "ListRecommenders": lambda make: (recommender(make), {})[1],
    "UpdateRecommender": lambda make: {"recommenderArn": recommender(make),
                                       "recommenderConfig": {"minRecommendationRequestsPerSecond": 2}},
    "StopRecommender": lambda make: {"recommenderArn": recommender(make)},
    "StartRecommender": lambda make: {"recommenderArn": (lambda r: (make("personalize").stop_recommender(recommenderArn=r), r)[1])(recommender(make))},
    "DeleteRecommender": lambda make: {"recommenderArn": recommender(make)},
    "CreateBatchInferenceJob": lambda make: {"jobName": "b", "solutionVersionArn": trained(make)[2], "roleArn": pl.ROLE,
                                             "jobInput": batch_in(make, '{"userId": "u3"}'), "jobOutput": OUT},
    "DescribeBatchInferenceJob": lambda make: {"batchInferenceJobArn": inference_job(make)},
    "ListBatchInferenceJobs": lambda make: (inference_job(make), {})[1],
    "CreateBatchSegmentJob": lambda make: {"jobName": "s", "solutionVersionArn": trained(make, "aws-item-affinity")[2],
                                           "roleArn": pl.ROLE, "jobInput": batch_in(make, '{"itemId": ["m3"]}'), "jobOutput": OUT},
    "DescribeBatchSegmentJob": lambda make: {"batchSegmentJobArn": segment_job(make)},
    "ListBatchSegmentJobs": lambda make: (segment_job(make), {})[1],
    "TagResource": lambda make: {"resourceArn": grp(make)["group"], "tags": [{"tagKey": "team", "tagValue": "ml"}]},
    "UntagResource": lambda make: {"resourceArn": grp(make)["group"], "tagKeys": ["team"]},
    "ListTagsForResource": lambda make: {"resourceArn": make("personalize").create_dataset_group(
        name="tagged", tags=[{"tagKey": "team", "tagValue": "ml"}])["datasetGroupArn"]},
    "personalize-runtime:GetRecommendations": lambda make: {"campaignArn": campaign(make)[1], "userId": "u1", "numResults": 5},
    "personalize-runtime:GetPersonalizedRanking": lambda make: {
        "campaignArn": campaign(make, "aws-personalized-ranking-v2")[1], "userId": "u1", "inputList": ["m1", "m2", "m3"]},
    "personalize-events:PutEvents": lambda make: {
        "trackingId": tracker(make)[1]["trackingId"], "userId": "u1", "sessionId": "s1",
        "eventList": [{"eventType": "watch", "itemId": "m7", "sentAt": 1_710_000_000}]},
    "personalize-runtime:GetActionRecommendations": lambda make: {
        "campaignArn": pl.campaign(make, pl.actions_group(make, sample=small()), "aws-next-best-action")[2],
        "userId": "u1", "numResults": 3},
    "personalize-events:PutItems": lambda make: {
        "datasetArn": grp(make)["items"], "items": [{"itemId": "m999", "properties": '{"genres": "Comedy", "year": 2024}'}]},
    "personalize-events:PutUsers": lambda make: {
        "datasetArn": grp(make, with_users=True)["users"],
        "users": [{"userId": "u999", "properties": '{"ageGroup": "25-34", "membership": "free"}'}]},
    "personalize-events:PutActions": lambda make: {
        "datasetArn": pl.empty_dataset(make, grp(make)["group"], "Actions", pl.ACTIONS, "actions"),
        "actions": [{"actionId": "join-premium", "properties": '{"value": 10}'}]},
    "personalize-events:PutActionInteractions": lambda make: (lambda t: (
        pl.empty_dataset(make, t[0]["group"], "Action_Interactions", pl.ACTION_INTERACTIONS, "action-events"),
        {"trackingId": t[1]["trackingId"], "actionInteractions": [
            {"actionId": "join-premium", "userId": "u1", "sessionId": "s1", "timestamp": 1_710_000_000, "eventType": "Taken"}]})[1])(tracker(make)),
}

ERRORS = [
    ("CreateMetricAttribution", lambda make: {"name": "m", "datasetGroupArn": grp(make)["group"],
                                              "metrics": [{"eventType": "watch", "metricName": "X", "expression": "AVG(Items.YEAR)"}],
                                              "metricsOutputConfig": ATTRIBUTION_OUT}, "InvalidInputException"),
    ("DescribeDatasetGroup", lambda make: {"datasetGroupArn": GONE}, "ResourceNotFoundException"),
    ("CreateDatasetGroup", lambda make: {"name": "bad name!"}, "InvalidInputException"),
    ("CreateDatasetGroup", lambda make: (make("personalize").create_dataset_group(name="twice"), {"name": "twice"})[1],
     "ResourceAlreadyExistsException"),
    ("CreateSchema", lambda make: {"name": "broken", "schema": "{not json"}, "InvalidInputException"),
    ("CreateDataset", lambda make: {"name": "i", "datasetType": "Actions", "schemaArn": schema(make),
                                    "datasetGroupArn": make("personalize").create_dataset_group(name="g")["datasetGroupArn"]},
     "InvalidInputException"),
    ("CreateSolution", lambda make: {"name": "old", "datasetGroupArn": grp(make)["group"], "recipeArn": SV + "aws-hrnn"},
     "InvalidInputException"),
    ("CreateFilter", lambda make: {"name": "bad", "datasetGroupArn": grp(make)["group"],
                                   "filterExpression": "EXCLUDE ItemID WHERE Items.GENRES IN"}, "InvalidInputException"),
    ("DeleteDatasetGroup", lambda make: {"datasetGroupArn": grp(make)["group"]}, "ResourceInUseException"),
    ("ListDatasetGroups", lambda make: {"nextToken": "garbage"}, "InvalidNextTokenException"),
    ("personalize-runtime", "GetRecommendations",
     lambda make: {"campaignArn": "arn:aws:personalize:us-east-1:123456789012:campaign/none", "userId": "u1"},
     "ResourceNotFoundException"),
    ("personalize-runtime", "GetRecommendations",
     lambda make: {"campaignArn": campaign(make)[1], "userId": "u1", "numResults": 501}, "InvalidInputException"),
    ("personalize-events", "PutEvents",
     lambda make: {"trackingId": "no-such-tracker", "sessionId": "s1",
                   "eventList": [{"eventType": "watch", "itemId": "m1", "sentAt": 1_710_000_000}]},
     "ResourceNotFoundException"),
    ("personalize-events", "PutItems",
     lambda make: {"datasetArn": grp(make)["items"], "items": [{"itemId": "m1", "properties": '{"colour": "red"}'}]},
     "InvalidInputException"),
]
