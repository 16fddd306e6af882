"""Reading job input from, and writing job output to, simulated S3 (served by moto); the boto3
clients the kit's handlers and jobs share."""
from __future__ import annotations

import functools
import re
import threading

from awsml_study.sim import state
from awsml_study.sim.errors import AwsError, validation_error

S3_URI = re.compile(r"^s3://([a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9])(/.*)?$")
ROLE_ARN = re.compile(r"^arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+$")
ACCOUNT = "123456789012"  # moto's default account: the AWS documentation's example id
REGION = "us-east-1"
S3_HOST = f"https://s3.{REGION}.amazonaws.com"
UNCHECKED_SECRET = "awsml-study-does-not-check-signatures"  # signs URLs only `serve` reads


def account() -> str:
    """The account id the kit's ARNs, keys and messages name: the caller's under `awsml-study
    serve`, moto's default in-process."""
    return state.account() or ACCOUNT


def object_url(bucket: str, key: str) -> str:
    """The plain https URL of an object (Polly's OutputUri, a Transcribe TranscriptFileUri): AWS's
    S3 host in-process, the server itself under `serve`, so a client can fetch it there."""
    return f"{state.endpoint() or S3_HOST}/{bucket}/{key}"


def presigned_url(method: str, bucket: str, key: str, expires: int, signer=None) -> str:
    """A pre-signed URL (method: get_object or put_object) of a simulated object.

    In-process it is what the client `signer()` makes (default: the kit's S3 client): AWS host
    names. Under `serve` it points at the server the request came in on, signed with the caller's
    account id as access key, which `serve` reads as that account (a 12-digit key is the account),
    so a client can GET or PUT it there and reach the caller's bucket.
    """
    served = state.endpoint()
    if served is None:
        return (signer or s3)().generate_presigned_url(method, Params={"Bucket": bucket, "Key": key},
                                                       ExpiresIn=expires)
    return _served_signer(served, account()).generate_presigned_url(
        method, Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires)


@functools.lru_cache(maxsize=64)
def _served_signer(endpoint_url: str, account_id: str):
    """An S3 client that only signs URLs for `serve` (building one parses botocore's model)."""
    import boto3
    from botocore.config import Config
    return boto3.session.Session().client(
        "s3", region_name=REGION, endpoint_url=endpoint_url,
        aws_access_key_id=account_id, aws_secret_access_key=UNCHECKED_SECRET,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))


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
