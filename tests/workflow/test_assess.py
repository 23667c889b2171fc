"""`maturity assess` driven by keystrokes in a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from maturity.store.load import load_system

from .editing import make_root

MATURITY = Path(sys.executable).with_name("maturity")
SYSTEM = "blank-system"
DATE = "2026-11-20"
PROMPT = r"\[q\] quit \?"
ENV = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "MATURITY_AS_OF": "2026-11-23"}


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True,
                          text=True, check=False, timeout=120, env=ENV)


def spawn(root: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(str(MATURITY), ["assess", SYSTEM, *args, "--root", str(root)], cwd=str(root),
                          env=ENV, encoding="utf-8", timeout=60, dimensions=(40, 140))
    return child


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "runbook.md").write_text("# Runbook\n", encoding="utf-8")
    made = run(root, "new", SYSTEM, "--rubric", "google-mlops@1", "--date", DATE)
    assert made.returncode == 0, made.stderr
    return root


def snapshot(root: Path) -> Path:
    return root / "assessments" / SYSTEM / f"{DATE}.yaml"


# key, status, evidence, note: cycled over every item of the rubric
ANSWERS = [
    ("d", "done", "https://ci.example.com/pipeline", ""),
    ("p", "partial", "", "weekly, by hand"),
    ("t", "todo", "", ""),
    ("n", "na", "", "batch system: does not apply"),
    ("d", "done", "docs/runbook.md", "see the runbook"),
]


def questionnaire_order(root: Path) -> list[str]:
    portfolio, system = load_system(root, SYSTEM)
    rubric = portfolio.rubric_for(system.current)
    return [item.id for dim in rubric.dimensions for level in sorted({i.level for i in dim.items})
            for item in dim.items_at(level)]


def answer(child: pexpect.spawn, key: str, evidence: str, note: str) -> None:
    child.expect(PROMPT)
    child.send(key)
    child.expect("evidence")
    child.sendline(evidence)
    child.expect("note")
    child.sendline(note)
    child.expect("written")


def test_a_blank_system_assessed_by_keystrokes_equals_one_set_from_file(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "by-file"
    shutil.copytree(root, other)
    items = questionnaire_order(root)
    plan = {item: ANSWERS[n % len(ANSWERS)] for n, item in enumerate(items)}
    blank = snapshot(root).read_text(encoding="utf-8")

    # Interrupted after ten answers (Ctrl-C), then resumed: nothing is lost or asked twice.
    child = spawn(root)
    child.expect(f"overall level 0, up to 3 — {len(items)} items unassessed")
    for item in items[:10]:
        child.expect(item)
        key, _, evidence, note = plan[item]
        answer(child, key, evidence, note)
    child.expect(PROMPT)
    child.sendcontrol("c")
    child.expect(f"10 answers written to .*; {len(items) - 10} items unassessed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    child = spawn(root)  # carries on where it stopped: [1/75] is the eleventh item
    for number, item in enumerate(items[10:], 1):
        child.expect(rf"\[{number}/{len(items) - 10}\] {item} ")
        key, _, evidence, note = plan[item]
        answer(child, key, evidence, note)
    child.expect(f"{len(items) - 10} answers written to .*; 0 items unassessed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    # The same answers in one file, through `set --from`.
    answers = {}
    for item, (_, status, evidence, note) in plan.items():
        entry: dict[str, object] = {"status": status}
        if evidence:
            entry["evidence"] = [evidence]
        if note:
            entry["note"] = note
        answers[item] = entry if len(entry) > 1 else status
    text = yaml.safe_dump({"answers": answers}, sort_keys=False)
    (other / "answers.yaml").write_text(text, encoding="utf-8")
    by_file = run(other, "set", SYSTEM, "--from", "answers.yaml")
    assert by_file.returncode == 0, by_file.stderr

    assessed = snapshot(root).read_text(encoding="utf-8")
    assert assessed == snapshot(other).read_text(encoding="utf-8")
    for line in blank.splitlines():  # every comment of the blank snapshot is still there
        if "#" in line:
            assert "#" + line.split("#", 1)[1] in assessed
    assert run(root, "validate").returncode == 0


def test_the_level_moves_and_a_refused_answer_is_asked_again(root: Path) -> None:
    child = spawn(root, "--dimension", "versioning")
    child.expect("versioning.registry")
    child.expect("Guidance: Done when models in use are stored")
    child.expect(PROMPT)
    child.send("d")
    child.expect("evidence")
    child.sendline("docs/missing.md")  # validate would refuse it: so does assess
    child.expect("note")
    child.sendline("")
    child.expect("is not a file or folder in the repository")
    answer(child, "d", "", "")  # versioning.registry, asked again
    child.expect(r"versioning: level 0, up to 3")
    answer(child, "d", "", "")  # versioning.tagging
    answer(child, "d", "", "")  # versioning.metadata
    child.expect(r"versioning: level 1, up to 3")  # the level-1 items done: the dimension moved
    child.expect(r"versioning.approval-workflow")
    child.expect(PROMPT)
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert "docs/missing.md" not in snapshot(root).read_text(encoding="utf-8")


def test_without_a_terminal_it_refuses_politely(root: Path) -> None:
    result = run(root, "assess", SYSTEM)
    assert result.returncode == 2
    assert "in a terminal" in result.stderr and f"maturity set {SYSTEM} --from" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_key_per_status_of_every_rubric_here() -> None:
    """Every rubric of the example portfolio gets one distinct key per status (its scale's
    own ids included), plus skip and quit."""
    from maturity.cli.assess import QUIT, SKIP, status_keys
    from maturity.store.rubrics import load_rubrics
    from tests.conftest import REPO

    rubrics = load_rubrics(REPO)[0]
    for rubric in rubrics.values():
        keys = status_keys(rubric)
        assert sorted(keys.values()) == sorted([*rubric.scoring.statuses, SKIP, QUIT]), rubric.ref
        assert all(len(k) == 1 for k in keys)
    scale = status_keys(rubrics["ml-test-readiness@1"])
    assert scale == {"a": "automated", "m": "manual", "n": "no", "x": "na", "s": SKIP, "q": QUIT}
