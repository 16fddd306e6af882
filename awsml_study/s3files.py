"""Reading what async jobs wrote to S3: plain objects and the output.tar.gz archives."""
from __future__ import annotations

import io
import tarfile


def _split(uri: str) -> tuple[str, str]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def read_text(s3, uri: str) -> str:
    bucket, key = _split(uri)
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")


def read_tar_gz(s3, uri: str) -> dict[str, str]:
    """{member name: text} of an output.tar.gz in S3, as Comprehend's async jobs write it."""
    bucket, key = _split(uri)
    data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name: tar.extractfile(m).read().decode("utf-8") for m in tar.getmembers() if m.isfile()}
