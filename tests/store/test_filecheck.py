"""One file checked: read within the limits, parsed, schema-checked, problems positioned."""

from __future__ import annotations

from pathlib import Path

from maturity.core.settings import Limits
from maturity.store.filecheck import FileCheck


def test_problems_are_positioned_and_said_once(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: X\nowner: Y\ntarget_level: one\n", encoding="utf-8")
    check = FileCheck(path)
    assert check.parse("system") is not None and check.failed
    assert [(p.line, p.column) for p in check.problems] == [(3, 15)]
    check.add(["target_level"], check.problems[0].message)  # the same again: kept once
    assert len(check.problems) == 1 and check.name == "x.yaml"


def test_the_limits_given_are_the_limits_applied(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: X\nowner: Y\n", encoding="utf-8")
    assert FileCheck(path).parse_valid("system") == {"name": "X", "owner": "Y"}
    small = FileCheck(path, limits=Limits(max_bytes=5))
    assert small.parse("system") is None
    assert "larger than the limit of 5 bytes" in small.problems[0].message


def test_a_huge_number_is_refused_before_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(f"name: X\nowner: Y\ntarget_level: {'9' * 120}\n", encoding="utf-8")
    check = FileCheck(path)
    assert check.parse("system") is None
    assert [p.message for p in check.problems] == [
        "target_level: a number over 100 digits long: no level, version or priority is that big "
        "(quote it if it is text)"]
