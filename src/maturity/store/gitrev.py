"""Git plumbing: revisions, merge bases, and a revision's files written out.

``extract`` writes a revision's ``rubrics/`` and ``assessments/`` blobs, as committed
(``ls-tree`` + ``cat-file``, never ``git archive``), into a temporary folder, which
``load.portfolio_at`` reads like any other root.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from maturity.core.settings import DEFAULT_MAX_FILE_BYTES
from maturity.errors import GitError, NotFound, UsageError
from maturity.store.inside import is_inside
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR
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


SHALLOW_ADVICE = (
    "this clone is shallow (it holds only the latest commits): fetch the history with "
    "`git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
)


def is_shallow(root: Path) -> bool:
    """True when the repository is a shallow clone (``git clone --depth``)."""
    result = _git(root, "rev-parse", "--is-shallow-repository")
    return result.returncode == 0 and result.stdout.decode().strip() == "true"


def _shallow_hint(root: Path) -> str:
    return f"; {SHALLOW_ADVICE}" if is_shallow(root) else ""


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names, or ``GitError`` naming it (and saying if the clone is shallow)."""
    if rev.startswith("-"):
        raise UsageError(f"{rev!r} is not a git revision")
    repo_prefix(root)
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if result.returncode != 0:
        raise GitError(f"unknown git revision {rev!r}{_shallow_hint(root)}")
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
        raise GitError(
            f"no merge base between HEAD and {branch}: {_first_line(result.stderr) or 'no common commit'}"
            f"{_shallow_hint(root)}"
        )
    raise UsageError(
        f"no main branch to compare with (tried {', '.join(candidates)}): give --base REV"
        f"{_shallow_hint(root)}"
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


def extract(root: Path, rev: str, into: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Path:
    """Write the portfolio of ``rev`` under ``into``; return the root to load there (a
    file over ``max_bytes``, the file-size limit, is written as an empty sparse file)."""
    commit = resolve(root, rev)
    prefix = repo_prefix(root)
    top = _toplevel(root)
    paths = _tracked(top, commit, prefix)
    if paths:
        _archive(top, commit, rev, paths, into, max_bytes)
        _link_targets(top, commit, rev, into, into / prefix / RUBRICS_DIR, max_bytes)
    portfolio_root = into / prefix
    (portfolio_root / ASSESSMENTS_DIR).mkdir(parents=True, exist_ok=True)
    return portfolio_root


def _tree(top: Path, commit: str, rev: str, paths: Sequence[str]) -> list[tuple[str, str, int, str]]:
    """(mode, object, size, path) of every blob under ``paths`` at the commit."""
    result = _git(top, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *paths)
    if result.returncode != 0:
        raise GitError(f"cannot list {rev}: {_first_line(result.stderr)}")
    entries = []
    for record in result.stdout.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4 or fields[1] != b"blob":  # a submodule (commit) has no file here
            continue
        mode, _, oid, size = fields
        entries.append((mode.decode(), oid.decode(), int(size), os.fsdecode(name)))
    return entries


def _archive(top: Path, commit: str, rev: str, paths: Sequence[str], into: Path, max_bytes: int) -> None:
    """Write the blobs under ``paths`` at the commit into ``into``, as they are committed.

    Not ``git archive``: it obeys the revision's own ``.gitattributes``, where
    ``export-ignore`` would hide a file from the diff and ``export-subst`` rewrite one.
    The blobs are streamed from ``git cat-file --batch`` to disk (nothing held in
    memory); a blob over the file-size limit is written as a sparse file of its size,
    which the loader refuses as too large without it being read. Links are made as
    they are (the loader refuses one leaving the repository), and nothing is written
    through a folder link.
    """
    wanted: list[tuple[str, int, Path, bool]] = []
    for mode, oid, size, name in _tree(top, commit, rev, paths):
        place = into / name
        if not is_inside(place.parent, into) or os.path.lexists(place):
            continue
        place.parent.mkdir(parents=True, exist_ok=True)
        link = mode == "120000"
        if not link and size > max_bytes:
            with open(place, "xb") as handle:
                handle.truncate(size)
            continue
        wanted.append((oid, size, place, link))
    if not wanted:
        return
    with tempfile.TemporaryFile() as names:
        names.write("".join(f"{oid}\n" for oid, _, _, _ in wanted).encode())
        names.seek(0)
        try:
            batch = subprocess.Popen(["git", "cat-file", "--batch"], cwd=top, stdin=names,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except FileNotFoundError as error:
            raise GitError("git is not installed: diffs between revisions need it") from error
        assert batch.stdout is not None
        with batch:
            for _, size, place, link in wanted:
                header = batch.stdout.readline().split()
                if len(header) != 3 or int(header[2]) != size:
                    batch.kill()
                    raise GitError(f"git cat-file {rev} failed: unexpected {b' '.join(header)!r}")
                if link:
                    target = batch.stdout.read(size)
                    os.symlink(os.fsdecode(target), place)
                else:
                    with open(place, "xb") as handle:
                        left = size
                        while left:
                            chunk = batch.stdout.read(min(left, 1 << 20))
                            if not chunk:
                                raise GitError(f"git cat-file {rev} ended early")
                            handle.write(chunk)
                            left -= len(chunk)
                batch.stdout.read(1)  # the newline after each blob


def _link_targets(top: Path, commit: str, rev: str, into: Path, folder: Path, max_bytes: int) -> None:
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
        _archive(top, commit, rev, wanted, into, max_bytes)


def in_head(path: Path) -> bool | None:
    """Whether the file is committed in HEAD of the git repository it lies in; ``None``
    when it is not in a git work tree (or git is missing), so nothing can be said."""
    folder = path.parent
    if not folder.is_dir():
        return None
    try:
        inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    except GitError:
        return None
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        return None
    return _git(folder, "cat-file", "-e", f"HEAD:./{path.name}").returncode == 0


def committed_unchanged(path: Path) -> bool | None:
    """Whether the file is committed in HEAD and has no change since (staged or not):
    git keeps it exactly as it is. ``None`` outside a git work tree."""
    known = in_head(path)
    if not known:
        return known
    return _git(path.parent, "diff", "--quiet", "HEAD", "--", path.name).returncode == 0
