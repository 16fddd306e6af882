"""Representative valid calls and error cases for every simulated Lambda operation."""
import io
import zipfile

SOURCE = "def lambda_handler(event, context):\n    return {'echo': event, 'name': context.function_name}\n"


def zipped(source=SOURCE, name="lambda_function.py"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, source)
    return buf.getvalue()


def role(make):
    iam = make("iam")
    try:
        return iam.get_role(RoleName="ContractLambdaRole")["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        return iam.create_role(RoleName="ContractLambdaRole", AssumeRolePolicyDocument="{}")["Role"]["Arn"]


def function(make, name="contract-fn"):
    make("lambda").create_function(FunctionName=name, Runtime="python3.12", Role=role(make),
                                   Handler="lambda_function.lambda_handler", Code={"ZipFile": zipped()})
    return name


def _with_permission(make):
    name = function(make)
    make("lambda").add_permission(FunctionName=name, StatementId="lex", Action="lambda:InvokeFunction",
                                  Principal="lexv2.amazonaws.com")
    return name


ARN = "arn:aws:lambda:us-east-1:123456789012:function:"

def _published(make):
    name = function(make)
    make("lambda").publish_version(FunctionName=name, Description="first")
    return name


def _aliased(make):
    name = _published(make)
    make("lambda").create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    return {"FunctionName": name, "Name": "live"}


EXAMPLES = {
    "PublishVersion": lambda make: {"FunctionName": function(make), "Description": "v1"},
    "ListVersionsByFunction": lambda make: {"FunctionName": _published(make)},
    "CreateAlias": lambda make: {"FunctionName": _published(make), "Name": "prod", "FunctionVersion": "1"},
    "GetAlias": _aliased,
    "UpdateAlias": lambda make: dict(_aliased(make), FunctionVersion="$LATEST", Description="back to latest"),
    "DeleteAlias": _aliased,
    "ListAliases": lambda make: {"FunctionName": _aliased(make)["FunctionName"]},
    "TagResource": lambda make: {"Resource": ARN + function(make), "Tags": {"team": "ml"}},
    "UntagResource": lambda make: {"Resource": ARN + function(make), "TagKeys": ["team"]},
    "ListTags": lambda make: {"Resource": ARN + function(make)},
    "CreateFunction": lambda make: {"FunctionName": "created", "Runtime": "python3.12", "Role": role(make),
                                    "Handler": "lambda_function.lambda_handler", "Code": {"ZipFile": zipped()},
                                    "Environment": {"Variables": {"STAGE": "test"}}, "Timeout": 10},
    "GetFunction": lambda make: {"FunctionName": function(make)},
    "GetFunctionConfiguration": lambda make: {"FunctionName": function(make)},
    "ListFunctions": lambda make: {"MaxItems": 10} if function(make) else {},
    "UpdateFunctionCode": lambda make: {"FunctionName": function(make), "ZipFile": zipped(SOURCE + "# v2\n")},
    "UpdateFunctionConfiguration": lambda make: {"FunctionName": function(make), "Timeout": 30, "MemorySize": 256},
    "DeleteFunction": lambda make: {"FunctionName": function(make)},
    "Invoke": lambda make: {"FunctionName": function(make), "Payload": b'{"hello": "world"}', "LogType": "Tail"},
    "AddPermission": lambda make: {"FunctionName": function(make), "StatementId": "s3", "Action": "lambda:InvokeFunction",
                                   "Principal": "s3.amazonaws.com"},
    "GetPolicy": lambda make: {"FunctionName": _with_permission(make)},
    "RemovePermission": lambda make: {"FunctionName": _with_permission(make), "StatementId": "lex"},
}

ERRORS = [
    ("CreateAlias", lambda make: {"FunctionName": function(make), "Name": "prod", "FunctionVersion": "7"},
     "ResourceNotFoundException"),
    ("GetAlias", lambda make: {"FunctionName": function(make), "Name": "nope"}, "ResourceNotFoundException"),
    ("ListTags", lambda make: {"Resource": ARN + "missing"}, "ResourceNotFoundException"),
    ("GetFunction", lambda make: {"FunctionName": "missing"}, "ResourceNotFoundException"),
    ("CreateFunction", lambda make: {"FunctionName": "node", "Runtime": "nodejs20.x", "Role": role(make),
                                     "Handler": "index.handler", "Code": {"ZipFile": zipped()}},
     "InvalidParameterValueException"),
    ("CreateFunction", lambda make: {"FunctionName": "badzip", "Runtime": "python3.12", "Role": role(make),
                                     "Handler": "lambda_function.lambda_handler", "Code": {"ZipFile": b"not a zip"}},
     "InvalidParameterValueException"),
    ("CreateFunction", lambda make: {"FunctionName": "dup", "Runtime": "python3.12", "Role": role(make),
                                     "Handler": "lambda_function.lambda_handler", "Code": {"ZipFile": zipped()}}
     if function(make, "dup") else {}, "ResourceConflictException"),
    ("Invoke", lambda make: {"FunctionName": function(make), "Payload": b"{not json"}, "InvalidRequestContentException"),
    ("GetPolicy", lambda make: {"FunctionName": function(make)}, "ResourceNotFoundException"),
    ("Invoke", lambda make: {"FunctionName": "bad name with spaces"}, "ValidationException"),
]
