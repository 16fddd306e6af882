"""sagemaker-runtime: InvokeEndpoint (real predictions, traffic split by weight) and InvokeEndpointAsync (output to S3)."""
from __future__ import annotations

import io
import random
import uuid

from botocore.response import StreamingBody

from awsml_study.engines.training.base import ModelError
from awsml_study.services.sagemaker import capture, common, limits, logs
from awsml_study.sim import jobs, s3io, validate
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "sagemaker-runtime/invoke (the endpoint's trained model)"
_traffic = random.Random()


def _endpoint(name: str) -> dict:
    job = common.table("endpoints").get(name)
    if job is None:
        raise AwsError("ValidationError", f"Endpoint {name} of account {limits.account()} not found.")
    props = job.settle().props
    if props.get("EndpointStatus") not in ("InService", "Updating") or "_serving" not in props:
        raise AwsError("ValidationError", f"Endpoint {name} of account {limits.account()} is not in service "
                       f"(status {props.get('EndpointStatus')}).")
    return props


def _choose(props: dict, target: str | None):
    serving = props["_serving"]
    if target:
        if target not in serving:
            raise AwsError("ValidationError", f"Variant {target} not found for Request: "
                           f"EndpointName={props['EndpointName']}")
        return target, serving[target]
    weights = {v["VariantName"]: v["CurrentWeight"] for v in props["ProductionVariants"]}
    names = [n for n in serving if weights.get(n, 0) > 0] or list(serving)
    name = _traffic.choices(names, [weights.get(n, 1.0) or 1.0 for n in names])[0]
    return name, serving[name]


def predict(props: dict, variant_name: str, predictor, body: bytes, content_type, accept) -> tuple[bytes, str]:
    try:
        return predictor.invoke(body, content_type, accept)
    except ModelError as err:
        log = logs.endpoint(props["EndpointName"], variant_name)
        log(f"ERROR: {err}")
        log.flush()
        stream = (f"arn:aws:logs:{limits.REGION}:{limits.account()}:log-group:{log.group}")
        raise AwsError("ModelError", f'Received client error (400) from primary with message "{err}". See '
                       f"https://{limits.REGION}.console.aws.amazon.com/cloudwatch/home?region={limits.REGION}"
                       f"#logEventViewer:group={log.group} in account {limits.account()} for more information.",
                       OriginalStatusCode=400, OriginalMessage=str(err), LogStreamArn=stream) from None


@operation("sagemaker-runtime", "InvokeEndpoint", engine=ENGINE)
def invoke_endpoint(params: dict) -> dict:
    validate.check("sagemaker-runtime", "InvokeEndpoint", params)
    body = params["Body"]
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    props = _endpoint(params["EndpointName"])
    name, (predictor, variant) = _choose(props, params.get("TargetVariant"))
    limit = limits.MAX_SERVERLESS_PAYLOAD if variant.get("ServerlessConfig") else limits.MAX_PAYLOAD
    if len(body) > limit:
        raise AwsError("ValidationError", f"Request payload of {len(body)} bytes exceeds the "
                       f"{limit // (1024 * 1024)} MB limit of this endpoint.", 413)
    out, content_type = predict(props, name, predictor, body, params.get("ContentType"), params.get("Accept"))
    if props.get("DataCaptureConfig"):
        capture.record(props["EndpointName"], name, props["DataCaptureConfig"], body, params.get("ContentType"),
                       out, content_type, params.get("InferenceId"))
    # botocore hands a blob payload to the caller as a StreamingBody (operation_model.has_streaming_output);
    # the seam converts only members marked "streaming", so the handler wraps it itself.
    response = {"Body": StreamingBody(io.BytesIO(out), len(out)), "ContentType": content_type, "InvokedProductionVariant": name}
    if params.get("CustomAttributes"):
        response["CustomAttributes"] = params["CustomAttributes"]
    # The engine header names the model that answered (XGBoost, a 1P algorithm or a script).
    response["ResponseMetadata"] = {"Engine": f"sagemaker-runtime/invoke ({predictor.engine_name})"}
    return response


@operation("sagemaker-runtime", "InvokeEndpointAsync", engine=ENGINE)
def invoke_endpoint_async(params: dict) -> dict:
    validate.check("sagemaker-runtime", "InvokeEndpointAsync", params)
    props = _endpoint(params["EndpointName"])
    config = props.get("AsyncInferenceConfig")
    if not config:
        raise AwsError("ValidationError", f"Endpoint {params['EndpointName']} is not an asynchronous endpoint: "
                       "its endpoint configuration has no AsyncInferenceConfig.")
    if params.get("Body") is not None:
        raw = params["Body"]
        raw = raw.read() if hasattr(raw, "read") else raw
        if len(raw) > limits.MAX_ASYNC_INLINE:
            raise AwsError("ValidationError", "An inline Body is limited to 128,000 bytes; use InputLocation.")
        body_source = ("inline", raw if isinstance(raw, bytes) else str(raw).encode())
    elif params.get("InputLocation"):
        body_source = ("s3", s3io.split_uri(params["InputLocation"], "inputLocation"))
    else:
        raise AwsError("ValidationError", "Either InputLocation or Body must be provided.")
    inference_id = params.get("InferenceId") or str(uuid.uuid4())
    out_cfg = config["OutputConfig"]
    out_bucket, out_prefix = s3io.split_uri(out_cfg["S3OutputPath"], "S3OutputPath")
    out_key = f"{out_prefix.rstrip('/')}/{inference_id}.out".lstrip("/")
    fail_cfg = out_cfg.get("S3FailurePath") or out_cfg["S3OutputPath"]
    fail_bucket, fail_prefix = s3io.split_uri(fail_cfg, "S3FailurePath")
    fail_key = f"{fail_prefix.rstrip('/')}/{inference_id}-error.out".lstrip("/")
    notify = out_cfg.get("NotificationConfig") or {}

    def work(job: jobs.Job) -> None:
        body = body_source[1] if body_source[0] == "inline" else common.read(*body_source[1])
        name, (predictor, _) = _choose(props, None)
        try:
            out, _ = predict(props, name, predictor, body, params.get("ContentType"), params.get("Accept"))
        except AwsError as err:
            common.write(fail_bucket, fail_key, err.message.encode(), "text/plain")
            jobs.publish(notify.get("ErrorTopic"), _message(inference_id, params, "Failed", err.message))
            raise jobs.JobFailure(err.message) from None
        common.write(out_bucket, out_key, out)
        jobs.publish(notify.get("SuccessTopic"), _message(inference_id, params, "Completed",
                                                          f"s3://{out_bucket}/{out_key}"))

    job = jobs.Job(inference_id, {"Status": "Pending"}, work=work,
                   lifecycle=jobs.Lifecycle(key="Status", running="InProgress", done="Completed"))
    common.table("async_invocations")[inference_id] = jobs.submit(job)
    return {"InferenceId": inference_id, "OutputLocation": f"s3://{out_bucket}/{out_key}",
            "FailureLocation": f"s3://{fail_bucket}/{fail_key}"}


def _message(inference_id: str, params: dict, status: str, detail: str) -> dict:
    """The shape of SageMaker's async-inference notification."""
    msg = {"awsRegion": limits.REGION, "eventVersion": "1.0", "eventSource": "aws:sagemaker",
           "eventName": "InferenceResult", "inferenceId": inference_id,
           "requestParameters": {"endpointName": params["EndpointName"],
                                 "inputLocation": params.get("InputLocation"),
                                 "contentType": params.get("ContentType"), "accept": params.get("Accept")},
           "invocationStatus": status}
    key = "responseParameters" if status == "Completed" else "failureReason"
    msg[key] = {"outputLocation": detail} if status == "Completed" else detail
    return msg
