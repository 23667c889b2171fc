"""Answers over time through the console script: --as-of, MATURITY_AS_OF, set --checked,
the ageing findings in JSON, overdue targets in the exports."""

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

MATURITY = Path(sys.executable).with_name("maturity")
SYSTEM = "aged-system"

RUBRIC_SCORING = "scoring:\n  evidence_valid_days: 90\n  expired_evidence: todo\n"
SYSTEM_YAML = "name: Aged\nowner: Team A\ntarget_level: 1\ntarget_date: 2026-06-30\ntags: [t]\n"
SNAPSHOT = """\
rubric: aged-mlops@1
date: 2026-03-01
answers:
  data.centralized-storage: {status: done, checked: 2026-05-01}
  data.versioning: done
  data.catalog: {status: na, note: no catalog yet, until: 2026-06-30}
"""


def run(root: Path, *args: str, as_of: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("MATURITY_AS_OF", None)
    if as_of is not None:
        env["MATURITY_AS_OF"] = as_of
    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True, text=True,
        check=False, timeout=120, env=env,
    )


@pytest.fixture
def root(repo: Path, tmp_path: Path) -> Path:
    """google-mlops as ``aged-mlops`` with evidence valid 90 days (counts as todo after)."""
    root = tmp_path / "portfolio"
    (root / "rubrics").mkdir(parents=True)
    text = (repo / "rubrics" / "google-mlops.yaml").read_text(encoding="utf-8")
    text = text.replace("id: google-mlops", "id: aged-mlops", 1)
    head, rest = text.split("\nscoring:", 1)
    rest = rest.split("\n", 1)[1]
    while rest.startswith("  "):  # drop the base's scoring block, put ours
        rest = rest.split("\n", 1)[1]
    (root / "rubrics" / "aged-mlops.yaml").write_text(f"{head}\n{RUBRIC_SCORING}{rest}", encoding="utf-8")
    folder = root / "assessments" / SYSTEM
    folder.mkdir(parents=True)
    (folder / "system.yaml").write_text(SYSTEM_YAML, encoding="utf-8")
    (folder / "2026-03-01.yaml").write_text(SNAPSHOT, encoding="utf-8")
    assert run(root, "validate").returncode == 0, run(root, "validate").stdout
    return root


def findings(root: Path, *args: str, as_of: str | None = None) -> dict[str, str]:
    result = run(root, "score", SYSTEM, "--format", "json", *args, as_of=as_of)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return {f["item"]: f["kind"] for f in data["findings"] if "item" in f}


def test_as_of_option_and_variable_choose_the_date(root: Path) -> None:
    """--as-of wins over MATURITY_AS_OF; each ageing finding names its item."""
    assert findings(root, "--as-of", "2026-05-30") == {}  # 90 days after 2026-03-01: still valid
    assert findings(root, "--as-of", "2026-05-31") == {"data.versioning": "evidence-expired"}
    assert findings(root, as_of="2026-07-01") == {
        "data.versioning": "evidence-expired", "data.catalog": "na-expired",
    }
    assert findings(root, "--as-of", "2026-06-30", as_of="2026-07-01") == {
        "data.versioning": "evidence-expired",
    }
    assert findings(root, as_of="2026-07-31") == {
        "data.versioning": "evidence-expired", "data.catalog": "na-expired",
        "data.centralized-storage": "evidence-expired",
    }


def test_expired_evidence_lowers_the_level_with_the_todo_policy(root: Path) -> None:
    def level(as_of: str) -> tuple[int, int]:
        data = json.loads(run(root, "score", SYSTEM, "--format", "json", "--as-of", as_of).stdout)
        return data["dimensions"]["data"]["level"], data["dimensions"]["data"]["upper"]

    before, after = level("2026-05-30"), level("2026-08-01")
    assert after[0] <= before[0] and after != before


def test_a_bad_as_of_is_a_usage_error_naming_its_source(root: Path) -> None:
    result = run(root, "score", SYSTEM, "--as-of", "31/12/2026")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--as-of '31/12/2026' is not a date" in result.stderr
    result = run(root, "gaps", SYSTEM, as_of="soon")
    assert result.returncode == 2
    assert "MATURITY_AS_OF='soon' is not a date" in result.stderr


@pytest.mark.parametrize("command", ["score", "gaps", "roadmap", "export"])
def test_every_scoring_command_takes_as_of(root: Path, command: str) -> None:
    args = [command] if command == "export" else [command, SYSTEM]
    result = run(root, *args, "--as-of", "2026-07-01")
    assert result.returncode == 0, result.stderr
    assert "--as-of" in run(root, *args, "--help").stdout


def test_gaps_list_an_expired_na_as_open(root: Path) -> None:
    def open_items(as_of: str) -> dict[str, str]:
        data = json.loads(run(root, "gaps", SYSTEM, "--target", "1", "--format", "json",
                              "--as-of", as_of).stdout)
        return {o["item"]: o["status"] for lv in data["dimensions"]["data"]["levels"] for o in lv["open"]}

    assert "data.catalog" not in open_items("2026-06-30")
    assert open_items("2026-07-01")["data.catalog"] == "unassessed"


def test_set_checked_re_attests_and_the_evidence_counts_again(root: Path) -> None:
    path = root / "assessments" / SYSTEM / "2026-03-01.yaml"
    result = run(root, "set", SYSTEM, "data.versioning", "--checked", "2026-07-15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{SYSTEM} 2026-03-01: data.versioning done (checked 2026-07-15)"
    assert "  data.versioning: {status: done, checked: 2026-07-15}\n" in path.read_text(encoding="utf-8")
    assert "data.versioning" not in findings(root, "--as-of", "2026-08-01")


def test_set_checked_without_a_date_is_today(root: Path) -> None:
    assert run(root, "set", SYSTEM, "data.versioning", "--checked").returncode == 0
    text = (root / "assessments" / SYSTEM / "2026-03-01.yaml").read_text(encoding="utf-8")
    assert f"checked: {dt.date.today().isoformat()}}}" in text


def test_set_without_status_or_checked_is_refused(root: Path) -> None:
    path = root / "assessments" / SYSTEM / "2026-03-01.yaml"
    before = path.read_bytes()
    result = run(root, "set", SYSTEM, "data.versioning")
    assert result.returncode == 2
    assert result.stderr == ("maturity: error: data.versioning: give a STATUS, or --note, --evidence, "
                             "--remove-evidence or --checked to change the answer as it is\n")
    assert path.read_bytes() == before


def test_exports_mark_an_overdue_target(root: Path) -> None:
    """Target level 1 by 2026-06-30: on time that day, overdue the day after (if not met)."""
    def overdue(as_of: str) -> tuple[bool, str]:
        data = json.loads(run(root, "export", "--format", "json", "--as-of", as_of).stdout)
        table = run(root, "export", "--format", "csv", "--as-of", as_of).stdout
        rows = list(csv.DictReader(io.StringIO(table)))
        return data["systems"][0]["overdue"], rows[0]["overdue"]

    data = json.loads(run(root, "score", SYSTEM, "--format", "json", "--as-of", "2026-07-01").stdout)
    assert data["overall"]["level"] < 1  # the system has not met its target
    assert overdue("2026-06-30") == (False, "false")
    assert overdue("2026-07-01") == (True, "true")
