"""Output files (``-o``, ``export -o``, ``init``) are written whole or not at all, never
through a link leaving the repository, and a killed write's leftovers are found.

The full disk is real: a 256 KiB tmpfs mounted in a private mount namespace
(``unshare -m``, as root), filled, then the real ``maturity`` writes into it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from maturity.store.atomic import STAGING_PREFIX

BASE = Path(__file__).parent / "base"
MATURITY = Path(sys.executable).with_name("maturity")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "portfolio"
    shutil.copytree(BASE, root)
    return root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = subprocess.run([str(MATURITY), *args], cwd=root, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result.returncode, output


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {folder}"],
                               capture_output=True, timeout=30)
    return probe.returncode == 0


full_disk = pytest.mark.skipif(not _can_mount(), reason="needs root and unshare -m to mount a small tmpfs")


def _on_a_full_disk(tmp_path: Path, script: str) -> str:
    """Run ``script`` (sh) in a folder on a tmpfs of 256 KiB that ``fill`` fills up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    body = textwrap.dedent(f"""
        set -u
        mount -t tmpfs -o size=256k tmpfs {disk}
        cp -r {BASE} {disk}/portfolio
        cd {disk}/portfolio
        fill() {{ head -c 1048576 /dev/zero > {disk}/fill 2>/dev/null; true; }}
        unfill() {{ rm -f {disk}/fill; }}
        M={MATURITY}
    """) + textwrap.dedent(script)
    result = subprocess.run(["unshare", "-m", "sh", "-c", body], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result.stdout + result.stderr


@full_disk
def test_export_o_on_a_full_disk_keeps_the_old_file_whole(tmp_path: Path) -> None:
    output = _on_a_full_disk(tmp_path, """
        printf 'the old export\\n' > portfolio.json
        fill
        $M export -o portfolio.json; echo "exit=$?"
        echo "content=$(cat portfolio.json)"
        echo "staging=$(ls -a | grep -c maturity-staging)"
    """)
    assert "exit=1" in output
    assert "not written: portfolio.json: no space left on the device" in output
    assert "content=the old export" in output
    assert "staging=0" in output


@full_disk
def test_init_on_a_full_disk_leaves_no_truncated_file_for_force_to_keep(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    output = _on_a_full_disk(tmp_path, f"""
        fill
        $M init new; echo "first=$?"
        test -e new && echo ls=present || echo ls=absent
        unfill
        $M init new --force > /dev/null; echo "second=$?"
        $M init {fresh} > /dev/null
        diff -r new {fresh} > /dev/null; echo "same=$?"
        echo "staging=$(find new -name '.maturity-staging*' | wc -l)"
    """)
    assert "first=1" in output and "no space left on the device" in output
    assert "ls=absent" in output  # the failed init took back what it had written
    assert "second=0" in output
    assert "same=0" in output, output  # every file whole, none kept truncated
    assert "staging=0" in output


def test_o_through_a_folder_link_leaving_the_repository_is_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "reports")
    for args in (["export", "-o", "reports/portfolio.json"], ["roadmap", "demo", "-o", "reports/ROADMAP.md"],
                 ["export", "--format", "csv", "-o", "reports/x.csv"]):
        code, output = run(root, *args)
        assert code == 1, output
        assert "reports is a symbolic link to" in output and "nothing is written through it" in output
    assert list(outside.iterdir()) == []


def test_o_onto_a_link_is_refused_and_its_target_untouched(root: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", "utf-8")
    os.symlink(victim, root / "portfolio.json")
    code, output = run(root, "export", "-o", "portfolio.json")
    assert code == 1 and "portfolio.json is a symbolic link" in output
    assert victim.read_text("utf-8") == "keep me\n" and (root / "portfolio.json").is_symlink()


def test_o_outside_the_repository_is_the_user_choice(root: Path, tmp_path: Path) -> None:
    code, output = run(root, "export", "-o", str(tmp_path / "elsewhere.json"))
    assert code == 0, output
    exported = json.loads((tmp_path / "elsewhere.json").read_text("utf-8"))
    assert [s["system"] for s in exported["systems"]] == ["demo"]


def test_o_keeps_the_mode_of_the_file_it_replaces(root: Path) -> None:
    (root / "portfolio.json").write_text("old\n", "utf-8")
    (root / "portfolio.json").chmod(0o640)
    assert run(root, "export", "-o", "portfolio.json")[0] == 0
    assert (root / "portfolio.json").stat().st_mode & 0o777 == 0o640


def test_init_force_never_writes_through_a_folder_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "repo"
    target.mkdir()
    os.symlink(outside, target / "docs")
    code, output = run(tmp_path, "init", "repo", "--force")
    assert code == 1 and "docs is a symbolic link to" in output, output
    assert list(outside.iterdir()) == [] and sorted(p.name for p in target.iterdir()) == ["docs"]


def _leftover(folder: Path) -> Path:
    """What a write killed between staging and rename leaves: a staging folder with a file."""
    staged = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    (staged / "2026-01-10.yaml").write_text("rubric: tiny@1\n", "utf-8")
    old = time.time() - 3600
    os.utime(staged, (old, old))
    return staged


def test_a_killed_write_leftover_is_reported_by_validate_and_cleaned_by_the_next_edit(root: Path) -> None:
    staged = _leftover(root / "assessments/demo")
    code, output = run(root, "validate")
    assert code == 1
    assert f"assessments/demo/{staged.name}:1:1: left over from an interrupted write" in output
    code, output = run(root, "set", "demo", "data.monitored", "done")
    assert code == 0, output
    assert not staged.exists()
    assert run(root, "validate")[0] == 0


def test_a_killed_write_really_killed_leaves_nothing_validate_misses(root: Path) -> None:
    """A real ``set`` killed at once, again and again: whatever it left, validate names it."""
    for _ in range(5):
        process = subprocess.Popen([str(MATURITY), "set", "demo", "data.monitored", "done"], cwd=root,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        process.kill()
        process.wait()
    left = [p for p in root.rglob(f"{STAGING_PREFIX}*")]
    code, output = run(root, "validate")
    for path in left:
        assert f"{path.relative_to(root)}:1:1: left over from an interrupted write" in output
    assert code == (1 if left else 0), output
