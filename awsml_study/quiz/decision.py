"""Which service fits: `recommend()` over the rules in decision_guide.json."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GUIDE_PATH = Path(__file__).with_name("decision_guide.json")


@dataclass(frozen=True)
class Recommendation:
    service: str                 # key, e.g. "textract"
    name: str                    # display name, e.g. "Amazon Textract"
    operations: tuple[str, ...]
    reason: str
    instead: tuple[tuple[str, str], ...]   # (display name, "pick it instead when ...")
    rule: str

    def __str__(self) -> str:
        lines = [f"{self.name}: {', '.join(self.operations)}", f"  Why: {self.reason}"]
        lines += [f"  Pick {name} instead when {when}" for name, when in self.instead]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        items = "".join(f"\n- **{name}** instead when {when}" for name, when in self.instead)
        return (f"**{self.name}** — `{'`, `'.join(self.operations)}`\n\n{self.reason}\n\n"
                f"Pick instead:{items}")


@lru_cache(maxsize=1)
def guide() -> dict:
    """The decision-guide data: services, inputs with their outputs, rules."""
    return json.loads(GUIDE_PATH.read_text(encoding="utf-8"))


def inputs() -> dict[str, str]:
    """Input type -> label."""
    return {k: v["label"] for k, v in guide()["inputs"].items()}


def outputs(input_type: str) -> dict[str, str]:
    """Output -> label, for one input type."""
    _check_input(input_type)
    return dict(guide()["inputs"][input_type]["outputs"])


def recommend(input_type: str, output: str, custom: bool = False, realtime: bool = True) -> Recommendation:
    """The service for an input, a desired output, custom training or not, real time or batch.

    >>> recommend("document", "forms_tables", realtime=False).service
    'textract'

    Rules name custom/realtime as true, false or null (either); the matching rule that
    pins the most of them wins. Raises ValueError for an input or output the guide lacks.
    """
    _check_input(input_type)
    if output not in guide()["inputs"][input_type]["outputs"]:
        choices = ", ".join(guide()["inputs"][input_type]["outputs"])
        raise ValueError(f"unknown output {output!r} for input {input_type!r}; choose one of: {choices}")
    wanted = {"custom": bool(custom), "realtime": bool(realtime)}
    matches = [r for r in guide()["rules"]
               if r["input"] == input_type and r["output"] == output
               and all(r[k] is None or r[k] == v for k, v in wanted.items())]
    if not matches:  # the data test keeps this from happening; say so plainly if it does
        raise LookupError(f"the decision guide has no rule for {input_type}/{output} with {wanted}")
    rule = max(matches, key=lambda r: sum(r[k] is not None for k in wanted))
    names = guide()["services"]
    return Recommendation(
        service=rule["service"], name=names.get(rule["service"], rule["service"]),
        operations=tuple(rule["operations"]), reason=rule["reason"],
        instead=tuple((names.get(i["service"], i["service"]), i["when"]) for i in rule["instead"]),
        rule=rule["id"])


def check_pick(pick: str, input_type: str, output: str, custom: bool = False, realtime: bool = True) -> None:
    """Exercise self-check: print whether `pick` (a service key) is the guide's answer, and why."""
    if not pick or not pick.strip():
        print(f"Write a service key in your pick first, one of: {', '.join(guide()['services'])}.")
        return
    rec = recommend(input_type, output, custom, realtime)
    right = pick.strip().lower() == rec.service
    print(("Right. " if right else f"Not quite: you picked {pick!r}. The guide says ") + str(rec))


def _check_input(input_type: str) -> None:
    if input_type not in guide()["inputs"]:
        raise ValueError(f"unknown input type {input_type!r}; choose one of: {', '.join(guide()['inputs'])}")
