"""Integrations an instance is allowed to call from flows: Lex V2 bot aliases (AssociateBot) and Lambda functions."""
from __future__ import annotations

import re

from awsml_study.services.connect import store
from awsml_study.services.connect.store import op
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError

ALIAS_ARN = re.compile(r"^arn:aws:lex:([a-z0-9-]+):(\d{12}):bot-alias/([0-9A-Z]{10})/([0-9A-Z]{10})$")
LAMBDA_ARN = re.compile(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$")
MAX_BOTS = 50     # "Amazon Lex bots per instance" default quota (V1 and V2 together)
MAX_LAMBDAS = 35  # "Lambda functions per instance" default quota


def split_alias(alias_arn: str) -> tuple[str, str, str]:
    """(region, botId, botAliasId) of a Lex V2 alias ARN, or Connect's InvalidRequestException."""
    m = ALIAS_ARN.match(alias_arn or "")
    if not m:
        raise AwsError("InvalidRequestException", f"'{alias_arn}' is not a Lex V2 bot alias ARN "
                       "(arn:aws:lex:<region>:<account>:bot-alias/<botId>/<botAliasId>).")
    return m.group(1), m.group(3), m.group(4)


def _check_alias_exists(alias_arn: str) -> None:
    """AssociateBot fails for an alias Lex does not know. Asked through boto3, like any caller."""
    from botocore.exceptions import ClientError
    region, bot_id, alias_id = split_alias(alias_arn)
    try:
        store.client("lexv2-models", region).describe_bot_alias(botId=bot_id, botAliasId=alias_id)
    except ClientError as err:
        if err.response["Error"]["Code"] == "ResourceNotFoundException":
            raise AwsError("ResourceNotFoundException", f"Lex V2 bot alias {alias_arn} not found.") from None
        if err.response["Error"]["Code"] != "NotImplemented":
            raise AwsError("InvalidRequestException", f"Lex V2 could not describe {alias_arn}: "
                           f"{err.response['Error']['Message']}") from None


@op("AssociateBot")
def associate_bot(params: dict) -> dict:
    inst = store.instance(params)
    if bool(params.get("LexBot")) == bool(params.get("LexV2Bot")):
        raise AwsError("InvalidRequestException", "Specify exactly one of LexBot and LexV2Bot.")
    if params.get("LexBot"):
        raise AwsError("InvalidRequestException", "Lex V1 reached end of support on September 15, 2025; "
                       "associate a Lex V2 bot alias (LexV2Bot.AliasArn).")
    alias_arn = params["LexV2Bot"].get("AliasArn")
    if not alias_arn:
        raise AwsError("InvalidRequestException", "LexV2Bot.AliasArn is required.")
    split_alias(alias_arn)
    if any(b["LexV2Bot"]["AliasArn"] == alias_arn for b in inst.bots):
        raise AwsError("ResourceConflictException", f"The bot alias {alias_arn} is already associated.")
    if len(inst.bots) >= MAX_BOTS:
        raise AwsError("ServiceQuotaExceededException", f"At most {MAX_BOTS} bots can be associated.")
    _check_alias_exists(alias_arn)
    inst.bots.append({"LexV2Bot": {"AliasArn": alias_arn}})
    return {}


@op("ListBots")
def list_bots(params: dict) -> dict:
    inst = store.instance(params)
    items = [b for b in inst.bots if params["LexVersion"] == "V2"]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=25,
                            error_code="InvalidRequestException")
    return {"LexBots": page, **({"NextToken": token} if token else {})}


@op("DisassociateBot")
def disassociate_bot(params: dict) -> dict:
    inst = store.instance(params)
    alias_arn = (params.get("LexV2Bot") or {}).get("AliasArn")
    found = [b for b in inst.bots if b["LexV2Bot"]["AliasArn"] == alias_arn]
    if not found:
        raise AwsError("ResourceNotFoundException", f"The bot alias {alias_arn} is not associated.")
    inst.bots.remove(found[0])
    return {}


@op("AssociateLambdaFunction")
def associate_lambda(params: dict) -> dict:
    inst = store.instance(params)
    arn = params["FunctionArn"]
    if not LAMBDA_ARN.match(arn):
        raise AwsError("InvalidParameterException", f"'{arn}' is not a Lambda function ARN.")
    functions = inst.table("lambda")
    if arn in functions:
        raise AwsError("ResourceConflictException", f"The function {arn} is already associated.")
    if len(functions) >= MAX_LAMBDAS:
        raise AwsError("ServiceQuotaExceededException", f"At most {MAX_LAMBDAS} Lambda functions can be associated.")
    functions[arn] = {"FunctionArn": arn}
    return {}


@op("ListLambdaFunctions")
def list_lambdas(params: dict) -> dict:
    inst = store.instance(params)
    page, token = jobs.page(sorted(inst.table("lambda")), params.get("MaxResults"), params.get("NextToken"),
                            default=25, error_code="InvalidRequestException")
    return {"LambdaFunctions": page, **({"NextToken": token} if token else {})}


@op("DisassociateLambdaFunction")
def disassociate_lambda(params: dict) -> dict:
    inst = store.instance(params)
    if inst.table("lambda").pop(params["FunctionArn"], None) is None:
        raise AwsError("ResourceNotFoundException", f"The function {params['FunctionArn']} is not associated.")
    return {}
