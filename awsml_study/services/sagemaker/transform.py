"""Batch transform: CreateTransformJob splits the S3 input, invokes the model in mini-batches, writes <input>.out."""
from __future__ import annotations

import json
import time

from awsml_study.engines.training import recordio
from awsml_study.engines.training.base import ModelError
from awsml_study.services.sagemaker import common, hosting, jsonpath, limits, logs, serving, tags
from awsml_study.sim import jobs, s3io, validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "sagemaker/transform (the model's trained predictor)"
LIFE = jobs.Lifecycle(key="TransformJobStatus", running="InProgress", done="Completed", failed="Failed",
                      stopped="Stopped", message_key="FailureReason", start_key="TransformStartTime",
                      end_key="TransformEndTime")


def _missing(name: str) -> AwsError:
    return AwsError("ValidationException", f"Could not find requested job with name {name}")


@operation("sagemaker", "CreateTransformJob", engine=ENGINE)
def create_transform_job(params: dict) -> dict:
    validate.check("sagemaker", "CreateTransformJob", params)
    name = params["TransformJobName"]
    if name in common.table("transform"):
        raise AwsError("ResourceInUse", f"Job name must be unique within an AWS account and region, and a "
                       f"job with this name already exists ({limits.arn('transform-job', name)})")
    model = hosting.model_or_error(params["ModelName"])
    payload, concurrent = params.get("MaxPayloadInMB", 6), params.get("MaxConcurrentTransforms", 1)
    if payload * max(concurrent, 1) > 100:
        raise AwsError("ValidationException", "MaxConcurrentTransforms * MaxPayloadInMB must not exceed 100 MB.")
    processing = params.get("DataProcessing") or {}
    filters = {k: jsonpath.compile_path(processing[k], f"DataProcessing.{k}")
               for k in ("InputFilter", "OutputFilter") if processing.get(k)}
    s3io.split_uri(params["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"], "transformInput.dataSource.s3DataSource.s3Uri")
    s3io.split_uri(params["TransformOutput"]["S3OutputPath"], "transformOutput.s3OutputPath")
    props = {"TransformJobName": name, "TransformJobArn": limits.arn("transform-job", name),
             "TransformJobStatus": "InProgress", "ModelName": params["ModelName"],
             "MaxConcurrentTransforms": concurrent, "MaxPayloadInMB": payload,
             "BatchStrategy": params.get("BatchStrategy", "MultiRecord"),
             "ModelClientConfig": params.get("ModelClientConfig"), "Environment": params.get("Environment"),
             "TransformInput": params["TransformInput"], "TransformOutput": params["TransformOutput"],
             "TransformResources": params["TransformResources"], "DataProcessing": params.get("DataProcessing"),
             "CreationTime": limits.now(), "_filters": filters, "_model": model}
    job = jobs.Job(name, props, work=_run, lifecycle=LIFE)
    common.table("transform")[name] = jobs.submit(job)
    tags.remember(props["TransformJobArn"], params.get("Tags"))
    return {"TransformJobArn": props["TransformJobArn"]}


def _records(data: bytes, split: str) -> list[bytes]:
    if split == "Line":
        return [ln for ln in data.splitlines() if ln.strip()]
    if split == "RecordIO":
        return [recordio.frame(p) for p in recordio.split_frames(data)]
    return [data]


def _parse(record: bytes, content_type: str):
    if "csv" in content_type:
        return record.decode().split(",")
    return json.loads(record)


def _unparse(value, content_type: str) -> bytes:
    if "csv" in content_type:
        return ",".join(str(v) for v in (value if isinstance(value, list) else [value])).encode()
    return json.dumps(value).encode()


def _split_output(out: bytes, kind: str, count: int) -> list[bytes]:
    """One output per input record, as SageMaker needs to assemble or join them."""
    if count == 1:
        return [out.strip()]
    if "json" in kind and not kind.endswith("jsonlines"):
        doc = json.loads(out)
        rows = next((v for v in doc.values() if isinstance(v, list)), None) if isinstance(doc, dict) else doc
        if rows is not None and len(rows) == count:
            return [json.dumps(r).encode() for r in rows]
    parts = [p for p in out.splitlines() if p.strip()]
    if len(parts) == count:
        return parts
    parts = out.strip().split(b",")
    if len(parts) == count:
        return parts
    raise jobs.JobFailure(f"ClientError: the model returned {len(parts)} results for {count} records; "
                          "cannot assemble the output by Line")


def _run(job: jobs.Job) -> None:
    p = job.props
    log = logs.transform(p["TransformJobName"], time.time())
    try:
        _transform(job, p, log)
    except (s3io.S3ReadError, serving.DeployError) as err:
        log(f"ClientError: {err}")
        raise jobs.JobFailure(f"ClientError: {err}") from None
    finally:
        log.flush()


def _transform(job: jobs.Job, p: dict, log) -> None:
    predictor = serving.load(p["_model"])
    setattr(predictor, "batch", True)  # like SAGEMAKER_BATCH: one result per line
    tin, tout = p["TransformInput"], p["TransformOutput"]
    content_type = tin.get("ContentType") or "text/csv"
    accept = tout.get("Accept")
    split, assemble = tin.get("SplitType", "None"), tout.get("AssembleWith", "None")
    join = (p.get("DataProcessing") or {}).get("JoinSource", "None") == "Input"
    filters = p["_filters"]
    src = tin["DataSource"]["S3DataSource"]
    bucket, prefix = s3io.split_uri(src["S3Uri"], "S3Uri")
    out_bucket, out_prefix = s3io.split_uri(tout["S3OutputPath"], "S3OutputPath")
    limit = p["MaxPayloadInMB"] * 1024 * 1024
    for key in common.list_objects(bucket, prefix):
        job.check_stop()
        data, _ = common.read_prefix(f"s3://{bucket}/{key}", tin.get("CompressionType"))
        records = _records(data, split)
        inputs = []
        for rec in records:
            if "InputFilter" in filters:
                try:
                    rec = _unparse(jsonpath.apply(filters["InputFilter"], _parse(rec, content_type)), content_type)
                except (KeyError, IndexError, ValueError) as err:
                    raise jobs.JobFailure(f"ClientError: InputFilter could not be applied to a record ({err})") from None
            inputs.append(rec)
        batches = [[r] for r in inputs] if p["BatchStrategy"] == "SingleRecord" else _batches(inputs, limit, split)
        outputs, out_kind = [], accept or "text/csv"
        for batch in batches:
            body = (b"" if split == "RecordIO" else b"\n").join(batch)
            if len(body) > limit:
                raise jobs.JobFailure("ClientError: Too much data for max payload size (MaxPayloadInMB)")
            try:
                out, out_kind = predictor.invoke(body, content_type, accept)
            except ModelError as err:
                log(f"ERROR: {err}")
                raise jobs.JobFailure(f"ClientError: See job logs for more information ({err})") from None
            outputs.extend(_split_output(out, out_kind, len(batch)) if assemble == "Line" or join else [out])
        if join:
            outputs = [_join(src_rec, res, content_type, out_kind) for src_rec, res in zip(records, outputs)]
        if "OutputFilter" in filters:
            kind = content_type if join else out_kind
            outputs = [_unparse(jsonpath.apply(filters["OutputFilter"], _parse(o, kind)), kind) for o in outputs]
        sep = b"\n" if assemble == "Line" else b""
        rel = key[len(prefix):].lstrip("/") if key != prefix else key.rsplit("/", 1)[-1]
        target = f"{out_prefix.rstrip('/')}/{rel}.out".lstrip("/")
        common.write(out_bucket, target, sep.join(outputs) + (sep if assemble == "Line" else b""), out_kind)
        log(f"{key}: {len(records)} records in {len(batches)} request(s) -> s3://{out_bucket}/{target}")


def _batches(records: list[bytes], limit: int, split: str) -> list[list[bytes]]:
    if split == "None":
        return [[r] for r in records]
    out, size = [[]], 0
    for r in records:
        if out[-1] and size + len(r) + 1 > limit:
            out.append([])
            size = 0
        out[-1].append(r)
        size += len(r) + 1
    return [b for b in out if b]


def _join(record: bytes, result: bytes, content_type: str, out_kind: str) -> bytes:
    """JoinSource=Input: CSV output appended to the CSV input; JSON input gains 'SageMakerOutput'."""
    if "csv" in content_type:
        return record + b"," + result
    doc = json.loads(record)
    try:
        value = json.loads(result)
    except ValueError:
        value = result.decode()
    if isinstance(doc, dict):
        doc["SageMakerOutput"] = value
        return json.dumps(doc).encode()
    return json.dumps({"SageMakerInput": doc, "SageMakerOutput": value}).encode()


@operation("sagemaker", "DescribeTransformJob", engine=ENGINE)
def describe_transform_job(params: dict) -> dict:
    validate.check("sagemaker", "DescribeTransformJob", params)
    name = params["TransformJobName"]
    return common.public(common.get_job("transform", name, _missing(name)).props)


@operation("sagemaker", "ListTransformJobs", engine=ENGINE)
def list_transform_jobs(params: dict) -> dict:
    validate.check("sagemaker", "ListTransformJobs", params)
    found = list(common.table("transform").values())
    jobs.settle_all(found)
    items = common.filtered([j.props for j in found], params, "TransformJobName", "TransformJobStatus")
    chunk, token = common.page(items, params)
    keys = ("TransformJobName", "TransformJobArn", "CreationTime", "TransformEndTime", "TransformJobStatus",
            "FailureReason")
    out = {"TransformJobSummaries": [{k: p[k] for k in keys if p.get(k) is not None} for p in chunk]}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "StopTransformJob", engine=ENGINE)
def stop_transform_job(params: dict) -> dict:
    validate.check("sagemaker", "StopTransformJob", params)
    job = common.table("transform").get(params["TransformJobName"])
    if job is None:
        raise _missing(params["TransformJobName"])
    job.request_stop()
    job.settle()
    return {}
