"""Hyperparameter validation as the built-in algorithm containers do it: strings in, typed values out.

The messages follow the algorithm toolkit the SageMaker XGBoost container uses (a UserError becomes
the training job's FailureReason "ClientError: <message>").
"""
from __future__ import annotations

import math


class UserError(ValueError):
    """A problem the learner can fix (bad hyperparameter, bad data): FailureReason 'ClientError: ...'."""


class Interval:
    def __init__(self, lo=None, hi=None, lo_open=False, hi_open=False):
        self.lo, self.hi, self.lo_open, self.hi_open = lo, hi, lo_open, hi_open

    def __contains__(self, v) -> bool:
        if self.lo is not None and (v < self.lo or (self.lo_open and v == self.lo)):
            return False
        if self.hi is not None and (v > self.hi or (self.hi_open and v == self.hi)):
            return False
        return True

    def __str__(self) -> str:
        lo = "(-inf" if self.lo is None else ("(" if self.lo_open else "[") + f"{self.lo:g}"
        hi = "+inf)" if self.hi is None else f"{self.hi:g}" + (")" if self.hi_open else "]")
        return f"{lo}, {hi}"


class HP:
    """One hyperparameter: a parser, an allowed range, required or a default."""

    def __init__(self, name, kind="str", range=None, required=False, default=None, tunable=False):
        self.name, self.kind, self.range = name, kind, range
        self.required, self.default, self.tunable = required, default, tunable

    def parse(self, value):
        text = str(value).strip()
        if self.kind == "int":
            number = float(text)
            if not number.is_integer():
                raise ValueError(text)
            return int(number)
        if self.kind == "float":
            number = float(text)
            if math.isnan(number):
                raise ValueError(text)
            return number
        if self.kind == "bool":
            if text.lower() in ("true", "1"):
                return True
            if text.lower() in ("false", "0"):
                return False
            raise ValueError(text)
        if self.kind == "int_or_auto":
            return "auto" if text.lower() == "auto" else HP(self.name, "int").parse(text)
        if self.kind == "float_or_auto":
            return "auto" if text.lower() == "auto" else float(text)
        return text

    def check_range(self, value) -> None:
        if self.range is None or value == "auto":
            return
        if isinstance(self.range, Interval):
            if value not in self.range:
                raise UserError(f"Hyperparameter {self.name}: {value} is not in {self.range}")
        elif value not in self.range:
            raise UserError(f"Hyperparameter {self.name}: {value} is not in {list(self.range)}")


class Schema:
    def __init__(self, *hps: HP, allow_prefixes: tuple[str, ...] = ("sagemaker_", "_")):
        self.hps = {hp.name: hp for hp in hps}
        self.allow_prefixes = allow_prefixes

    def validate(self, given: dict[str, str]) -> dict:
        """Typed hyperparameters with defaults filled in, or UserError as the container words it."""
        values = {}
        for name, hp in self.hps.items():
            if name not in given:
                if hp.required:
                    raise UserError(f"Missing required hyperparameter: {name}")
                if hp.default is not None:
                    values[name] = hp.default
        for name, raw in given.items():
            if name.startswith(self.allow_prefixes):
                continue  # set by SageMaker itself (tuning objective, script-mode settings)
            hp = self.hps.get(name)
            if hp is None:
                raise UserError(f"Extraneous hyperparameter found: {name}")
            try:
                values[name] = hp.parse(raw)
            except ValueError:
                raise UserError(f"Hyperparameter {name}: could not parse value (caused by ValueError)") from None
            hp.check_range(values[name])
        return values

    def tunable(self) -> list[str]:
        return [n for n, hp in self.hps.items() if hp.tunable]
