"""Analytics data associations: share an instance's analytics data sets with an account (through AWS RAM).

moto answers these too, but only for instances it created; the kit's instances live here.
"""
from __future__ import annotations

from awsml_study.services.connect import store
from awsml_study.services.connect.store import op
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.s3io import REGION, account


@op("AssociateAnalyticsDataSet")
def associate(params: dict) -> dict:
    inst = store.instance(params)
    table = inst.table("analytics")
    key = (params["DataSetId"], params.get("TargetAccountId") or account())
    if key in table:
        raise AwsError("InvalidRequestException", f"Data set {key[0]} is already shared with account {key[1]}.")
    share = store.new_id()
    table[key] = {"DataSetId": key[0], "TargetAccountId": key[1], "ResourceShareId": share,
                  "ResourceShareArn": f"arn:aws:ram:{REGION}:{account()}:resource-share/{share}",
                  "ResourceShareStatus": "ACTIVE"}
    return {k: v for k, v in table[key].items() if k != "ResourceShareStatus"}


@op("ListAnalyticsDataAssociations")
def list_associations(params: dict) -> dict:
    inst = store.instance(params)
    items = [v for (ds, _), v in sorted(inst.table("analytics").items())
             if not params.get("DataSetId") or ds == params["DataSetId"]]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterException")
    return {"Results": page, **({"NextToken": token} if token else {})}


@op("DisassociateAnalyticsDataSet")
def disassociate(params: dict) -> dict:
    inst = store.instance(params)
    key = (params["DataSetId"], params.get("TargetAccountId") or account())
    if inst.table("analytics").pop(key, None) is None:
        raise AwsError("ResourceNotFoundException", f"Data set {key[0]} is not shared with account {key[1]}.")
    return {}
