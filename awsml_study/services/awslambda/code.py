"""Deployment packages: reading the zip (inline or from S3), checking it and unpacking it."""
from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import tempfile
import zipfile

from awsml_study.sim.errors import AwsError
from awsml_study.services.awslambda import store

_ROOT = os.path.join(tempfile.gettempdir(), f"awsml-study-lambda-{os.getpid()}")


def from_request(code: dict) -> bytes:
    """The zip bytes of a Code / UpdateFunctionCode request (ZipFile, or S3Bucket + S3Key)."""
    if code.get("ImageUri"):
        raise AwsError("InvalidParameterValueException",
                       "awsml-study runs Zip packages only; container images (ImageUri) are not "
                       "simulated. Package the function as a .zip with a Python runtime.")
    if code.get("ZipFile") is not None:
        data = code["ZipFile"]
        data = data.read() if hasattr(data, "read") else bytes(data)
    elif code.get("S3Bucket") and code.get("S3Key"):
        data = _from_s3(code["S3Bucket"], code["S3Key"], code.get("S3ObjectVersion"))
    else:
        raise AwsError("InvalidParameterValueException",
                       "Please provide a source for function code: ZipFile, or S3Bucket and S3Key.")
    check(data)
    return data


def _from_s3(bucket: str, key: str, version: str | None) -> bytes:
    import boto3
    from botocore.exceptions import ClientError
    s3 = boto3.client("s3", region_name=store.REGION)
    try:
        extra = {"VersionId": version} if version else {}
        return s3.get_object(Bucket=bucket, Key=key, **extra)["Body"].read()
    except ClientError as err:
        e = err.response["Error"]
        raise AwsError("InvalidParameterValueException",
                       f"Error occurred while GetObject. S3 Error Code: {e.get('Code')}. "
                       f"S3 Error Message: {e.get('Message')}") from None


def check(data: bytes) -> None:
    if len(data) > store.ZIP_MAX:
        raise AwsError("RequestEntityTooLargeException",
                       f"Request must be smaller than {store.ZIP_MAX} bytes for the CreateFunction operation", 413)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        raise AwsError("InvalidParameterValueException",
                       "Could not unzip uploaded file. Please check your file, then try to upload again.") from None
    if size > store.UNZIPPED_MAX:
        raise AwsError("InvalidParameterValueException",
                       f"Unzipped size must be smaller than {store.UNZIPPED_MAX} bytes")


def sha256(data: bytes) -> str:
    """CodeSha256 as Lambda reports it: base64 of the SHA-256 digest."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def unpack(data: bytes) -> str:
    """A directory holding the package's files (one per distinct package, like /var/task)."""
    digest = hashlib.sha256(data).hexdigest()[:24]
    target = os.path.join(_ROOT, digest)
    if not os.path.isdir(target):
        tmp = tempfile.mkdtemp(prefix="unpack-", dir=_ensure_root())
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                dest = os.path.realpath(os.path.join(tmp, info.filename))
                if not dest.startswith(os.path.realpath(tmp) + os.sep):
                    continue  # a path escaping the package ("../x") is never written
                z.extract(info, tmp)
        try:
            os.rename(tmp, target)
        except OSError:  # another thread unpacked the same package first
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _ensure_root() -> str:
    if not os.path.isdir(_ROOT):
        import atexit
        os.makedirs(_ROOT, exist_ok=True)
        atexit.register(shutil.rmtree, _ROOT, True)  # unpacked packages live as long as the process
    return _ROOT


def make_zip(files: dict[str, str | bytes]) -> bytes:
    """A deployment zip from {path: source}: what a notebook or test uploads."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, body in files.items():
            z.writestr(path, body)
    return buf.getvalue()
