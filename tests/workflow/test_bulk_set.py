"""`maturity set` for several answers at once (ITEM=STATUS …, --from, --remaining), its
evidence and note edits, and its agreement with `maturity validate` on bad answers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.store.yamlio import load_text

from .editing import DATE, SYSTEM, leftovers, line_changes, make_root, snapshot_path

MATURITY = Path(sys.executable).with_name("maturity")
BLANK = "blank-system"
BLANK_DATE = "2026-11-20"


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True, text=True,
        check=False, timeout=120, env={**os.environ, **(env or {})},
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "runbook.md").write_text("# Runbook\n", encoding="utf-8")
    made = run(root, "new", BLANK, "--rubric", "google-mlops@1", "--date", BLANK_DATE)
    assert made.returncode == 0, made.stderr
    return root


def blank(root: Path) -> Path:
    return root / "assessments" / BLANK / f"{BLANK_DATE}.yaml"


# --------------------------------------------------------------------------- several at once


def test_several_items_in_one_write_keep_every_comment(root: Path) -> None:
    before = blank(root).read_text(encoding="utf-8")
    result = run(root, "set", BLANK, "data.versioning=done", "data.catalog=partial", "deployment.canary=todo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "3 answers changed in one write, 0 unchanged"
    changes = line_changes(before, blank(root).read_text(encoding="utf-8"))
    old_lines = [line for old, _ in changes for line in old]
    new_lines = [line for _, new in changes for line in new]
    assert len(old_lines) == len(new_lines) == 3
    for old, new in zip(old_lines, new_lines, strict=True):  # the status in, the comment kept in place
        assert new.index("#") == old.index("#")
        assert new.split("#", 1)[1] == old.split("#", 1)[1]
    assert run(root, "validate").returncode == 0


def test_all_or_nothing_every_problem_reported_first(root: Path) -> None:
    original = blank(root).read_bytes()
    result = run(root, "set", BLANK, "data.versioning=done", "data.catalg=done", "data.lineage=maybe",
                 "data.catalog=na")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "unknown item 'data.catalg'" in result.stderr and "did you mean 'data.catalog'" in result.stderr
    assert "status 'maybe' is not one of" in result.stderr
    assert "needs a note" in result.stderr  # the na, found by validate's own check in a dry run
    assert blank(root).read_bytes() == original
    assert leftovers(blank(root).parent) == []


CSV = """\
item,status,evidence,note
data.versioning,done,https://dvc.example.com docs/runbook.md,DVC on S3
data.feature-store,na,,"batch only, no features"
training.experiment-tracking,partial,,
"""

YAML = """\
# the same answers as the CSV
answers:
  data.versioning: {status: done, evidence: [https://dvc.example.com, docs/runbook.md], note: DVC on S3}
  data.feature-store: {status: na, note: "batch only, no features"}
  training.experiment-tracking: partial
"""


def test_csv_and_yaml_files_give_the_same_snapshot(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(root, other)
    (root / "answers.csv").write_text(CSV, encoding="utf-8")
    (other / "answers.yaml").write_text(YAML, encoding="utf-8")
    first = run(root, "set", BLANK, "--from", "answers.csv")
    second = run(other, "set", BLANK, "--from", "answers.yaml")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert first.stdout == second.stdout
    assert blank(root).read_text(encoding="utf-8") == blank(other).read_text(encoding="utf-8")
    text = blank(root).read_text(encoding="utf-8")
    assert re.search(r"data\.feature-store: \{status: na, note: \"batch only, no features\"\}\s+# ", text)


def test_bad_rows_are_reported_at_their_line(root: Path) -> None:
    (root / "bad.csv").write_text(
        "item,status,evidence,note\n"
        "data.versioning,done,,\n"
        "data.lineage,na,,\n"
        "data.catalog,done,docs/nothing-here.md,\n"
        "training.nope,done,,\n", encoding="utf-8")
    original = blank(root).read_bytes()
    result = run(root, "set", BLANK, "--from", "bad.csv")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("bad.csv:3:1: data.lineage: an 'na' answer needs a note") for line in lines)
    assert any(line.startswith("bad.csv:4:1: data.catalog: evidence 'docs/nothing-here.md' is not a file")
               for line in lines)
    assert any(line.startswith("bad.csv:5:1: unknown item 'training.nope'") for line in lines)
    assert blank(root).read_bytes() == original


def test_remaining_answers_the_rest_of_a_dimension(root: Path) -> None:
    assert run(root, "set", BLANK, "governance.documentation=done").returncode == 0
    result = run(root, "set", BLANK, "--remaining", "todo", "--dimension", "governance")
    assert result.returncode == 0, result.stderr
    text = blank(root).read_text(encoding="utf-8")
    assert re.search(r"governance\.documentation: done\s", text)
    governance = re.findall(r"^  (governance\.[a-z-]+):(.*)$", text, re.M)
    assert governance and all(rest.split("#")[0].strip() in ("todo", "done") for _, rest in governance)
    assert not re.search(r"^  data\.[a-z-]+: todo", text, re.M)  # other dimensions untouched
    assert "--dimension goes with --remaining" in run(root, "set", BLANK, "--dimension", "data").stderr


# --------------------------------------------------------------------------- evidence and notes


def test_remove_evidence_and_note_only_edits(root: Path) -> None:
    path = snapshot_path(root)
    assert run(root, "set", SYSTEM, "training.automated-pipeline", "--evidence",
               "https://b.example.com").returncode == 0
    result = run(root, "set", SYSTEM, "training.automated-pipeline",
                 "--remove-evidence", "https://ci.example.com/train", "--note", "nightly")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"{SYSTEM} {DATE}: training.automated-pipeline partial "
                             "(-1 evidence link, note set)\n")
    text = path.read_text(encoding="utf-8")
    assert "https://ci.example.com/train" not in text
    assert "            - https://b.example.com\n        note: nightly\n" in text
    result = run(root, "set", SYSTEM, "training.automated-pipeline", "--remove-evidence", "all",
                 "--note", "")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("(-1 evidence link, note removed)\n")
    assert "    training.automated-pipeline:\n        status: partial\n" in path.read_text(encoding="utf-8")
    missing = run(root, "set", SYSTEM, "data.catalog", "--remove-evidence", "https://x.example.com")
    assert missing.returncode != 0 and "is not in the answer" in missing.stderr
    assert run(root, "validate").returncode == 0


def test_flow_answer_loses_its_evidence_key_in_flow_style(root: Path) -> None:
    path = snapshot_path(root)
    assert run(root, "set", SYSTEM, "data.centralized-storage", "--evidence",
               "https://s3.example.com").returncode == 0
    assert "{status: done,   note: 'S3, versioned', evidence: [" not in path.read_text(encoding="utf-8")
    result = run(root, "set", SYSTEM, "data.centralized-storage", "--remove-evidence", "all")
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "data.centralized-storage: {status: done,   note: 'S3, versioned'}" in text


def test_stale_snapshot_warns_and_names_reassess(root: Path) -> None:
    result = run(root, "set", SYSTEM, "data.catalog", "done", env={"MATURITY_AS_OF": "2026-11-23"})
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and f"maturity reassess {SYSTEM}" in result.stderr
    assert "317 days old" in result.stderr
    fresh = run(root, "set", BLANK, "data.catalog", "done", env={"MATURITY_AS_OF": "2026-11-23"})
    assert fresh.returncode == 0 and "warning" not in fresh.stderr


# --------------------------------------------------------------------------- set agrees with validate

# Bad answers from PRODUCT.md's bad-input list, written as an answer's YAML.
BAD_ANSWERS = {
    "wrong status": "maybe",
    "status of the wrong type": "{status: 2}",
    "na without a note": "na",
    "na with an invisible note": '{status: na, note: "\\u200b"}',
    "script link": '{status: done, evidence: ["javascript:alert(1)"]}',
    "data link": '{status: done, evidence: ["data:text/html,hi"]}',
    "protocol-relative link": '{status: done, evidence: ["//evil.example.com/x"]}',
    "absolute path": '{status: done, evidence: [/etc/passwd]}',
    "path leaving the repository": '{status: done, evidence: [../../outside.md]}',
    "backslash path": '{status: done, evidence: ["docs\\\\runbook.md"]}',
    "missing path": "{status: done, evidence: [docs/missing.md]}",
    "not a url": "{status: done, evidence: [not-a-url]}",
    "control character in a path": '{status: done, evidence: ["docs/run\\u0007book.md"]}',
    "credentials in a link": '{status: done, evidence: ["https://user:secret@example.com/x"]}',
    "evidence not a list of text": "{status: done, evidence: [3]}",
    "repo: evidence without a repository": '{status: done, evidence: ["repo:src/train.py#L3"]}',
    "repo: evidence with a bad anchor": '{status: done, evidence: ["repo:src/train.py#line3"]}',
    "repo: evidence leaving the repository": '{status: done, evidence: ["repo:../secrets.txt"]}',
    "note of the wrong type": "{status: done, note: 12}",
    "unknown key": "{status: done, owner: me}",
}
# Refused by the --from reader itself, before any snapshot is written (validate's schema
# words these differently); and shorthand statuses, which set writes as a map.
WRONG_SHAPES = ("{status: 2}", "{status: done, evidence: [3]}", "{status: done, note: 12}",
                "{status: done, owner: me}")
GOOD_ANSWERS = {
    "a link": '{status: done, evidence: ["https://example.com/x"]}',
    "a path": "{status: partial, evidence: [docs/runbook.md], note: weekly}",
    "na with a note": "{status: na, note: batch only}",
}


def _hand_written(root: Path, item: str, answer: str) -> None:
    path = blank(root)
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^  {re.escape(item)}:", lambda _: f"  {item}: {answer}", text, flags=re.M)
    assert count == 1
    path.write_text(new, encoding="utf-8")


def _messages(output: str, prefix: str = "") -> set[str]:
    found = set()
    for line in output.splitlines():
        match = re.match(r"^[^:\s]+:\d+:\d+: (.*)$", line)
        if match:
            found.add(match.group(1).removeprefix(prefix))
    return found


@pytest.mark.parametrize("answer", list(BAD_ANSWERS.values()) + list(GOOD_ANSWERS.values()),
                         ids=list(BAD_ANSWERS) + list(GOOD_ANSWERS))
def test_set_and_validate_give_the_same_verdict(root: Path, tmp_path: Path, answer: str) -> None:
    """The answer through `set --from` and the same answer written by hand then `validate`d:
    both accept it, or both refuse it with the same messages."""
    item = "data.catalog"
    by_hand = tmp_path / "by-hand"
    shutil.copytree(root, by_hand)
    _hand_written(by_hand, item, answer)
    validated = run(by_hand, "validate")
    (root / "answer.yaml").write_text(f"{item}: {answer}\n", encoding="utf-8")
    original = blank(root).read_bytes()
    result = run(root, "set", BLANK, "--from", "answer.yaml")
    assert "Traceback" not in result.stderr + validated.stderr
    assert (result.returncode == 0) == (validated.returncode == 0), (result.stderr, validated.stdout)
    if result.returncode != 0:
        assert blank(root).read_bytes() == original
        said_by_validate = _messages(validated.stdout + validated.stderr)
        said_by_set = _messages(result.stdout + result.stderr, prefix=f"{item}: ")
        if answer.startswith("{") and answer not in WRONG_SHAPES:  # the same checks, the same words
            assert said_by_set == said_by_validate
    else:
        assert load_text(blank(root).read_text(encoding="utf-8"), "set") == load_text(
            blank(by_hand).read_text(encoding="utf-8"), "by hand")
    assert answer not in GOOD_ANSWERS.values() or result.returncode == 0


def test_a_checked_date_in_the_future_gets_the_verdict_of_validate(root: Path, tmp_path: Path) -> None:
    by_hand = tmp_path / "by-hand"
    shutil.copytree(root, by_hand)
    _hand_written(by_hand, "data.catalog", "{status: done, checked: 2099-01-01}")
    validated = run(by_hand, "validate", env={"MATURITY_AS_OF": "2026-11-23"})
    result = run(root, "set", BLANK, "data.catalog", "done", "--checked", "2099-01-01",
                 env={"MATURITY_AS_OF": "2026-11-23"})
    assert (validated.returncode == 0) == (result.returncode == 0)
    assert _messages(result.stderr) == _messages(validated.stdout + validated.stderr)


def test_a_csv_saved_by_a_spreadsheet_reads_the_same(root: Path, tmp_path: Path) -> None:
    """A byte-order mark and CRLF rows (a quoted cell spanning two lines) change nothing."""
    other = tmp_path / "other"
    shutil.copytree(root, other)
    (root / "answers.csv").write_text(CSV, encoding="utf-8")
    (other / "answers.csv").write_bytes(b"\xef\xbb\xbf" + CSV.replace("\n", "\r\n").encode("utf-8"))
    assert run(root, "set", BLANK, "--from", "answers.csv").returncode == 0
    result = run(other, "set", BLANK, "--from", "answers.csv")
    assert result.returncode == 0, result.stderr
    assert blank(root).read_bytes() == blank(other).read_bytes()
