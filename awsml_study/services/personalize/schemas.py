"""Personalize schemas: Avro record JSON checked as the service does, and the fields each dataset type needs."""
from __future__ import annotations

import json

from awsml_study.services.personalize import common
from awsml_study.sim.errors import AwsError

AVRO_TYPES = {"string", "int", "long", "float", "double", "boolean", "null"}
# Required fields (name → allowed Avro types) per dataset type, from the schema requirements.
REQUIRED = {
    "Interactions": {"USER_ID": {"string"}, "ITEM_ID": {"string"}, "TIMESTAMP": {"long"}},
    "Items": {"ITEM_ID": {"string"}},
    "Users": {"USER_ID": {"string"}},
    "Actions": {"ACTION_ID": {"string"}},
    "Action_Interactions": {"USER_ID": {"string"}, "ACTION_ID": {"string"}, "TIMESTAMP": {"long"},
                            "EVENT_TYPE": {"string"}},
}
# Domain dataset groups also need EVENT_TYPE in their interactions (their use cases use it).
DOMAIN_REQUIRED = {"Interactions": {"EVENT_TYPE": {"string"}}}
# Reserved fields with a fixed type where they appear.
RESERVED = {"EVENT_TYPE": {"string"}, "EVENT_VALUE": {"float", "int", "long", "double"},
            "CREATION_TIMESTAMP": {"long"}, "IMPRESSION": {"string"}, "RECOMMENDATION_ID": {"string"}}


def parse(text: str) -> dict:
    """The checked Avro record; InvalidInputException naming the first problem otherwise."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise AwsError("InvalidInputException", f"Invalid schema: the schema is not valid JSON ({err.msg} "
                                                f"at line {err.lineno} column {err.colno}).") from None
    if not isinstance(doc, dict) or doc.get("type") != "record":
        raise AwsError("InvalidInputException", 'Invalid schema: the schema must be an Avro record ("type": "record").')
    if not isinstance(doc.get("name"), str) or not doc["name"]:
        raise AwsError("InvalidInputException", 'Invalid schema: the record needs a "name".')
    fields = doc.get("fields")
    if not isinstance(fields, list) or not fields:
        raise AwsError("InvalidInputException", 'Invalid schema: the record needs a non-empty "fields" list.')
    seen = set()
    for f in fields:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            raise AwsError("InvalidInputException", 'Invalid schema: every field needs a "name" and a "type".')
        name = f["name"]
        if name in seen:
            raise AwsError("InvalidInputException", f"Invalid schema: field {name} appears twice.")
        seen.add(name)
        types = types_of(f)
        if not types or not types <= AVRO_TYPES:
            raise AwsError("InvalidInputException",
                           f"Invalid schema: field {name} has type {f.get('type')!r}; Personalize supports "
                           f"string, int, long, float, double, boolean and null (in a union).")
        if (f.get("categorical") or f.get("textual")) and "string" not in types:
            raise AwsError("InvalidInputException",
                           f"Invalid schema: field {name} is categorical or textual, so its type must be string.")
    return doc


def types_of(field: dict) -> set:
    t = field.get("type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list) and all(isinstance(x, str) for x in t):
        return set(t)
    return set()


def check_for_dataset(doc: dict, dataset_type: str, domain: str | None) -> None:
    """CreateDataset: the schema must hold what this dataset type needs."""
    fields = {f["name"]: f for f in doc["fields"]}
    need = dict(REQUIRED[dataset_type])
    if domain:
        need.update(DOMAIN_REQUIRED.get(dataset_type, {}))
    missing = [n for n in need if n not in fields]
    if missing:
        raise AwsError("InvalidInputException",
                       f"The schema is missing required field(s) for a dataset of type {dataset_type}: "
                       f"{', '.join(missing)}.")
    for name, allowed in {**need, **RESERVED}.items():
        if name in fields and not (types_of(fields[name]) - {"null"}) <= allowed:
            raise AwsError("InvalidInputException",
                           f"Field {name} must have type {' or '.join(sorted(allowed))} in a {dataset_type} schema.")
        if name in need and "null" in types_of(fields[name]):
            raise AwsError("InvalidInputException", f"Required field {name} cannot be nullable.")
    if dataset_type in ("Items", "Users", "Actions") and len(fields) < 2:
        raise AwsError("InvalidInputException",
                       f"A {dataset_type} schema needs at least one metadata field besides {next(iter(need))}.")
    if any(f.get("textual") for f in doc["fields"]) and dataset_type != "Items":
        raise AwsError("InvalidInputException", "Textual fields are supported only in Items datasets.")


def schema_props(arn: str) -> dict:
    return common.find("schema", arn, "schema").props


@common.handler("CreateSchema")
def create_schema(params: dict) -> dict:
    parse(params["schema"])
    arn = common.arn("schema", params["name"])
    props = {"name": params["name"], "schemaArn": arn, "schema": params["schema"],
             "domain": params.get("domain")}
    common.create("schema", arn, props, noun="Schema", has_status=False)
    return {"schemaArn": arn}


@common.handler("DescribeSchema")
def describe_schema(params: dict) -> dict:
    return {"schema": common.view(schema_props(params["schemaArn"]))}


@common.handler("ListSchemas")
def list_schemas(params: dict) -> dict:
    return common.listing("schema", "schemas", ("name", "schemaArn", "creationDateTime",
                                                 "lastUpdatedDateTime", "domain"), params)


@common.handler("DeleteSchema")
def delete_schema(params: dict) -> dict:
    arn = params["schemaArn"]
    schema_props(arn)
    users = [j.id for j in common.store("dataset").values() if j.props.get("schemaArn") == arn]
    if users:
        raise AwsError("ResourceInUseException", f"Schema {arn} is used by dataset {users[0]}.")
    common.forget("schema", arn)
    return {}
