"""Batch inference and batch segment jobs: S3 JSON lines in, JSON lines out, from a solution version."""
from __future__ import annotations

import json

from awsml_study.services.personalize import common, filters, serving, solutions
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError

INFERENCE_KEYS = ("batchInferenceJobArn", "jobName", "status", "creationDateTime", "lastUpdatedDateTime",
                  "failureReason", "solutionVersionArn", "batchInferenceJobMode")
SEGMENT_KEYS = ("batchSegmentJobArn", "jobName", "status", "creationDateTime", "lastUpdatedDateTime",
                "failureReason", "solutionVersionArn")


def _lines(path: str) -> list[dict]:
    bucket, key = s3io.split_uri(path, "jobInput.s3DataSource.path")
    try:
        keys = s3io.list_objects(bucket, key) if key == "" or key.endswith("/") else [key]
        text = "\n".join(s3io.read(bucket, k).decode("utf-8") for k in keys)
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(f"Unable to read the input: {err}") from None
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise jobs.JobFailure(f"Line {n} of the input is not valid JSON.") from None
        if not isinstance(record, dict):
            raise jobs.JobFailure(f"Line {n} of the input must be a JSON object.")
        out.append(record)
    if not out:
        raise jobs.JobFailure("The input file has no records.")
    return out


def _write(job: jobs.Job, lines: list[dict]) -> None:
    src = job.props["jobInput"]["s3DataSource"]["path"]
    bucket, prefix = s3io.split_uri(job.props["jobOutput"]["s3DataDestination"]["path"],
                                    "jobOutput.s3DataDestination.path")
    prefix = prefix if prefix == "" or prefix.endswith("/") else prefix + "/"
    # The output object is named after the input file with .out appended, as the service does.
    name = src.rstrip("/").rsplit("/", 1)[-1] + ".out"
    body = "\n".join(json.dumps(x) for x in lines) + "\n"
    try:
        s3io.write(bucket, prefix + name, body.encode(), "application/json")
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None


def _inference(job: jobs.Job) -> None:
    model = solutions.trained(job.props["solutionVersionArn"])
    group = job.props["_group"]
    kind = model.recipe.recipe_type
    flt = filters.active_filter(job.props.get("filterArn"), group) if job.props.get("filterArn") else None
    n = job.props["numResults"]
    out = []
    for record in _lines(job.props["jobInput"]["s3DataSource"]["path"]):
        user, item = record.get("userId"), record.get("itemId")
        try:
            if kind == "USER_PERSONALIZATION" and not user:
                raise AwsError("InvalidInputException", "userId is required for this recipe")
            if kind == "RELATED_ITEMS" and not item:
                raise AwsError("InvalidInputException", "itemId is required for this recipe")
            applier = serving.make_applier(flt, group, user, record.get("filterValues"))
            if kind == "PERSONALIZED_RANKING":
                items = record.get("itemList") or []
                ranked = serving.ranked_items(model, group, user, None, len(items), applier, candidates=items)
            else:
                explore = job.props.get("batchInferenceJobConfig", {}).get("itemExplorationConfig")
                ranked = serving.ranked_items(model, group, user, item, n, applier, explore)
            output = {"recommendedItems": [x for x, _, _ in ranked]}
            if kind in ("USER_PERSONALIZATION", "PERSONALIZED_RANKING"):
                output["scores"] = [round(s, 7) for _, s, _ in ranked]
            out.append({"input": record, "output": output, "error": None})
        except AwsError as err:
            out.append({"input": record, "output": None, "error": err.message})
        job.check_stop()
    _write(job, out)


def _segment(job: jobs.Job) -> None:
    import numpy as np
    model = solutions.trained(job.props["solutionVersionArn"])
    group = job.props["_group"]
    flt = filters.active_filter(job.props.get("filterArn"), group) if job.props.get("filterArn") else None
    n = job.props["numResults"]
    enc = model.enc
    out = []
    for record in _lines(job.props["jobInput"]["s3DataSource"]["path"]):
        if model.recipe.model == "attribute":
            users = _attribute_users(model, group, record.get("itemAttributes", ""))
        else:
            codes = [enc.item_index[i] for i in record.get("itemId", []) if i in enc.item_index] \
                if isinstance(record.get("itemId"), list) else \
                [enc.item_index[record["itemId"]]] if record.get("itemId") in enc.item_index else []
            if not codes:
                out.append({"input": record, "output": {"usersList": []}, "error": None})
                continue
            scores = model.model.segment(codes, model.model.user_factors)
            users = [enc.users[k] for k in np.argsort(-scores, kind="stable")]
        if flt is not None:
            users = serving.make_applier(flt, group, None, record.get("filterValues"))(users)
        out.append({"input": record, "output": {"usersList": users[:n]}, "error": None})
    _write(job, out)


def _attribute_users(model, group, query: str) -> list[str]:
    """aws-item-attribute-affinity: users ranked by their share of events on items with the attribute.

    The query is the service's form: ITEMS.GENRES = "Comedy" (AND / OR of such tests).
    """
    from awsml_study.engines.recommend import filters as expr
    from awsml_study.services.personalize import datasets
    try:
        statements = expr.parse(f"INCLUDE ItemID WHERE {query.replace('ITEMS.', 'Items.')}")
    except expr.FilterSyntaxError as err:
        raise jobs.JobFailure(f"Invalid itemAttributes query {query!r}: {err}") from None
    meta = datasets.metadata(group, "Items", "ITEM_ID")
    wanted = set(expr.Applier(statements, {}).apply(list(model.enc.items), meta, {}, None))
    codes = {model.enc.item_index[i] for i in wanted}
    ranked = []
    for u, history in model.histories.items():
        total = sum(history.values())
        hits = sum(c for k, c in history.items() if k in codes)
        ranked.append((-(hits / total if total else 0.0), -hits, model.enc.users[u]))
    return [u for *_, u in sorted(ranked)]


def _create(params: dict, kind: str, key: str, work, segment: bool) -> dict:
    version = common.active("solution-version", params["solutionVersionArn"], "solution version")
    recipe_type = version.props["_trained"].recipe.recipe_type
    if segment != (recipe_type == "USER_SEGMENTATION"):
        raise AwsError("InvalidInputException",
                       f"Batch {'segment' if segment else 'inference'} jobs need a "
                       f"{'USER_SEGMENTATION' if segment else 'non-USER_SEGMENTATION'} recipe; this solution "
                       f"version uses a {recipe_type} recipe.")
    if params.get("filterArn"):
        filters.active_filter(params["filterArn"], version.props["datasetGroupArn"])
    s3io.split_uri(params["jobInput"]["s3DataSource"]["path"], "jobInput.s3DataSource.path")
    s3io.split_uri(params["jobOutput"]["s3DataDestination"]["path"], "jobOutput.s3DataDestination.path")
    arn = common.arn(kind, params["jobName"])
    props = {"jobName": params["jobName"], key: arn, "filterArn": params.get("filterArn"),
             "solutionVersionArn": version.id, "numResults": params.get("numResults", 25 if not segment else 100),
             "jobInput": params["jobInput"], "jobOutput": params["jobOutput"], "roleArn": params["roleArn"],
             "_group": version.props["datasetGroupArn"]}
    if not segment:
        props["batchInferenceJobConfig"] = params.get("batchInferenceJobConfig") or {}
        props["batchInferenceJobMode"] = params.get("batchInferenceJobMode", "BATCH_INFERENCE")
        if props["batchInferenceJobMode"] == "THEME_GENERATION":
            raise AwsError("InvalidInputException",
                           "THEME_GENERATION needs a generative model, which awsml-study cannot ship offline.")
    common.create(kind, arn, props, work=work, tags=params.get("tags"), noun=kind.replace("-", " ").capitalize())
    return {key: arn}


@common.handler("CreateBatchInferenceJob", engine="personalize/batch-inference")
def create_batch_inference_job(params: dict) -> dict:
    return _create(params, "batch-inference-job", "batchInferenceJobArn", _inference, segment=False)


@common.handler("DescribeBatchInferenceJob")
def describe_batch_inference_job(params: dict) -> dict:
    job = common.find("batch-inference-job", params["batchInferenceJobArn"], "batch inference job")
    return {"batchInferenceJob": common.view(job.props)}


@common.handler("ListBatchInferenceJobs")
def list_batch_inference_jobs(params: dict) -> dict:
    arn = params.get("solutionVersionArn")
    where = (lambda p: p["solutionVersionArn"] == arn) if arn else None
    return common.listing("batch-inference-job", "batchInferenceJobs", INFERENCE_KEYS, params, where)


@common.handler("CreateBatchSegmentJob", engine="personalize/batch-segment")
def create_batch_segment_job(params: dict) -> dict:
    return _create(params, "batch-segment-job", "batchSegmentJobArn", _segment, segment=True)


@common.handler("DescribeBatchSegmentJob")
def describe_batch_segment_job(params: dict) -> dict:
    job = common.find("batch-segment-job", params["batchSegmentJobArn"], "batch segment job")
    return {"batchSegmentJob": common.view(job.props)}


@common.handler("ListBatchSegmentJobs")
def list_batch_segment_jobs(params: dict) -> dict:
    arn = params.get("solutionVersionArn")
    where = (lambda p: p["solutionVersionArn"] == arn) if arn else None
    return common.listing("batch-segment-job", "batchSegmentJobs", SEGMENT_KEYS, params, where)
