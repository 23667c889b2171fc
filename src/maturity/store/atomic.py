"""Atomic, checked writes: a file (or a new folder) appears whole and valid, or not at all.

The new content is first written under a hidden staging folder next to the target
(same filesystem, so the final ``os.replace`` is atomic), keeping the target's own
file name: the loader checks that a snapshot's date matches its file name, so the
staged file is checked exactly as the real one will be. Problems found there are
reported against the target's path and nothing is written.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from maturity.errors import Problem, WriteRefused
from maturity.store.yamlio import display_path

Checker = Callable[[Path], list[Problem]]
STAGING_PREFIX = ".maturity-staging-"


def _refuse(target: Path, staged: Path, problems: list[Problem]) -> WriteRefused:
    shown_staged, shown_target = display_path(staged), display_path(target)
    lines = [
        str(Problem(p.path.replace(shown_staged, shown_target, 1), p.line, p.column, p.message))
        for p in sorted(problems)
    ]
    return WriteRefused(
        f"not written: {shown_target} would be invalid\n" + "\n".join(lines)
    )


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def replace_checked(target: Path, text: str, check: Checker | None = None) -> None:
    """Write ``text`` to ``target`` atomically, after ``check`` found nothing wrong with it.

    ``text`` is written exactly (no newline translation). The file keeps its mode.
    """
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    try:
        staged = staging / target.name
        _write(staged, text)
        if target.exists():
            os.chmod(staged, stat.S_IMODE(target.stat().st_mode))
        if check is not None:
            problems = check(staged)
            if problems:
                raise _refuse(target, staged, problems)
        os.replace(staged, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def create_folder_checked(target: Path, files: Mapping[str, str], check: Checker) -> list[Path]:
    """Create the folder ``target`` holding ``files`` (name → text), all or nothing.

    ``check`` receives the staged folder (named like the target). Refuses a target
    that already exists.
    """
    if target.exists():
        raise WriteRefused(f"not written: {display_path(target)} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    try:
        staged = staging / target.name
        staged.mkdir()
        for name, text in files.items():
            _write(staged / name, text)
        problems = check(staged)
        if problems:
            raise _refuse(target, staged, problems)
        if target.exists():  # created meanwhile by someone else
            raise WriteRefused(f"not written: {display_path(target)} already exists")
        os.rename(staged, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [target / name for name in files]
