"""``maturity init``: a new assessment repository, written from the package's skeleton.

The skeleton is package data (``maturity/store/skeleton/``): the repository's files as
they will be, with two spellings a wheel can carry. A path part ``dot-NAME`` is written
as ``.NAME`` (``dot-github/workflows/`` → ``.github/workflows/``), and the words
``__TODAY__`` and ``__VERSION__`` in names and text become today's date and the
package's version, and ``__REQUIREMENT__`` (in ``requirements.txt``) the requirement the
new repository installs: by default exactly what is running
(``mlops-maturity[site,notebooks]==X.Y.Z``), or the lines given (a git URL, a wheel, an
internal index). The JSON Schemas are written from the package's own copies into
``schemas/``, where the editor settings and every file's ``$schema`` line point.

Nothing is ever overwritten: into a folder that is not empty ``init`` writes only with
``force``, and then only the files that are missing; every file already there is kept
as it is and reported as kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from maturity import DISTRIBUTION, EXTRAS
from maturity.errors import UsageError, WriteRefused
from maturity.store.atomic import create_file, os_refusal
from maturity.store.inside import leaving_link, link_message
from maturity.store.schema import SCHEMAS, schema_file, schema_text
from maturity.store.yamlio import display_path

SKELETON = "store/skeleton"
SCHEMAS_DIR = "schemas"
DOT = "dot-"
TODAY = "__TODAY__"
VERSION = "__VERSION__"
REQUIREMENT = "__REQUIREMENT__"
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".py", ".txt", ".json", ""}  # where the words are replaced
SKIP = {"__pycache__"}
# The notebooks are this repository's own (linked into the skeleton): their default
# system is its worked example, which a new repository does not have; there it is the
# example system that init writes.
WORKED_EXAMPLE = "techcorp-support-chatbot"
EXAMPLE_SYSTEM = "example-model"



@dataclass(frozen=True)
class InitResult:
    """What ``init_repository`` wrote and what it found there already and kept."""

    written: tuple[Path, ...]
    kept: tuple[Path, ...]


def _walk(folder: Traversable, prefix: PurePosixPath) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name in SKIP or entry.name.endswith(".pyc"):
            continue
        if entry.is_dir():
            yield from _walk(entry, prefix / entry.name)
        else:
            yield prefix / entry.name, entry


def _target_name(rel: PurePosixPath, today: str) -> str:
    parts = ["." + p[len(DOT):] if p.startswith(DOT) else p for p in rel.parts]
    return "/".join(parts).replace(TODAY, today)


def pinned_requirement(version: str) -> str:
    """What a new repository installs by default: this distribution, exactly this version."""
    return f"{DISTRIBUTION}[{EXTRAS}]=={version}"


def check_requirement(spec: str) -> str:
    """A ``--requirement`` line, stripped: one line of text a requirements file can hold."""
    text = spec.strip()
    if not text or text.startswith("#"):
        raise UsageError(f"--requirement {spec!r}: give a requirement (a name with a version, "
                         "a git URL, a wheel path or an index option), not an empty line or a comment")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise UsageError(f"--requirement {spec!r}: one line of text, without control characters")
    return text


def skeleton_files(
    today: dt.date, version: str, requirement: Sequence[str] = ()
) -> dict[str, bytes]:
    """Repository-relative path → content, for every file a new repository gets.

    ``requirement``: the lines of ``requirements.txt`` (default: ``pinned_requirement``)."""
    lines = [check_requirement(r) for r in requirement] or [pinned_requirement(version)]
    files: dict[str, bytes] = {}
    root = resources.files("maturity").joinpath(SKELETON)
    for rel, entry in _walk(root, PurePosixPath()):
        content = entry.read_bytes()
        if rel.suffix in TEXT_SUFFIXES:
            text = content.decode("utf-8").replace(TODAY, today.isoformat()).replace(VERSION, version)
            text = text.replace(REQUIREMENT, "\n".join(lines))
            content = text.encode("utf-8")
        elif rel.suffix == ".ipynb":
            content = content.replace(WORKED_EXAMPLE.encode(), EXAMPLE_SYSTEM.encode())
        files[_target_name(rel, today.isoformat())] = content
    for name in SCHEMAS:
        files[f"{SCHEMAS_DIR}/{schema_file(name)}"] = schema_text(name).encode("utf-8")
    return dict(sorted(files.items()))


def init_repository(
    target: Path, *, force: bool, today: dt.date, version: str, requirement: Sequence[str] = ()
) -> InitResult:
    """Write a new assessment repository into ``target`` (made if missing).

    ``force`` allows a folder that is not empty; files already there are kept, never
    overwritten. Each file is created whole or not at all (written beside, then linked
    into place exclusively), so a full disk or a killed process never leaves a
    truncated file for ``--force`` to keep, and a file that appears meanwhile is kept.
    Nothing is written through a link leaving ``target``: such a link is refused
    before anything is written.
    """
    if target.exists() and not target.is_dir():
        raise UsageError(f"{display_path(target)} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise WriteRefused(
            f"not written: {display_path(target)} is not empty; --force adds the files it "
            "lacks and keeps every file there as it is"
        )
    files = skeleton_files(today, version, requirement)
    links = sorted({link for rel in files if (link := leaving_link(target / rel, target)) is not None})
    if links:  # a folder (or file) that is a link out of the repository: nothing written through it
        raise WriteRefused(
            "not written: "
            + "; ".join(link_message(p, display_path(p), verb="written") for p in links)
        )
    written: list[Path] = []
    kept: list[Path] = []
    made: list[Path] = []  # the folders this run made, to take back on a failed write
    for rel, content in files.items():
        path = target / rel
        if os.path.lexists(path):
            kept.append(path)
            continue
        try:
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            made += reversed(missing)
            created = create_file(path, content)
        except OSError as error:
            _take_back(written, made)  # all or nothing: no half-made repository either
            raise os_refusal(path, error) from error
        (written if created else kept).append(path)
    return InitResult(tuple(written), tuple(kept))


def _take_back(written: list[Path], made: list[Path]) -> None:
    for path in written:
        with contextlib.suppress(OSError):
            path.unlink()
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: a file someone else put there stays
