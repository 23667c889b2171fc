"""An independent scorer, written from PRODUCT.md ("Scoring methods", "Scoring") alone.

It reads the rubric and the snapshot as the plain data a YAML file holds and never
imports ``maturity``: tests compare what it says with ``maturity score --format json``.
Extensions are resolved here too (``remove``, ``add``, ``add_dimensions``, ``rename``,
and a dimension left empty disappears).
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

UNASSESSED = "unassessed"


def frac(value: Any) -> Fraction:
    return Fraction(str(value))


def rounded(value: Fraction) -> int | float:
    """How JSON shows a number: whole numbers as ints, others to two decimals."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 2)


def to_yaml(value: Any) -> str:
    """YAML in flow style (JSON, except that whole-number keys stay numbers)."""
    if isinstance(value, dict):
        parts = [f"{k if isinstance(k, int) else json.dumps(k)}: {to_yaml(v)}" for k, v in value.items()]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_yaml(v) for v in value) + "]"
    return json.dumps(value)


def resolve(rubric: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """An extension's own rubric data: the base's, minus remove, plus add and
    add_dimensions, renamed; scoring merged key by key; empty dimensions dropped."""
    if "extends" not in rubric:
        return rubric
    assert base is not None
    out = copy.deepcopy(base)
    out["id"], out["version"] = rubric["id"], rubric["version"]
    removed = set(rubric.get("remove", []))
    for dim in out["dimensions"]:
        dim["items"] = [i for i in dim.get("items", []) if i["id"] not in removed]
        dim["name"] = rubric.get("rename", {}).get(dim["id"], dim["name"])
    for added in rubric.get("add", []):
        for dim in out["dimensions"]:
            if dim["id"] == added["dimension"]:
                dim["items"].append({k: v for k, v in added.items() if k != "dimension"})
    out["dimensions"] = [d for d in out["dimensions"] if d["items"] or d.get("cells")]
    out["dimensions"] += copy.deepcopy(rubric.get("add_dimensions", []))
    out["scoring"] = {**out.get("scoring", {}), **rubric.get("scoring", {})}
    if "levels" in rubric:
        out["levels"] = rubric["levels"]
    return out


def _answers(snapshot: dict[str, Any]) -> dict[str, str]:
    out = {}
    for item_id, raw in (snapshot.get("answers") or {}).items():
        if raw is None:
            continue
        out[item_id] = raw if isinstance(raw, str) else raw["status"]
    return out


def score(rubric: dict[str, Any], snapshot: dict[str, Any]) -> dict[str, Any]:
    """``{"overall": {...}, "dimensions": {id: {...}}}`` with ``level``, ``upper`` and, for
    the points method, ``score: {low, high}`` rounded as JSON rounds."""
    scoring = rubric.get("scoring", {})
    method = scoring.get("method", "levels")
    levels = sorted(lv["level"] for lv in rubric["levels"])
    lowest, highest = levels[0], levels[-1]
    if method == "grid":
        return _grid(rubric, snapshot, lowest, highest)
    scale = {s["id"]: frac(s["credit"]) for s in scoring.get("scale", [])}
    best = max(scale.values()) if scale else Fraction(1)
    partial = frac(scoring.get("partial_credit", 0.5))
    answers = _answers(snapshot)

    def status(item_id: str) -> str:
        return answers.get(item_id, UNASSESSED)

    def credit(item_id: str) -> Fraction:
        given = status(item_id)
        if scale:
            return scale[given]
        return {"done": Fraction(1), "partial": partial}.get(given, Fraction(0))

    def weight(item: dict[str, Any]) -> Fraction:
        return frac(item.get("weight", 1))

    if method == "points":
        return _points(rubric, status, credit, weight, best, lowest)

    own_threshold = {lv["level"]: frac(lv["threshold"]) for lv in rubric["levels"] if "threshold" in lv}
    threshold = frac(scoring.get("threshold", 0.8))
    cumulative = scoring.get("cumulative", True)

    def level_of(items: list[dict[str, Any]], optimistic: bool) -> int:
        reached = lowest
        for lv in levels[1:]:
            here = [i for i in items if i["level"] == lv]
            if not here:
                continue  # outside the set's scope: neither raises nor blocks
            applicable = [i for i in here if status(i["id"]) != "na"]
            full = sum((weight(i) * best for i in applicable), Fraction(0))
            got = Fraction(0)
            for i in applicable:
                if status(i["id"]) == UNASSESSED:
                    got += weight(i) * best if optimistic else 0
                else:
                    got += weight(i) * credit(i["id"])
            if got >= own_threshold.get(lv, threshold) * full:
                reached = lv
            elif cumulative:
                break
        return reached

    dims = {
        d["id"]: {"level": level_of(d["items"], False), "upper": level_of(d["items"], True)}
        for d in rubric["dimensions"]
    }
    every = [i for d in rubric["dimensions"] for i in d["items"]]
    if scoring.get("overall", "pooled") == "lowest":
        overall = {"level": min(d["level"] for d in dims.values()),
                   "upper": min(d["upper"] for d in dims.values())}
    else:
        overall = {"level": level_of(every, False), "upper": level_of(every, True)}
    return {"overall": overall, "dimensions": dims}


def band(rubric: dict[str, Any], value: Fraction, lowest: int) -> int:
    held = [b["level"] for b in rubric["scoring"]["bands"]
            if ("min" in b and value >= frac(b["min"])) or ("above" in b and value > frac(b["above"]))]
    return max(held, default=lowest)


def _points(rubric: dict[str, Any], status: Any, credit: Any, weight: Any, best: Fraction,
            lowest: int) -> dict[str, Any]:
    dims: dict[str, Any] = {}
    lows: list[Fraction] = []
    highs: list[Fraction] = []
    for d in rubric["dimensions"]:
        low = high = Fraction(0)
        applicable = 0
        for item in d["items"]:
            given = status(item["id"])
            if given == "na":
                continue
            applicable += 1
            if given == UNASSESSED:
                high += best * weight(item)
            else:
                low += credit(item["id"]) * weight(item)
                high += credit(item["id"]) * weight(item)
        dims[d["id"]] = {"level": band(rubric, low, lowest), "upper": band(rubric, high, lowest),
                         "score": {"low": rounded(low), "high": rounded(high)}}
        if applicable:
            lows.append(low)
            highs.append(high)
    how = rubric["scoring"].get("aggregate", "sum")

    def combine(values: list[Fraction]) -> Fraction:
        if not values:
            return Fraction(0)
        if how == "min":
            return min(values)
        total = sum(values, Fraction(0))
        return total / len(values) if how == "mean" else total

    low, high = combine(lows), combine(highs)
    overall = {"level": band(rubric, low, lowest), "upper": band(rubric, high, lowest),
               "score": {"low": rounded(low), "high": rounded(high)}}
    return {"overall": overall, "dimensions": dims}


def _grid(rubric: dict[str, Any], snapshot: dict[str, Any], lowest: int, highest: int) -> dict[str, Any]:
    chosen = snapshot.get("grid") or {}
    dims = {
        d["id"]: ({"level": chosen[d["id"]], "upper": chosen[d["id"]]} if d["id"] in chosen
                  else {"level": lowest, "upper": highest})
        for d in rubric["dimensions"]
    }
    if rubric["scoring"].get("overall", "lowest") == "pooled":
        count = len(dims)
        overall = {"level": sum(d["level"] for d in dims.values()) // count,
                   "upper": sum(d["upper"] for d in dims.values()) // count}
    else:
        overall = {"level": min(d["level"] for d in dims.values()),
                   "upper": min(d["upper"] for d in dims.values())}
    return {"overall": overall, "dimensions": dims}
