"""Helpers every SageMaker AI handler shares: reading job tables, reporting props, S3 channel input."""
from __future__ import annotations

import copy
import gzip

from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError


def table(name: str) -> dict:
    return state.store(f"sagemaker.{name}")


def public(props: dict) -> dict:
    """What Describe* shows: every member except the kit's private bookkeeping (keys starting '_')."""
    return {k: copy.deepcopy(v) for k, v in props.items() if not k.startswith("_") and v is not None}


def get_job(kind: str, name: str, missing: AwsError) -> jobs.Job:
    job = table(kind).get(name)
    if job is None:
        raise missing
    return job.settle()


def filtered(items: list[dict], params: dict, name_key: str, status_key: str | None,
             time_key: str = "CreationTime", default_order: str = "Descending") -> list[dict]:
    """The List* filters SageMaker shares: NameContains, StatusEquals, Creation/LastModified times, sort."""
    out = []
    for item in items:
        if params.get("NameContains") and params["NameContains"].lower() not in item[name_key].lower():
            continue
        if status_key and params.get("StatusEquals") and item.get(status_key) != params["StatusEquals"]:
            continue
        if params.get("CreationTimeAfter") and item[time_key] <= _aware(params["CreationTimeAfter"]):
            continue
        if params.get("CreationTimeBefore") and item[time_key] >= _aware(params["CreationTimeBefore"]):
            continue
        modified = item.get("LastModifiedTime", item[time_key])
        if params.get("LastModifiedTimeAfter") and modified <= _aware(params["LastModifiedTimeAfter"]):
            continue
        if params.get("LastModifiedTimeBefore") and modified >= _aware(params["LastModifiedTimeBefore"]):
            continue
        out.append(item)
    by = {"Name": name_key, "Status": status_key or name_key}.get(params.get("SortBy"), time_key)
    out.sort(key=lambda i: (str(i.get(by)) if by != time_key else i[time_key]),
             reverse=params.get("SortOrder", default_order) == "Descending")
    return out


def _aware(value):
    import datetime as dt
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def page(items: list, params: dict, default: int = 10):
    return jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=default,
                     error_code="ValidationException")


def s3():
    return s3io.s3()


def read(bucket: str, key: str) -> bytes:
    from botocore.exceptions import ClientError
    try:
        return s3().get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as err:
        raise s3io.S3ReadError(f"Unable to read s3://{bucket}/{key}: {err.response['Error']['Code']}") from None


def write(bucket: str, key: str, body: bytes, content_type: str = "application/octet-stream") -> None:
    from botocore.exceptions import ClientError
    try:
        s3().put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)
    except ClientError as err:
        raise s3io.S3ReadError(f"Unable to write output to s3://{bucket}/{key}: "
                               f"{err.response['Error']['Code']}") from None


def list_objects(bucket: str, prefix: str) -> list[str]:
    from botocore.exceptions import ClientError
    keys: list[str] = []
    try:
        for page in s3().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            keys += [o["Key"] for o in page.get("Contents", []) if not o["Key"].endswith("/")]
    except ClientError as err:
        raise s3io.S3ReadError(f"Unable to read input at s3://{bucket}/{prefix}: "
                               f"{err.response['Error']['Code']}") from None
    if not keys:
        raise s3io.S3ReadError(f"No input data found at s3://{bucket}/{prefix}")
    return sorted(keys)


def read_prefix(uri: str, compression: str | None = None, data_type: str = "S3Prefix") -> tuple[bytes, list[str]]:
    """All objects under an S3 prefix (or named by a manifest file), concatenated as the container sees them."""
    bucket, prefix = s3io.split_uri(uri, "S3Uri")
    if data_type == "ManifestFile":
        import json
        manifest = json.loads(read(bucket, prefix))
        base = manifest[0]["prefix"]
        b2, p2 = s3io.split_uri(base, "prefix")
        keys = [(b2, p2 + rel) for rel in manifest[1:]]
    else:
        keys = [(bucket, k) for k in list_objects(bucket, prefix)]
        keys = [(b, k) for b, k in keys if not k.rsplit("/", 1)[-1].startswith(".")]
    chunks = []
    for b, k in keys:
        data = read(b, k)
        if compression == "Gzip" or (k.endswith(".gz") and data[:2] == b"\x1f\x8b"):
            try:
                data = gzip.decompress(data)
            except OSError as err:
                raise s3io.S3ReadError(f"s3://{b}/{k} is not gzip data ({err})") from None
        if chunks and not chunks[-1].endswith(b"\n") and not data[:4] == b"\x0a\x23\xd7\xce":
            chunks.append(b"\n")
        chunks.append(data)
    return b"".join(chunks), [f"s3://{b}/{k}" for b, k in keys]
