"""Lambda functions run locally: isolation, context, environment, errors, logs, timeouts."""
import base64
import json
import threading
import tracemalloc

import pytest
from botocore.exceptions import ClientError

from awsml_study.services.awslambda import runtime
from tests.services.awslambda.contract_examples import role, zipped


def create(aws, name, source, **extra):
    # 30 s unless a test is about timeouts: a cold start under full test load can pass Lambda's
    # 3 s default, and these tests are about what the handler returns.
    extra.setdefault("Timeout", 30)
    return aws("lambda").create_function(FunctionName=name, Runtime="python3.12", Role=role(aws),
                                         Handler="lambda_function.lambda_handler", Code={"ZipFile": zipped(source)},
                                         **extra)


def call(aws, name, event, **extra):
    r = aws("lambda").invoke(FunctionName=name, Payload=json.dumps(event), **extra)
    return r, json.loads(r["Payload"].read() or b"null")


def test_two_functions_with_the_same_module_name_do_not_collide(aws):
    create(aws, "first", "WHO = 'first'\ndef lambda_handler(e, c):\n    return WHO\n")
    create(aws, "second", "WHO = 'second'\ndef lambda_handler(e, c):\n    return WHO\n")
    assert call(aws, "first", {})[1] == "first"
    assert call(aws, "second", {})[1] == "second"
    assert call(aws, "first", {})[1] == "first"


def test_context_environment_and_event(aws):
    source = ("import os\ndef lambda_handler(event, context):\n"
              "    return {'n': event['n'] * 2, 'stage': os.environ['STAGE'], 'name': context.function_name,\n"
              "            'mem': context.memory_limit_in_mb, 'left': context.get_remaining_time_in_millis(),\n"
              "            'group': context.log_group_name, 'arn': context.invoked_function_arn}\n")
    create(aws, "ctx", source, Environment={"Variables": {"STAGE": "dev"}}, Timeout=5, MemorySize=256)
    response, out = call(aws, "ctx", {"n": 21})
    assert response["StatusCode"] == 200 and "FunctionError" not in response
    assert out["n"] == 42 and out["stage"] == "dev" and out["name"] == "ctx" and out["mem"] == "256"
    assert 0 < out["left"] <= 5000
    assert out["group"] == "/aws/lambda/ctx" and out["arn"].endswith(":function:ctx")


def test_unhandled_error_has_lambda_shape_and_tail_log(aws):
    create(aws, "boom", "def lambda_handler(e, c):\n    print('about to fail')\n    raise KeyError('slot')\n")
    response, out = call(aws, "boom", {}, LogType="Tail")
    assert response["FunctionError"] == "Unhandled"
    assert out["errorType"] == "KeyError" and "slot" in out["errorMessage"]
    assert any("/var/task/lambda_function.py" in line for line in out["stackTrace"])
    log = base64.b64decode(response["LogResult"]).decode()
    assert "about to fail" in log and "REPORT RequestId" in log


def test_stdout_goes_to_cloudwatch_logs(aws):
    create(aws, "printer", "def lambda_handler(e, c):\n    print('hello', e['who'])\n    return 1\n")
    call(aws, "printer", {"who": "logs"})
    logs = aws("logs")
    stream = logs.describe_log_streams(logGroupName="/aws/lambda/printer")["logStreams"][0]["logStreamName"]
    assert "[$LATEST]" in stream
    messages = [e["message"] for e in logs.get_log_events(logGroupName="/aws/lambda/printer",
                                                          logStreamName=stream)["events"]]
    assert "hello logs" in messages and messages[0].startswith("START RequestId:")


def test_timeout_ends_the_invocation(aws):
    create(aws, "slow", "import time\ndef lambda_handler(e, c):\n    time.sleep(1.5)\n    return 1\n", Timeout=1)
    response, out = call(aws, "slow", {})
    assert response["FunctionError"] == "Unhandled"
    assert "Task timed out after 1.00 seconds" in out["errorMessage"]


def test_a_timed_out_handler_is_stopped_and_leaves_nothing_behind(aws):
    create(aws, "spin", "def lambda_handler(e, c):\n    while True:\n        pass\n", Timeout=1)
    _, out = call(aws, "spin", {})
    assert "Task timed out after 1.00 seconds" in out["errorMessage"]
    assert not [t for t in threading.enumerate() if t.name == "lambda-spin"]  # not still spinning
    assert not tracemalloc.is_tracing()
    create(aws, "after", "WHO = 'after'\ndef lambda_handler(e, c):\n    return WHO\n")
    assert call(aws, "after", {})[1] == "after"


def test_function_can_call_simulated_aws(aws):
    aws("s3").create_bucket(Bucket="lambda-out")
    source = ("import boto3\ndef lambda_handler(e, c):\n"
              "    boto3.client('s3').put_object(Bucket='lambda-out', Key='k.txt', Body=e['body'])\n    return 'ok'\n")
    create(aws, "writer", source)
    assert call(aws, "writer", {"body": "written by lambda"})[1] == "ok"
    assert aws("s3").get_object(Bucket="lambda-out", Key="k.txt")["Body"].read() == b"written by lambda"


def test_update_code_is_a_cold_start_with_new_code(aws):
    create(aws, "ver", "def lambda_handler(e, c):\n    return 1\n")
    old = aws("lambda").get_function(FunctionName="ver")["Configuration"]["CodeSha256"]
    new = aws("lambda").update_function_code(FunctionName="ver", ZipFile=zipped("def lambda_handler(e, c):\n    return 2\n"))
    assert new["CodeSha256"] != old
    assert call(aws, "ver", {})[1] == 2


def test_import_error_and_missing_handler(aws):
    create(aws, "noimp", "import not_a_module\ndef lambda_handler(e, c):\n    return 1\n")
    _, out = call(aws, "noimp", {})
    assert out["errorType"] == "Runtime.ImportModuleError"
    aws("lambda").create_function(FunctionName="nohandler", Runtime="python3.12", Role=role(aws),
                                  Handler="lambda_function.missing", Code={"ZipFile": zipped()})
    _, out = call(aws, "nohandler", {})
    assert out["errorType"] == "Runtime.HandlerNotFound"


def test_event_and_dry_run(aws):
    create(aws, "async", "def lambda_handler(e, c):\n    print('ran async')\n")
    assert aws("lambda").invoke(FunctionName="async", InvocationType="DryRun")["StatusCode"] == 204
    assert aws("lambda").invoke(FunctionName="async", InvocationType="Event", Payload=b"{}")["StatusCode"] == 202
    from awsml_study.sim import jobs
    assert jobs.idle(10)
    logs = aws("logs")
    stream = logs.describe_log_streams(logGroupName="/aws/lambda/async")["logStreams"][0]["logStreamName"]
    events = logs.get_log_events(logGroupName="/aws/lambda/async", logStreamName=stream)["events"]
    assert any(e["message"] == "ran async" for e in events)


def test_python_api_for_other_packages(aws):
    create(aws, "api", "def lambda_handler(e, c):\n    return {'twice': e['x'] * 2}\n")
    assert runtime.invoke("api", {"x": 4}) == ({"twice": 8}, None)
    payload, error = runtime.invoke("arn:aws:lambda:us-east-1:123456789012:function:api", {"x": None})
    assert payload is None and error["errorType"] == "TypeError"


def test_bad_requests(aws):
    with pytest.raises(ClientError) as err:
        create(aws, "old", "x", Timeout=901)
    assert err.value.response["Error"]["Code"] in ("InvalidParameterValueException", "ValidationException")
    with pytest.raises(ClientError) as err:
        aws("lambda").create_function(FunctionName="norole", Runtime="python3.12",
                                      Role="arn:aws:iam::123456789012:role/Missing",
                                      Handler="lambda_function.lambda_handler", Code={"ZipFile": zipped()})
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
    with pytest.raises(ClientError) as err:
        aws("lambda").create_function(FunctionName="py37", Runtime="python3.7", Role=role(aws),
                                      Handler="lambda_function.lambda_handler", Code={"ZipFile": zipped()})
    assert "no longer supported" in err.value.response["Error"]["Message"]


def test_a_function_can_invoke_another(aws):
    create(aws, "inner", "def lambda_handler(e, c):\n    return e['n'] + 1\n")
    source = ("import boto3, json\ndef lambda_handler(e, c):\n"
              "    r = boto3.client('lambda').invoke(FunctionName='inner', Payload=json.dumps({'n': e['n']}))\n"
              "    return json.loads(r['Payload'].read()) * 10\n")
    create(aws, "outer", source, Timeout=10)
    response, out = call(aws, "outer", {"n": 4})
    assert "FunctionError" not in response and out == 50


def test_versions_are_snapshots_and_aliases_route_to_them(aws):
    # A generous timeout: each version cold-starts its own runner, slow on a loaded test machine.
    create(aws, "svc", "def lambda_handler(e, c):\n    return 'one'\n", Timeout=30)
    lam = aws("lambda")
    assert lam.publish_version(FunctionName="svc")["Version"] == "1"
    lam.update_function_code(FunctionName="svc", ZipFile=zipped("def lambda_handler(e, c):\n    return 'two'\n"))
    alias = lam.create_alias(FunctionName="svc", Name="live", FunctionVersion="1")
    assert call(aws, "svc", {})[1] == "two"
    r, out = call(aws, alias["AliasArn"], {})
    assert out == "one" and r["ExecutedVersion"] == "1"
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="svc")["Versions"]] == ["$LATEST", "1"]
    with pytest.raises(ClientError) as err:
        lam.delete_function(FunctionName="svc", Qualifier="1")
    assert err.value.response["Error"]["Code"] == "ResourceConflictException"


def test_memory_is_measured_and_enforced(aws):
    # Timeout well over the 3 s default: zeroing 200 MB on a busy machine (parallel test workers)
    # can take seconds, and this test is about memory, not time.
    create(aws, "hungry", "def lambda_handler(e, c):\n    x = bytearray(e['mb'] * 1024 * 1024)\n    return len(x)\n",
           MemorySize=128, Timeout=60)
    response, out = call(aws, "hungry", {"mb": 20}, LogType="Tail")
    assert out == 20 * 1024 * 1024
    assert "Max Memory Used: 2" in base64.b64decode(response["LogResult"]).decode()
    response, out = call(aws, "hungry", {"mb": 200})
    assert response["FunctionError"] == "Unhandled" and out.get("errorType") == "Runtime.OutOfMemory", out


def test_get_function_code_location_downloads_the_deployment_package(aws):
    import requests
    source = "def lambda_handler(e, c):\n    return 'packaged'\n"
    create(aws, "pkg", source)
    location = aws("lambda").get_function(FunctionName="pkg")["Code"]["Location"]
    got = requests.get(location, timeout=10)
    assert got.status_code == 200 and unzipped(got.content) == source
    newer = "def lambda_handler(e, c):\n    return 2\n"
    aws("lambda").update_function_code(FunctionName="pkg", ZipFile=zipped(newer))
    again = requests.get(aws("lambda").get_function(FunctionName="pkg")["Code"]["Location"], timeout=10)
    assert unzipped(again.content) == newer


def unzipped(data: bytes) -> str:
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("lambda_function.py").decode()


def test_the_handlers_logging_goes_to_its_log(aws):
    source = ("import logging\ndef lambda_handler(e, c):\n"
              "    logging.getLogger().warning('disk almost full')\n    return 1\n")
    create(aws, "logs-warning", source)
    response, _ = call(aws, "logs-warning", {}, LogType="Tail")
    lines = base64.b64decode(response["LogResult"]).decode().splitlines()
    assert any(line.startswith("[WARNING]\t") and line.endswith("\tdisk almost full") for line in lines)
