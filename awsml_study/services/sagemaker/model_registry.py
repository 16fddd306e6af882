"""Model Registry: model package groups, versioned model packages with approval status, deployable with CreateModel."""
from __future__ import annotations

from awsml_study.services.sagemaker import common, images, limits, tags
from awsml_study.sim import validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "sagemaker/model-registry"


def _groups() -> dict:
    return common.table("package_groups")


def _packages() -> dict:
    return common.table("packages")  # ARN -> props


def _group_or_error(name: str) -> dict:
    group = _groups().get(name.rsplit("/", 1)[-1] if name.startswith("arn:") else name)
    if group is None:
        raise AwsError("ValidationException", f"ModelPackageGroup {name} does not exist.")
    return group


def package_or_error(name: str) -> dict:
    """By versioned ARN, or by name/ARN of an unversioned package."""
    pkg = _packages().get(name) or next((p for p in _packages().values()
                                         if "ModelPackageVersion" not in p and p["ModelPackageName"] == name), None)
    if pkg is None:
        raise AwsError("ValidationException", f"ModelPackage {name} does not exist.")
    return pkg


def container_for(name: str) -> dict:
    """The container a model created from a model package runs (used by CreateModel and serving)."""
    return package_or_error(name)["InferenceSpecification"]["Containers"][0]


@operation("sagemaker", "CreateModelPackageGroup", engine=ENGINE)
def create_group(params: dict) -> dict:
    validate.check("sagemaker", "CreateModelPackageGroup", params)
    name = params["ModelPackageGroupName"]
    if name in _groups():
        raise AwsError("ValidationException", f"Model Package Group already exists: {limits.arn('model-package-group', name)}")
    _groups()[name] = {"ModelPackageGroupName": name, "ModelPackageGroupArn": limits.arn("model-package-group", name),
                       "ModelPackageGroupDescription": params.get("ModelPackageGroupDescription"),
                       "CreationTime": limits.now(), "CreatedBy": {}, "ModelPackageGroupStatus": "Completed",
                       "_next": 1}
    tags.remember(_groups()[name]["ModelPackageGroupArn"], params.get("Tags"))
    return {"ModelPackageGroupArn": _groups()[name]["ModelPackageGroupArn"]}


@operation("sagemaker", "DescribeModelPackageGroup", engine=ENGINE)
def describe_group(params: dict) -> dict:
    validate.check("sagemaker", "DescribeModelPackageGroup", params)
    return common.public(_group_or_error(params["ModelPackageGroupName"]))


@operation("sagemaker", "ListModelPackageGroups", engine=ENGINE)
def list_groups(params: dict) -> dict:
    validate.check("sagemaker", "ListModelPackageGroups", params)
    items = common.filtered(list(_groups().values()), params, "ModelPackageGroupName", None)
    chunk, token = common.page(items, params)
    keys = ("ModelPackageGroupName", "ModelPackageGroupArn", "ModelPackageGroupDescription", "CreationTime",
            "ModelPackageGroupStatus")
    out = {"ModelPackageGroupSummaryList": [{k: g[k] for k in keys if g.get(k) is not None} for g in chunk]}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "DeleteModelPackageGroup", engine=ENGINE)
def delete_group(params: dict) -> dict:
    validate.check("sagemaker", "DeleteModelPackageGroup", params)
    group = _group_or_error(params["ModelPackageGroupName"])
    if any(p.get("ModelPackageGroupName") == group["ModelPackageGroupName"] for p in _packages().values()):
        raise AwsError("ConflictException", "The model package group still contains model package versions; "
                       "delete them first.")
    del _groups()[group["ModelPackageGroupName"]]
    return {}


@operation("sagemaker", "CreateModelPackage", engine=ENGINE)
def create_package(params: dict) -> dict:
    validate.check("sagemaker", "CreateModelPackage", params)
    spec = params.get("InferenceSpecification")
    if not spec:
        raise AwsError("ValidationException", "InferenceSpecification is required (algorithm-based model "
                       "packages from SourceAlgorithmSpecification are not simulated).")
    for c in spec["Containers"]:
        images.parse(c.get("Image", ""), "InferenceSpecification.Containers.Image")
    now = limits.now()
    props = {"ModelPackageDescription": params.get("ModelPackageDescription"), "CreationTime": now,
             "InferenceSpecification": spec, "ModelPackageStatus": "Completed",
             "ModelPackageStatusDetails": {"ValidationStatuses": [], "ImageScanStatuses": []},
             "ModelMetrics": params.get("ModelMetrics"), "CustomerMetadataProperties": params.get("CustomerMetadataProperties"),
             "CertifyForMarketplace": bool(params.get("CertifyForMarketplace", False)),
             "MetadataProperties": params.get("MetadataProperties"), "Domain": params.get("Domain"),
             "Task": params.get("Task"), "SamplePayloadUrl": params.get("SamplePayloadUrl"),
             "LastModifiedTime": now}
    if params.get("ModelPackageGroupName"):
        group = _group_or_error(params["ModelPackageGroupName"])
        version = group["_next"]
        group["_next"] += 1
        gname = group["ModelPackageGroupName"]
        arn = f"arn:aws:sagemaker:{limits.REGION}:{limits.account()}:model-package/{gname.lower()}/{version}"
        props.update(ModelPackageName=gname, ModelPackageGroupName=gname, ModelPackageVersion=version,
                     ModelPackageArn=arn, ModelApprovalStatus=params.get("ModelApprovalStatus", "PendingManualApproval"))
    else:
        name = params.get("ModelPackageName")
        if not name:
            raise AwsError("ValidationException", "Pass ModelPackageGroupName (a versioned package) or "
                           "ModelPackageName (an unversioned one).")
        arn = limits.arn("model-package", name)
        props.update(ModelPackageName=name, ModelPackageArn=arn)
    if arn in _packages():
        raise AwsError("ValidationException", f"Model package {arn} already exists.")
    _packages()[arn] = props
    tags.remember(arn, params.get("Tags"))
    return {"ModelPackageArn": arn}


@operation("sagemaker", "DescribeModelPackage", engine=ENGINE)
def describe_package(params: dict) -> dict:
    validate.check("sagemaker", "DescribeModelPackage", params)
    return common.public(package_or_error(params["ModelPackageName"]))


@operation("sagemaker", "UpdateModelPackage", engine=ENGINE)
def update_package(params: dict) -> dict:
    validate.check("sagemaker", "UpdateModelPackage", params)
    pkg = package_or_error(params["ModelPackageArn"])
    if "ModelApprovalStatus" in params:
        if "ModelPackageVersion" not in pkg:
            raise AwsError("ValidationException", "Only versioned model packages have an approval status.")
        pkg["ModelApprovalStatus"] = params["ModelApprovalStatus"]
        if params.get("ApprovalDescription"):
            pkg["ApprovalDescription"] = params["ApprovalDescription"]
    if params.get("CustomerMetadataProperties"):
        pkg["CustomerMetadataProperties"] = {**(pkg.get("CustomerMetadataProperties") or {}),
                                             **params["CustomerMetadataProperties"]}
    for key in params.get("CustomerMetadataPropertiesToRemove", []):
        (pkg.get("CustomerMetadataProperties") or {}).pop(key, None)
    pkg["LastModifiedTime"] = limits.now()
    return {"ModelPackageArn": pkg["ModelPackageArn"]}


@operation("sagemaker", "ListModelPackages", engine=ENGINE)
def list_packages(params: dict) -> dict:
    validate.check("sagemaker", "ListModelPackages", params)
    items = list(_packages().values())
    if params.get("ModelPackageGroupName"):
        group = _group_or_error(params["ModelPackageGroupName"])["ModelPackageGroupName"]
        items = [p for p in items if p.get("ModelPackageGroupName") == group]
    if params.get("ModelApprovalStatus"):
        items = [p for p in items if p.get("ModelApprovalStatus") == params["ModelApprovalStatus"]]
    kind = params.get("ModelPackageType", "Both")
    if kind != "Both":
        items = [p for p in items if ("ModelPackageVersion" in p) == (kind == "Versioned")]
    items = common.filtered(items, params, "ModelPackageName", None, default_order="Ascending")
    chunk, token = common.page(items, params)
    keys = ("ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion", "ModelPackageArn",
            "ModelPackageDescription", "CreationTime", "ModelPackageStatus", "ModelApprovalStatus")
    out = {"ModelPackageSummaryList": [{k: p[k] for k in keys if p.get(k) is not None} for p in chunk]}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "DeleteModelPackage", engine=ENGINE)
def delete_package(params: dict) -> dict:
    validate.check("sagemaker", "DeleteModelPackage", params)
    pkg = package_or_error(params["ModelPackageName"])
    del _packages()[pkg["ModelPackageArn"]]
    return {}
