"""Personalize filters: the expression is parsed at CreateFilter and checked against the datasets' schemas."""
from __future__ import annotations

from awsml_study.services.personalize import common, datasets
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError

FILTER_KEYS = ("name", "filterArn", "creationDateTime", "lastUpdatedDateTime", "datasetGroupArn",
               "failureReason", "status")
DATASET_OF = {"Items": "Items", "Users": "Users", "CurrentUser": "Users", "Interactions": "Interactions"}


def _check_fields(job: jobs.Job) -> None:
    """Every field the expression names must be in its dataset's schema (else CREATE FAILED)."""
    found = datasets.datasets_of(job.props["datasetGroupArn"])
    datasets.settle_imports(job.props["datasetGroupArn"])
    for st in job.props["_statements"]:
        for cond in [c for g in st.groups for c in g] + st.when:
            kind = DATASET_OF[cond.dataset]
            ds = found.get(kind)
            if ds is None:
                raise jobs.JobFailure(f"The filter expression uses {cond.dataset}.{cond.name} but the dataset "
                                      f"group has no {kind} dataset.")
            names = {f["name"].upper() for f in datasets.schema_fields(ds.id)}
            if cond.name not in names:
                raise jobs.JobFailure(f"The filter expression uses {cond.dataset}.{cond.name}, which is not a "
                                      f"field of the {kind} dataset's schema.")


@common.handler("CreateFilter")
def create_filter(params: dict) -> dict:
    from awsml_study.engines.recommend import filters
    grp = datasets.active_group(params["datasetGroupArn"])
    try:
        statements = filters.parse(params["filterExpression"])
    except filters.FilterSyntaxError as err:
        raise AwsError("InvalidInputException", f"Invalid filter expression: {err}") from None
    if len({s.target for s in statements}) > 1:
        raise AwsError("InvalidInputException",
                       "Invalid filter expression: a filter filters either ItemID or UserID, not both.")
    arn = common.arn("filter", params["name"])
    props = {"name": params["name"], "filterArn": arn, "datasetGroupArn": grp.id,
             "filterExpression": params["filterExpression"], "_statements": statements}
    common.create("filter", arn, props, work=_check_fields, tags=params.get("tags"), noun="Filter")
    return {"filterArn": arn}


def active_filter(arn: str | None, group_arn: str, service_error: bool = True) -> jobs.Job | None:
    """The ACTIVE filter a request names (None without one); errors as the runtime words them."""
    if not arn:
        return None
    job = common.store("filter").get(arn)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Could not find filter with ARN {arn}.")
    job.settle()
    if job.status != "ACTIVE":
        raise AwsError("InvalidInputException", f"Filter {arn} is not ACTIVE ({job.status}).")
    if job.props["datasetGroupArn"] != group_arn:
        raise AwsError("InvalidInputException", f"Filter {arn} belongs to another dataset group.")
    return job


@common.handler("DescribeFilter")
def describe_filter(params: dict) -> dict:
    job = common.find("filter", params["filterArn"], "filter")
    return {"filter": common.view(job.props)}


@common.handler("ListFilters")
def list_filters(params: dict) -> dict:
    where = (lambda p: p["datasetGroupArn"] == params["datasetGroupArn"]) if params.get("datasetGroupArn") else None
    return common.listing("filter", "Filters", FILTER_KEYS, params, where)


@common.handler("DeleteFilter")
def delete_filter(params: dict) -> dict:
    common.find("filter", params["filterArn"], "filter")
    common.forget("filter", params["filterArn"])
    return {}
