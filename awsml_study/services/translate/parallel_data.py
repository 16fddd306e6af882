"""Parallel data: Create/Update from S3 (CSV, TSV, TMX) through the job runner, Get, List, Delete."""
from __future__ import annotations

import json

from awsml_study.engines.translation import formats
from awsml_study.engines.translation.memory import Memory
from awsml_study.services.translate import store, validation
from awsml_study.services.translate.limits import MAX_PARALLEL_DATA, MAX_SEGMENT_BYTES, STORE_ENGINE
from awsml_study.services.translate.terminology import check_languages
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError, validation_error
from awsml_study.sim.registry import operation

FORMATS = ("TSV", "CSV", "TMX")
CREATE = jobs.Lifecycle(key="Status", running="CREATING", done="ACTIVE", failed="FAILED",
                        stopped="FAILED", message_key="Message", start_key=None, end_key=None)
UPDATE = jobs.Lifecycle(key="LatestUpdateAttemptStatus", running="UPDATING", done="ACTIVE",
                        failed="FAILED", stopped="FAILED", message_key="Message", start_key=None,
                        end_key=None)


def not_found(name: str) -> AwsError:
    return AwsError("ResourceNotFoundException",
                    f"The resource {store.arn('parallel-data', name)} could not be found.")


def get(name: str) -> dict:
    entry = store.parallel_data().get(name)
    if entry is None:
        raise not_found(name)
    entry["job"].settle()
    return entry


def memory_for(names: list[str], source: str, target: str) -> Memory | None:
    """The translation memory of the named (ACTIVE) parallel data for one language pair."""
    if not names:
        return None
    memory = Memory()
    for name in names:
        table = get(name).get("table")
        if table is None or table.languages[0] != source:
            continue
        for row in table.rows:
            if row.get(source) and row.get(target):
                memory.add(row[source], row[target], name)
    return memory


def check_request_names(names) -> list[str]:
    names = list(names or [])
    for name in names:
        validation.name(name, "parallelDataNames")
    if len(names) > 1:
        raise AwsError("InvalidRequestException", "A batch job can use only one parallel data resource.")
    for name in names:
        if get(name)["props"]["Status"] != "ACTIVE":
            raise AwsError("InvalidRequestException", f"Parallel data {name} is not ACTIVE.")
    return names


def _config(params: dict) -> tuple[dict, str, str]:
    config = params.get("ParallelDataConfig") or {}
    fmt, uri = config.get("Format"), config.get("S3Uri")
    if fmt not in FORMATS:
        raise validation_error(fmt, "parallelDataConfig.format", "Member must satisfy enum value set: [TSV, CSV, TMX]")
    bucket, key = s3io.split_uri(uri, "parallelDataConfig.s3Uri")
    return {"S3Uri": uri, "Format": fmt}, bucket, key


def _load(entry: dict, config: dict, bucket: str, key: str):
    """The work of a create or update: read the S3 file, parse it, keep a copy; swap on success."""
    def work(job):
        try:
            body = s3io.read(bucket, key)
            table = formats.parse(body, config["Format"], MAX_SEGMENT_BYTES)
            check_languages(table.languages, "InvalidParameterValueException")
        except (s3io.S3ReadError, formats.FormatError) as err:
            raise jobs.JobFailure(f"Amazon Translate could not import the parallel data file "
                                  f"{config['S3Uri']}: {err}") from None
        except AwsError as err:
            raise jobs.JobFailure(err.message) from None
        if not table.rows:
            raise jobs.JobFailure("The parallel data file contains no usable records.")
        name = entry["props"]["Name"]
        store.keep(f"parallel-data/{name}/data.{config['Format'].lower()}", body)
        if table.notes:
            store.keep(f"parallel-data/{name}/auxiliary.json",
                       json.dumps({"skippedOrFailedRecords": table.notes}, indent=2).encode())
        entry.update(table=table, data_key=f"parallel-data/{name}/data.{config['Format'].lower()}",
                     aux_key=f"parallel-data/{name}/auxiliary.json" if table.notes else None)
        entry["props"].update(
            SourceLanguageCode=table.languages[0], TargetLanguageCodes=table.languages[1:],
            ParallelDataConfig=config, ImportedDataSize=len(body), ImportedRecordCount=len(table.rows),
            FailedRecordCount=table.failed, SkippedRecordCount=table.skipped,
            LastUpdatedAt=jobs.now())
        entry["props"].pop("Message", None)
    return work


@operation("translate", "CreateParallelData", engine=STORE_ENGINE)
def create_parallel_data(params: dict) -> dict:
    name = validation.name(params.get("Name"))
    validation.description(params.get("Description"))
    validation.token(params.get("ClientToken"))
    config, bucket, key = _config(params)
    tags = validation.tags(params.get("Tags"))
    table = store.parallel_data()
    if name in table:
        raise AwsError("ConflictException", f"Parallel data named {name} already exists.")
    if len(table) >= MAX_PARALLEL_DATA:
        raise AwsError("LimitExceededException", f"An account can have at most {MAX_PARALLEL_DATA} "
                                                 f"parallel data resources per Region.")
    now = jobs.now()
    props = {"Name": name, "Arn": store.arn("parallel-data", name), "ParallelDataConfig": config,
             "CreatedAt": now, "LastUpdatedAt": now, "Status": "CREATING"}
    for member in ("Description", "EncryptionKey"):
        if params.get(member) is not None:
            props[member] = params[member]
    entry = {"props": props, "tags": tags}
    entry["job"] = jobs.submit(jobs.Job(name, props, work=_load(entry, config, bucket, key),
                                        lifecycle=CREATE))
    table[name] = entry
    return {"Name": name, "Status": "CREATING"}


@operation("translate", "UpdateParallelData", engine=STORE_ENGINE)
def update_parallel_data(params: dict) -> dict:
    name = validation.name(params.get("Name"))
    validation.description(params.get("Description"))
    validation.token(params.get("ClientToken"))
    config, bucket, key = _config(params)
    entry = get(name)
    props = entry["props"]
    if props.get("LatestUpdateAttemptStatus") == "UPDATING" and not entry["job"].ended:
        raise AwsError("ConcurrentModificationException", f"Parallel data {name} is being updated.")
    if params.get("Description") is not None:
        props["Description"] = params["Description"]
    props["LatestUpdateAttemptAt"] = jobs.now()
    props["LatestUpdateAttemptStatus"] = "UPDATING"
    entry["job"] = jobs.submit(jobs.Job(name, props, work=_load(entry, config, bucket, key),
                                        lifecycle=UPDATE))
    return {"Name": name, "Status": props["Status"], "LatestUpdateAttemptStatus": "UPDATING",
            "LatestUpdateAttemptAt": props["LatestUpdateAttemptAt"]}


@operation("translate", "GetParallelData", engine=STORE_ENGINE)
def get_parallel_data(params: dict) -> dict:
    entry = get(validation.name(params.get("Name")))
    out = {"ParallelDataProperties": dict(entry["props"])}
    if entry.get("data_key"):
        out["DataLocation"] = store.location(entry["data_key"])
    if entry.get("aux_key"):
        out["AuxiliaryDataLocation"] = store.location(entry["aux_key"])
    return out


@operation("translate", "ListParallelData", engine=STORE_ENGINE)
def list_parallel_data(params: dict) -> dict:
    entries = [get(name) for name in sorted(store.parallel_data())]
    items = [dict(e["props"]) for e in entries]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterValueException")
    return {"ParallelDataPropertiesList": page, **({"NextToken": token} if token else {})}


@operation("translate", "DeleteParallelData", engine=STORE_ENGINE)
def delete_parallel_data(params: dict) -> dict:
    name = validation.name(params.get("Name"))
    get(name)
    del store.parallel_data()[name]
    store.forget(f"parallel-data/{name}/")
    return {"Name": name, "Status": "DELETING"}
