"""Dataset import jobs (S3 CSV checked against the schema), export jobs and data deletion jobs."""
from __future__ import annotations

import csv
import io
import math

from awsml_study.services.personalize import common, datasets
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError

MIN_INTERACTION_RECORDS = 1000   # per interactions import job (Personalize quotas)
IMPORT_KEYS = ("jobName", "datasetImportJobArn", "status", "creationDateTime", "lastUpdatedDateTime",
               "failureReason", "importMode")
EXPORT_KEYS = ("jobName", "datasetExportJobArn", "status", "creationDateTime", "lastUpdatedDateTime",
               "failureReason")
DELETION_KEYS = ("dataDeletionJobArn", "datasetGroupArn", "jobName", "status", "creationDateTime",
                 "lastUpdatedDateTime", "failureReason")
# Data deletion jobs have their own words for the same life.
DELETION_LIFE = jobs.Lifecycle(key="status", running="IN_PROGRESS", done="COMPLETED", failed="FAILED",
                               stopped="FAILED", message_key="failureReason", start_key=None,
                               end_key="lastUpdatedDateTime")


def read_csv_objects(location: str, path: str) -> list[tuple[str, str]]:
    """(key, text) of every CSV at an S3 file or folder location; job failure reasons otherwise."""
    bucket, key = s3io.split_uri(location, path)
    try:
        keys = s3io.list_objects(bucket, key) if key == "" or key.endswith("/") else [key]
        out = []
        for k in keys:
            try:
                out.append((k, s3io.read(bucket, k).decode("utf-8-sig")))
            except UnicodeDecodeError:
                raise jobs.JobFailure(f"s3://{bucket}/{k} is not a UTF-8 CSV file.") from None
        return out
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(f"Unable to read the data source: {err}") from None


def convert(value: str, field: dict, row_number: int):
    """One CSV cell as the schema field's type, or the job failure naming the row."""
    from awsml_study.services.personalize.schemas import types_of
    types = types_of(field) - {"null"}
    name = field["name"]
    if value == "":
        if "null" in types_of(field) or "string" in types and not _required(name):
            return None
        raise jobs.JobFailure(f"Row {row_number}: column {name} is empty but the schema does not allow null values.")
    kind = next(iter(types))
    try:
        if kind in ("long", "int"):
            number = float(value) if name != "TIMESTAMP" else _timestamp(value)
            if not math.isfinite(number) or number != int(number):
                raise ValueError
            return int(number)
        if kind in ("float", "double"):
            return float(value)
        if kind == "boolean":
            if value.lower() not in ("true", "false"):
                raise ValueError
            return value.lower() == "true"
    except ValueError:
        if name in ("TIMESTAMP", "CREATION_TIMESTAMP"):
            raise jobs.JobFailure(f"Row {row_number}: invalid {name} value '{value}'. Timestamps must be "
                                  f"Unix epoch time in seconds (a long), for example 1700000000.") from None
        raise jobs.JobFailure(f"Row {row_number}: value '{value}' in column {name} is not a valid {kind}.") from None
    return value


def _timestamp(value: str) -> float:
    number = float(value)
    if number > 1e11:  # milliseconds: the commonest timestamp mistake
        raise ValueError
    return number


def _required(name: str) -> bool:
    return name in ("USER_ID", "ITEM_ID", "ACTION_ID", "TIMESTAMP", "EVENT_TYPE")


def parse_rows(texts: list[tuple[str, str]], fields: list[dict]) -> list[dict]:
    """Typed rows of CSV texts whose header must name the schema's fields."""
    by_name = {f["name"]: f for f in fields}
    out = []
    for key, text in texts:
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if not header:
            raise jobs.JobFailure(f"{key}: the CSV file is empty; it needs a header row naming the columns.")
        header = [h.strip() for h in header]
        needed = [f["name"] for f in fields if "null" not in _types(f)]
        missing = [n for n in needed if n not in header]
        if missing:
            raise jobs.JobFailure(f"Input CSV is missing the following columns: [{', '.join(missing)}]")
        extra = [h for h in header if h not in by_name]
        if extra:
            raise jobs.JobFailure(f"Input CSV has columns that are not in the dataset schema: [{', '.join(extra)}]")
        for n, cells in enumerate(reader, start=2):
            if not cells:
                continue
            if len(cells) != len(header):
                raise jobs.JobFailure(f"Row {n} of {key} has {len(cells)} values but the header has {len(header)} columns.")
            out.append({h: convert(c, by_name[h], n) for h, c in zip(header, cells)})
    return out


def _types(field):
    from awsml_study.services.personalize.schemas import types_of
    return types_of(field)


def _do_import(job: jobs.Job) -> None:
    ds = common.find("dataset", job.props["datasetArn"], "dataset")
    texts = read_csv_objects(job.props["dataSource"]["dataLocation"], "dataSource.dataLocation")
    new = parse_rows(texts, datasets.schema_fields(ds.id))
    kind = ds.props["datasetType"]
    if kind in ("Interactions", "Action_Interactions") and len(new) < MIN_INTERACTION_RECORDS:
        raise jobs.JobFailure(f"The data source has {len(new)} interaction records. An import job for an "
                              f"{kind} dataset needs at least {MIN_INTERACTION_RECORDS} records.")
    part = datasets.parts(ds.id)
    if job.props["importMode"] == "FULL":
        part["bulk"] = new
    else:
        part["bulk"].extend(new)
    ds.props["lastUpdatedDateTime"] = jobs.now()


@common.handler("CreateDatasetImportJob")
def create_dataset_import_job(params: dict) -> dict:
    ds = common.active("dataset", params["datasetArn"], "dataset")
    location = (params.get("dataSource") or {}).get("dataLocation")
    if not location:
        raise AwsError("InvalidInputException", "dataSource.dataLocation is required: the S3 path of your CSV data.")
    s3io.split_uri(location, "dataSource.dataLocation")
    mode = params.get("importMode", "FULL")
    arn = common.arn("dataset-import-job", params["jobName"])
    props = {"jobName": params["jobName"], "datasetImportJobArn": arn, "datasetArn": ds.id,
             "dataSource": {"dataLocation": location}, "roleArn": params.get("roleArn"),
             "importMode": mode, "publishAttributionMetricsToS3": params.get("publishAttributionMetricsToS3")}
    common.create("dataset-import-job", arn, props, work=_do_import, tags=params.get("tags"),
                  noun="Dataset import job")
    return {"datasetImportJobArn": arn}


@common.handler("DescribeDatasetImportJob")
def describe_dataset_import_job(params: dict) -> dict:
    job = common.find("dataset-import-job", params["datasetImportJobArn"], "dataset import job")
    return {"datasetImportJob": common.view(job.props)}


@common.handler("ListDatasetImportJobs")
def list_dataset_import_jobs(params: dict) -> dict:
    where = (lambda p: p["datasetArn"] == params["datasetArn"]) if params.get("datasetArn") else None
    return common.listing("dataset-import-job", "datasetImportJobs", IMPORT_KEYS, params, where)


def _do_export(job: jobs.Job) -> None:
    ds = common.find("dataset", job.props["datasetArn"], "dataset")
    part = datasets.parts(ds.id)
    mode = job.props["ingestionMode"]
    chosen = part["bulk"] * (mode in ("BULK", "ALL")) + part["stream"] * (mode in ("PUT", "ALL"))
    names = [f["name"] for f in datasets.schema_fields(ds.id)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows([{k: ("" if v is None else v) for k, v in r.items()} for r in chosen])
    bucket, prefix = s3io.split_uri(job.props["jobOutput"]["s3DataDestination"]["path"], "jobOutput.s3DataDestination.path")
    prefix = prefix if prefix == "" or prefix.endswith("/") else prefix + "/"
    try:
        s3io.write(bucket, f"{prefix}{job.props['jobName']}/{ds.props['datasetType']}_part_00000.csv",
                   out.getvalue().encode(), "text/csv")
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None


@common.handler("CreateDatasetExportJob")
def create_dataset_export_job(params: dict) -> dict:
    ds = common.active("dataset", params["datasetArn"], "dataset")
    s3io.split_uri(params["jobOutput"]["s3DataDestination"]["path"], "jobOutput.s3DataDestination.path")
    arn = common.arn("dataset-export-job", params["jobName"])
    props = {"jobName": params["jobName"], "datasetExportJobArn": arn, "datasetArn": ds.id,
             "ingestionMode": params.get("ingestionMode", "PUT"), "roleArn": params["roleArn"],
             "jobOutput": params["jobOutput"]}
    common.create("dataset-export-job", arn, props, work=_do_export, tags=params.get("tags"),
                  noun="Dataset export job")
    return {"datasetExportJobArn": arn}


@common.handler("DescribeDatasetExportJob")
def describe_dataset_export_job(params: dict) -> dict:
    job = common.find("dataset-export-job", params["datasetExportJobArn"], "dataset export job")
    return {"datasetExportJob": common.view(job.props)}


@common.handler("ListDatasetExportJobs")
def list_dataset_export_jobs(params: dict) -> dict:
    where = (lambda p: p["datasetArn"] == params["datasetArn"]) if params.get("datasetArn") else None
    return common.listing("dataset-export-job", "datasetExportJobs", EXPORT_KEYS, params, where)


def _do_deletion(job: jobs.Job) -> None:
    texts = read_csv_objects(job.props["dataSource"]["dataLocation"], "dataSource.dataLocation")
    users = set()
    for key, text in texts:
        reader = csv.DictReader(io.StringIO(text))
        if "USER_ID" not in (reader.fieldnames or []):
            raise jobs.JobFailure(f"{key}: the CSV file needs a USER_ID column.")
        users |= {r["USER_ID"] for r in reader}
    deleted = 0
    for ds in datasets.datasets_of(job.props["datasetGroupArn"]).values():
        for name, part in datasets.parts(ds.id).items():
            keep = [r for r in part if str(r.get("USER_ID")) not in users]
            deleted += len(part) - len(keep)
            part[:] = keep
    job.props["numDeleted"] = len(users)


@common.handler("CreateDataDeletionJob")
def create_data_deletion_job(params: dict) -> dict:
    grp = datasets.active_group(params["datasetGroupArn"])
    location = (params.get("dataSource") or {}).get("dataLocation", "")
    s3io.split_uri(location, "dataSource.dataLocation")
    arn = common.arn("data-deletion-job", params["jobName"])
    props = {"jobName": params["jobName"], "dataDeletionJobArn": arn, "datasetGroupArn": grp.id,
             "dataSource": {"dataLocation": location}, "roleArn": params["roleArn"],
             "creationDateTime": jobs.now(), "lastUpdatedDateTime": jobs.now(), "status": "PENDING"}
    if arn in common.store("data-deletion-job"):
        raise AwsError("ResourceAlreadyExistsException", f"Data deletion job {arn} already exists.")
    job = jobs.Job(arn, props, work=_do_deletion, lifecycle=DELETION_LIFE)
    common.store("data-deletion-job")[arn] = jobs.submit(job)
    if params.get("tags"):
        common.set_tags(arn, params["tags"])
    return {"dataDeletionJobArn": arn}


@common.handler("DescribeDataDeletionJob")
def describe_data_deletion_job(params: dict) -> dict:
    job = common.find("data-deletion-job", params["dataDeletionJobArn"], "data deletion job")
    return {"dataDeletionJob": common.view(job.props)}


@common.handler("ListDataDeletionJobs")
def list_data_deletion_jobs(params: dict) -> dict:
    where = (lambda p: p["datasetGroupArn"] == params["datasetGroupArn"]) if params.get("datasetGroupArn") else None
    return common.listing("data-deletion-job", "dataDeletionJobs", DELETION_KEYS, params, where)
