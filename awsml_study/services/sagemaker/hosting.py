"""CreateModel, CreateEndpointConfig, CreateEndpoint (Creating → InService), UpdateEndpoint, DeleteEndpoint and friends."""
from __future__ import annotations

from awsml_study.services.sagemaker import common, images, limits, tags
from awsml_study.sim import jobs, s3io, validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "sagemaker/hosting (model artefacts loaded from S3)"
CREATE = jobs.Lifecycle(key="EndpointStatus", running="Creating", done="InService", failed="Failed",
                        stopped="Failed", message_key="FailureReason", start_key=None, end_key=None)
# A failed update rolls back: the endpoint keeps serving its previous configuration.
UPDATE = jobs.Lifecycle(key="EndpointStatus", running="Updating", done="InService", failed="InService",
                        stopped="InService", message_key="FailureReason", start_key=None, end_key=None)


def _missing(kind: str, name: str) -> AwsError:
    return AwsError("ValidationException", f'Could not find {kind} "{name}".')


def model_or_error(name: str) -> dict:
    model = common.table("models").get(name)
    if model is None:
        raise _missing("model", limits.arn("model", name))
    return model


# ------------------------------------------------------------------ models

@operation("sagemaker", "CreateModel", engine=ENGINE)
def create_model(params: dict) -> dict:
    validate.check("sagemaker", "CreateModel", params)
    name = params["ModelName"]
    if name in common.table("models"):
        raise AwsError("ValidationException", f'Cannot create already existing model "{limits.arn("model", name)}".')
    container = params.get("PrimaryContainer") or (params.get("Containers") or [None])[0]
    if container is None:
        raise AwsError("ValidationException", "Either PrimaryContainer or Containers must be provided.")
    if container.get("ModelPackageName"):
        from awsml_study.services.sagemaker import model_registry
        model_registry.container_for(container["ModelPackageName"])
    else:
        images.parse(container.get("Image", ""), "PrimaryContainer.Image")
        if container.get("ModelDataUrl"):
            bucket, key = s3io.split_uri(container["ModelDataUrl"], "primaryContainer.modelDataUrl")
            try:
                common.s3().head_object(Bucket=bucket, Key=key)
            except Exception:
                raise AwsError("ValidationException", f"Could not access model data at "
                               f"{container['ModelDataUrl']}. Please ensure that the role exists and that "
                               "its trust relationship policy allows the action 'sts:AssumeRole' for the "
                               "service principal 'sagemaker.amazonaws.com'. Also ensure that the role has "
                               "'s3:GetObject' permissions and that the object is located in us-east-1.") from None
    props = {"ModelName": name, "ModelArn": limits.arn("model", name), "CreationTime": limits.now(),
             "PrimaryContainer": params.get("PrimaryContainer"), "Containers": params.get("Containers"),
             "ExecutionRoleArn": params.get("ExecutionRoleArn"), "VpcConfig": params.get("VpcConfig"),
             "EnableNetworkIsolation": bool(params.get("EnableNetworkIsolation", False))}
    common.table("models")[name] = props
    tags.remember(props["ModelArn"], params.get("Tags"))
    return {"ModelArn": props["ModelArn"]}


@operation("sagemaker", "DescribeModel", engine=ENGINE)
def describe_model(params: dict) -> dict:
    validate.check("sagemaker", "DescribeModel", params)
    return common.public(model_or_error(params["ModelName"]))


@operation("sagemaker", "ListModels", engine=ENGINE)
def list_models(params: dict) -> dict:
    validate.check("sagemaker", "ListModels", params)
    items = common.filtered(list(common.table("models").values()), params, "ModelName", None)
    chunk, token = common.page(items, params)
    out = {"Models": [{k: m[k] for k in ("ModelName", "ModelArn", "CreationTime")} for m in chunk]}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "DeleteModel", engine=ENGINE)
def delete_model(params: dict) -> dict:
    validate.check("sagemaker", "DeleteModel", params)
    model_or_error(params["ModelName"])
    del common.table("models")[params["ModelName"]]
    return {}


# ------------------------------------------------------------------ endpoint configs

def config_or_error(name: str) -> dict:
    config = common.table("endpoint_configs").get(name)
    if config is None:
        raise _missing("endpoint configuration", limits.arn("endpoint-config", name))
    return config


@operation("sagemaker", "CreateEndpointConfig", engine=ENGINE)
def create_endpoint_config(params: dict) -> dict:
    validate.check("sagemaker", "CreateEndpointConfig", params)
    name = params["EndpointConfigName"]
    if name in common.table("endpoint_configs"):
        raise AwsError("ValidationException", "Cannot create already existing endpoint configuration "
                       f'"{limits.arn("endpoint-config", name)}".')
    variants = []
    seen = set()
    for v in params["ProductionVariants"]:
        if v["VariantName"] in seen:
            raise AwsError("ValidationException", f"Variant names must be unique: {v['VariantName']}")
        seen.add(v["VariantName"])
        model_or_error(v.get("ModelName", ""))
        serverless = v.get("ServerlessConfig")
        if serverless is None and not v.get("InstanceType"):
            raise AwsError("ValidationException", f"Production variant {v['VariantName']} needs either "
                           "InstanceType and InitialInstanceCount, or ServerlessConfig.")
        if serverless is not None and v.get("InstanceType"):
            raise AwsError("ValidationException", f"Production variant {v['VariantName']}: InstanceType "
                           "cannot be combined with ServerlessConfig.")
        if serverless is not None and serverless.get("MemorySizeInMB", 0) % 1024:
            raise AwsError("ValidationException", "ServerlessConfig.MemorySizeInMB must be 1024, 2048, "
                           "3072, 4096, 5120 or 6144.")
        if serverless and serverless.get("ProvisionedConcurrency", 0) > serverless.get("MaxConcurrency", 0):
            raise AwsError("ValidationException", "ProvisionedConcurrency must not exceed MaxConcurrency.")
        variant = dict(v)
        variant.setdefault("InitialVariantWeight", 1.0)
        if serverless is None:
            variant.setdefault("InitialInstanceCount", 1)
        variants.append(variant)
    if params.get("AsyncInferenceConfig"):
        s3io.split_uri(params["AsyncInferenceConfig"]["OutputConfig"].get("S3OutputPath", ""),
                       "asyncInferenceConfig.outputConfig.s3OutputPath")
    props = {"EndpointConfigName": name, "EndpointConfigArn": limits.arn("endpoint-config", name),
             "ProductionVariants": variants, "DataCaptureConfig": params.get("DataCaptureConfig"),
             "KmsKeyId": params.get("KmsKeyId"), "CreationTime": limits.now(),
             "AsyncInferenceConfig": params.get("AsyncInferenceConfig")}
    common.table("endpoint_configs")[name] = props
    tags.remember(props["EndpointConfigArn"], params.get("Tags"))
    return {"EndpointConfigArn": props["EndpointConfigArn"]}


@operation("sagemaker", "DescribeEndpointConfig", engine=ENGINE)
def describe_endpoint_config(params: dict) -> dict:
    validate.check("sagemaker", "DescribeEndpointConfig", params)
    return common.public(config_or_error(params["EndpointConfigName"]))


@operation("sagemaker", "ListEndpointConfigs", engine=ENGINE)
def list_endpoint_configs(params: dict) -> dict:
    validate.check("sagemaker", "ListEndpointConfigs", params)
    items = common.filtered(list(common.table("endpoint_configs").values()), params, "EndpointConfigName", None)
    chunk, token = common.page(items, params)
    out = {"EndpointConfigs": [{k: c[k] for k in ("EndpointConfigName", "EndpointConfigArn", "CreationTime")}
                               for c in chunk]}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "DeleteEndpointConfig", engine=ENGINE)
def delete_endpoint_config(params: dict) -> dict:
    validate.check("sagemaker", "DeleteEndpointConfig", params)
    config_or_error(params["EndpointConfigName"])
    del common.table("endpoint_configs")[params["EndpointConfigName"]]
    return {}
