"""The portfolio as it was at a git revision.

``git archive REV`` writes the revision's ``rubrics/`` and ``assessments/`` into a
temporary folder, which ``load_portfolio`` reads like any other root. Problems in a
file at a revision are reported with the path the file has in the working tree and
the revision in the message.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from maturity.core.model import Portfolio
from maturity.errors import GitError, InvalidInput, NotFound, Problem, UsageError
from maturity.store.load import ASSESSMENTS_DIR, RUBRICS_DIR, load_portfolio
from maturity.store.yamlio import display_path

MAIN_BRANCHES = ("origin/main", "main", "origin/master", "master")




def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed: diffs between revisions need it") from error


def _first_line(raw: bytes) -> str:
    lines = raw.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""


def repo_prefix(root: Path) -> str:
    """The root's path inside its git repository ("" at the top, else "sub/dir/")."""
    if not root.is_dir():
        raise NotFound(f"{display_path(root)}: no such folder")
    result = _git(root, "rev-parse", "--show-prefix")
    if result.returncode != 0:
        raise GitError(
            f"{display_path(root)} is not in a git repository: "
            "diffs between revisions need one (compare snapshots with: maturity diff SYSTEM)"
        )
    return result.stdout.decode().strip()


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names, or ``GitError`` naming it."""
    if rev.startswith("-"):
        raise UsageError(f"{rev!r} is not a git revision")
    repo_prefix(root)
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if result.returncode != 0:
        raise GitError(f"unknown git revision {rev!r}")
    return result.stdout.decode().strip()


def merge_base(root: Path, candidates: Sequence[str] = MAIN_BRANCHES) -> str:
    """The merge base of HEAD with the main branch: the first of ``candidates`` that exists."""
    repo_prefix(root)
    for branch in candidates:
        if _git(root, "rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}").returncode != 0:
            continue
        result = _git(root, "merge-base", "HEAD", branch)
        if result.returncode == 0:
            return result.stdout.decode().strip()
        raise GitError(f"no merge base between HEAD and {branch}: {_first_line(result.stderr)}")
    raise UsageError(
        f"no main branch to compare with (tried {', '.join(candidates)}): give --base REV"
    )


def _toplevel(root: Path) -> Path:
    result = _git(root, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise GitError(f"{display_path(root)}: no git work tree here")
    return Path(result.stdout.decode().strip())


def _tracked(top: Path, commit: str, prefix: str) -> list[str]:
    """Which of rubrics/ and assessments/ exist at the commit, as repository paths."""
    wanted = [f"{prefix}{RUBRICS_DIR}", f"{prefix}{ASSESSMENTS_DIR}"]
    result = _git(top, "ls-tree", "--full-tree", "--name-only", commit, "--", *wanted)
    if result.returncode != 0:
        raise GitError(f"cannot list {commit[:12]}: {_first_line(result.stderr)}")
    return [line for line in result.stdout.decode().splitlines() if line]


def extract(root: Path, rev: str, into: Path) -> Path:
    """Write the portfolio of ``rev`` under ``into``; return the root to load there."""
    commit = resolve(root, rev)
    prefix = repo_prefix(root)
    top = _toplevel(root)
    paths = _tracked(top, commit, prefix)
    if paths:
        _archive(top, commit, rev, paths, into)
        _link_targets(top, commit, rev, into, into / prefix / RUBRICS_DIR)
    portfolio_root = into / prefix
    (portfolio_root / ASSESSMENTS_DIR).mkdir(parents=True, exist_ok=True)
    return portfolio_root


def _archive(top: Path, commit: str, rev: str, paths: Sequence[str], into: Path) -> None:
    result = _git(top, "archive", "--format=tar", commit, "--", *paths)
    if result.returncode != 0:
        raise GitError(f"git archive {rev} failed: {_first_line(result.stderr)}")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(into, filter="data")


def _link_targets(top: Path, commit: str, rev: str, into: Path, folder: Path) -> None:
    """The files that relative links in ``folder`` point to, from the same commit.

    This repository's ``rubrics/*.yaml`` link to the package's built-in rubrics
    (``../src/maturity/rubrics/``): without their targets the links would dangle.
    """
    if not folder.is_dir():
        return
    wanted = []
    for link in sorted(folder.iterdir()):
        if link.is_symlink() and not link.exists():
            target = (link.parent / link.readlink()).resolve()
            try:
                wanted.append(target.relative_to(into.resolve()).as_posix())
            except ValueError:  # outside the repository: left dangling, reported by the loader
                continue
    if wanted:
        _archive(top, commit, rev, wanted, into)


def _relocate(problem: Problem, tmp_root: Path, root: Path, rev: str) -> Problem:
    try:
        inside = Path(problem.path).resolve().relative_to(tmp_root.resolve())
    except ValueError:
        return problem
    shown = display_path(root / inside) if str(inside) != "." else display_path(root)
    return Problem(shown, problem.line, problem.column, f"{problem.message} (at {rev})")


def portfolio_at(root: Path, rev: str) -> Portfolio:
    """The portfolio under ``root`` as it was at git revision ``rev``.

    A revision without ``rubrics/`` or ``assessments/`` gives an empty portfolio (a
    repository before its first assessment).
    """
    with tempfile.TemporaryDirectory(prefix="maturity-rev-") as tmp:
        tmp_root = extract(root, rev, Path(tmp))
        try:
            return load_portfolio(tmp_root)
        except InvalidInput as error:
            raise InvalidInput(_relocate(p, tmp_root, root, rev) for p in error.problems) from None
