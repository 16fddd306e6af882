"""Lambda function resources: create, read, list, update and delete, and resource policies."""
from __future__ import annotations

import datetime as dt
import json
import uuid

from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.awslambda import code, store
from awsml_study.sim.validate import check

ENGINE = "awslambda/local-python-runner"
CONFIG_KEYS = ("Description", "Timeout", "MemorySize", "Handler", "Runtime", "Role", "Environment",
               "TracingConfig", "Layers", "Architectures", "EphemeralStorage", "LoggingConfig",
               "DeadLetterConfig", "KMSKeyArn", "VpcConfig", "SnapStart")


def _timestamp() -> str:
    # Lambda's LastModified: ISO 8601 with milliseconds and +0000
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"


def _check_runtime(runtime: str | None) -> None:
    if not runtime:
        raise AwsError("InvalidParameterValueException",
                       "Runtime and Handler are mandatory parameters for functions created with deployment packages.")
    if runtime in store.RETIRED:
        raise AwsError("InvalidParameterValueException",
                       f"The runtime parameter of {runtime} is no longer supported for creating or updating "
                       "AWS Lambda functions. We recommend you use a supported runtime while creating or "
                       "updating functions.")
    if not runtime.startswith("python"):
        raise AwsError("InvalidParameterValueException",
                       f"The runtime parameter of {runtime} is not run by awsml-study: only Python "
                       "runtimes (python3.9 and later) are executed locally. Use a python3.x runtime.")


def _check_role(role: str) -> None:
    """Lambda refuses a role that does not exist (it could not be assumed)."""
    import boto3
    from botocore.exceptions import ClientError
    name = role.rsplit("/", 1)[-1]
    try:
        boto3.client("iam", region_name=store.REGION).get_role(RoleName=name)
    except ClientError:
        raise AwsError("InvalidParameterValueException",
                       "The role defined for the function cannot be assumed by Lambda.") from None


def _check_settings(p: dict) -> None:
    if "Timeout" in p and not 1 <= p["Timeout"] <= 900:
        raise AwsError("InvalidParameterValueException",
                       f"1 validation error detected: Value '{p['Timeout']}' at 'timeout' failed to satisfy "
                       "constraint: Member must have value less than or equal to 900")
    if "MemorySize" in p and not 128 <= p["MemorySize"] <= 10240:
        raise AwsError("InvalidParameterValueException",
                       "'MemorySize' value failed to satisfy constraint: Member must have value greater "
                       "than or equal to 128 and less than or equal to 10240")
    variables = (p.get("Environment") or {}).get("Variables") or {}
    if len(json.dumps(variables)) > store.ENV_MAX:
        raise AwsError("InvalidParameterValueException",
                       "Lambda was unable to configure your environment variables because the environment "
                       "variables you have provided exceeded the 4KB limit.")
    reserved = {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN", "AWS_LAMBDA_FUNCTION_NAME", "AWS_EXECUTION_ENV", "_HANDLER"}
    clash = sorted(reserved & set(variables))
    if clash:
        raise AwsError("InvalidParameterValueException",
                       f"Lambda was unable to configure your environment variables because the environment "
                       f"variables you have provided contains reserved keys that are currently not supported "
                       f"for modification. Reserved keys used in this request: {', '.join(clash)}")


def configuration(record: dict) -> dict:
    return json.loads(json.dumps(record["config"]))  # a copy the caller may change


@operation("lambda", "CreateFunction", engine=ENGINE)
def create_function(p: dict) -> dict:
    check("lambda", "CreateFunction", p)
    name, _ = store.split(p["FunctionName"])
    if p.get("PackageType", "Zip") == "Image":
        code.from_request({"ImageUri": "image"})
    _check_runtime(p.get("Runtime"))
    if not p.get("Handler"):
        raise AwsError("InvalidParameterValueException",
                       "Runtime and Handler are mandatory parameters for functions created with deployment packages.")
    _check_settings(p)
    if name in store.functions():
        raise AwsError("ResourceConflictException", f"Function already exist: {name}", 409, Type="User")
    _check_role(p["Role"])
    data = code.from_request(p.get("Code") or {})
    config = {"FunctionName": name, "FunctionArn": store.arn(name), "Runtime": p["Runtime"],
              "Role": p["Role"], "Handler": p["Handler"], "CodeSize": len(data),
              "Description": p.get("Description", ""), "Timeout": p.get("Timeout", 3),
              "MemorySize": p.get("MemorySize", 128), "LastModified": _timestamp(),
              "CodeSha256": code.sha256(data), "Version": "$LATEST",
              "TracingConfig": p.get("TracingConfig") or {"Mode": "PassThrough"},
              "RevisionId": str(uuid.uuid4()), "State": "Active", "LastUpdateStatus": "Successful",
              "PackageType": "Zip", "Architectures": p.get("Architectures") or ["x86_64"],
              "EphemeralStorage": p.get("EphemeralStorage") or {"Size": 512},
              "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
              "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}",
                                **(p.get("LoggingConfig") or {})}}
    if p.get("Environment"):
        config["Environment"] = {"Variables": dict(p["Environment"].get("Variables") or {})}
    for key in ("KMSKeyArn", "DeadLetterConfig", "Layers"):
        if p.get(key):
            config[key] = p[key] if key != "Layers" else [{"Arn": a, "CodeSize": 0} for a in p[key]]
    store.functions()[name] = {"config": config, "zip": data, "tags": dict(p.get("Tags") or {}),
                               "policy": [], "runner": None}
    return configuration(store.functions()[name])


def _code_location(name: str, record: dict) -> str:
    """A pre-signed URL, valid 10 minutes as AWS's is, from which the deployment package downloads.

    AWS keeps the package in a bucket of its own; the kit copies it to a per-account bucket in the
    simulated S3 (bucket names are global), so the URL really returns the function's zip.
    """
    from awsml_study.sim import s3io
    bucket = f"awsml-study-lambda-code-{store.account()}"
    key = f"snapshots/{name}-{record['config']['RevisionId']}.zip"
    s3 = s3io.s3()
    try:  # the key names the revision, so a package already there is this one
        s3.head_object(Bucket=bucket, Key=key)
    except Exception:
        try:
            s3.head_bucket(Bucket=bucket)
        except Exception:
            s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key=key, Body=record["zip"])
    return s3io.presigned_url("get_object", bucket, key, 600)


@operation("lambda", "GetFunction", engine=ENGINE)
def get_function(p: dict) -> dict:
    check("lambda", "GetFunction", p)
    record = store.get(p["FunctionName"], p.get("Qualifier"))
    name = record["config"]["FunctionName"]
    out = {"Configuration": configuration(record),
           "Code": {"RepositoryType": "S3", "Location": _code_location(name, record)}}
    if record["tags"]:
        out["Tags"] = dict(record["tags"])
    return out


@operation("lambda", "GetFunctionConfiguration", engine=ENGINE)
def get_function_configuration(p: dict) -> dict:
    check("lambda", "GetFunctionConfiguration", p)
    return configuration(store.get(p["FunctionName"], p.get("Qualifier")))


@operation("lambda", "ListFunctions", engine=ENGINE)
def list_functions(p: dict) -> dict:
    check("lambda", "ListFunctions", p)
    items = [configuration(r) for _, r in sorted(store.functions().items())]
    chunk, token = jobs.page(items, p.get("MaxItems"), p.get("Marker"), default=50,
                             error_code="InvalidParameterValueException")
    return {"Functions": chunk, **({"NextMarker": token} if token else {})}


def _touch(record: dict) -> None:
    record["config"]["LastModified"] = _timestamp()
    record["config"]["RevisionId"] = str(uuid.uuid4())
    record["runner"] = None  # the next invocation is a cold start with the new code or settings


def _check_revision(record: dict, p: dict) -> None:
    if p.get("RevisionId") and p["RevisionId"] != record["config"]["RevisionId"]:
        raise AwsError("PreconditionFailedException",
                       "The Revision Id provided does not match the latest Revision Id. Call the "
                       "GetFunction/GetAlias API to retrieve the latest Revision Id", 412, Type="User")


@operation("lambda", "UpdateFunctionCode", engine=ENGINE)
def update_function_code(p: dict) -> dict:
    check("lambda", "UpdateFunctionCode", p)
    record = store.get(p["FunctionName"])
    _check_revision(record, p)
    data = code.from_request(p)
    if not p.get("DryRun"):
        record["zip"] = data
        record["config"].update(CodeSize=len(data), CodeSha256=code.sha256(data))
        _touch(record)
    return configuration(record)


@operation("lambda", "UpdateFunctionConfiguration", engine=ENGINE)
def update_function_configuration(p: dict) -> dict:
    check("lambda", "UpdateFunctionConfiguration", p)
    record = store.get(p["FunctionName"])
    _check_revision(record, p)
    if "Runtime" in p:
        _check_runtime(p["Runtime"])
    _check_settings(p)
    if "Role" in p:
        _check_role(p["Role"])
    config = record["config"]
    for key in CONFIG_KEYS:
        if key in p and key not in ("Layers", "SnapStart"):
            config[key] = p[key]
    if "Environment" in p:
        config["Environment"] = {"Variables": dict((p["Environment"] or {}).get("Variables") or {})}
    _touch(record)
    return configuration(record)


@operation("lambda", "DeleteFunction", engine=ENGINE)
def delete_function(p: dict) -> dict:
    check("lambda", "DeleteFunction", p)
    record = store.get(p["FunctionName"], p.get("Qualifier"))
    version = record["config"]["Version"]
    if version == "$LATEST":
        del store.functions()[record["config"]["FunctionName"]]
    else:  # one published version only; an alias still pointing at it keeps Lambda from deleting it
        latest = store.base(p["FunctionName"])
        users = [a["Name"] for a in latest.get("aliases", {}).values() if a["FunctionVersion"] == version]
        if users:
            raise AwsError("ResourceConflictException",
                           f"Unable to delete version because the following aliases reference it: {users}", 409,
                           Type="User")
        del latest["versions"][version]
    return {"StatusCode": 204}


def _policy_document(record: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": record["policy"]})


@operation("lambda", "AddPermission", engine=ENGINE)
def add_permission(p: dict) -> dict:
    check("lambda", "AddPermission", p)
    record = store.get(p["FunctionName"], p.get("Qualifier"))
    _check_revision(record, p)
    if any(s["Sid"] == p["StatementId"] for s in record["policy"]):
        raise AwsError("ResourceConflictException",
                       f"The statement id ({p['StatementId']}) provided already exists. Please provide a "
                       "new statement id, or remove the existing statement.", 409, Type="User")
    principal = p["Principal"]
    statement = {"Sid": p["StatementId"], "Effect": "Allow",
                 "Principal": {"Service": principal} if "." in principal else {"AWS": principal},
                 "Action": p["Action"], "Resource": record["config"]["FunctionArn"]}
    condition = {}
    if p.get("SourceArn"):
        condition["ArnLike"] = {"AWS:SourceArn": p["SourceArn"]}
    if p.get("SourceAccount"):
        condition["StringEquals"] = {"AWS:SourceAccount": p["SourceAccount"]}
    if condition:
        statement["Condition"] = condition
    record["policy"].append(statement)
    record["config"]["RevisionId"] = str(uuid.uuid4())
    return {"Statement": json.dumps(statement)}


@operation("lambda", "GetPolicy", engine=ENGINE)
def get_policy(p: dict) -> dict:
    check("lambda", "GetPolicy", p)
    record = store.get(p["FunctionName"], p.get("Qualifier"))
    if not record["policy"]:
        raise AwsError("ResourceNotFoundException",
                       "The resource you requested does not exist.", 404, Type="User")
    return {"Policy": _policy_document(record), "RevisionId": record["config"]["RevisionId"]}


@operation("lambda", "RemovePermission", engine=ENGINE)
def remove_permission(p: dict) -> dict:
    check("lambda", "RemovePermission", p)
    record = store.get(p["FunctionName"], p.get("Qualifier"))
    _check_revision(record, p)
    kept = [s for s in record["policy"] if s["Sid"] != p["StatementId"]]
    if len(kept) == len(record["policy"]):
        raise AwsError("ResourceNotFoundException",
                       "No policy is associated with the given resource.", 404, Type="User")
    record["policy"] = kept
    return {}
