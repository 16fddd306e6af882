"""Reading job input from, and writing job output to, simulated S3 (served by moto); the boto3
clients the kit's handlers and jobs share."""
from __future__ import annotations

import re
import threading

from awsml_study.sim.errors import AwsError, validation_error

S3_URI = re.compile(r"^s3://([a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9])(/.*)?$")
ROLE_ARN = re.compile(r"^arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+$")
ACCOUNT = "123456789012"  # moto's default account: the AWS documentation's example id
REGION = "us-east-1"


_clients: dict = {}
_clients_lock = threading.Lock()


def client(name: str, region: str = REGION):
    """One boto3 client per (service, region), shared by handlers and jobs: building a client parses
    botocore's service model, far slower than a simulated call. boto3 clients are thread-safe, and
    the seam serves a client made at any time, in any simulation."""
    key = (name, region)
    with _clients_lock:
        if key not in _clients:
            import boto3
            from awsml_study.calls import mark_as_simulator
            _clients[key] = boto3.session.Session().client(name, region_name=region)
            mark_as_simulator(_clients[key])   # the diagram tells its calls from the learner's
        return _clients[key]


def s3():
    return client("s3")


def split_uri(uri: str, path: str) -> tuple[str, str]:
    """(bucket, key prefix) of an s3:// URI, or the ValidationException AWS gives for it."""
    m = S3_URI.match(uri or "")
    if not m:
        raise validation_error(uri, path, r"Member must satisfy regular expression pattern: "
                                          r"s3://[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9](/.*)?")
    return m.group(1), (m.group(2) or "/")[1:]


def check_role(arn: str, path: str = "dataAccessRoleArn") -> None:
    if not ROLE_ARN.match(arn or ""):
        raise validation_error(arn, path, "Member must satisfy regular expression pattern: "
                                          "arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+")


class S3ReadError(Exception):
    """Input that a job cannot read; the job fails with this message, as AWS jobs do."""


def list_objects(bucket: str, prefix: str) -> list[str]:
    from botocore.exceptions import ClientError
    keys: list[str] = []
    try:
        for page in s3().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            keys += [o["Key"] for o in page.get("Contents", []) if not o["Key"].endswith("/")]
    except ClientError as err:
        raise S3ReadError(f"Unable to read input at s3://{bucket}/{prefix}: "
                          f"{err.response['Error']['Code']}") from None
    if not keys:
        raise S3ReadError(f"No input documents found at s3://{bucket}/{prefix}")
    return sorted(keys)


def read(bucket: str, key: str) -> bytes:
    from botocore.exceptions import ClientError
    try:
        return s3().get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as err:
        raise S3ReadError(f"Unable to read s3://{bucket}/{key}: {err.response['Error']['Code']}") from None


def read_object_or_error(bucket: str, key: str, code: str, message: str) -> bytes:
    """An object's bytes, or the service's own error (e.g. InvalidS3ObjectException)."""
    try:
        return read(bucket, key)
    except S3ReadError as err:
        raise AwsError(code, f"{message} ({err})") from None


def write(bucket: str, key: str, body: bytes, content_type: str = "application/octet-stream") -> None:
    from botocore.exceptions import ClientError
    try:
        s3().put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)
    except ClientError as err:
        raise S3ReadError(f"Unable to write output to s3://{bucket}/{key}: "
                          f"{err.response['Error']['Code']}") from None
