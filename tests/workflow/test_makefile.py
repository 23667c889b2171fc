"""The Makefile installs in three steps: `make serve` (and `site`, `validate`) only
what the site needs, `make notebooks` the notebook tools on top, and only `make test`,
`make lint` and `make bench` the test tools. Read from make's own dry run."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _dry_run(target: str, venv: Path) -> str:
    done = subprocess.run(["make", "-n", target, f"VENV={venv}"], cwd=REPO, capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _extras(commands: str) -> list[str]:
    return re.findall(r"pip install .*-e '\.\[([a-z,]+)\]'", commands)


@pytest.mark.parametrize(("target", "extras"), [
    ("serve", ["site"]), ("site", ["site"]), ("validate", ["site"]),
    ("notebooks", ["site,notebooks"]),
    ("lint", ["site,notebooks,test,engines"]), ("test", ["site,notebooks,test,engines"]),
])
def test_each_target_installs_only_what_it_needs(target: str, extras: list[str], tmp_path: Path) -> None:
    assert _extras(_dry_run(target, tmp_path / "venv")) == extras


def test_the_full_install_counts_for_the_smaller_ones(tmp_path: Path) -> None:
    """`make install` leaves the three stamps, so `make serve` and `make notebooks`
    install nothing again; the site's stamp alone does not satisfy `make notebooks`."""
    venv = tmp_path / "venv"
    venv.mkdir()
    touched = re.findall(r"^touch (.+)$", _dry_run("install", venv), re.M)
    assert [sorted(Path(s).name for s in line.split()) for line in touched] == [
        [".installed", ".installed-notebooks", ".installed-site"]]
    for stamp in touched[0].split():
        Path(stamp).touch()
    assert _extras(_dry_run("serve", venv)) == [] and _extras(_dry_run("notebooks", venv)) == []
    (venv / ".installed-notebooks").unlink()
    assert _extras(_dry_run("serve", venv)) == []
    assert _extras(_dry_run("notebooks", venv)) == ["site,notebooks"]
