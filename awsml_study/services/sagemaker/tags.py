"""AddTags, ListTags, DeleteTags for the kit's resources; other SageMaker resources go to moto's own tag store."""
from __future__ import annotations

from awsml_study.services.sagemaker import common, limits
from awsml_study.sim import state, validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "sagemaker/tags"
# ARN resource types whose resources the kit keeps (the rest live in moto's SageMaker backend).
KIT_TYPES = {"training-job": "training", "endpoint": "endpoints", "endpoint-config": "endpoint_configs",
             "model": "models", "transform-job": "transform", "hyper-parameter-tuning-job": "tuning",
             "model-package-group": "package_groups", "model-package": "packages"}


def _store() -> dict:
    return state.store("sagemaker.tags")


def remember(arn: str, tags: list | None) -> None:
    """Create* calls record the Tags of their request."""
    if tags:
        _store()[arn] = {t["Key"]: t["Value"] for t in tags}


def _kit_resource_exists(kind: str, arn: str) -> bool:
    table = common.table(KIT_TYPES[kind])
    for item in table.values():
        props = getattr(item, "props", item)
        if arn in (props.get(k) for k in props if k.endswith("Arn")):
            return True
    return False


def _moto():
    from moto.sagemaker.models import sagemaker_backends
    return sagemaker_backends[limits.account()][limits.REGION]


def _kind(arn: str) -> str:
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[2] != "sagemaker":
        raise AwsError("ValidationException", f"{arn} is not a SageMaker resource ARN.")
    return parts[5].split("/", 1)[0]


def _missing(arn: str) -> AwsError:
    return AwsError("ResourceNotFound", f"Resource {arn} not found.")


def _moto_call(method: str, arn: str, *args):
    try:
        return getattr(_moto(), method)(arn, *args)
    except Exception:  # moto knows no such resource either
        raise _missing(arn) from None


@operation("sagemaker", "AddTags", engine=ENGINE)
def add_tags(params: dict) -> dict:
    validate.check("sagemaker", "AddTags", params)
    arn, tags = params["ResourceArn"], params["Tags"]
    kind = _kind(arn)
    if kind not in KIT_TYPES:
        return {"Tags": list(_moto_call("add_tags", arn, tags))}
    if not _kit_resource_exists(kind, arn):
        raise _missing(arn)
    current = _store().setdefault(arn, {})
    current.update({t["Key"]: t["Value"] for t in tags})
    if len(current) > 50:
        raise AwsError("ResourceLimitExceeded", "A resource can have at most 50 tags.")
    return {"Tags": [{"Key": k, "Value": v} for k, v in current.items()]}


@operation("sagemaker", "ListTags", engine=ENGINE)
def list_tags(params: dict) -> dict:
    validate.check("sagemaker", "ListTags", params)
    arn = params["ResourceArn"]
    kind = _kind(arn)
    if kind not in KIT_TYPES:
        found = _moto_call("list_tags", arn)
        tags = list(found[0] if isinstance(found, tuple) else found)  # moto returns (tags, token)
    elif not _kit_resource_exists(kind, arn):
        raise _missing(arn)
    else:
        tags = [{"Key": k, "Value": v} for k, v in _store().get(arn, {}).items()]
    chunk, token = common.page(tags, params, default=50)
    return {"Tags": chunk, **({"NextToken": token} if token else {})}


@operation("sagemaker", "DeleteTags", engine=ENGINE)
def delete_tags(params: dict) -> dict:
    validate.check("sagemaker", "DeleteTags", params)
    arn = params["ResourceArn"]
    kind = _kind(arn)
    if kind not in KIT_TYPES:
        _moto_call("delete_tags", arn, params["TagKeys"])
        return {}
    if not _kit_resource_exists(kind, arn):
        raise _missing(arn)
    for key in params["TagKeys"]:
        _store().get(arn, {}).pop(key, None)
    return {}
