"""Metric attributions: SUM()/SAMPLECOUNT() of streamed events, published to CloudWatch (served by moto).

Each PutEvents event of a metric's eventType adds to that metric, per eventAttributionSource,
as the service reports them; CloudWatch receives the values in the AWS/Personalize namespace.
"""
from __future__ import annotations

import re

from awsml_study.services.personalize import common, datasets
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError

KEYS = ("name", "metricAttributionArn", "status", "creationDateTime", "lastUpdatedDateTime", "failureReason")
EXPRESSION = re.compile(r"^\s*(?:SAMPLECOUNT\(\s*\)|SUM\(\s*(Interactions|Items)\.([A-Za-z0-9_]+)\s*\))\s*$", re.I)
MAX_METRICS = 10
NAMESPACE = "AWS/Personalize"


def _check(metrics: list[dict]) -> None:
    if len(metrics) > MAX_METRICS:
        raise AwsError("LimitExceededException", f"A metric attribution can have at most {MAX_METRICS} metrics.")
    names = [m["metricName"] for m in metrics]
    if len(set(names)) != len(names):
        raise AwsError("InvalidInputException", "Metric names must be unique in a metric attribution.")
    for m in metrics:
        if not EXPRESSION.match(m["expression"]):
            raise AwsError("InvalidInputException",
                           f"Invalid expression {m['expression']!r} for metric {m['metricName']}: use SAMPLECOUNT() "
                           f"or SUM(Interactions.COLUMN) / SUM(Items.COLUMN).")


def _check_columns(job: jobs.Job) -> None:
    found = datasets.datasets_of(job.props["datasetGroupArn"])
    for m in job.props["_metrics"]:
        hit = EXPRESSION.match(m["expression"])
        if hit and hit.group(1):
            kind = "Interactions" if hit.group(1).lower() == "interactions" else "Items"
            ds = found.get(kind)
            names = {f["name"] for f in datasets.schema_fields(ds.id)} if ds else set()
            if hit.group(2).upper() not in names:
                raise jobs.JobFailure(f"Metric {m['metricName']} sums {kind}.{hit.group(2)}, which is not a field "
                                      f"of the {kind} dataset's schema.")


@common.handler("CreateMetricAttribution")
def create_metric_attribution(params: dict) -> dict:
    grp = datasets.active_group(params["datasetGroupArn"])
    if any(j.props["datasetGroupArn"] == grp.id for j in common.store("metric-attribution").values()):
        raise AwsError("ResourceAlreadyExistsException",
                       f"Dataset group {grp.id} already has a metric attribution (one per dataset group).")
    _check(params["metrics"])
    arn = common.arn("metric-attribution", params["name"])
    props = {"name": params["name"], "metricAttributionArn": arn, "datasetGroupArn": grp.id,
             "metricsOutputConfig": params["metricsOutputConfig"], "_metrics": list(params["metrics"])}
    common.create("metric-attribution", arn, props, work=_check_columns, noun="Metric attribution")
    return {"metricAttributionArn": arn}


def attribution(arn: str) -> jobs.Job:
    return common.find("metric-attribution", arn, "metric attribution")


@common.handler("DescribeMetricAttribution")
def describe_metric_attribution(params: dict) -> dict:
    return {"metricAttribution": common.view(attribution(params["metricAttributionArn"]).props)}


@common.handler("ListMetricAttributions")
def list_metric_attributions(params: dict) -> dict:
    where = (lambda p: p["datasetGroupArn"] == params["datasetGroupArn"]) if params.get("datasetGroupArn") else None
    return common.listing("metric-attribution", "metricAttributions", KEYS, params, where)


@common.handler("ListMetricAttributionMetrics")
def list_metric_attribution_metrics(params: dict) -> dict:
    found = attribution(params.get("metricAttributionArn", "")).props["_metrics"]
    chunk, token = jobs.page(found, params.get("maxResults"), params.get("nextToken"),
                             error_code="InvalidNextTokenException")
    return {"metrics": chunk, **({"nextToken": token} if token else {})}


@common.handler("UpdateMetricAttribution")
def update_metric_attribution(params: dict) -> dict:
    job = common.active("metric-attribution", params.get("metricAttributionArn", ""), "metric attribution")
    metrics = [m for m in job.props["_metrics"] if m["metricName"] not in set(params.get("removeMetrics") or [])]
    metrics += params.get("addMetrics") or []
    _check(metrics)
    job.props["_metrics"] = metrics
    if params.get("metricsOutputConfig"):
        job.props["metricsOutputConfig"] = params["metricsOutputConfig"]
    job.props["lastUpdatedDateTime"] = jobs.now()
    _check_columns(job)
    return {"metricAttributionArn": job.id}


@common.handler("DeleteMetricAttribution")
def delete_metric_attribution(params: dict) -> dict:
    attribution(params["metricAttributionArn"])
    common.forget("metric-attribution", params["metricAttributionArn"])
    return {}


def record(group_arn: str, rows: list[dict], sources: list[str | None]) -> None:
    """PutEvents hook: add each event to the group's metrics and publish them to CloudWatch."""
    job = next((j for j in common.store("metric-attribution").values()
                if j.props["datasetGroupArn"] == group_arn and j.status == "ACTIVE"), None)
    if job is None:
        return
    items = datasets.metadata(group_arn, "Items", "ITEM_ID")
    data = []
    for m in job.props["_metrics"]:
        hit = EXPRESSION.match(m["expression"])
        for row, source in zip(rows, sources):
            if str(row.get("EVENT_TYPE", "")).lower() != m["eventType"].lower():
                continue
            if hit.group(1) is None:
                value = 1.0
            else:
                where = row if hit.group(1).lower() == "interactions" else items.get(str(row.get("ITEM_ID")), {})
                try:
                    value = float(where.get(hit.group(2).upper()) or 0.0)
                except (TypeError, ValueError):
                    value = 0.0
            data.append({"MetricName": m["metricName"], "Value": value, "Unit": "None",
                         "Dimensions": [{"Name": "EventAttributionSource",
                                         "Value": source or "SOURCE_NAME_UNDEFINED"}]})
    if data:
        import boto3
        cw = boto3.client("cloudwatch", region_name=jobs.region_of(job.id))
        for start in range(0, len(data), 20):
            cw.put_metric_data(Namespace=NAMESPACE, MetricData=data[start:start + 20])
