"""The one rule for "inside the repository", for folders and files, reads and writes.

A path is inside the repository when every symbolic link on the way from the
repository's root to it (the folders as well as the file itself) leads to a place
inside the root. A pull request can commit ``assessments`` (or ``campaigns``,
``rubrics/profiles``, any folder the tool lists) as a link to ``/etc`` or to the CI
runner's home: such a folder is never listed, no file is read through it and nothing
is written through it; the link is reported instead.

Paths outside the root altogether (``-o /tmp/report.md``) are the user's own choice
and are not judged here; only a path *below* the root that a link leads *out of* is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from maturity.errors import Problem

# The folders the tool lists, relative to the root (the system folders are checked one
# by one: a system folder that is a link is refused where it is listed).
LISTED = (
    "assessments", "campaigns", "rubrics", "rubrics/profiles", "rubrics/mappings", "probes", "notebooks",
)


def _within(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def leaving_link(path: Path, root: Path) -> Path | None:
    """The first symbolic link on the way from ``root`` to ``path`` (``path`` included)
    that leads outside ``root``; ``None`` when there is none.

    A path not below ``root`` at all is judged by where it finally leads."""
    real_root = os.path.realpath(root)
    current = Path(os.path.abspath(root))
    absolute = Path(os.path.abspath(path))
    try:
        parts = absolute.relative_to(current).parts
    except ValueError:
        return None if _within(os.path.realpath(absolute), real_root) else absolute
    for part in parts:
        current = current / part
        if os.path.islink(current) and not _within(os.path.realpath(current), real_root):
            return current
    return None


def is_inside(path: Path, root: Path) -> bool:
    """True when ``path`` (every folder on the way, and the file) stays inside ``root``."""
    return leaving_link(path, root) is None


def link_message(link: Path, shown: str, *, verb: str = "read") -> str:
    """Why nothing is {verb} through ``link`` (shown as ``shown``): the one wording for
    reads and writes."""
    try:
        target = os.readlink(link)
    except OSError:
        target = os.path.realpath(link)
    what = "folder" if os.path.isdir(link) else "file"
    return (
        f"{shown} is a symbolic link to {target!r}, which leaves the repository: "
        f"nothing is {verb} through it; replace the link with the {what} itself"
    )


def listed_folder(folder: Path, root: Path) -> bool:
    """Whether the tool may list ``folder``: a real folder, inside the repository."""
    return folder.is_dir() and is_inside(folder, root)


def yaml_files(folder: Path, root: Path, pattern: str = "*.yaml") -> list[Path]:
    """The files of ``folder`` matching ``pattern``, none when the folder leaves the repository."""
    return sorted(folder.glob(pattern)) if listed_folder(folder, root) else []


def leaving_folders(root: Path, folders: Iterable[str] = LISTED) -> list[Path]:
    """The links leaving the repository that a folder the tool lists is, or lies under
    (each link once)."""
    links: list[Path] = []
    for name in folders:
        link = leaving_link(root / name, root)
        if link is not None and link not in links:
            links.append(link)
    return links


PathStatus = Literal["exists", "missing", "leaves"]


def repository_path(root: Path, text: str) -> PathStatus:
    """Whether evidence ``text`` (a path relative to the repository's top, as written or
    percent-decoded, ``#fragment`` and ``?query`` dropped as a browser drops them) names
    a file or folder inside the repository.

    Never raises: a name the file system cannot hold (too long, ``%00``, a control
    character) is simply ``missing``; a path written to leave (``/etc``, ``../``) or
    reached through a link that leaves is ``leaves``."""
    bare = text.strip().split("#", 1)[0].split("?", 1)[0]
    if bare.startswith("/"):
        return "leaves"
    if not bare:
        return "missing"
    for candidate in dict.fromkeys([bare, unquote(bare, errors="strict") if _decodes(bare) else bare]):
        if _UNUSABLE.search(candidate) or "\\" in candidate:
            continue
        if candidate.startswith("/") or os.path.normpath(candidate).split(os.sep, 1)[0] == os.pardir:
            return "leaves"
        path = Path(root) / candidate
        if not is_inside(path, root):
            return "leaves"
        try:
            os.stat(path)
        except (OSError, ValueError):  # missing, a name too long, a link loop
            continue
        return "exists"
    return "missing"


_UNUSABLE = re.compile("[\x00-\x1f\x7f-\x9f]")


def _decodes(text: str) -> bool:
    try:
        unquote(text, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def folder_links(root: Path) -> list[Problem]:
    """A folder the tool lists that is a link leaving the repository: one problem each,
    at the link, and nothing under it is listed or read."""
    top = os.path.abspath(root)
    return [
        Problem(_shown(link), 1, 1, link_message(link, link.relative_to(top).as_posix()))
        for link in leaving_folders(root)
    ]


def _shown(path: Path) -> str:
    """As ``yamlio.display_path`` shows a path (relative to the working folder when below it);
    not imported from there, as ``yamlio`` reads through this module's rule."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith(os.pardir) else Path(relative).as_posix()
