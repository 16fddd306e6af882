"""Shared pieces of the Personalize simulation: ARNs, stores, the status lifecycle, input checks."""
from __future__ import annotations

import re

from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError, validation_error
from awsml_study.sim.s3io import REGION, account

CONTROL = "personalize/control-plane"
# Every Personalize resource that is created asynchronously goes through these statuses.
LIFE = jobs.Lifecycle(key="status", running="CREATE IN_PROGRESS", done="ACTIVE",
                      failed="CREATE FAILED", stopped="CREATE STOPPED",
                      message_key="failureReason", start_key=None, end_key="lastUpdatedDateTime")
PENDING = "CREATE PENDING"


def arn(kind: str, name: str) -> str:
    return f"arn:aws:personalize:{REGION}:{account()}:{kind}/{name}"


def store(kind: str) -> dict:
    """arn → Job for one kind of resource (dataset-group, schema, solution ...)."""
    return state.store(f"personalize.{kind}")


def view(props: dict) -> dict:
    """A resource's props as the service reports them (private `_` keys dropped)."""
    return {k: v for k, v in props.items() if not k.startswith("_") and v is not None}


def create(kind: str, resource_arn: str, props: dict, work=None, on_end=None,
           tags: list | None = None, noun: str | None = None, has_status: bool = True) -> jobs.Job:
    """Record a new resource in CREATE PENDING (or ACTIVE when nothing is left to do)."""
    table = store(kind)
    if resource_arn in table:
        raise AwsError("ResourceAlreadyExistsException",
                       f"{noun or kind.replace('-', ' ').title()} {resource_arn} already exists.")
    now = jobs.now()
    props.setdefault("creationDateTime", now)
    props.setdefault("lastUpdatedDateTime", now)
    if has_status:  # schemas and recipes have no status member
        props[LIFE.key] = PENDING if work is not None else LIFE.done
    job = jobs.Job(resource_arn, props, work=_as_job_failure(work), lifecycle=LIFE, on_end=on_end)
    table[resource_arn] = jobs.submit(job)
    if tags:
        set_tags(resource_arn, tags)
    return job


def _as_job_failure(work):
    """A service error met while the job runs (a filter deleted meanwhile…) fails the job with its
    message, as CREATE FAILED, instead of counting as a kit error."""
    if work is None:
        return None

    def run(job):
        try:
            work(job)
        except AwsError as err:
            raise jobs.JobFailure(err.message) from None
    return run


def find(kind: str, resource_arn: str, noun: str) -> jobs.Job:
    """The settled resource, or ResourceNotFoundException as the service words it."""
    job = store(kind).get(resource_arn or "")
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Could not find {noun} with ARN {resource_arn}.")
    return job.settle()


def active(kind: str, resource_arn: str, noun: str) -> jobs.Job:
    job = find(kind, resource_arn, noun)
    if job.status != LIFE.done:
        raise AwsError("ResourceInUseException",
                       f"{noun[0].upper() + noun[1:]} {resource_arn} is not in ACTIVE state "
                       f"(current status: {job.status}).")
    return job


def listing(kind: str, key: str, summary_keys: tuple, params: dict, where=None) -> dict:
    """A List* answer: settled summaries, newest first, one page of them."""
    found = [j for j in store(kind).values() if where is None or where(j.props)]
    jobs.settle_all(found)
    found.sort(key=lambda j: j.props["creationDateTime"], reverse=True)
    summaries = [{k: j.props[k] for k in summary_keys if j.props.get(k) is not None} for j in found]
    chunk, token = jobs.page(summaries, params.get("maxResults"), params.get("nextToken"),
                             default=100, error_code="InvalidNextTokenException")
    out = {key: chunk}
    if token:
        out["nextToken"] = token
    return out


# ---- tags ----------------------------------------------------------------------------------
MAX_TAGS = 200


def set_tags(resource_arn: str, tags: list[dict]) -> None:
    table = state.store("personalize.tags").setdefault(resource_arn, {})
    merged = dict(table)
    for tag in tags or []:
        merged[tag["tagKey"]] = tag.get("tagValue", "")
    if len(merged) > MAX_TAGS:
        raise AwsError("TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags.")
    table.clear()
    table.update(merged)


def tags_of(resource_arn: str) -> list[dict]:
    return [{"tagKey": k, "tagValue": v}
            for k, v in state.store("personalize.tags").get(resource_arn, {}).items()]


def forget(kind: str, resource_arn: str) -> None:
    store(kind).pop(resource_arn, None)
    state.store("personalize.tags").pop(resource_arn, None)


# ---- request checks against the input shape, as the service's validator does ----------------
_MODELS: dict[str, object] = {}


def _model(service: str):
    if service not in _MODELS:
        import botocore.session
        _MODELS[service] = botocore.session.get_session().get_service_model(service)
    return _MODELS[service]


def check(service: str, operation: str, params: dict) -> None:
    """The service's validation error for any length, range, pattern or enum constraint a value
    breaks (the seam may check first; both give the code of sim.validate.validation_code)."""
    shape = _model(service).operation_model(operation).input_shape
    if shape is not None:
        try:
            _walk(params, shape, "")
        except AwsError as err:
            err.code = _validation_code(service)
            raise


def _validation_code(service: str) -> str:
    try:
        from awsml_study.sim.validate import validation_code
    except ImportError:  # an older simulator core: AWS's generic code
        return "ValidationException"
    return validation_code(service)


def _walk(value, shape, path: str) -> None:
    kind, meta = shape.type_name, shape.metadata
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                _walk(value[name], member, f"{path}.{name}" if path else name)
        return
    if kind == "list" and isinstance(value, list):
        _bounds(len(value), meta, value, path, "length")
        for k, item in enumerate(value):
            _walk(item, shape.member, f"{path}.{k + 1}.member")
        return
    if kind == "map" and isinstance(value, dict):
        _bounds(len(value), meta, value, path, "length")
        for k, item in value.items():
            _walk(k, shape.key, f"{path}.key")
            _walk(item, shape.value, f"{path}.{k}")
        return
    if kind == "string" and isinstance(value, str):
        _bounds(len(value), meta, value, path, "length")
        if shape.enum and value not in shape.enum:
            raise validation_error(value, path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        pattern = _compiled(meta.get("pattern"))
        if pattern is not None and not pattern.fullmatch(value):  # Java's matches(): whole value
            raise validation_error(value, path, f"Member must satisfy regular expression pattern: {pattern.pattern}")
    elif kind in ("integer", "long", "double", "float") and isinstance(value, (int, float)):
        _bounds(value, meta, value, path, "value")


_PATTERNS: dict[str, re.Pattern | None] = {}


def _compiled(pattern: str | None):
    """The model's pattern for Python's re; None for Java-only classes such as \\p{ASCII}."""
    if not pattern:
        return None
    if pattern not in _PATTERNS:
        try:
            _PATTERNS[pattern] = re.compile(pattern)
        except re.error:
            _PATTERNS[pattern] = None
    return _PATTERNS[pattern]


def _bounds(n, meta, value, path, what) -> None:
    if "min" in meta and n < meta["min"]:
        word = "greater than or equal to" if what == "value" else "have length greater than or equal to"
        raise validation_error(value, path, f"Member must {word} {meta['min']}")
    if "max" in meta and n > meta["max"]:
        word = "less than or equal to" if what == "value" else "have length less than or equal to"
        raise validation_error(value, path, f"Member must {word} {meta['max']}")


def handler(name: str, service: str = "personalize", engine: str = CONTROL):
    """Register a handler that first checks the request against the input shape."""
    from awsml_study.sim.registry import operation

    def wrap(func):
        def run(params: dict) -> dict:
            check(service, name, params)
            return func(params)
        run.__module__, run.__name__, run.__doc__ = func.__module__, func.__name__, func.__doc__
        operation(service, name, engine)(run)
        return func
    return wrap
