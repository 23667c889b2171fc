"""The `maturity` console script, run as a user runs it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.cli import cli
from maturity.core.portfolio import portfolio_status
from maturity.store.load import load_portfolio

MATURITY = Path(sys.executable).with_name("maturity")
SYSTEM = "techcorp-support-chatbot"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MATURITY), *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_export_json_has_every_system_with_the_librarys_levels(repo: Path) -> None:
    result = run("export", "--format", "json", "--as-of", "2026-11-22", cwd=repo)
    assert result.returncode == 0, result.stderr
    exported = {s["system"]: s for s in json.loads(result.stdout)["systems"]}
    statuses = portfolio_status(load_portfolio(repo), dt.date(2026, 11, 22))
    assert set(exported) == {st.system.id for st in statuses}
    for st in statuses:
        data = exported[st.system.id]
        assert (data["overall"]["level"], data["overall"]["upper"]) == (
            st.score.overall.level, st.score.overall.upper,
        )
        assert len(data["history"]) == len(st.system.snapshots)
        assert data["date"] == st.system.current.date.isoformat()


def test_export_csv_has_a_row_per_system_and_dimension(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.csv"
    result = run("export", "--format", "csv", "-o", str(out), "--as-of", "2026-11-22", cwd=repo)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    portfolio = load_portfolio(repo)
    expected = sum(len(portfolio.rubric_for(s.current).dimensions) + 1 for s in portfolio.systems)
    assert len(rows) == expected
    techcorp = {r["dimension"]: r for r in rows if r["system"] == SYSTEM}
    assert (techcorp["overall"]["level"], techcorp["overall"]["upper"]) == ("1", "2")
    assert techcorp["overall"]["stale"] == "true"  # assessed 2026-02-15, more than a quarter ago


def test_roadmap_writes_a_file(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "ROADMAP.md"
    result = run("roadmap", SYSTEM, "-o", str(out), cwd=repo)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# MLOps Improvement Roadmap - Customer Support Chatbot (RAG-based)\n")
    for heading in ("## Gaps Identified", "## Improvement Plan", "### Phase 1: Quick Wins",
                    "### Phase 2: Foundation", "### Phase 3: Advanced", "## Success Metrics"):
        assert heading in text


def test_root_option_and_environment_variable(repo: Path, tmp_path: Path) -> None:
    """--root on the command, or MATURITY_ROOT, point at a portfolio elsewhere."""
    by_option = run("score", SYSTEM, "--format", "json", "--root", str(repo), cwd=tmp_path)
    by_env = run("score", SYSTEM, "--format", "json", cwd=tmp_path, env={"MATURITY_ROOT": str(repo)})
    assert by_option.returncode == by_env.returncode == 0
    assert by_option.stdout == by_env.stdout
    nowhere = run("score", SYSTEM, cwd=tmp_path)
    assert nowhere.returncode == 1
    assert "no assessments/ or rubrics/ folder here (use --root DIR" in nowhere.stderr


def test_date_picks_a_snapshot_and_a_missing_one_is_named(repo: Path) -> None:
    ok = run("score", SYSTEM, "--date", "2026-02-15", "--format", "json", cwd=repo)
    assert json.loads(ok.stdout)["date"] == "2026-02-15"
    missing = run("score", SYSTEM, "--date", "2025-01-01", cwd=repo)
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        f"maturity: error: {SYSTEM} has no snapshot of 2025-01-01 (it has: 2026-02-15)"
    )
    bad = run("score", SYSTEM, "--date", "soon", cwd=repo)
    assert bad.returncode == 2 and "is not a date" in bad.stderr


@pytest.mark.parametrize("target", ["4", "-1"])
def test_target_outside_the_rubric_is_a_usage_error(repo: Path, target: str) -> None:
    result = run("gaps", SYSTEM, "--target", target, cwd=repo)
    assert result.returncode == 2
    assert f"target level {target} is outside google-mlops@1's levels 0–3" in result.stderr


def test_gaps_to_the_current_level_are_empty_and_say_so(repo: Path) -> None:
    data = json.loads(run("gaps", SYSTEM, "--target", "1", "--format", "json", cwd=repo).stdout)
    # level 1 is met overall but two dimensions are below it: their items are the gap
    below = {d for d, v in data["dimensions"].items() if v["level"] < 1}
    assert below == {"deployment", "monitoring"}
    assert all(v["needed"] == 0 for d, v in data["dimensions"].items() if d not in below)


def test_every_command_has_examples_and_is_in_the_readme(repo: Path) -> None:
    """Each command's help shows examples, and the README names every command."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        help_text = run(name, "--help", cwd=repo).stdout
        assert "Examples:" in help_text, name
        assert f"maturity {name}" in readme, name
        assert command.help


def test_root_before_or_after_the_command_and_from_the_environment(
    repo: Path, tmp_path: Path
) -> None:
    """--root works on the group and on the command (the command's wins), and
    MATURITY_ROOT stands in for both; without any, the current folder is the root."""
    empty = tmp_path / "empty"
    (empty / "rubrics").mkdir(parents=True)
    (empty / "assessments").mkdir()
    expected = run("score", SYSTEM, "--format", "json", cwd=repo)
    assert expected.returncode == 0, expected.stderr
    for args, env in [
        (("--root", str(repo), "score", SYSTEM), None),
        (("score", SYSTEM, "--root", str(repo)), None),
        (("--root", str(empty), "score", SYSTEM, "--root", str(repo)), None),
        (("score", SYSTEM), {"MATURITY_ROOT": str(repo)}),
    ]:
        result = run(*args, "--format", "json", cwd=tmp_path, env=env)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout == expected.stdout
    missing = run("--root", str(empty), "score", SYSTEM, cwd=repo)
    assert missing.returncode == 1 and SYSTEM in missing.stderr
