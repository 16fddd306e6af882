"""Personalize dataset groups (custom or domain) and their datasets, with the rows they hold."""
from __future__ import annotations

import json

from awsml_study.services.personalize import common, schemas
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError

TYPES = {t.lower(): t for t in schemas.REQUIRED}
GROUP_KEYS = ("name", "datasetGroupArn", "status", "creationDateTime", "lastUpdatedDateTime",
              "failureReason", "domain")
DATASET_KEYS = ("name", "datasetArn", "datasetType", "status", "creationDateTime", "lastUpdatedDateTime")


def group(arn: str) -> jobs.Job:
    return common.find("dataset-group", arn, "dataset group")


def active_group(arn: str) -> jobs.Job:
    return common.active("dataset-group", arn, "dataset group")


def datasets_of(group_arn: str) -> dict[str, jobs.Job]:
    """datasetType → dataset job of a group."""
    return {j.props["datasetType"]: j for j in common.store("dataset").values()
            if j.props["datasetGroupArn"] == group_arn}


def parts(dataset_arn: str) -> dict[str, list[dict]]:
    """{"bulk": rows from import jobs, "stream": rows from PutEvents/PutItems/PutUsers}.

    Kept apart because a FULL import replaces the bulk rows only, as the service does.
    """
    return state.store("personalize.rows").setdefault(dataset_arn, {"bulk": [], "stream": []})


def rows(dataset_arn: str) -> list[dict]:
    """The typed rows a dataset holds (bulk imports plus streamed events and records)."""
    p = parts(dataset_arn)
    return p["bulk"] + p["stream"]


def rows_of(group_arn: str, dataset_type: str) -> list[dict]:
    ds = datasets_of(group_arn).get(dataset_type)
    return rows(ds.id) if ds is not None else []


def schema_fields(dataset_arn: str) -> list[dict]:
    ds = common.find("dataset", dataset_arn, "dataset")
    return json.loads(schemas.schema_props(ds.props["schemaArn"])["schema"])["fields"]


def metadata(group_arn: str, dataset_type: str, id_field: str) -> dict[str, dict]:
    """id → {FIELD: value}, categorical values split on | into sets (for filters and models)."""
    ds = datasets_of(group_arn).get(dataset_type)
    if ds is None:
        return {}
    settle_imports(group_arn)
    categorical = {f["name"] for f in schema_fields(ds.id) if f.get("categorical")}
    out: dict[str, dict] = {}
    for row in rows(ds.id):
        rec = {}
        for k, v in row.items():
            rec[k] = set(str(v).split("|")) if k in categorical and v is not None else v
        out[str(row[id_field])] = {**out.get(str(row[id_field]), {}), **rec}
    return out


@common.handler("CreateDatasetGroup")
def create_dataset_group(params: dict) -> dict:
    arn = common.arn("dataset-group", params["name"])
    props = {"name": params["name"], "datasetGroupArn": arn, "roleArn": params.get("roleArn"),
             "kmsKeyArn": params.get("kmsKeyArn"), "domain": params.get("domain")}
    if params.get("kmsKeyArn") and not params.get("roleArn"):
        raise AwsError("InvalidInputException", "A roleArn is required when you specify a kmsKeyArn.")
    common.create("dataset-group", arn, props, work=lambda job: None, tags=params.get("tags"),
                  noun="Dataset group")
    out = {"datasetGroupArn": arn}
    if params.get("domain"):
        out["domain"] = params["domain"]
    return out


@common.handler("DescribeDatasetGroup")
def describe_dataset_group(params: dict) -> dict:
    return {"datasetGroup": common.view(group(params["datasetGroupArn"]).props)}


@common.handler("ListDatasetGroups")
def list_dataset_groups(params: dict) -> dict:
    return common.listing("dataset-group", "datasetGroups", GROUP_KEYS, params)


@common.handler("DeleteDatasetGroup")
def delete_dataset_group(params: dict) -> dict:
    arn = params["datasetGroupArn"]
    group(arn)
    for kind in ("dataset", "solution", "event-tracker", "filter", "recommender", "metric-attribution"):
        users = [j.id for j in common.store(kind).values() if j.props.get("datasetGroupArn") == arn]
        if users:
            raise AwsError("ResourceInUseException",
                           f"Dataset group {arn} still has resources; delete {users[0]} first.")
    common.forget("dataset-group", arn)
    return {}


@common.handler("CreateDataset")
def create_dataset(params: dict) -> dict:
    kind = TYPES.get(params["datasetType"].lower())
    if kind is None:
        raise AwsError("InvalidInputException",
                       f"Invalid datasetType {params['datasetType']}: use one of {', '.join(TYPES.values())}.")
    grp = active_group(params["datasetGroupArn"])
    schema = schemas.schema_props(params["schemaArn"])
    domain = grp.props.get("domain")
    if (schema.get("domain") or None) != (domain or None):
        raise AwsError("InvalidInputException",
                       f"The schema's domain ({schema.get('domain') or 'none'}) does not match the dataset "
                       f"group's domain ({domain or 'none: custom'}).")
    schemas.check_for_dataset(json.loads(schema["schema"]), kind, domain)
    if kind in datasets_of(grp.id):
        raise AwsError("ResourceAlreadyExistsException",
                       f"Dataset group {grp.id} already has a dataset of type {kind}.")
    arn = common.arn("dataset", f"{grp.props['name']}/{kind.upper()}")
    props = {"name": params["name"], "datasetArn": arn, "datasetGroupArn": grp.id, "datasetType": kind,
             "schemaArn": params["schemaArn"]}
    common.create("dataset", arn, props, work=lambda job: None, tags=params.get("tags"), noun="Dataset")
    parts(arn)
    return {"datasetArn": arn}


@common.handler("DescribeDataset")
def describe_dataset(params: dict) -> dict:
    job = common.find("dataset", params["datasetArn"], "dataset")
    out = common.view(job.props)
    tracker = next((t for t in common.store("event-tracker").values()
                    if t.props["datasetGroupArn"] == job.props["datasetGroupArn"]), None)
    if tracker is not None and job.props["datasetType"] == "Interactions":
        out["trackingId"] = tracker.props["trackingId"]
    return {"dataset": out}


@common.handler("ListDatasets")
def list_datasets(params: dict) -> dict:
    where = (lambda p: p["datasetGroupArn"] == params["datasetGroupArn"]) if params.get("datasetGroupArn") else None
    return common.listing("dataset", "datasets", DATASET_KEYS, params, where)


@common.handler("UpdateDataset")
def update_dataset(params: dict) -> dict:
    job = common.active("dataset", params["datasetArn"], "dataset")
    schema = schemas.schema_props(params["schemaArn"])
    doc = json.loads(schema["schema"])
    domain = group(job.props["datasetGroupArn"]).props.get("domain")
    schemas.check_for_dataset(doc, job.props["datasetType"], domain)
    old = {f["name"] for f in schema_fields(job.id)}
    lost = old - {f["name"] for f in doc["fields"]}
    if lost:
        raise AwsError("InvalidInputException",
                       f"The new schema must keep every field of the current one; missing: {', '.join(sorted(lost))}.")
    now = jobs.now()
    job.props["schemaArn"] = params["schemaArn"]
    job.props["lastUpdatedDateTime"] = now
    job.props["latestDatasetUpdate"] = {"schemaArn": params["schemaArn"], "status": "ACTIVE",
                                        "creationDateTime": now, "lastUpdatedDateTime": now}
    return {"datasetArn": job.id}


@common.handler("DeleteDataset")
def delete_dataset(params: dict) -> dict:
    arn = params["datasetArn"]
    common.find("dataset", arn, "dataset")
    common.forget("dataset", arn)
    state.store("personalize.rows").pop(arn, None)
    return {}


def settle_imports(group_arn: str) -> None:
    """Finish the group's import jobs created earlier: training reads the data they bring.

    Observing a job runs it at once (see sim/jobs.py), so without this a solution version
    described right after creation could train before a still-queued import had run.
    """
    mine = {d.id for d in datasets_of(group_arn).values()}
    jobs.settle_all([j for j in common.store("dataset-import-job").values() if j.props["datasetArn"] in mine])
