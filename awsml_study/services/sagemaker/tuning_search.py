"""Search strategies of automatic model tuning: Grid, Random, Hyperband (as Random) and Bayesian (approximated)."""
from __future__ import annotations

import itertools
import math
import random

from awsml_study.sim.errors import AwsError


def ranges_of(config: dict) -> list[tuple[str, str, dict]]:
    pr = config.get("ParameterRanges") or {}
    out = [(r["Name"], "int", r) for r in pr.get("IntegerParameterRanges", [])]
    out += [(r["Name"], "float", r) for r in pr.get("ContinuousParameterRanges", [])]
    out += [(r["Name"], "cat", r) for r in pr.get("CategoricalParameterRanges", [])]
    for name, kind, r in out:
        if kind != "cat":
            lo, hi = float(r["MinValue"]), float(r["MaxValue"])
            if lo > hi:
                raise AwsError("ValidationException", f"The MinValue of the {name} range must not be greater than its MaxValue.")
            if r.get("ScalingType") in ("Logarithmic",) and lo <= 0:
                raise AwsError("ValidationException", f"Logarithmic scaling of {name} needs MinValue > 0.")
            if r.get("ScalingType") == "ReverseLogarithmic" and not (0 <= lo and hi < 1):
                raise AwsError("ValidationException", f"ReverseLogarithmic scaling of {name} needs 0 <= MinValue <= MaxValue < 1.")
    names = [n for n, _, _ in out]
    if len(set(names)) != len(names):
        raise AwsError("ValidationException", "A hyperparameter can appear in only one parameter range.")
    return out


def _draw(kind: str, r: dict, u: float) -> str:
    if kind == "cat":
        values = r["Values"]
        return values[min(int(u * len(values)), len(values) - 1)]
    lo, hi = float(r["MinValue"]), float(r["MaxValue"])
    scale = r.get("ScalingType", "Auto")
    if scale == "Logarithmic":
        x = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
    elif scale == "ReverseLogarithmic":
        x = 1 - math.exp(math.log(1 - hi) + (1 - u) * (math.log(1 - lo) - math.log(1 - hi)))
    else:
        x = lo + u * (hi - lo)
    if kind == "int":
        return str(int(min(max(round(x), lo), hi)))
    return f"{x:.6g}"


def grid(ranges) -> list[dict]:
    if any(kind != "cat" for _, kind, _ in ranges):
        raise AwsError("ValidationException", "Grid search supports only CategoricalParameterRanges.")
    names = [n for n, _, _ in ranges]
    return [dict(zip(names, combo)) for combo in itertools.product(*[r["Values"] for _, _, r in ranges])]


class Sampler:
    """Random sampling; 'Bayesian' explores randomly first, then samples near the best point so far."""

    def __init__(self, ranges, strategy: str, seed: int | None):
        self.ranges, self.strategy = ranges, strategy
        self.rng = random.Random(seed if seed is not None else 0)
        self.best: dict | None = None  # unit-cube coordinates of the best job so far

    def next(self, done: int, total: int) -> tuple[dict, dict]:
        explore = self.strategy != "Bayesian" or self.best is None or done < max(2, total // 3)
        units = {}
        for name, _, _ in self.ranges:
            if explore:
                units[name] = self.rng.random()
            else:
                units[name] = min(1.0, max(0.0, self.best[name] + self.rng.gauss(0, 0.15)))
        return {n: _draw(k, r, units[n]) for n, k, r in self.ranges}, units
