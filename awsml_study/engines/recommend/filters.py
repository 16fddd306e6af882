"""Personalize's filter expression language: parsed once at CreateFilter, applied per request.

    EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")
    INCLUDE ItemID WHERE Items.GENRES IN ($GENRE) AND Items.YEAR >= 1990
    EXCLUDE ItemID WHERE Items.RATING IN ("R") IF CurrentUser.AGE_GROUP IN ("13-17")
    INCLUDE UserID WHERE Users.MEMBERSHIP IN ("premium")          (batch segment jobs)

Statements are joined with `|` and applied in order. Conditions are joined with AND / OR
(AND binds tighter). `$NAME` placeholders take their values from the request's filterValues,
written as a comma-separated list of quoted strings ("\"Comedy\",\"Drama\""). An INCLUDE needs
every placeholder; an EXCLUDE without a value drops that condition, as the service documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

OPS = ("IN", "NOT IN", "=", "<", ">", "<=", ">=")
TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)|(?P<param>\$[A-Za-z0-9_]+)'
                   r'|(?P<op><=|>=|=|<|>)|(?P<punct>[(),|])|(?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)'
                   r'|(?P<star>"\*"))')


class FilterSyntaxError(ValueError):
    """A malformed expression; the message says where, as the service's InvalidInputException."""


@dataclass
class Condition:
    dataset: str          # Items | Interactions | Users | CurrentUser
    name: str             # the field, e.g. GENRES, EVENT_TYPE
    op: str
    values: list          # literals (str / float) and ("param", NAME) pairs


@dataclass
class Statement:
    action: str           # INCLUDE | EXCLUDE
    target: str           # ItemID | UserID
    groups: list[list[Condition]]   # OR of ANDs
    when: list[Condition] = field(default_factory=list)   # IF CurrentUser... conditions

    def params(self) -> set[str]:
        conds = [c for g in self.groups for c in g] + self.when
        return {v[1] for c in conds for v in c.values if isinstance(v, tuple)}


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FilterSyntaxError(f"Unexpected character at position {pos}: {text[pos:pos + 10]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def parse(text: str) -> list[Statement]:
    """The statements of an expression, or FilterSyntaxError saying what is wrong."""
    toks = _tokens(text)
    if not toks:
        raise FilterSyntaxError("The filter expression is empty.")
    statements, k = [], 0

    def peek(offset=0):
        return toks[k + offset] if k + offset < len(toks) else (None, None)

    def expect_word(*words):
        nonlocal k
        kind, val = peek()
        if kind != "word" or val.upper() not in words:
            raise FilterSyntaxError(f"Expected {' or '.join(words)} but found {val or 'the end'}.")
        k += 1
        return val.upper()

    def condition(allowed) -> Condition:
        nonlocal k
        kind, ref = peek()
        if kind != "word" or "." not in ref:
            raise FilterSyntaxError(f"Expected a dataset field such as Items.GENRE but found {ref or 'the end'}.")
        dataset, name = ref.split(".", 1)
        canon = {"items": "Items", "interactions": "Interactions", "users": "Users",
                 "currentuser": "CurrentUser"}.get(dataset.lower())
        if canon not in allowed:
            raise FilterSyntaxError(f"Dataset {dataset} is not valid here; use {', '.join(allowed)}.")
        k += 1
        kind, val = peek()
        if kind == "word" and val.upper() == "NOT":
            k += 1
            expect_word("IN")
            op = "NOT IN"
        elif kind == "word" and val.upper() == "IN":
            k += 1
            op = "IN"
        elif kind == "op":
            k += 1
            op = val
        else:
            raise FilterSyntaxError(f"Expected IN, NOT IN or a comparison after {ref}.")
        if op in ("IN", "NOT IN"):
            if peek() != ("punct", "("):
                raise FilterSyntaxError(f"Expected ( after {op}.")
            k += 1
            values = []
            while True:
                values.append(value())
                kind, val = peek()
                k += 1
                if (kind, val) == ("punct", ")"):
                    break
                if (kind, val) != ("punct", ","):
                    raise FilterSyntaxError("Expected , or ) in the list of values.")
        else:
            values = [value()]
            if isinstance(values[0], str) and op != "=":
                raise FilterSyntaxError(f"The comparison {op} needs a number or a $parameter.")
        if canon == "Interactions" and name.upper() != "EVENT_TYPE":
            raise FilterSyntaxError("Interactions filters support only the EVENT_TYPE field.")
        if "*" in values and not (canon == "Interactions" and name.upper() == "EVENT_TYPE"):
            raise FilterSyntaxError('"*" is allowed only with Interactions.EVENT_TYPE.')
        return Condition(canon, name.upper(), op, values)

    def value():
        nonlocal k
        kind, val = peek()
        k += 1
        if kind == "str" or kind == "star":
            return val[1:-1].replace('\\"', '"')
        if kind == "num":
            return float(val)
        if kind == "param":
            return ("param", val[1:])
        raise FilterSyntaxError(f"Expected a value (\"text\", a number or $PARAMETER) but found {val or 'the end'}.")

    def conditions(allowed):
        nonlocal k
        groups, group = [], [condition(allowed)]
        while True:
            kind, val = peek()
            if kind == "word" and val.upper() == "AND":
                k += 1
                group.append(condition(allowed))
            elif kind == "word" and val.upper() == "OR":
                k += 1
                groups.append(group)
                group = [condition(allowed)]
            else:
                groups.append(group)
                return groups

    while True:
        action = expect_word("INCLUDE", "EXCLUDE")
        kind, target = peek()
        if kind != "word" or target.lower() not in ("itemid", "userid"):
            raise FilterSyntaxError(f"Expected ItemID or UserID after {action}.")
        k += 1
        target = "ItemID" if target.lower() == "itemid" else "UserID"
        expect_word("WHERE")
        allowed = ("Items", "Interactions") if target == "ItemID" else ("Users", "Interactions")
        groups = conditions(allowed)
        when = []
        kind, val = peek()
        if kind == "word" and val.upper() == "IF":
            k += 1
            when = [c for g in conditions(("CurrentUser",)) for c in g]
        statements.append(Statement(action, target, groups, when))
        kind, val = peek()
        if kind is None:
            return statements
        if (kind, val) != ("punct", "|"):
            raise FilterSyntaxError(f"Unexpected {val} after a complete statement; join statements with |.")
        k += 1


def parse_values(text: str) -> list[str]:
    """A filterValues entry: "\"a\",\"b\"" → ["a", "b"] (bare words are accepted too)."""
    import csv
    row = next(csv.reader([text], skipinitialspace=True), [])
    return [v.strip() for v in row if v.strip()]


def _matches(cond: Condition, actual, values) -> bool:
    if cond.op in ("IN", "NOT IN"):
        present = actual if isinstance(actual, (set, list, tuple)) else ({actual} if actual is not None else set())
        hit = any(str(a) == str(v) or _num_eq(a, v) for a in present for v in values)
        return hit if cond.op == "IN" else not hit
    if isinstance(actual, (set, list, tuple)):  # a categorical field: = tests membership
        return cond.op == "=" and any(str(a) == str(values[0]) or _num_eq(a, values[0]) for a in actual)
    try:
        a, v = float(actual), float(values[0])
    except (TypeError, ValueError):
        return cond.op == "=" and str(actual) == str(values[0])
    return {"=": a == v, "<": a < v, ">": a > v, "<=": a <= v, ">=": a >= v}[cond.op]


def _num_eq(a, v) -> bool:
    try:
        return float(a) == float(v)
    except (TypeError, ValueError):
        return False


class Applier:
    """Applies parsed statements to candidate ids, given metadata and the current user's events."""

    def __init__(self, statements: list[Statement], filter_values: dict[str, str] | None):
        self.statements = statements
        self.values = {k: parse_values(v) for k, v in (filter_values or {}).items()}

    def missing_include_params(self) -> set[str]:
        need = set()
        for s in self.statements:
            if s.action == "INCLUDE":
                need |= s.params()
        return need - set(self.values)

    def _resolve(self, cond: Condition):
        """The condition's literal values, or None when a placeholder has no value."""
        out = []
        for v in cond.values:
            if isinstance(v, tuple):
                if v[1] not in self.values:
                    return None
                out += self.values[v[1]]
            else:
                out.append(v)
        return out

    def apply(self, ids: list[str], attributes: dict[str, dict], events: dict[str, set[str]],
              current_user: dict | None) -> list[str]:
        """Keep the ids the filter lets through, in order.

        attributes: id → {FIELD: value or set of values} (Items or Users metadata);
        events: event type → ids the current user interacted with (for Interactions.EVENT_TYPE).
        """
        keep = list(ids)
        for st in self.statements:
            if st.when and not all(self._true(c, current_user or {}, None) for c in st.when):
                continue
            groups = []
            for g in st.groups:
                resolved = [(c, self._resolve(c)) for c in g]
                if any(vals is None for _, vals in resolved):
                    continue  # EXCLUDE with a missing value: that part of the expression is unused
                groups.append(resolved)
            if not groups:
                continue
            def passes(x):
                return any(all(self._cond(c, vals, x, attributes, events) for c, vals in g) for g in groups)
            keep = [x for x in keep if passes(x) == (st.action == "INCLUDE")]
        return keep

    def _cond(self, cond, vals, x, attributes, events) -> bool:
        if cond.dataset == "Interactions":
            types = set(events) if "*" in vals else {v for v in vals if v in events}
            hit = any(x in events[t] for t in types)
            return hit if cond.op == "IN" else not hit
        return _matches(cond, attributes.get(x, {}).get(cond.name), vals)

    def _true(self, cond, user: dict, _) -> bool:
        vals = self._resolve(cond)
        return vals is not None and _matches(cond, user.get(cond.name), vals)
