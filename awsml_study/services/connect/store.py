"""Connect's state per simulation: instances with their resources, ARNs, lookups and the op decorator."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from awsml_study.services.connect import validate
from awsml_study.sim import state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation
from awsml_study.sim.s3io import REGION

ENGINE = "connect/control-plane"          # resources the kit keeps (moto has instances only)
FLOW_ENGINE = "connect/flow-interpreter"  # contacts run through the kit's Flow language interpreter


def op(name: str, engine: str = ENGINE, service: str = "connect"):
    """Register a handler after the server-side checks of its input shape."""

    def wrap(func):
        def handler(params: dict) -> dict:
            validate.check(service, name, params)
            return func(params)

        handler.__name__ = func.__name__
        handler.__module__ = func.__module__
        operation(service, name, engine=engine)(handler)
        return func

    return wrap


def client(name: str, region: str = REGION):
    """The shared boto3 client for Lex, Lambda and Logs calls made inside the simulation."""
    from awsml_study.sim import s3io
    return s3io.client(name, region)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def iso(moment: dt.datetime) -> str:
    """Chat timestamps as the Participant Service writes them: ISO 8601, milliseconds, Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Instance:
    """One Connect Customer instance and every resource that lives inside it."""
    id: str
    arn: str
    props: dict
    job: object = None
    tables: dict = field(default_factory=dict)   # kind -> {id: props}
    bots: list = field(default_factory=list)      # LexBotConfig dicts
    contacts: dict = field(default_factory=dict)  # contact id -> Contact

    def table(self, kind: str) -> dict:
        return self.tables.setdefault(kind, {})


def instances() -> dict:
    return state.store("connect.instances")


def tags() -> dict:
    """ARN -> tag dict, for every taggable Connect resource."""
    return state.store("connect.tags")


def instance(params: dict, key: str = "InstanceId") -> Instance:
    """The instance a request names by id or ARN, settled to its final status."""
    ref = params.get(key) or ""
    ident = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
    found = instances().get(ident)
    if found is None:
        raise AwsError("ResourceNotFoundException", f"Instance not found: {ref}")
    if found.job is not None:
        found.job.settle()
    if found.props.get("InstanceStatus") != "ACTIVE":
        raise AwsError("ResourceNotFoundException", f"Instance {ident} is not active "
                       f"({found.props.get('InstanceStatus')}).")
    return found


def arn(inst: Instance, kind: str, ident: str) -> str:
    return f"{inst.arn}/{kind}/{ident}"


def resource(inst: Instance, kind: str, ref: str, label: str) -> dict:
    """A resource of `kind` named by id or ARN, or Connect's ResourceNotFoundException."""
    ident = (ref or "").rsplit("/", 1)[-1] if (ref or "").startswith("arn:") else ref
    found = inst.table(kind).get(ident)
    if found is None:
        raise AwsError("ResourceNotFoundException", f"{label} not found: {ref}")
    return found


def check_unique(inst: Instance, kind: str, name_key: str, name: str, label: str,
                 except_id: str | None = None) -> None:
    for ident, props in inst.table(kind).items():
        if props.get(name_key) == name and ident != except_id:
            raise AwsError("DuplicateResourceException", f"{label} with name '{name}' already exists.")


def stamp(props: dict) -> dict:
    props["LastModifiedTime"] = now()
    props["LastModifiedRegion"] = REGION
    return props


def set_tags(resource_arn: str, new: dict | None) -> None:
    if new:
        tags().setdefault(resource_arn, {}).update(new)


def tags_of(resource_arn: str) -> dict:
    return dict(tags().get(resource_arn, {}))


def summary(props: dict, keys: dict) -> dict:
    """A *Summary item from a resource's props: keys maps summary member -> props member."""
    return {out: props[src] for out, src in keys.items() if props.get(src) is not None}


def tokens() -> dict:
    """participant token or connection token -> (instance id, contact id, participant id)."""
    return state.store("connect.tokens")
