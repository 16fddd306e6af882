"""Where the kit keeps terminology and parallel data files (moto's S3), their ARNs and presigned URLs."""
from __future__ import annotations

from awsml_study.sim import s3io, state
from awsml_study.sim.errors import AwsError

# Amazon Translate keeps these files in its own storage and hands out presigned S3 URLs; the kit
# keeps them in one bucket of the simulated account, so the URLs point at real stored content.
URL_SECONDS = 30 * 60   # AWS's presigned locations expire after 30 minutes


def terminologies() -> dict:
    return state.store("translate.terminologies")


def parallel_data() -> dict:
    return state.store("translate.parallel_data")


def arn(kind: str, name: str) -> str:
    suffix = "/LATEST" if kind == "terminology" else ""
    return f"arn:aws:translate:{s3io.REGION}:{s3io.account()}:{kind}/{name}{suffix}"


def bucket() -> str:
    """The caller's resource bucket: S3 bucket names are global, so each account has its own."""
    return f"awsml-study-translate-resources-{s3io.account()}"


def _bucket():
    client = s3io.s3()
    if bucket() not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
        client.create_bucket(Bucket=bucket())
    return client


def keep(key: str, body: bytes, content_type: str = "text/plain") -> None:
    try:
        _bucket()
        s3io.write(bucket(), key, body, content_type)
    except s3io.S3ReadError as err:
        raise AwsError("InternalServerException", str(err)) from None


def location(key: str) -> dict:
    """A TerminologyDataLocation / ParallelDataDataLocation: a presigned URL to the stored file."""
    url = s3io.presigned_url("get_object", bucket(), key, URL_SECONDS)
    return {"RepositoryType": "S3", "Location": url}


def forget(prefix: str) -> None:
    client = s3io.s3()
    try:
        for obj in client.list_objects_v2(Bucket=bucket(), Prefix=prefix).get("Contents", []):
            client.delete_object(Bucket=bucket(), Key=obj["Key"])
    except Exception:  # the bucket may never have been made in this simulation
        pass
