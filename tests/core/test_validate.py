"""Bad input: one clear `path:line:col: message` per problem, exit 1, no traceback, nothing lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

MATURITY = Path(sys.executable).with_name("maturity")

SYSTEM_YAML = "name: Test system\nowner: Test team\ntarget_level: 2\n"
GOOD = """\
rubric: google-mlops@1
date: 2026-03-01
assessors: [Tester]
answers:
  data.centralized-storage: done
  data.versioning: {status: done, evidence: ["https://example.com/dvc"]}
  data.feature-store: {status: na, note: no features}
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)],
        cwd=root, capture_output=True, text=True, check=False, timeout=120,
    )


def make_system(root: Path, snapshot: str, name: str = "test-system", date: str = "2026-03-01") -> Path:
    folder = root / "assessments" / name
    folder.mkdir(parents=True)
    (folder / "system.yaml").write_text(SYSTEM_YAML, encoding="utf-8")
    path = folder / f"{date}.yaml"
    path.write_text(snapshot, encoding="utf-8")
    return path


def test_shipped_files_are_valid(repo: Path) -> None:
    result = run(repo, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


BAD_CASES = [
    (
        "broken YAML",
        GOOD.replace("assessors: [Tester]", "assessors: [Tester"),
        "4:8: invalid YAML",
    ),
    (
        "unknown item id",
        GOOD + "  data.bogus-item: done\n",
        "8:3: unknown item 'data.bogus-item' in rubric google-mlops@1",
    ),
    (
        "status not one of the four",
        GOOD + "  data.catalog: finished\n",
        "8:17: status 'finished' is not one of: done, partial, todo",
    ),
    (
        "status typo in a mapping",
        GOOD + "  data.catalog: {status: dnoe}\n",
        "8:26: status 'dnoe' is not one of: done, partial, todo, na",
    ),
    (
        "rubric that does not exist",
        GOOD.replace("google-mlops@1", "google-mlops@9"),
        "1:9: unknown rubric 'google-mlops@9' "
        "(known: acme-mlops@1, acme-mlops@2, azure-mlops@1, google-mlops@1, ml-test-readiness@1, "
        "mlops-grid@1)",
    ),
    (
        "na without a note",
        GOOD + "  data.catalog: {status: na}\n",
        "8:17: an 'na' answer needs a note saying why the practice does not apply",
    ),
    (
        "na shorthand",
        GOOD + "  data.catalog: na\n",
        "8:17: an 'na' answer needs a note: write {status: na, note: why}",
    ),
    (
        "duplicate key",
        GOOD + "  data.versioning: todo\n",
        "8:3: invalid YAML: duplicate key 'data.versioning'",
    ),
    (
        "date that is not a date",
        GOOD.replace("date: 2026-03-01", "date: 2026-02-30"),
        "2:7: date '2026-02-30' is not a date (YYYY-MM-DD)",
    ),
    (
        "date that is not even date-shaped",
        GOOD.replace("date: 2026-03-01", "date: next tuesday"),
        "2:7: date 'next tuesday' is not a date (YYYY-MM-DD)",
    ),
    (
        "unknown key",
        GOOD.replace("assessors:", "assessor:"),
        "3:1: unknown key 'assessor'",
    ),
    (
        "checked that is not a date",
        GOOD + "  data.catalog: {status: done, checked: 2026-02-30}\n",
        "8:41: checked '2026-02-30' is not a date (YYYY-MM-DD)",
    ),
    (
        "until that is not date-shaped",
        GOOD + "  data.catalog: {status: na, note: later, until: 31/12/2026}\n",
        "8:50: until '31/12/2026' is not a date (YYYY-MM-DD)",
    ),
    (
        "until on an answer that is not na",
        GOOD + "  data.catalog: {status: todo, until: 2026-12-31}\n",
        "8:32: until applies to an 'na' answer only",
    ),
    (
        "script link in evidence",
        GOOD + "  data.catalog: {status: done, evidence: ['javascript:alert(1)']}\n",
        "8:43: evidence 'javascript:alert(1)' must be an http(s) link or a relative path",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_each_bad_input_gets_one_positioned_message(
    example_root: Path, case: str, text: str, expected: str
) -> None:
    path = make_system(example_root, text)
    before = path.read_bytes()
    result = run(example_root, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"assessments/test-system/2026-03-01.yaml:{expected}")
    assert path.read_bytes() == before  # validation never writes


def test_every_problem_is_reported_not_only_the_first(example_root: Path) -> None:
    """Problems in several files and several places of one file all come out in one run."""
    text = GOOD + "  data.catalog: finished\n  data.nope: done\n"
    make_system(example_root, text.replace("date: 2026-03-01", "date: 2026-02-30"))
    bad_folder = example_root / "assessments" / "Bad_Name"
    bad_folder.mkdir()
    (bad_folder / "system.yaml").write_text(SYSTEM_YAML, encoding="utf-8")
    (bad_folder / "2026-03-01.yaml").write_text(GOOD, encoding="utf-8")
    result = run(example_root, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "assessments/Bad_Name:1:1: system folder name 'Bad_Name' is not a plain slug "
        "(lowercase letters, digits and single hyphens)",
        "assessments/test-system/2026-03-01.yaml:2:7: date '2026-02-30' is not a date (YYYY-MM-DD)",
        "assessments/test-system/2026-03-01.yaml:8:17: status 'finished' is not one of: done, partial, todo",
        "assessments/test-system/2026-03-01.yaml:9:3: unknown item 'data.nope' in rubric google-mlops@1 "
        "(did you mean 'data.lineage'?)",
    ]
    assert "3 problems found" not in result.stderr and "4 problems found" in result.stderr


def test_date_must_match_the_file_name(example_root: Path) -> None:
    make_system(example_root, GOOD, date="2026-03-02")
    result = run(example_root, "validate")
    assert result.stdout.strip() == (
        "assessments/test-system/2026-03-02.yaml:2:7: date 2026-03-01 does not match the file name "
        "2026-03-02.yaml"
    )


def test_validate_takes_paths(example_root: Path) -> None:
    """Only the named files are checked: a broken file elsewhere does not count."""
    make_system(example_root, GOOD + "  data.catalog: finished\n", name="broken")
    good = example_root / "assessments" / "techcorp-support-chatbot" / "2026-02-15.yaml"
    assert run(example_root, "validate", str(good)).returncode == 0
    result = run(example_root, "validate", str(example_root / "assessments" / "broken"))
    assert result.returncode == 1 and "status 'finished'" in result.stdout


def test_a_rubric_outside_rubrics_is_checked_as_a_rubric(example_root: Path) -> None:
    """A draft rubric kept elsewhere (``drafts/ours.yaml``) is not read as a snapshot: a
    valid one passes, a broken one gets the rubric's own messages."""
    drafts = example_root / "drafts"
    drafts.mkdir()
    draft = drafts / "mlops-grid.yaml"
    text = (example_root / "rubrics" / "mlops-grid.yaml").read_text(encoding="utf-8")
    draft.write_text(text, encoding="utf-8")
    result = run(example_root, "validate", str(draft))
    assert result.returncode == 0, result.stdout + result.stderr
    broken = text.replace('      4: "Release is fully', '      9: "Release is fully')
    draft.write_text(broken, encoding="utf-8")
    result = run(example_root, "validate", str(draft))
    assert result.returncode == 1
    assert "drafts/mlops-grid.yaml:42:7: no cell for level 4: describe every level" in result.stdout
    assert "drafts/mlops-grid.yaml:46:7: cell 9 is not a rubric level (0, 1, 2, 3, 4)" \
        in result.stdout
    assert "unknown key" not in result.stdout  # not the snapshot schema's complaints


def test_usage_errors_exit_2(example_root: Path) -> None:
    result = run(example_root, "validate", "--no-such-option")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_commands_on_a_broken_portfolio_report_problems_without_traceback(example_root: Path) -> None:
    make_system(example_root, GOOD + "  data.catalog: finished\n")
    for args in (["score", "test-system"], ["gaps", "test-system"], ["export"]):
        result = run(example_root, *args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr
        assert "assessments/test-system/2026-03-01.yaml:8:17: status 'finished'" in result.stderr


def test_verbose_shows_the_traceback(example_root: Path) -> None:
    make_system(example_root, GOOD + "  data.catalog: finished\n")
    result = subprocess.run(
        [str(MATURITY), "--verbose", "score", "test-system", "--root", str(example_root)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_unknown_system_is_named_with_a_suggestion(repo: Path) -> None:
    result = run(repo, "score", "techcorp-support-chatbott")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "maturity: error: unknown system 'techcorp-support-chatbott' "
        "(did you mean 'techcorp-support-chatbot'?)"
    )
