"""The one link policy for evidence: what may become a link, decided once.

The loader rejects anything else; the views make the accepted kinds links. Evidence
is an http(s) URL with a host, or a path relative to the repository: nothing that
can run script (``javascript:``, ``data:``) or leave the site unseen (``//host``).
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from maturity.core import inert

EvidenceKind = Literal["url", "path", "repo"]
REPO_PREFIX = "repo:"  # repo:path/in/the/system/repository#L10 (needs repository: in system.yaml)
_REPO_LINE = re.compile(r"^L([1-9][0-9]{0,8})$")


_PLAIN_WEB_LINK = re.compile(r"https?://[^/?#\s]")


def evidence_kind(text: str) -> EvidenceKind | None:
    """``url`` for http(s) with a host, ``path`` for a relative path, ``repo`` for a path in
    the system's own code (``repo:src/train.py#L10``), ``None`` otherwise."""
    if _PLAIN_WEB_LINK.match(text):  # most evidence: a web link, seen without parsing it
        return "url"
    stripped = text.strip()
    if not stripped:
        return None
    if stripped.startswith(REPO_PREFIX):
        return "repo"
    parts = urlsplit(stripped)
    if parts.scheme:
        return "url" if parts.scheme in ("http", "https") and parts.netloc else None
    if stripped.startswith(("//", "\\")) or ":" in stripped.split("/", 1)[0]:
        return None
    return "path"




def path_problem(text: str) -> str | None:
    """Why evidence of kind ``path`` cannot be a repository path, or ``None``.

    A repository path is relative, written with ``/``, and stays inside the
    repository: not ``/etc/passwd``, not ``\\\\host\\share`` or ``/\\host`` (which
    browsers read as another host), not ``../../outside``, no control characters.
    Whether it exists is for ``validate`` to say (it needs the file system).
    """
    stripped = text.strip()
    if evidence_kind(stripped) == "repo":
        return repo_problem(stripped)
    if evidence_kind(stripped) != "path":
        return None
    if inert.has_control(stripped, one_line=True):
        return "has control characters"
    if "\\" in stripped:
        return "has a backslash: write repository paths with / (a \\ can make a link to another host)"
    if stripped.startswith("/"):
        return "is an absolute path: write the path relative to the repository root"
    depth = 0
    for part in stripped.split("#", 1)[0].split("/"):
        depth += -1 if part == ".." else (0 if part in ("", ".") else 1)
        if depth < 0:
            return "leaves the repository (../): only paths inside it can be evidence"
    return None


_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?//(?P<userinfo>[^/?#\\]*)@", re.ASCII)


def has_credentials(text: str) -> bool:
    """Whether a link carries a user name or password (``https://user:pw@host/``).

    Credentials in evidence would be published on the site and sent by the link
    checker to whoever the link names: such a link is refused by ``validate``.
    """
    return _USERINFO.match(text.strip()) is not None


def without_credentials(text: str) -> str:
    """The link with any user name and password replaced by ``***`` (what may be shown)."""
    stripped = text.strip()
    found = _USERINFO.match(stripped)
    if found is None:
        return text
    return f"{found.group('scheme') or ''}//***@{stripped[found.end():]}"


def credentials_problem(text: str) -> str | None:
    """Why a link cannot be evidence because of what it carries, or ``None``."""
    if has_credentials(text):
        return ("carries a user name or password: remove them (evidence is published, and "
                "credentials belong in a secret store, not in a link)")
    return None


_CODE_LOCATION = re.compile(r"^(?P<path>[^\s:#?]+):(?P<line>[1-9][0-9]{0,8})\Z")


def code_location(text: str) -> tuple[str, int] | None:
    """``(path, line)`` for evidence written as ``path:line`` (a line of the system's own
    code, as ``maturity probe --write`` records it when ``repository:`` is unknown)."""
    match = _CODE_LOCATION.match(text.strip())
    if match is None or path_problem(match["path"]) is not None:
        return None
    return match["path"], int(match["line"])


def repo_target(text: str) -> tuple[str, int | None] | None:
    """``(path, line)`` of ``repo:path#L10`` evidence (line None without ``#L…``), or None."""
    stripped = text.strip()
    if not stripped.startswith(REPO_PREFIX):
        return None
    path, _, anchor = stripped[len(REPO_PREFIX):].partition("#")
    match = _REPO_LINE.match(anchor) if anchor else None
    if not path or (anchor and match is None):
        return None
    return path, int(match.group(1)) if match else None


def repo_problem(text: str) -> str | None:
    """Why ``repo:…`` evidence cannot name a file of the system's repository, or None."""
    stripped = text.strip()
    path, _, anchor = stripped[len(REPO_PREFIX):].partition("#")
    if not path:
        return "names no file: write repo:path/in/the/repository (optionally #L10)"
    if anchor and not _REPO_LINE.match(anchor):
        return f"has the anchor #{anchor}: a line is written #L10"
    wrong = path_problem(path) if evidence_kind(path) == "path" else "is not a path in the repository"
    return wrong
