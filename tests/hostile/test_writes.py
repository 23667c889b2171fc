"""Writes that cannot lose data: real processes at once, full disks, locks, changed files."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from maturity.errors import WriteRefused
from maturity.store import atomic
from maturity.store.atomic import replace_checked, system_lock
from maturity.store.edit import reassess, set_answer

BASE = Path(__file__).parent / "base"
MATURITY = Path(sys.executable).with_name("maturity")
SNAPSHOT = Path("assessments/demo/2026-01-10.yaml")
ITEMS = ["data.versioned", "data.checked", "data.monitored", "deploy.scripted", "deploy.canary"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "portfolio"
    shutil.copytree(BASE, root)
    return root


def _start(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(MATURITY), *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in err
    return process.returncode, out + err


def _answers(root: Path) -> dict[str, object]:
    data = YAML(typ="safe").load((root / SNAPSHOT).read_text("utf-8"))
    answers: dict[str, object] = data["answers"]
    return answers


def _no_staging_left(root: Path) -> None:
    assert not [p for p in root.rglob("*") if p.name.startswith(atomic.STAGING_PREFIX)]


def test_set_from_many_processes_at_once_keeps_every_answer(root: Path) -> None:
    """The lost update of issue 12: every process reports success and every answer is there."""
    notes = {item: f"note from process {n}" for n, item in enumerate(ITEMS)}
    processes = [_start(root, "set", "demo", item, "partial", "--note", note) for item, note in notes.items()]
    results = [_finish(p) for p in processes]
    assert all(code == 0 for code, _ in results), results
    answers = _answers(root)
    for item, note in notes.items():
        answer = answers[item]
        assert isinstance(answer, dict), (item, answer)
        assert (answer["status"], answer["note"]) == ("partial", note), (item, answer)
    validated = subprocess.run([str(MATURITY), "validate"], cwd=root, capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    _no_staging_left(root)


def test_two_reassess_for_the_same_date_one_wins_the_other_is_refused(root: Path) -> None:
    processes = [_start(root, "reassess", "demo", "--date", "2026-02-01", "--assessor", name)
                 for name in ("Alice", "Bob")]
    results = sorted(_finish(p) for p in processes)
    assert [code for code, _ in results] == [0, 2] or [code for code, _ in results] == [0, 1], results
    assert "created" in results[0][1]
    assert "already exists" in results[1][1] or "must be after the newest one" in results[1][1]
    created = (root / "assessments/demo/2026-02-01.yaml").read_text("utf-8")
    assert ("Alice" in created) != ("Bob" in created)  # one whole file, not a mix


def test_two_new_of_the_same_system_one_creates_it(root: Path) -> None:
    processes = [_start(root, "new", "fresh", "--rubric", "tiny", "--owner", owner) for owner in ("A", "B")]
    results = sorted(_finish(p) for p in processes)
    assert [code for code, _ in results] == [0, 1], results
    assert "already exists" in results[1][1]
    files = sorted(p.name for p in (root / "assessments/fresh").iterdir())
    assert len(files) == 2 and files[-1] == "system.yaml"  # one whole system, from one process


def test_an_edit_waits_for_the_lock_then_gives_up_with_a_clear_message(root: Path) -> None:
    before = (root / SNAPSHOT).read_bytes()
    with system_lock(root / "assessments/demo"):
        process = _start(root, "set", "demo", "data.monitored", "done", env={"MATURITY_LOCK_TIMEOUT": "0.3"})
        code, output = _finish(process)
    assert code == 1
    assert "another maturity command is editing assessments/demo" in output
    assert (root / SNAPSHOT).read_bytes() == before


def test_a_file_changed_since_it_was_read_is_not_overwritten(root: Path) -> None:
    target = root / SNAPSHOT
    read = target.read_bytes()
    target.write_text(target.read_text("utf-8") + "# someone else's edit\n", "utf-8")
    changed = target.read_bytes()
    with pytest.raises(WriteRefused, match="changed while this command was editing it"):
        replace_checked(target, "rubric: x\n", before=read)
    assert target.read_bytes() == changed
    _no_staging_left(root)


def test_a_new_file_that_appears_meanwhile_is_not_overwritten(root: Path) -> None:
    target = root / "assessments/demo/2026-02-01.yaml"
    target.write_text("mine\n", "utf-8")
    with pytest.raises(WriteRefused, match="already exists"):
        replace_checked(target, "theirs\n", create=True)
    assert target.read_text("utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "no space left on the device"), (errno.EACCES, "permission denied"),
     (errno.EROFS, "the file system is read-only")],
)
def test_a_refusing_file_system_leaves_everything_as_it_was(
    root: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    before = (root / SNAPSHOT).read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteRefused) as caught:
        set_answer(root, "demo", "data.monitored", "done")
    assert words in str(caught.value) and "nothing was changed" in str(caught.value)
    assert (root / SNAPSHOT).read_bytes() == before
    _no_staging_left(root)


def test_a_folder_that_cannot_be_written_is_a_clear_refusal(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    with pytest.raises(WriteRefused, match="permission denied: make the file and its folder writable"):
        reassess(root, "demo", dt.date(2026, 2, 1))
    assert sorted(p.name for p in (root / "assessments/demo").iterdir()) == ["2026-01-10.yaml", "system.yaml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_a_read_only_folder_for_real(root: Path) -> None:
    folder = root / "assessments/demo"
    folder.chmod(0o555)
    try:
        code, output = _finish(_start(root, "set", "demo", "data.monitored", "done"))
    finally:
        folder.chmod(0o755)
    assert code == 1 and "permission denied" in output
