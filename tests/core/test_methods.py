"""The scoring methods against an independent scorer (tests/core/scorer_oracle.py).

Random rubrics of every method and random snapshots are written as real files into a
repository; ``maturity score --format json`` must say what the oracle says: levels
and upper levels per dimension and overall, and for the points method the score range.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.cli import cli
from tests.core.scorer_oracle import score, to_yaml

SYSTEM = "sys"
DATE = "2026-01-10"
SCALES = [
    [{"id": "automated", "label": "Automated", "credit": 1, "counts_as": "done"},
     {"id": "manual", "label": "By hand", "credit": 0.5, "counts_as": "partial"},
     {"id": "no", "label": "Not done", "credit": 0, "counts_as": "todo"}],
    [{"id": "s0", "label": "Never", "credit": 0, "counts_as": "todo"},
     {"id": "s1", "label": "Sometimes", "credit": 1, "counts_as": "partial"},
     {"id": "s2", "label": "Often", "credit": 2, "counts_as": "partial"},
     {"id": "s3", "label": "Always", "credit": 3, "counts_as": "done"}],
]
WEIGHTS = [1, 1, 2, 0.5, 1.5, 3]
NUMBERS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7]


def write_repo(root: Path, rubrics: list[dict[str, Any]], snapshot: dict[str, Any]) -> None:
    (root / "rubrics").mkdir(parents=True, exist_ok=True)
    for rubric in rubrics:
        (root / "rubrics" / f"{rubric['id']}.yaml").write_text(to_yaml(rubric) + "\n", encoding="utf-8")
    folder = root / "assessments" / SYSTEM
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "system.yaml").write_text("name: System\nowner: Team\n", encoding="utf-8")
    (folder / f"{DATE}.yaml").write_text(to_yaml(snapshot) + "\n", encoding="utf-8")


def scored_json(root: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["score", SYSTEM, "--root", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def shown(out: dict[str, Any]) -> dict[str, Any]:
    """The parts of the JSON the oracle computes."""
    def part(s: dict[str, Any]) -> dict[str, Any]:
        return {k: s[k] for k in ("level", "upper", "score") if k in s}
    return {"overall": part(out["overall"]),
            "dimensions": {d: part(s) for d, s in out["dimensions"].items()}}


def _levels(top: int, thresholds: list[Any] | None = None) -> list[dict[str, Any]]:
    out = []
    for lv in range(top + 1):
        entry: dict[str, Any] = {"level": lv, "name": f"Level {lv}", "summary": f"Level {lv}."}
        if thresholds and lv > 0 and thresholds[lv - 1] is not None:
            entry["threshold"] = thresholds[lv - 1]
        out.append(entry)
    return out


@st.composite
def answers_for(draw: st.DrawFn, item_ids: list[str], statuses: list[str], na: bool) -> dict[str, Any]:
    choices = [*statuses, *(["na"] if na else []), None]
    out: dict[str, Any] = {}
    for item_id in item_ids:
        status = draw(st.sampled_from(choices))
        if status == "na":
            out[item_id] = {"status": "na", "note": "does not apply here"}
        elif status is not None:
            out[item_id] = status
    return out


@st.composite
def item_dims(draw: st.DrawFn, prefix: str, top: int, weights: bool, with_level: bool,
              count: int | None = None) -> list[dict[str, Any]]:
    dims = []
    for d in range(count or draw(st.integers(1, 3))):
        items = []
        for n in range(draw(st.integers(1, 4))):
            item: dict[str, Any] = {"id": f"{prefix}{d}.i{n}", "text": f"Item {n}"}
            if with_level:
                item["level"] = draw(st.integers(1, top))
            if weights:
                item["weight"] = draw(st.sampled_from(WEIGHTS))
            items.append(item)
        dims.append({"id": f"{prefix}{d}", "name": f"Dimension {d}", "items": items})
    return dims


def _statuses(scale: list[dict[str, Any]] | None) -> list[str]:
    return [s["id"] for s in scale] if scale else ["done", "partial", "todo"]


@st.composite
def levels_case(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    top = draw(st.integers(1, 4))
    weights = draw(st.booleans())
    scale = draw(st.sampled_from([None, *SCALES]))
    scoring: dict[str, Any] = {"overall": draw(st.sampled_from(["pooled", "lowest"])),
                               "cumulative": draw(st.booleans()),
                               "threshold": draw(st.sampled_from([0.8, 0.5, 0.75, 1]))}
    if scale:
        scoring["scale"] = scale
    thresholds = draw(st.lists(st.sampled_from([None, 1, 0.5, 0.6]), min_size=top, max_size=top))
    dims = draw(item_dims("d", top, weights, True))
    rubric = {"id": "lv", "version": 1, "title": "Levels", "source": "Test.", "scoring": scoring,
              "levels": _levels(top, thresholds), "dimensions": dims}
    ids = [i["id"] for d in dims for i in d["items"]]
    snapshot = {"rubric": "lv@1", "date": DATE, "answers": draw(answers_for(ids, _statuses(scale), True))}
    return [rubric], rubric, snapshot


@st.composite
def bands(draw: st.DrawFn, top: int) -> list[dict[str, Any]]:
    """Bands whose starts rise with their levels (out of order is refused by validate)."""
    out = []
    levels = sorted(draw(st.sets(st.integers(0, top), min_size=1)))
    starts = [(n, k) for n in NUMBERS for k in ("min", "above")]  # ordered: min x before above x
    size = len(levels)
    chosen = sorted(draw(st.sets(st.integers(0, len(starts) - 1), min_size=size, max_size=size)))
    for lv, at in zip(levels, chosen, strict=True):
        number, key = starts[at]
        band: dict[str, Any] = {"level": lv, key: number}
        if draw(st.booleans()):
            band["name"] = f"band {lv}"
        out.append(band)
    return out


@st.composite
def points_case(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    top = draw(st.integers(1, 5))
    scale = draw(st.sampled_from([None, *SCALES]))
    scoring: dict[str, Any] = {"method": "points", "aggregate": draw(st.sampled_from(["min", "sum", "mean"])),
                               "bands": draw(bands(top))}
    if scale:
        scoring["scale"] = scale
    dims = draw(item_dims("p", top, draw(st.booleans()), draw(st.booleans())))
    rubric = {"id": "pts", "version": 1, "title": "Points", "source": "Test.", "scoring": scoring,
              "levels": _levels(top), "dimensions": dims}
    ids = [i["id"] for d in dims for i in d["items"]]
    snapshot = {"rubric": "pts@1", "date": DATE, "answers": draw(answers_for(ids, _statuses(scale), True))}
    return [rubric], rubric, snapshot


@st.composite
def grid_case(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    top = draw(st.integers(1, 4))
    dims = [{"id": f"c{n}", "name": f"Column {n}", "cells": {lv: f"Cell {n}.{lv}" for lv in range(top + 1)}}
            for n in range(draw(st.integers(1, 5)))]
    scoring: dict[str, Any] = {"method": "grid"}
    rule = draw(st.sampled_from([None, "lowest", "pooled"]))
    if rule:
        scoring["overall"] = rule
    rubric = {"id": "grd", "version": 1, "title": "Grid", "source": "Test.", "scoring": scoring,
              "levels": _levels(top), "dimensions": dims}
    grid = {d["id"]: draw(st.integers(0, top)) for d in dims if draw(st.booleans())}
    snapshot: dict[str, Any] = {"rubric": "grd@1", "date": DATE, "grid": grid}
    return [rubric], rubric, snapshot


@st.composite
def extension_case(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    _, base, _ = draw(levels_case())
    top = len(base["levels"]) - 1
    base_ids = [i["id"] for d in base["dimensions"] for i in d["items"]]
    removed = draw(st.lists(st.sampled_from(base_ids), unique=True, max_size=len(base_ids) - 1))
    added = draw(item_dims("x", top, draw(st.booleans()), True, count=draw(st.integers(1, 2))))
    ext: dict[str, Any] = {"id": "ext", "version": 1, "extends": "lv@1", "remove": removed,
                           "add_dimensions": added,
                           "rename": {base["dimensions"][0]["id"]: "Renamed"}}
    if draw(st.booleans()):
        ext["scoring"] = {"overall": draw(st.sampled_from(["pooled", "lowest"]))}
    from tests.core.scorer_oracle import resolve

    merged = resolve(ext, base)
    ids = [i["id"] for d in merged["dimensions"] for i in d["items"]]
    statuses = _statuses(merged["scoring"].get("scale"))
    snapshot = {"rubric": "ext@1", "date": DATE, "answers": draw(answers_for(ids, statuses, True))}
    return [base, ext], merged, snapshot


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _agree(tmp_path: Path, case: tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]) -> None:
    files, rubric, snapshot = case
    root = tmp_path / "r"
    if root.exists():
        import shutil

        shutil.rmtree(root)
    write_repo(root, files, snapshot)
    assert shown(scored_json(root)) == score(rubric, snapshot)


@SETTINGS
@given(levels_case())
def test_levels_method_with_weights_scales_thresholds_and_overall_agrees(
    tmp_path: Path, case: Any
) -> None:
    _agree(tmp_path, case)


@SETTINGS
@given(points_case())
def test_points_method_agrees(tmp_path: Path, case: Any) -> None:
    _agree(tmp_path, case)


@SETTINGS
@given(grid_case())
def test_grid_method_agrees(tmp_path: Path, case: Any) -> None:
    _agree(tmp_path, case)


@SETTINGS
@given(extension_case())
def test_extensions_adding_dimensions_agree(tmp_path: Path, case: Any) -> None:
    _agree(tmp_path, case)


POINTS = """id: pts
version: 1
title: Points
source: Test.
scoring:
  method: points
  aggregate: min
  bands:
    - {level: 1, above: 0}
    - {level: 2, min: 2}
levels:
  - {level: 0, name: Zero, summary: Zero.}
  - {level: 1, name: One, summary: One.}
  - {level: 2, name: Two, summary: Two.}
dimensions:
  - id: a
    name: A
    items:
      - {id: a.one, text: One, weight: 2}
"""
GRID = """id: grd
version: 1
title: Grid
source: Test.
scoring: {method: grid}
levels:
  - {level: 0, name: Zero, summary: Zero.}
  - {level: 1, name: One, summary: One.}
dimensions:
  - id: a
    name: A
    cells: {0: Nothing, 1: Something}
"""

BAD_RUBRICS = [
    ("a band on no level", "pts", POINTS.replace("{level: 2, min: 2}", "{level: 7, min: 2}"),
     "10:15: band level 7 is not a rubric level (0, 1, 2)"),
    ("a band with min and above", "pts", POINTS.replace("{level: 2, min: 2}", "{level: 2, min: 2, above: 1}"),
     "10:7: "),
    ("points without bands", "pts", POINTS.replace("""  bands:
    - {level: 1, above: 0}
    - {level: 2, min: 2}
""", ""), "6:3: the points method needs bands"),
    ("an unknown aggregate", "pts", POINTS.replace("aggregate: min", "aggregate: median"),
     "7:14: value 'median' is not one of: min, sum, mean"),
    ("a weight of zero", "pts", POINTS.replace("weight: 2", "weight: 0"), "19:40: "),
    ("a level threshold above 1", "pts", POINTS.replace("summary: One.}", "summary: One., threshold: 1.5}"),
     "13:53: threshold: 1.5 is greater than the maximum of 1"),
    ("a level threshold with points", "pts", POINTS.replace("summary: One.}", "summary: One., threshold: 1}"),
     "13:53: a level's threshold belongs to the levels method, not points"),
    ("a scale answer twice", "pts", POINTS.replace("  aggregate: min\n", """  aggregate: min
  scale:
    - {id: yes, label: Yes, credit: 1, counts_as: done}
    - {id: yes, label: Also yes, credit: 1, counts_as: done}
"""), "10:12: scale answer 'yes' is defined twice"),
    ("a scale counting as na", "pts", POINTS.replace("  aggregate: min\n", """  aggregate: min
  scale:
    - {id: yes, label: Yes, credit: 1, counts_as: na}
"""), "9:51: counts_as 'na' is not one of: done, partial, todo"),
    ("a grid cell missing", "grd", GRID.replace("cells: {0: Nothing, 1: Something}", "cells: {0: Nothing}"),
     "12:12: no cell for level 1: describe every level"),
    ("a grid dimension with items", "grd", GRID.replace(
        "    cells: {0: Nothing, 1: Something}",
        "    cells: {0: Nothing, 1: Something}\n    items: [{id: a.x, text: X}]"),
     "13:12: a grid dimension has cells, not items"),
    ("a levels item without level", "lv", POINTS.replace("id: pts", "id: lv").replace("""  method: points
  aggregate: min
  bands:
    - {level: 1, above: 0}
    - {level: 2, min: 2}
""", "  overall: lowest\n"), "15:9: missing required key 'level'"),
]


def test_each_bad_method_key_gets_a_positioned_message(tmp_path: Path) -> None:
    for why, rubric_id, text, expected in BAD_RUBRICS:
        root = tmp_path / why.replace(" ", "-")
        (root / "rubrics").mkdir(parents=True)
        (root / "rubrics" / f"{rubric_id}.yaml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", "--root", str(root)])
        assert result.exit_code == 1, (why, result.output)
        assert "Traceback" not in result.output
        assert f"rubrics/{rubric_id}.yaml:{expected}" in result.output, (why, result.output)


EXTENSION_BASE = POINTS.replace("id: pts", "id: base")


@pytest.mark.parametrize(("why", "extension", "expected"), [
    ("a dimension added twice", "add_dimensions: [{id: a, name: A again, items: [{id: a.two, text: Two}]}]",
     "5:23: dimension 'a' is already in base@1 (add items to it with add)"),
    ("a rename of no dimension", "rename: {b: Bee}", "5:10: rename 'b': no such dimension in base@1"),
    ("an added item outside its dimension", "add_dimensions: [{id: c, name: C, items: [{id: d.x, text: X}]}]",
     "5:48: item 'd.x' must start with its dimension id 'c'"),
    ("a method change", "scoring: {method: levels}", "5:19: an extension keeps its base's method (points)"),
])
def test_extension_keys_are_checked(tmp_path: Path, why: str, extension: str, expected: str) -> None:
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "base.yaml").write_text(EXTENSION_BASE, encoding="utf-8")
    (tmp_path / "rubrics" / "ext.yaml").write_text(
        f"id: ext\nversion: 1\nextends: base@1\ntitle: Ext\n{extension}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"rubrics/ext.yaml:{expected}" in result.output, (why, result.output)


def test_a_removed_dimension_disappears(tmp_path: Path) -> None:
    write_repo(tmp_path, [], {"rubric": "ext@1", "date": DATE, "answers": {"b.one": "done"}})
    base = EXTENSION_BASE.replace("      - {id: a.one, text: One, weight: 2}\n",
                                  "      - {id: a.one, text: One, weight: 2}\n  - id: b\n    name: B\n"
                                  "    items: [{id: b.one, text: One}]\n")
    (tmp_path / "rubrics" / "base.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "rubrics" / "ext.yaml").write_text(
        "id: ext\nversion: 1\nextends: base@1\nremove: [a.one]\n", encoding="utf-8")
    out = scored_json(tmp_path)
    assert list(out["dimensions"]) == ["b"]
    assert out["overall"]["score"] == {"low": 1, "high": 1}


def test_answers_written_for_a_rubric_with_a_scale_use_its_ids() -> None:
    """A probe's done or a mapping's derived partial becomes the scale's best answer that
    counts as it; without a scale the status stays."""
    from fractions import Fraction

    from maturity.core.model import ScaleStep, Scoring

    scale = Scoring(scale=(ScaleStep("no", "No", Fraction(0), "todo"),
                           ScaleStep("manual", "By hand", Fraction(1, 2), "partial"),
                           ScaleStep("some", "Some", Fraction(1, 4), "partial"),
                           ScaleStep("automated", "Automated", Fraction(1), "done")))
    assert [scale.answer_for(k) for k in ("done", "partial", "todo", "na")] == [
        "automated", "manual", "no", "na"]
    assert Scoring().answer_for("partial") == "partial"
