"""The rules of a rubric's scoring method and answer scale, on parsed data (no I/O).

Each ``*_problems`` function takes data its JSON Schema has already accepted and yields
``(path, message)`` pairs; the store turns the paths into ``file:line:col``. The
``*_from`` functions build the model's parts from the same data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import Any, cast

from maturity.core.lookup import suggest
from maturity.core.model import (
    Aggregate,
    Band,
    GridNote,
    Method,
    OverallRule,
    Rubric,
    ScaleStep,
    Scoring,
    Snapshot,
)

PathPart = str | int
Found = Iterator[tuple[list[PathPart], str]]


def grid_not_by_item(ref: str) -> str:
    """Why a grid rubric cannot be answered item by item (``set``, ``assess``, ``plan``)."""
    return (f"{ref} is a grid: each dimension is answered with one level (grid: in the "
            "snapshot), not item by item; edit the snapshot, or use `maturity set` for item rubrics")


def exact(value: float | int) -> Fraction:
    """A YAML number as the exact decimal it was written as (0.8 is 4/5, not a binary float)."""
    return Fraction(str(value))


def _band(raw: Mapping[str, Any]) -> Band:
    return Band(
        level=raw["level"],
        min=exact(raw["min"]) if "min" in raw else None,
        above=exact(raw["above"]) if "above" in raw else None,
        name=(raw.get("name") or "").strip() or None,
    )


def scoring_from(raw: Mapping[str, Any], base: Scoring) -> Scoring:
    """The method keys given in ``raw`` replace ``base``'s (an extension keeps the others)."""
    changes: dict[str, Any] = {}
    if "method" in raw:
        changes["method"] = cast(Method, raw["method"])
    if "scale" in raw:
        changes["scale"] = tuple(
            ScaleStep(s["id"], s["label"], exact(s["credit"]), s["counts_as"]) for s in raw["scale"]
        )
    if "allow_na" in raw:
        changes["allow_na"] = bool(raw["allow_na"])
    if "overall" in raw:
        changes["overall"] = cast(OverallRule, raw["overall"])
    if "aggregate" in raw:
        changes["aggregate"] = cast(Aggregate, raw["aggregate"])
    if "bands" in raw:
        changes["bands"] = tuple(_band(b) for b in raw["bands"])
    return replace(base, **changes) if changes else base


def scoring_problems(scoring: Mapping[str, Any], levels: list[int], method: str) -> Found:
    """The scale and the method's own keys: ids unique, bands on the rubric's levels."""
    where: list[PathPart] = ["scoring"]
    seen: set[str] = set()
    scale = scoring.get("scale") or []
    for index, step in enumerate(scale):
        if step["id"] == "na":
            yield [*where, "scale", index, "id"], ("'na' is not a scale answer: it stays available "
                                                   "unless scoring.allow_na is false")
        elif step["id"] in seen:
            yield [*where, "scale", index, "id"], f"scale answer {step['id']!r} is defined twice"
        seen.add(step["id"])
    if scale and not any(exact(s["credit"]) > 0 for s in scale):
        yield [*where, "scale"], "the scale needs an answer with credit above 0"
    if method != "points":
        for key in ("aggregate", "bands"):
            if key in scoring:
                yield [*where, key], f"{key} belongs to the points method (scoring.method: points)"
    if method == "points" and not scoring.get("bands"):
        yield where, "the points method needs bands: [{level, min} or {level, above}, …]"
    if method == "points" and scoring.get("overall"):
        yield [*where, "overall"], "the points method combines dimensions by aggregate, not overall"
    seen_levels: set[int] = set()
    for index, band in enumerate(scoring.get("bands") or []):
        if band["level"] not in levels:
            yield [*where, "bands", index, "level"], (f"band level {band['level']} is not a rubric "
                                                      f"level ({', '.join(map(str, levels))})")
        elif band["level"] in seen_levels:
            yield [*where, "bands", index, "level"], f"band level {band['level']} is given twice"
        seen_levels.add(band["level"])
    yield from _band_order(scoring.get("bands") or [], where)


def _band_start(band: Mapping[str, Any]) -> tuple[Fraction, int]:
    """Where a band starts, ordered: ``min: x`` (score >= x) before ``above: x`` (score > x)."""
    return (exact(band["min"]), 0) if "min" in band else (exact(band["above"]), 1)


def _band_words(band: Mapping[str, Any]) -> str:
    return f"min {band['min']}" if "min" in band else f"above {band['above']}"


def _band_order(bands: list[Mapping[str, Any]], where: list[PathPart]) -> Found:
    """A higher level needs a higher score: a band starting no higher than a lower level's
    holds wherever that one does, so the lower level could never be the result."""
    ranked = sorted(enumerate(bands), key=lambda pair: pair[1]["level"])
    for (_, low), (index, high) in pairwise(ranked):
        if high["level"] > low["level"] and _band_start(high) <= _band_start(low):
            yield [*where, "bands", index], (
                f"band level {high['level']} ({_band_words(high)}) starts no higher than level "
                f"{low['level']}'s band ({_band_words(low)}): level {low['level']} could never be the "
                "result; a higher level needs a higher score")


def rubric_problems(data: Mapping[str, Any], method: str) -> Found:
    """What a method asks of dimensions and items (schema-valid ``data``, not an extension)."""
    levels = sorted(lv["level"] for lv in data["levels"])
    yield from scoring_problems(data.get("scoring") or {}, levels, method)
    yield from level_threshold_problems(data, method)
    for d_index, dim in enumerate(data["dimensions"]):
        yield from dimension_problems(dim, ["dimensions", d_index], levels, method)


def level_threshold_problems(data: Mapping[str, Any], method: str) -> Found:
    if method == "levels":
        return
    for index, lv in enumerate(data.get("levels") or []):
        if "threshold" in lv:
            yield (["levels", index, "threshold"],
                   f"a level's threshold belongs to the levels method, not {method}")


def dimension_problems(
    dim: Mapping[str, Any], where: list[PathPart], levels: list[int], method: str
) -> Found:
    """One dimension under its rubric's method."""
    if method == "grid":
        if dim.get("items"):
            yield [*where, "items"], "a grid dimension has cells, not items"
        cells = dim.get("cells")
        if not cells:
            yield where, (f"dimension {dim['id']!r} needs cells: one description per level "
                          f"({', '.join(map(str, levels))})")
            return
        for key in cells:
            if not isinstance(key, int) or isinstance(key, bool) or key not in levels:
                yield ([*where, "cells", key],
                       f"cell {key!r} is not a rubric level ({', '.join(map(str, levels))})")
        missing = [lv for lv in levels if lv not in cells]
        if missing:
            yield [*where, "cells"], f"no cell for level {', '.join(map(str, missing))}: describe every level"
        return
    if "cells" in dim:
        yield [*where, "cells"], "cells belong to the grid method (scoring.method: grid)"
    if not dim.get("items"):
        yield where, f"dimension {dim['id']!r} needs items"
        return
    if method == "levels":
        for i_index, item in enumerate(dim["items"]):
            if "level" not in item:
                yield [*where, "items", i_index], "missing required key 'level'"


def status_problem(rubric: Rubric, item_id: str, status: str, shorthand: bool = False) -> str | None:
    """Why a snapshot may not answer ``item_id`` with ``status``, or None (``shorthand``:
    written as ``item: status``, which cannot be ``na``)."""
    allowed = rubric.scoring.statuses
    if shorthand and status == "na":
        return None  # the schema says it: the shorthand cannot carry the note an na needs
    if shorthand:
        allowed = tuple(s for s in allowed if s != "na")
    if status not in allowed:
        if status == "na":
            return ("na is not an answer in this rubric (scoring.allow_na is false): "
                    f"answer one of {', '.join(allowed)}")
        return f"status {status!r} is not one of: {', '.join(allowed)}{suggest(status, allowed)}"
    if status == "na" and item_id in rubric.item_ids and not rubric.item(item_id).na:
        return f"{item_id} cannot be na (the rubric says na: false): answer one of {', '.join(allowed[:-1])}"
    return None


def grid_problems(rubric: Rubric, data: Mapping[str, Any]) -> Found:
    """``grid:`` and ``grid_notes:`` of a snapshot against its rubric."""
    grid = data.get("grid")
    notes = data.get("grid_notes")
    if rubric.method != "grid":
        for key in ("grid", "grid_notes"):
            if key in data:
                yield [key], f"{key} answers a grid rubric; {rubric.ref} uses the {rubric.method} method"
        return
    dims = [d.id for d in rubric.dimensions]
    for key in ("grid", "grid_notes"):
        value = data.get(key)
        for dim_id in value if isinstance(value, dict) else {}:
            if dim_id not in dims:
                yield [key, dim_id], (f"unknown dimension {dim_id!r} in rubric {rubric.ref}"
                                      f"{suggest(str(dim_id), dims)}")
    for dim_id, level in (grid if isinstance(grid, dict) else {}).items():
        if isinstance(level, int) and not rubric.min_level <= level <= rubric.max_level:
            yield [("grid"), dim_id], (f"level {level} is outside the rubric's levels "
                                       f"{rubric.min_level}–{rubric.max_level}")
    if isinstance(notes, dict) and isinstance(grid, dict | None):
        for dim_id in notes:
            if dim_id in dims and dim_id not in (grid or {}):
                yield ["grid_notes", dim_id], f"a note for {dim_id!r}, which grid does not answer"


def grid_from(data: Mapping[str, Any]) -> tuple[Mapping[str, int], Mapping[str, GridNote]]:
    notes = {
        dim_id: GridNote(tuple(raw.get("evidence") or ()), (raw.get("note") or "").strip() or None)
        for dim_id, raw in (data.get("grid_notes") or {}).items()
    }
    return MappingProxyType(dict(data.get("grid") or {})), MappingProxyType(notes)


def classify(rubric: Rubric, snapshot: Snapshot) -> Snapshot:
    """The snapshot with each scale answer's ``kind`` (its ``counts_as``) filled in."""
    if not rubric.scoring.scale:
        return snapshot
    changed = {}
    for item_id, answer in snapshot.answers.items():
        kind = rubric.scoring.kind(answer.status)
        if kind != answer.status and answer.kind != kind:
            changed[item_id] = replace(answer, kind=kind)
    if not changed:
        return snapshot
    return replace(snapshot, answers=MappingProxyType({**snapshot.answers, **changed}))
