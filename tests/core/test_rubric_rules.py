"""The rules of a rubric file beyond its schema, run on parsed data (no file)."""

from __future__ import annotations

from typing import Any

from maturity.core.rubric_rules import build_rubric, extend, lint_rubric, resolve_extensions
from tests.core.reports import Collected


def data(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "team", "version": 1, "title": "Team", "source": "ours",
        "levels": [{"level": 0, "name": "None", "summary": "s"}, {"level": 1, "name": "One", "summary": "s"},
                   {"level": 2, "name": "Two", "summary": "s"}],
        "dimensions": [{"id": "data", "name": "Data", "items": [
            {"id": "data.a", "level": 1, "text": "A"}, {"id": "data.b", "level": 2, "text": "B"}]}],
    }
    base.update(changes)
    return base


def test_a_good_rubric_has_no_problem_and_builds() -> None:
    report = Collected(name="team.yaml")
    lint_rubric(report, data())
    assert report.found == []
    rubric = build_rubric(data(), "rubrics/team.yaml")
    assert rubric.ref == "team@1" and [i.id for i in rubric.items] == ["data.a", "data.b"]


def test_lint_finds_what_the_schema_cannot() -> None:
    report = Collected(name="other.yaml")
    bad = data(levels=[{"level": 0, "name": "N", "summary": "s"}, {"level": 2, "name": "T", "summary": "s"}],
               dimensions=[{"id": "data", "name": "Data", "items": [
                   {"id": "model.a", "level": 0, "text": "A"}, {"id": "model.a", "level": 5, "text": "B"}]}])
    lint_rubric(report, bad)
    assert report.messages() == [
        "levels must be contiguous, found [0, 2]",
        "item 'model.a' must start with its dimension id 'data'",
        "level 0 is the baseline and is not scored: list it under 'baseline'",
        "item id 'model.a' is not unique in the rubric",
        "item 'model.a' must start with its dimension id 'data'",
        "item level 5 is not a rubric level",
        "rubric id 'team' does not match the file name 'other.yaml'",
    ]


def test_a_pinned_file_name_must_carry_the_version() -> None:
    report = Collected(name="team@2.yaml")
    lint_rubric(report, data())
    assert report.messages() == ["version 1 does not match the file name 'team@2.yaml' (write team@1.yaml)"]


def test_an_extension_adds_and_removes_items_of_its_base() -> None:
    base = build_rubric(data(), "rubrics/team.yaml")
    report = Collected(name="team-x.yaml", shown="rubrics/team-x.yaml")
    ext = extend(report, {"id": "team-x", "version": 1, "extends": "team@1", "remove": ["data.b"],
                          "add": [{"dimension": "data", "id": "data.c", "level": 2, "text": "C"}]}, base)
    assert report.found == [] and ext is not None
    assert [i.id for i in ext.items] == ["data.a", "data.c"] and ext.extends == "team@1"


def test_a_missing_base_and_a_cycle_are_reported_at_extends() -> None:
    a, b, c = Collected(name="a.yaml"), Collected(name="b.yaml"), Collected(name="c.yaml")
    rubrics: dict[str, Any] = {}
    resolve_extensions(rubrics, {
        "a@1": (a, {"id": "a", "version": 1, "extends": "b@1"}),
        "b@1": (b, {"id": "b", "version": 1, "extends": "a@1"}),
        "c@1": (c, {"id": "c", "version": 1, "extends": "tem@1"}),
    }, {"a@1": "a.yaml", "b@1": "b.yaml", "c@1": "c.yaml", "team@1": "team.yaml"})
    assert rubrics == {}
    assert b.messages() == ["extends forms a cycle: a@1 → b@1 → a@1"]
    assert c.messages() == ["extends 'tem@1', which is no rubric (known: a@1, b@1, c@1, team@1) "
                            "(did you mean 'team@1'?)"]
