"""Where a line of a system's code is, as a permalink and a short label.

One wording for every edge: ``maturity probe``, ``--write``, ``repo:path#L10``
evidence and the site all name a line of the system's own repository this way.
GitHub: ``https://github.com/org/x/blob/<ref>/path#L10``; GitLab:
``https://gitlab.com/org/x/-/blob/<ref>/path#L10``. The ref is the commit when it is
known (a permalink that never moves), else the repository's branch, else ``HEAD``.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from maturity.core.repository import Repository

_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def short_label(path: str, line: int | None = None) -> str:
    """``path:line`` (or the path alone): how a location reads in text, tables and pages."""
    return f"{path}:{line}" if line else path


def permalink(
    repository: Repository | None, path: str, line: int | None = None, commit: str | None = None
) -> str | None:
    """The web address of ``path`` (at ``line``) in ``repository``, or ``None`` when the
    repository is unknown or on a server that is neither GitHub nor GitLab."""
    if repository is None or repository.host is None:
        return None
    ref = quote(commit or repository.branch or "HEAD", safe="/")
    where = quote(path.lstrip("/"), safe=_PATH_SAFE)
    anchor = f"#L{line}" if line else ""
    blob = "-/blob" if repository.host == "gitlab" else "blob"
    return f"{repository.url}/{blob}/{ref}/{where}{anchor}"


def location(
    repository: Repository | None, path: str, line: int | None = None, commit: str | None = None
) -> str:
    """The evidence a probe writes for one location: the permalink when there is one,
    else ``path:line``."""
    return permalink(repository, path, line, commit) or short_label(path, line)


def label_of(repository: Repository | None, url: str) -> str | None:
    """``path:line`` for a permalink into ``repository`` (as ``permalink`` makes them), so a
    page can show a 110-character link as its short label; ``None`` for any other link."""
    if repository is None or repository.host is None:
        return None
    blob = "/-/blob/" if repository.host == "gitlab" else "/blob/"
    head = repository.url + blob
    if not url.startswith(head):
        return None
    rest, _, anchor = url[len(head):].partition("#")
    branch = repository.branch
    if branch and rest.startswith(branch + "/"):
        path = rest[len(branch) + 1:]
    else:
        _, _, path = rest.partition("/")
    if not path:
        return None
    line = int(anchor[1:]) if anchor.startswith("L") and anchor[1:].isdigit() else None
    return short_label(unquote(path), line)
