"""Contact flows: Create/Describe/Update/List/Delete, with Flow language content validated on publish."""
from __future__ import annotations

import hashlib

from awsml_study.engines.flows import validator
from awsml_study.services.connect import store
from awsml_study.services.connect.store import Instance, op
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError

VALIDATOR = "connect/flow-validator"
MAX_CONTENT = 256000  # characters of Flow language JSON (CreateContactFlow Content documentation)


def resolver(inst: Instance):
    """Static references in a flow must name resources of the same instance."""
    tables = {"queue": "queues", "prompt": "prompts", "hours": "hours", "flow": "flows"}

    def resolve(kind: str, ref: str) -> bool:
        ident = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
        return ident in inst.table(tables[kind])

    return resolve


def check_content(inst: Instance, content: str, flow_type: str) -> None:
    if len(content) > MAX_CONTENT:
        raise AwsError("InvalidParameterException", f"Content is longer than {MAX_CONTENT} characters.")
    found = validator.problems(content, flow_type, resolver(inst))
    if found:
        raise AwsError("InvalidContactFlowException", "The flow is not valid: " + found[0],
                       problems=[{"message": p} for p in found])


def new_flow(inst: Instance, name: str, kind: str, content: str, status: str, description: str | None,
             tags: dict | None) -> dict:
    fid = store.new_id()
    props = store.stamp({"Arn": store.arn(inst, "contact-flow", fid), "Id": fid, "Name": name, "Type": kind,
                         "State": "ACTIVE", "Status": status, "Content": content,
                         "FlowContentSha256": hashlib.sha256(content.encode()).hexdigest(), "Version": 1})
    if description:
        props["Description"] = description
    if status == "PUBLISHED":
        props["_published"] = content
    inst.table("flows")[fid] = props
    store.set_tags(props["Arn"], tags)
    return props


@op("CreateContactFlow", engine=VALIDATOR)
def create_contact_flow(params: dict) -> dict:
    inst = store.instance(params)
    store.check_unique(inst, "flows", "Name", params["Name"], "Contact flow")
    status = params.get("Status", "PUBLISHED")
    if status == "PUBLISHED":
        check_content(inst, params["Content"], params["Type"])
    props = new_flow(inst, params["Name"], params["Type"], params["Content"], status, params.get("Description"),
                     params.get("Tags"))
    return {"ContactFlowId": props["Id"], "ContactFlowArn": props["Arn"],
            "FlowContentSha256": props["FlowContentSha256"]}


def _flow_ref(ref: str) -> tuple[str, str | None]:
    """(flow id, qualifier) of an id or ARN with an optional ':$SAVED' or ':<version>' suffix."""
    tail = ref.rsplit("/", 1)[-1]
    ident, _, qualifier = tail.partition(":")
    return ident, qualifier or None


PUBLIC = ("Arn", "Id", "Name", "Type", "State", "Status", "Description", "Content", "FlowContentSha256",
          "Version", "LastModifiedTime", "LastModifiedRegion")


@op("DescribeContactFlow")
def describe_contact_flow(params: dict) -> dict:
    inst = store.instance(params)
    ident, qualifier = _flow_ref(params["ContactFlowId"])
    props = store.resource(inst, "flows", ident, "Contact flow")
    out = {k: props[k] for k in PUBLIC if k in props}
    if qualifier == "$SAVED":
        out["Status"] = "SAVED"
    elif "_published" not in props:
        raise AwsError("ContactFlowNotPublishedException", "The flow has not been published; describe "
                       f"its saved content as {props['Arn']}:$SAVED.")
    else:
        out["Content"], out["Status"] = props["_published"], "PUBLISHED"
    out["FlowContentSha256"] = hashlib.sha256(out["Content"].encode()).hexdigest()
    if store.tags_of(props["Arn"]):
        out["Tags"] = store.tags_of(props["Arn"])
    return {"ContactFlow": out}


@op("UpdateContactFlowContent", engine=VALIDATOR)
def update_contact_flow_content(params: dict) -> dict:
    inst = store.instance(params)
    ident, _ = _flow_ref(params["ContactFlowId"])
    props = store.resource(inst, "flows", ident, "Contact flow")
    check_content(inst, params["Content"], props["Type"])
    props.update(Content=params["Content"], _published=params["Content"], Status="PUBLISHED",
                 FlowContentSha256=hashlib.sha256(params["Content"].encode()).hexdigest(),
                 Version=props["Version"] + 1)
    store.stamp(props)
    return {}


@op("UpdateContactFlowName")
def update_contact_flow_name(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "flows", _flow_ref(params["ContactFlowId"])[0], "Contact flow")
    if params.get("Name"):
        store.check_unique(inst, "flows", "Name", params["Name"], "Contact flow", props["Id"])
        props["Name"] = params["Name"]
    if "Description" in params:
        props["Description"] = params["Description"]
    store.stamp(props)
    return {}


@op("UpdateContactFlowMetadata")
def update_contact_flow_metadata(params: dict) -> dict:
    update_contact_flow_name({k: v for k, v in params.items() if k != "ContactFlowState"})
    props = store.resource(store.instance(params), "flows", _flow_ref(params["ContactFlowId"])[0], "Contact flow")
    if params.get("ContactFlowState"):
        props["State"] = params["ContactFlowState"]
    return {}


@op("ListContactFlows")
def list_contact_flows(params: dict) -> dict:
    inst = store.instance(params)
    wanted = set(params.get("ContactFlowTypes") or [])
    items = [{"Id": p["Id"], "Arn": p["Arn"], "Name": p["Name"], "ContactFlowType": p["Type"],
              "ContactFlowState": p["State"], "ContactFlowStatus": p["Status"]}
             for p in inst.table("flows").values() if not wanted or p["Type"] in wanted]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterException")
    return {"ContactFlowSummaryList": page, **({"NextToken": token} if token else {})}


@op("DeleteContactFlow")
def delete_contact_flow(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "flows", _flow_ref(params["ContactFlowId"])[0], "Contact flow")
    active = [c for c in inst.contacts.values() if c.flow_id == props["Id"] and c.run and c.run.status != "ENDED"]
    if active:
        raise AwsError("InvalidRequestException", f"{len(active)} contact(s) are still running this flow.")
    del inst.table("flows")[props["Id"]]
    return {}
