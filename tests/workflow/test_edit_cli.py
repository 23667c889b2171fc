"""`maturity new`, `set` and `reassess` through the console script, as an assessor runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.config import resolve_as_of
from maturity.core.scoring import score_snapshot
from maturity.store.load import load_system
from maturity.views.data import snapshot_score_dict

from .editing import DATE, ODD, SYSTEM, leftovers, line_changes, make_root, snapshot_path

MATURITY = Path(sys.executable).with_name("maturity")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True, text=True,
        check=False, timeout=120,
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path)


@pytest.mark.parametrize("command", ["new", "set", "reassess"])
def test_help_shows_examples_of_the_command(root: Path, command: str) -> None:
    result = run(root, command, "--help")
    assert result.returncode == 0
    examples = result.stdout.split("Examples:", 1)[1]
    assert f"maturity {command} " in examples


def test_new_validate_set_score(root: Path) -> None:
    """The assessor's path: a blank system validates, answers change its score."""
    created = run(root, "new", "fraud-detection", "--rubric", "google-mlops", "--owner", "Risk ML",
                  "--date", "2026-03-01", "--assessor", "Al")
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines() == [
        "created assessments/fraud-detection/system.yaml",
        "created assessments/fraud-detection/2026-03-01.yaml",
    ]
    assert run(root, "validate").returncode == 0
    portfolio, system = load_system(root, "fraud-detection")
    rubric = portfolio.rubric_for(system.current)
    first_level = rubric.min_level + 1
    items = rubric.dimension("deployment").items_at(first_level)
    for item in items:
        result = run(root, "set", "fraud-detection", item.id, "done")
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"fraud-detection 2026-03-01: {item.id} unassessed → done\n"
    scored = run(root, "score", "fraud-detection", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    portfolio, system = load_system(root, "fraud-detection")
    expected = snapshot_score_dict(system, score_snapshot(rubric, system.current, resolve_as_of()))
    assert json.loads(scored.stdout) == json.loads(json.dumps(expected))
    assert json.loads(scored.stdout)["dimensions"]["deployment"]["level"] >= first_level


def test_set_prints_the_change_and_edits_one_line(root: Path) -> None:
    path = snapshot_path(root)
    before = path.read_text(encoding="utf-8")
    result = run(root, "set", SYSTEM, "data.versioning", "partial", "--note", "raw data only",
                 "--evidence", "https://dvc.example.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"{SYSTEM} {DATE}: data.versioning todo → partial (+1 evidence link, note set)\n"
    )
    changes = line_changes(before, path.read_text(encoding="utf-8"))
    assert changes == [(
        ['    data.versioning:   "todo"        # quoted shorthand\n'],
        ['    data.versioning:   {status: partial, evidence: ["https://dvc.example.com"], '
         'note: raw data only}  # quoted shorthand\n'],
    )]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["data.catalg", "done"], 1, "unknown item 'data.catalg' in rubric google-mlops@1 "
                                     "(did you mean 'data.catalog'?)"),
        (["data.catalog", "finished"], 2, "status 'finished' is not one of done, partial, todo, na"),
        (["data.catalog", "na"], 1, "an 'na' answer needs a note"),
        (["data.catalog", "done", "--evidence", "javascript:alert(1)"], 1, "must be an http(s) link"),
        (["data.catalog", "done", "--date", "2026-13-01"], 2, "--date '2026-13-01' is not a date"),
    ],
)
def test_set_refusals_leave_the_file_byte_identical(
    root: Path, args: list[str], code: int, message: str
) -> None:
    original = snapshot_path(root).read_bytes()
    result = run(root, "set", SYSTEM, *args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot_path(root).read_bytes() == original
    assert leftovers(snapshot_path(root).parent) == []


def test_refused_write_names_file_line_and_column(root: Path) -> None:
    result = run(root, "set", SYSTEM, "data.catalog", "na")
    line = ODD.splitlines().index("    data.catalog: 'partial'") + 1
    assert f"assessments/{SYSTEM}/{DATE}.yaml:{line}:" in result.stderr
    assert result.stderr.startswith("maturity: error: not written:")


def test_reassess_creates_the_next_snapshot(root: Path) -> None:
    result = run(root, "reassess", SYSTEM, "--date", "2026-04-11")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"created assessments/{SYSTEM}/2026-04-11.yaml\n"
    new = snapshot_path(root, "2026-04-11").read_text(encoding="utf-8")
    assert line_changes(ODD, new) == [
        ([f'date: "{DATE}"   # quoted date\n'], ['date: "2026-04-11"   # quoted date\n'])
    ]
    again = run(root, "reassess", SYSTEM, "--date", "2026-04-11")
    assert again.returncode == 2
    assert "must be after the newest one (2026-04-11)" in again.stderr


def test_new_refuses_bad_input_without_writing(root: Path) -> None:
    before = sorted(p.name for p in (root / "assessments").iterdir())
    cases = [
        (["new", "Bad_Slug", "--rubric", "google-mlops"], 2, "not a plain slug"),
        (["new", "fraud", "--rubric", "nope"], 1,
         "unknown rubric 'nope' (known: acme-mlops@1, acme-mlops@2, azure-mlops@1, google-mlops@1, "
         "ml-test-readiness@1, mlops-grid@1;"),
        (["new", SYSTEM, "--rubric", "google-mlops"], 1, "already exists"),
        (["new", "fraud", "--rubric", "azure-mlops", "--target-level", "7"], 1,
         "target level 7 is outside the levels of azure-mlops@1"),
    ]
    for args, code, message in cases:
        result = run(root, *args)
        assert result.returncode == code, args
        assert message in result.stderr, result.stderr
    assert sorted(p.name for p in (root / "assessments").iterdir()) == before
