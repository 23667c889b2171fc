"""The hostile-input corpus: every broken or hostile input ends in one clear message.

Each folder under ``corpus/`` is one case: ``case.yaml`` says what the case is, the
command(s) to run, the exit code and the message fragments expected; its ``files/``
are laid over the small portfolio in ``base/``, and ``make`` builds what git cannot
hold (FIFOs, devices, symbolic links, generated deep or huge files). Each command
runs as a real ``maturity`` process in the portfolio, and must exit with the
expected code (not a signal, not a hang), print the expected ``path:line:col:
message`` fragments, print no traceback, and leave every file as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

HERE = Path(__file__).parent
BASE = HERE / "base"
CORPUS = HERE / "corpus"
MATURITY = Path(sys.executable).with_name("maturity")
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yaml").is_file())


def _case(name: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((CORPUS / name / "case.yaml").read_text("utf-8"))
    return data


def _make(root: Path, step: dict[str, Any]) -> None:
    """One thing git cannot hold, made in the portfolio."""
    if "fifo" in step:
        os.mkfifo(root / step["fifo"])
    elif "symlink" in step:
        (root / step["symlink"]).unlink(missing_ok=True)
        os.symlink(step["to"], root / step["symlink"])
    elif "device" in step:
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(root / step["device"], 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    elif "folder" in step:
        (root / step["folder"]).mkdir(parents=True)
    elif "nested" in step:
        depth = int(step["depth"])
        text = step.get("prefix", "") + "[" * depth + "]" * depth + "\n"
        with open(root / step["nested"], "a", encoding="utf-8") as handle:
            handle.write(text)
    elif "big" in step:
        path = root / step["big"]
        text = path.read_text("utf-8") if path.exists() else ""
        padding = int(step["bytes"]) - len(text.encode())
        path.write_text(text + "#" * max(padding - 1, 0) + "\n", encoding="utf-8")
    elif "chain" in step:  # rubrics/chain-N.yaml extends chain-(N-1), chain-0 extends the base
        for n in range(int(step["chain"])):
            base = f"chain-{n - 1}@1" if n else step["base"]
            text = f"id: chain-{n}\nversion: 1\nextends: {base}\ntitle: Chain {n}\nsource: The corpus.\n"
            (root / "rubrics" / f"chain-{n}.yaml").write_text(text, "utf-8")
    elif "remove" in step:
        target = root / step["remove"]
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    else:  # pragma: no cover - a broken case file
        raise AssertionError(f"unknown make step {step}")


def _state(root: Path) -> dict[str, Any]:
    """Every path under ``root`` with its kind, mode and content (regular files only read)."""
    state: dict[str, Any] = {}
    for top, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(top) / name
            info = os.lstat(path)
            key = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                state[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                state[key] = ("file", stat.S_IMODE(info.st_mode), digest)
            else:
                state[key] = ("other", stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return state


def _runs(case: dict[str, Any]) -> list[dict[str, Any]]:
    first = {k: case[k] for k in ("command", "exit", "expect") if k in case}
    return ([first] if first else []) + list(case.get("also", []))


def build(name: str, into: Path) -> Path:
    """The case's portfolio under ``into``: the base, its files, then its ``make`` steps."""
    root = into / "portfolio"
    shutil.copytree(BASE, root)
    files = CORPUS / name / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True)
    for step in _case(name).get("make", []):
        _make(root, step)
    return root


def test_the_base_portfolio_is_valid(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    shutil.copytree(BASE, root)
    result = subprocess.run([str(MATURITY), "validate"], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_corpus_has_the_cases_of_the_issue() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", CASES)
def test_case(name: str, tmp_path: Path) -> None:
    case = _case(name)
    root = build(name, tmp_path)
    env = {**os.environ, **{k: str(v) for k, v in (case.get("env") or {}).items()}}
    env.pop("MATURITY_ROOT", None)
    before = _state(root)
    for run in _runs(case):
        command = [str(MATURITY), *[str(a) for a in run.get("command", ["validate"])]]
        try:
            result = subprocess.run(
                command, cwd=root, capture_output=True, text=True, timeout=60, env=env,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"{' '.join(command[1:])} hung on {name}")
        output = result.stdout + result.stderr
        where = f"{name}: maturity {' '.join(command[1:])}\n{output}"
        assert result.returncode == run.get("exit", 1), where
        assert "Traceback" not in output, where
        for fragment in run.get("expect", []):
            assert fragment in output, f"missing {fragment!r} in {where}"
    written = set(case.get("writes", []))  # what a command is meant to write (check-links' results)
    after = {k: v for k, v in _state(root).items() if k not in written and not _under(k, written)}
    assert after == before, f"{name}: a file was written, changed or removed"


def _under(key: str, folders: set[str]) -> bool:
    return any(key.startswith(f"{folder}/") for folder in folders)
