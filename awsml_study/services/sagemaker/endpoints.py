"""Endpoints through the job runner: CreateEndpoint / UpdateEndpoint load each variant's model, then InService."""
from __future__ import annotations

import copy

from awsml_study.services.sagemaker import common, hosting, limits, serving, tags
from awsml_study.sim import jobs, validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = hosting.ENGINE


def _missing(name: str) -> AwsError:
    return AwsError("ValidationException", f'Could not find endpoint "{limits.arn("endpoint", name)}".')


def endpoint_job(name: str) -> jobs.Job:
    job = common.table("endpoints").get(name)
    if job is None:
        raise _missing(name)
    return job.settle()


def _deploy(config: dict):
    """The work of Create/UpdateEndpoint: load every variant's model (a failure fails the deployment)."""

    def work(job: jobs.Job) -> None:
        loaded, variants = {}, []
        for v in config["ProductionVariants"]:
            model = hosting.model_or_error(v["ModelName"])
            try:
                loaded[v["VariantName"]] = (serving.load(model), v)
            except serving.DeployError as err:
                raise jobs.JobFailure(f"The primary container for production variant {v['VariantName']} "
                                      f"did not pass the ping health check: {err}") from None
            container = serving.container_of(model)
            image = container.get("Image") or container.get("ModelPackageName", "")
            entry = {"VariantName": v["VariantName"],
                     "DeployedImages": [{"SpecifiedImage": image, "ResolvedImage": image,
                                         "ResolutionTime": limits.now()}],
                     "CurrentWeight": float(v.get("InitialVariantWeight", 1.0)),
                     "DesiredWeight": float(v.get("InitialVariantWeight", 1.0))}
            if v.get("ServerlessConfig"):
                entry["CurrentServerlessConfig"] = dict(v["ServerlessConfig"])
                entry["DesiredServerlessConfig"] = dict(v["ServerlessConfig"])
            else:
                entry["CurrentInstanceCount"] = entry["DesiredInstanceCount"] = int(v.get("InitialInstanceCount", 1))
            variants.append(entry)
        props = job.props
        props["_serving"], props["ProductionVariants"] = loaded, variants
        props["EndpointConfigName"] = config["EndpointConfigName"]
        props["AsyncInferenceConfig"] = config.get("AsyncInferenceConfig")
        props["DataCaptureConfig"] = config.get("DataCaptureConfig")
        props.pop("FailureReason", None)
    return work


def _touch(job: jobs.Job) -> None:
    job.props["LastModifiedTime"] = limits.now()


@operation("sagemaker", "CreateEndpoint", engine=ENGINE)
def create_endpoint(params: dict) -> dict:
    validate.check("sagemaker", "CreateEndpoint", params)
    name = params["EndpointName"]
    if name in common.table("endpoints"):
        raise AwsError("ValidationException", f'Cannot create already existing endpoint "{limits.arn("endpoint", name)}".')
    config = hosting.config_or_error(params["EndpointConfigName"])
    now = limits.now()
    props = {"EndpointName": name, "EndpointArn": limits.arn("endpoint", name),
             "EndpointConfigName": config["EndpointConfigName"], "EndpointStatus": "Creating",
             "CreationTime": now, "LastModifiedTime": now}
    job = jobs.Job(name, props, work=_deploy(copy.deepcopy(config)), lifecycle=hosting.CREATE, on_end=_touch)
    common.table("endpoints")[name] = jobs.submit(job)
    tags.remember(props["EndpointArn"], params.get("Tags"))
    return {"EndpointArn": props["EndpointArn"]}


@operation("sagemaker", "DescribeEndpoint", engine=ENGINE)
def describe_endpoint(params: dict) -> dict:
    validate.check("sagemaker", "DescribeEndpoint", params)
    return common.public(endpoint_job(params["EndpointName"]).props)


@operation("sagemaker", "ListEndpoints", engine=ENGINE)
def list_endpoints(params: dict) -> dict:
    validate.check("sagemaker", "ListEndpoints", params)
    found = list(common.table("endpoints").values())
    jobs.settle_all(found)
    items = common.filtered([j.props for j in found], params, "EndpointName", "EndpointStatus")
    chunk, token = common.page(items, params)
    keys = ("EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus")
    out = {"Endpoints": [{k: p[k] for k in keys} for p in chunk]}
    return {**out, "NextToken": token} if token else out


@operation("sagemaker", "UpdateEndpoint", engine=ENGINE)
def update_endpoint(params: dict) -> dict:
    validate.check("sagemaker", "UpdateEndpoint", params)
    job = endpoint_job(params["EndpointName"])
    if job.props["EndpointStatus"] != "InService":
        raise AwsError("ValidationException", f"Cannot update endpoint in status {job.props['EndpointStatus']}; "
                       "the endpoint must be InService.")
    config = hosting.config_or_error(params["EndpointConfigName"])
    props = job.props
    props["EndpointStatus"] = "Updating"
    props["LastModifiedTime"] = limits.now()
    new = jobs.Job(props["EndpointName"], props, work=_deploy(copy.deepcopy(config)),
                   lifecycle=hosting.UPDATE, on_end=_touch)
    common.table("endpoints")[props["EndpointName"]] = jobs.submit(new)
    return {"EndpointArn": props["EndpointArn"]}


@operation("sagemaker", "UpdateEndpointWeightsAndCapacities", engine=ENGINE)
def update_weights(params: dict) -> dict:
    validate.check("sagemaker", "UpdateEndpointWeightsAndCapacities", params)
    job = endpoint_job(params["EndpointName"])
    props = job.props
    if props["EndpointStatus"] != "InService":
        raise AwsError("ValidationException", "The endpoint must be InService to change weights.")
    by_name = {v["VariantName"]: v for v in props.get("ProductionVariants", [])}
    for want in params["DesiredWeightsAndCapacities"]:
        variant = by_name.get(want["VariantName"])
        if variant is None:
            raise AwsError("ValidationException", f"The variant {want['VariantName']} does not exist on "
                           f"endpoint {props['EndpointName']}.")
        if "DesiredWeight" in want:
            variant["CurrentWeight"] = variant["DesiredWeight"] = float(want["DesiredWeight"])
        if "DesiredInstanceCount" in want and "CurrentInstanceCount" in variant:
            variant["CurrentInstanceCount"] = variant["DesiredInstanceCount"] = int(want["DesiredInstanceCount"])
    props["LastModifiedTime"] = limits.now()
    return {"EndpointArn": props["EndpointArn"]}


@operation("sagemaker", "DeleteEndpoint", engine=ENGINE)
def delete_endpoint(params: dict) -> dict:
    validate.check("sagemaker", "DeleteEndpoint", params)
    endpoint_job(params["EndpointName"])
    del common.table("endpoints")[params["EndpointName"]]
    return {}
