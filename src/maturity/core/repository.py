"""Where a system's code is: ``repository:`` in ``system.yaml``, as a pure value.

``repository: https://github.com/org/x`` or ``repository: {url: …, branch: main}``
(``host: github|gitlab`` for a self-hosted server whose name does not say which).
The views make permalinks and short labels from it (``views.permalink``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast
from urllib.parse import urlsplit

Host = Literal["github", "gitlab"]
HOSTS: tuple[Host, ...] = ("github", "gitlab")

# https, a host, an optional path; no credentials, query, fragment, spaces or controls
URL = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%+-]+)*/?\Z")
BRANCH = re.compile(r"^[A-Za-z0-9._/+-]{1,200}\Z")


@dataclass(frozen=True)
class Repository:
    """The system's code repository: its web address, default branch and kind of host."""

    url: str  # https://host/org/name, without a trailing / or .git
    branch: str | None = None
    host: Host | None = None  # None: neither GitHub nor GitLab: no permalinks, path:line only


def host_of(url: str) -> Host | None:
    """``github`` or ``gitlab`` when the server's name says so, else ``None``."""
    name = (urlsplit(url).hostname or "").lower()
    if name == "github.com" or name.startswith("github."):
        return "github"
    if name == "gitlab.com" or name.startswith("gitlab.") or ".gitlab." in name:
        return "gitlab"
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot name a repository, or ``None``."""
    if not URL.match(url):
        return (
            f"repository {url!r} is not a plain https:// address of a repository "
            "(https://host/org/name: no credentials, query or fragment)"
        )
    return None


def repository_from(raw: object) -> Repository | None:
    """The ``repository:`` value of a ``system.yaml`` already checked by its schema."""
    if raw is None:
        return None
    data = {"url": raw} if isinstance(raw, str) else cast(Mapping[str, object], raw)
    url = str(data["url"]).rstrip("/").removesuffix(".git")
    branch = data.get("branch")
    named = data.get("host")
    host = next((h for h in HOSTS if h == named), None) or host_of(url)
    return Repository(url=url, branch=str(branch) if branch else None, host=host)
