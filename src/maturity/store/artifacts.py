"""Build artifacts the site publishes: only what a build made, never what a commit brought.

The site publishes two kinds of files that the tool writes into ``build/``: the
link-check results (``build/links.json``, by ``maturity check-links``) and the
executed notebooks (``build/notebooks/*.ipynb``, by ``maturity notebooks``). A pull
request can commit files at those very paths, so:

- a file (or a folder on its way) that git tracks, in the index or in ``HEAD``, or
  that is a symbolic link, was not made by this build: ``committed`` says so and the
  site does not trust it;
- ``maturity notebooks`` records each notebook it writes, with its SHA-256, in a
  manifest beside them (``.maturity-notebooks.json``); the site publishes a notebook
  only when the manifest (itself not committed) lists it with the same content.

Outside a git work tree nothing can be told apart, and everything present is taken
as made here.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

NOTEBOOKS_MANIFEST = ".maturity-notebooks.json"
MANIFEST_FORMAT = "maturity-notebooks"
MAX_MANIFEST_BYTES = 1024 * 1024


def _git_lines(root: Path, *args: str) -> list[str] | None:
    """``git ARGS`` output as NUL-separated entries; ``None`` outside a work tree."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return [entry for entry in result.stdout.decode("utf-8", "surrogateescape").split("\0") if entry]


def _steps(root: Path, path: Path) -> list[str]:
    """``build``, ``build/links.json``: every path from the root down to ``path``."""
    relative = Path(os.path.relpath(path, root))
    return [Path(*relative.parts[: i + 1]).as_posix() for i in range(len(relative.parts))]


def committed(root: Path, path: Path) -> bool:
    """Whether ``path`` (under ``root``) came with the repository rather than from a
    build: it or a folder on its way is a symbolic link, or is tracked by git (index or
    ``HEAD``). A path outside ``root`` is never the repository's business (False)."""
    root = root.resolve()
    absolute = Path(os.path.abspath(path))
    if not absolute.is_relative_to(root):
        return False
    steps = _steps(root, absolute)
    if any((root / step).is_symlink() for step in steps):
        return True
    literal = [f":(literal){step}" for step in steps]
    indexed = _git_lines(root, "ls-files", "-z", "--full-name", "--", *literal)
    if indexed is None:
        return False  # not a git work tree: nothing to tell apart
    prefix = _git_lines(root, "rev-parse", "--show-prefix")
    base = prefix[0].strip() if prefix else ""
    wanted = {f"{base}{step}" for step in steps}
    if wanted & set(indexed):
        return True
    in_head = _git_lines(root, "ls-tree", "-z", "--name-only", "--full-name", "HEAD", "--", *literal) or []
    return bool(wanted & set(in_head))


def digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    file = folder / NOTEBOOKS_MANIFEST
    try:
        if file.is_symlink() or not file.is_file() or file.stat().st_size > MAX_MANIFEST_BYTES:
            return {}
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(document, dict) or document.get("format") != MANIFEST_FORMAT:
        return {}
    made = document.get("notebooks")
    if not isinstance(made, dict):
        return {}
    return {k: v for k, v in made.items() if isinstance(k, str) and isinstance(v, str)}


def _write_manifest(folder: Path, made: dict[str, str]) -> None:
    text = json.dumps({"format": MANIFEST_FORMAT, "version": 1, "notebooks": dict(sorted(made.items()))},
                      indent=2) + "\n"
    handle, staged = tempfile.mkstemp(prefix=f"{NOTEBOOKS_MANIFEST}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(staged, folder / NOTEBOOKS_MANIFEST)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


def record_notebooks(folder: Path, made: Iterable[Path] = (), gone: Iterable[str] = ()) -> None:
    """Note the notebooks this run wrote into ``folder`` (with their content's hash) and
    forget the ``gone`` ones (failed this time). Entries whose file changed or went since
    are dropped; a manifest that is not one is started again."""
    manifest = {
        name: sha for name, sha in _read_manifest(folder).items()
        if (folder / name).is_file() and not (folder / name).is_symlink() and digest(folder / name) == sha
    }
    for name in gone:
        manifest.pop(name, None)
    for path in made:
        manifest[path.name] = digest(path)
    _write_manifest(folder, manifest)


@dataclass(frozen=True)
class MadeNotebooks:
    """The notebooks a build made (to publish), and those found beside them that it did
    not make: ``committed`` ones (came with the repository, or the manifest did) and
    ``unrecorded`` ones (not written by ``maturity notebooks``, or changed since)."""

    published: tuple[Path, ...]
    committed: tuple[str, ...]
    unrecorded: tuple[str, ...]


def made_notebooks(root: Path, folder: Path) -> MadeNotebooks:
    """The ``*.ipynb`` of ``folder`` that ``maturity notebooks`` wrote, unchanged since;
    every other one is refused (and named), and every one when the manifest itself came
    with the repository."""
    if not folder.is_dir():
        return MadeNotebooks((), (), ())
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    forged = committed(root, folder / NOTEBOOKS_MANIFEST)
    manifest = {} if forged else _read_manifest(folder)
    published: list[Path] = []
    from_repository: list[str] = []
    unrecorded: list[str] = []
    for path in found:
        if forged or committed(root, path):
            from_repository.append(path.name)
            continue
        sha = manifest.get(path.name)
        if sha is not None and path.is_file() and digest(path) == sha:
            published.append(path)
        else:
            unrecorded.append(path.name)
    return MadeNotebooks(tuple(published), tuple(from_repository), tuple(unrecorded))
