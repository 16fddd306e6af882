"""Published versions (immutable snapshots of code and settings) and aliases that point at them."""
from __future__ import annotations

import copy
import uuid

from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.services.awslambda import store
from awsml_study.services.awslambda.functions import ENGINE, configuration
from awsml_study.sim.validate import check


@operation("lambda", "PublishVersion", engine=ENGINE)
def publish_version(p: dict) -> dict:
    check("lambda", "PublishVersion", p)
    record = store.base(p["FunctionName"])
    config = record["config"]
    if p.get("CodeSha256") and p["CodeSha256"] != config["CodeSha256"]:
        raise AwsError("InvalidParameterValueException",
                       f"CodeSHA256 ({p['CodeSha256']}) is different from current CodeSHA256 in $LATEST "
                       f"({config['CodeSha256']}). Please try again with the CodeSHA256 in $LATEST.")
    if p.get("RevisionId") and p["RevisionId"] != config["RevisionId"]:
        raise AwsError("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id.",
                       412, Type="User")
    versions = record.setdefault("versions", {})
    latest = versions[str(len(versions))] if versions else None
    if latest and latest["config"]["CodeSha256"] == config["CodeSha256"] and \
            all(latest["config"].get(k) == config.get(k) for k in ("Handler", "Runtime", "Environment", "Timeout")):
        return configuration(latest)  # nothing changed since the last version: Lambda returns it
    number = str(len(versions) + 1)
    snapshot = copy.deepcopy(config)
    snapshot.update(Version=number, FunctionArn=f"{config['FunctionArn']}:{number}", RevisionId=str(uuid.uuid4()),
                    Description=p.get("Description", config.get("Description", "")))
    versions[number] = {"config": snapshot, "zip": record["zip"], "tags": record["tags"], "policy": [],
                        "runner": None}
    return configuration(versions[number])


@operation("lambda", "ListVersionsByFunction", engine=ENGINE)
def list_versions_by_function(p: dict) -> dict:
    check("lambda", "ListVersionsByFunction", p)
    record = store.base(p["FunctionName"])
    items = [configuration(record)] + [configuration(v) for _, v in sorted(record.get("versions", {}).items(),
                                                                           key=lambda kv: int(kv[0]))]
    chunk, token = jobs.page(items, p.get("MaxItems"), p.get("Marker"), default=50,
                             error_code="InvalidParameterValueException")
    return {"Versions": chunk, **({"NextMarker": token} if token else {})}


def _alias_out(record: dict, alias: dict) -> dict:
    return {k: v for k, v in alias.items() if v is not None}


def _check_version(record: dict, version: str) -> None:
    if version != "$LATEST" and version not in record.get("versions", {}):
        raise AwsError("ResourceNotFoundException",
                       f"Function not found: {record['config']['FunctionArn']}:{version}", 404, Type="User")


@operation("lambda", "CreateAlias", engine=ENGINE)
def create_alias(p: dict) -> dict:
    check("lambda", "CreateAlias", p)
    record = store.base(p["FunctionName"])
    aliases = record.setdefault("aliases", {})
    if p["Name"] in aliases:
        raise AwsError("ResourceConflictException",
                       f"Alias already exists: {record['config']['FunctionArn']}:{p['Name']}", 409, Type="User")
    _check_version(record, p["FunctionVersion"])
    aliases[p["Name"]] = {"AliasArn": f"{record['config']['FunctionArn']}:{p['Name']}", "Name": p["Name"],
                          "FunctionVersion": p["FunctionVersion"], "Description": p.get("Description", ""),
                          "RevisionId": str(uuid.uuid4())}
    return _alias_out(record, aliases[p["Name"]])


def _alias(p: dict) -> tuple[dict, dict]:
    record = store.base(p["FunctionName"])
    alias = record.get("aliases", {}).get(p["Name"])
    if alias is None:
        raise AwsError("ResourceNotFoundException",
                       f"Alias not found: {record['config']['FunctionArn']}:{p['Name']}", 404, Type="User")
    return record, alias


@operation("lambda", "GetAlias", engine=ENGINE)
def get_alias(p: dict) -> dict:
    check("lambda", "GetAlias", p)
    return _alias_out(*_alias(p))


@operation("lambda", "UpdateAlias", engine=ENGINE)
def update_alias(p: dict) -> dict:
    check("lambda", "UpdateAlias", p)
    record, alias = _alias(p)
    if p.get("FunctionVersion"):
        _check_version(record, p["FunctionVersion"])
        alias["FunctionVersion"] = p["FunctionVersion"]
    if "Description" in p:
        alias["Description"] = p["Description"]
    alias["RevisionId"] = str(uuid.uuid4())
    return _alias_out(record, alias)


@operation("lambda", "DeleteAlias", engine=ENGINE)
def delete_alias(p: dict) -> dict:
    check("lambda", "DeleteAlias", p)
    record, _ = _alias(p)
    del record["aliases"][p["Name"]]
    return {}


@operation("lambda", "ListAliases", engine=ENGINE)
def list_aliases(p: dict) -> dict:
    check("lambda", "ListAliases", p)
    record = store.base(p["FunctionName"])
    items = [_alias_out(record, a) for _, a in sorted(record.get("aliases", {}).items())
             if not p.get("FunctionVersion") or a["FunctionVersion"] == p["FunctionVersion"]]
    chunk, token = jobs.page(items, p.get("MaxItems"), p.get("Marker"), default=50,
                             error_code="InvalidParameterValueException")
    return {"Aliases": chunk, **({"NextMarker": token} if token else {})}
