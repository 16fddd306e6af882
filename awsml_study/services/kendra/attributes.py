"""Document attributes: type checks against the index's fields, filters, ACLs and user context."""
from __future__ import annotations

import base64
import datetime as dt
import json

from awsml_study.sim.errors import AwsError

VALUE_KEYS = {"STRING_VALUE": "StringValue", "STRING_LIST_VALUE": "StringListValue",
              "LONG_VALUE": "LongValue", "DATE_VALUE": "DateValue"}


def as_date(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    text = str(value).replace("Z", "+00:00")
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def normalise(value: dict) -> dict:
    """A DocumentAttributeValue with its date parsed (callers may pass strings or datetimes)."""
    if "DateValue" in value:
        return {"DateValue": as_date(value["DateValue"])}
    return dict(value)


def problem(attr: dict, fields: dict) -> str | None:
    """Why an attribute cannot be stored in this index, or None."""
    key, value = attr["Key"], attr["Value"]
    field = fields.get(key)
    if field is None:
        return (f"The document attribute {key} is not defined in the index. Add it with "
                "UpdateIndex DocumentMetadataConfigurationUpdates first.")
    present = [k for k in ("StringValue", "StringListValue", "LongValue", "DateValue") if k in value]
    if len(present) != 1:
        return f"The document attribute {key} must have exactly one value member."
    if present[0] != VALUE_KEYS[field["Type"]]:
        return f"The document attribute {key} must be of type {field['Type']}, not {present[0]}."
    if present[0] == "DateValue":
        try:
            as_date(value["DateValue"])
        except (ValueError, TypeError):
            return f"The document attribute {key} has a date that is not ISO 8601."
    return None


# ----- attribute filters -----

FILTER_OPS = ("EqualsTo", "ContainsAll", "ContainsAny", "GreaterThan", "GreaterThanOrEquals",
              "LessThan", "LessThanOrEquals")


def check_filter(f: dict, fields: dict, depth: int = 0) -> None:
    """Kendra's rules for an AttributeFilter: one operator per level, known keys, right types."""
    if depth > 2 and any(k in f for k in ("AndAllFilters", "OrAllFilters", "NotFilter")):
        raise AwsError("ValidationException", "AttributeFilter nests logical operators more than "
                                              "two levels deep.")
    present = [k for k in f if f[k] is not None]
    if len(present) != 1:
        raise AwsError("ValidationException", "Each AttributeFilter must contain exactly one "
                                              f"operator; found {present or 'none'}.")
    op = present[0]
    if op in ("AndAllFilters", "OrAllFilters"):
        for sub in f[op]:
            check_filter(sub, fields, depth + 1)
        return
    if op == "NotFilter":
        check_filter(f[op], fields, depth + 1)
        return
    key = f[op]["Key"]
    if key in ("_user_id", "_group_ids"):
        return
    field = fields.get(key)
    if field is None:
        raise AwsError("ValidationException", f"The attribute {key} in the AttributeFilter is not "
                                              "defined in the index.")
    value = f[op]["Value"]
    if op in ("ContainsAll", "ContainsAny") and "StringListValue" not in value:
        raise AwsError("ValidationException", f"{op} takes a StringListValue.")
    if op.startswith(("Greater", "Less")) and not ({"LongValue", "DateValue"} & set(value)):
        raise AwsError("ValidationException", f"{op} compares LONG_VALUE or DATE_VALUE attributes only.")


def matches(f: dict, attrs: dict, principal: tuple[set, set] | None = None) -> bool:
    """Does a document with attributes `attrs` (key → value dict) pass the filter?"""
    if "AndAllFilters" in f:
        return all(matches(s, attrs, principal) for s in f["AndAllFilters"])
    if "OrAllFilters" in f:
        return any(matches(s, attrs, principal) for s in f["OrAllFilters"])
    if "NotFilter" in f:
        return not matches(f["NotFilter"], attrs, principal)
    op = next(k for k in FILTER_OPS if k in f)
    key, want = f[op]["Key"], normalise(f[op]["Value"])
    have = attrs.get(key)
    if have is None:
        return False
    if op == "EqualsTo":
        return _scalar(have) == _scalar(want)
    if op in ("ContainsAll", "ContainsAny"):
        pool = set(have.get("StringListValue") or ([have["StringValue"]] if "StringValue" in have else []))
        need = set(want.get("StringListValue", []))
        return need <= pool if op == "ContainsAll" else bool(need & pool)
    a, b = _scalar(have), _scalar(want)
    if type(a) is not type(b):
        return False
    return {"GreaterThan": a > b, "GreaterThanOrEquals": a >= b,
            "LessThan": a < b, "LessThanOrEquals": a <= b}[op]


def _scalar(v: dict):
    if "StringListValue" in v:
        return tuple(sorted(v["StringListValue"]))
    if "DateValue" in v:
        return as_date(v["DateValue"])
    return v.get("StringValue", v.get("LongValue"))


def acl_filter_principal(f: dict | None) -> tuple[set, set] | None:
    """The _user_id / _group_ids conditions of an ATTRIBUTE_FILTER index, as (users, groups)."""
    users, groups = set(), set()

    def walk(x):
        if not x:
            return
        for sub in x.get("AndAllFilters", []) + x.get("OrAllFilters", []):
            walk(sub)
        for op in FILTER_OPS:
            if op in x and x[op]["Key"] == "_user_id":
                users.add(x[op]["Value"].get("StringValue"))
            if op in x and x[op]["Key"] == "_group_ids":
                groups.update(x[op]["Value"].get("StringListValue", []))
    walk(f)
    return (users, groups) if users or groups else None


def strip_acl_terms(f: dict | None) -> dict | None:
    """The filter without its _user_id / _group_ids conditions (those are ACL checks)."""
    if not f:
        return None
    for op in FILTER_OPS:
        if op in f and f[op]["Key"] in ("_user_id", "_group_ids"):
            return None
    for op in ("AndAllFilters", "OrAllFilters"):
        if op in f:
            subs = [s for s in (strip_acl_terms(x) for x in f[op]) if s]
            return {op: subs} if subs else None
    return f


# ----- access control -----

def principal_of(user_context: dict | None, policy: str, token_config: list | None) -> tuple[set, set] | None:
    """(user names, group names) the query runs as, or None for no user context."""
    if not user_context:
        return None
    users = {user_context["UserId"]} if user_context.get("UserId") else set()
    groups = set(user_context.get("Groups", []))
    groups |= {g["GroupId"] for g in user_context.get("DataSourceGroups", [])}
    if user_context.get("Token"):
        claims = _token_claims(user_context["Token"])
        conf = (token_config or [{}])[0]
        jwt = conf.get("JwtTokenTypeConfiguration") or {}
        js = conf.get("JsonTokenTypeConfiguration") or {}
        user_field = jwt.get("UserNameAttributeField") or js.get("UserNameAttributeField") or "username"
        group_field = jwt.get("GroupAttributeField") or js.get("GroupAttributeField") or "groups"
        if claims.get(user_field):
            users.add(str(claims[user_field]))
        found = claims.get(group_field) or []
        groups |= set(found if isinstance(found, list) else [found])
    return users, groups


def _token_claims(token: str) -> dict:
    """Claims of a JSON token or of a JWT's payload. The simulator cannot check a signature
    (it has no key store); it reads the claims only."""
    try:
        if token.lstrip().startswith("{"):
            return json.loads(token)
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        raise AwsError("AccessDeniedException", "The user context token could not be read.") from None


def _decide(principals: list, users: set, groups: set) -> bool | None:
    """True allow, False deny, None when no entry names the user or a group. DENY wins."""
    verdict = None
    for p in principals:
        names = users if p["Type"] == "USER" else groups
        if p["Name"] in names:
            if p["Access"] == "DENY":
                return False
            verdict = True
    return verdict


def visible(doc, principal: tuple[set, set] | None) -> bool:
    """Can the user see the document? Documents without an ACL are public."""
    if principal is None:
        return True
    users, groups = principal
    if doc.hierarchical:
        # Every level must allow the user; a deny at any level hides the document.
        return all(_decide(level["PrincipalList"], users, groups) for level in doc.hierarchical)
    if not doc.acl:
        return True
    return bool(_decide(doc.acl, users, groups))
