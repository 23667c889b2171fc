"""The link-check results file: what ``maturity check-links`` found, what the site reads.

Plain data and JSON, no network: the site imports this module to mark broken evidence
and never loads the HTTP checker (``maturity.linkcheck``) or its libraries.

The results file (``write_results`` / ``read_results``) is what the site reads to
mark broken evidence on the system pages, with the date it was checked::

    {
      "format": "maturity-link-check",
      "version": 1,
      "checked": "2026-08-03",
      "user_agent": "maturity-link-check/0.1.0 (...)",
      "summary": {"links": 2, "broken": 1},
      "links": {
        "https://example.com/a": {
          "ok": false, "why": "404 Not Found", "status": 404,
          "final_url": "https://example.com/a", "checked": "2026-08-03",
          "cited": [{"path": "assessments/x/2026-08-01.yaml", "line": 12, "column": 40,
                     "system": "x", "item": "data.catalog"}]
        },
        "docs/runbook.md": {"ok": true, "why": "exists", "status": null,
                            "final_url": null, "checked": "2026-08-03", "cited": [...]}
      }
    }

``links`` is keyed by the evidence string exactly as written in the snapshot, in
sorted order, and so are the citations.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import maturity
from maturity.core.calendar import date_or_none
from maturity.errors import LinkResultsError

__all__ = [
    "CheckedLink",
    "LinkResult",
    "LinkResultsError",
    "LinkTarget",
    "default_user_agent",
    "read_results",
    "write_results",
]

RESULTS_FORMAT = "maturity-link-check"
RESULTS_VERSION = 1
MAX_RESULTS_BYTES = 64 * 1024 * 1024


def _version() -> str:
    return maturity.__version__


def default_user_agent() -> str:
    """The user-agent every request sends: it names the tool and its version."""
    return f"maturity-link-check/{_version()} (evidence link checker of the maturity tool)"


@dataclass(frozen=True)
class LinkTarget:
    """One evidence entry to check, with where it was written."""

    evidence: str
    path: str  # the snapshot file, as it should be shown (relative to the repository)
    line: int
    column: int
    system: str = ""
    item: str = ""


@dataclass(frozen=True)
class LinkResult:
    """What checking one target found. ``why`` is short and human: "200 OK",
    "404 Not Found", "timed out after 10 s", "connection refused", "exists",
    "no such file in the repository", ..."""

    target: LinkTarget
    ok: bool
    why: str
    status: int | None  # the final HTTP status, None for paths and for requests that failed
    final_url: str | None  # the last URL asked, after redirects; None for paths
    checked: datetime.date


@dataclass(frozen=True)
class CheckedLink:
    """One evidence string as the results file records it (what the site reads)."""

    evidence: str
    ok: bool
    why: str
    status: int | None
    final_url: str | None
    checked: datetime.date
    cited: tuple[LinkTarget, ...]


# --------------------------------------------------------------------------- the results file


def _cited(target: LinkTarget) -> dict[str, Any]:
    return {
        "path": target.path, "line": target.line, "column": target.column,
        "system": target.system, "item": target.item,
    }


def _cite_order(target: LinkTarget) -> tuple[str, int, int, str, str]:
    return (target.path, target.line, target.column, target.system, target.item)


def write_results(
    results: Iterable[LinkResult], file: Path, *, today: datetime.date, user_agent: str | None = None
) -> None:
    """Write the results as JSON (see the module's doc), atomically: the old file or
    the new one, never half of one. Keys and citations are in sorted order. ``today``
    dates a file of no links (the edge's clock)."""
    by_evidence: dict[str, list[LinkResult]] = {}
    for result in results:
        by_evidence.setdefault(result.target.evidence, []).append(result)
    links: dict[str, Any] = {}
    for evidence in sorted(by_evidence):
        group = by_evidence[evidence]
        worst = min(group, key=lambda r: (r.ok, r.checked))  # a broken one wins, then the oldest
        links[evidence] = {
            "ok": worst.ok,
            "why": worst.why,
            "status": worst.status,
            "final_url": worst.final_url,
            "checked": worst.checked.isoformat(),
            "cited": [_cited(t) for t in sorted({r.target for r in group}, key=_cite_order)],
        }
    dates = [entry["checked"] for entry in links.values()]
    document = {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "checked": max(dates) if dates else today.isoformat(),
        "user_agent": user_agent or default_user_agent(),
        "summary": {"links": len(links), "broken": sum(not e["ok"] for e in links.values())},
        "links": links,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(staged, 0o644)
        os.replace(staged, file)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


def _field(entry: dict[str, Any], key: str, kinds: tuple[type, ...], where: str) -> Any:
    value = entry.get(key)
    if isinstance(value, bool) and bool not in kinds:  # JSON true is no line number
        value = None
    if not isinstance(value, kinds):
        raise LinkResultsError(f"{where}: {key!r} is missing or of the wrong type")
    return value


def _date(text: Any, where: str) -> datetime.date:
    found = date_or_none(text)
    if found is None:
        raise LinkResultsError(f"{where}: 'checked' is not a date (YYYY-MM-DD)")
    return found


def read_results(file: Path) -> dict[str, CheckedLink]:
    """The results file as ``{evidence: CheckedLink}``; ``{}`` when there is no file.

    Raises ``LinkResultsError`` naming the file when it exists but is not a results
    file this version can read.
    """
    try:
        if not stat.S_ISREG(os.stat(file).st_mode):  # a FIFO would block the open
            raise LinkResultsError(f"{file}: not a regular file")
        with open(file, "rb") as handle:
            raw = handle.read(MAX_RESULTS_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise LinkResultsError(f"{file}: cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_RESULTS_BYTES:
        raise LinkResultsError(f"{file}: larger than {MAX_RESULTS_BYTES // (1024 * 1024)} MiB")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LinkResultsError(f"{file}: not valid JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") != RESULTS_FORMAT:
        raise LinkResultsError(f"{file}: not a link-check results file")
    if document.get("version") != RESULTS_VERSION:
        raise LinkResultsError(
            f"{file}: results format version {document.get('version')!r}, "
            f"this version reads {RESULTS_VERSION}"
        )
    links = document.get("links")
    if not isinstance(links, dict):
        raise LinkResultsError(f"{file}: 'links' is not an object")
    out: dict[str, CheckedLink] = {}
    for evidence, entry in links.items():
        where = f"{file}: link {evidence!r}"
        if not isinstance(entry, dict):
            raise LinkResultsError(f"{where}: not an object")
        cited = []
        for place in _field(entry, "cited", (list,), where):
            if not isinstance(place, dict):
                raise LinkResultsError(f"{where}: a citation is not an object")
            cited.append(LinkTarget(
                evidence=evidence,
                path=_field(place, "path", (str,), where),
                line=_field(place, "line", (int,), where),
                column=_field(place, "column", (int,), where),
                system=_field(place, "system", (str,), where),
                item=_field(place, "item", (str,), where),
            ))
        out[evidence] = CheckedLink(
            evidence=evidence,
            ok=_field(entry, "ok", (bool,), where),
            why=_field(entry, "why", (str,), where),
            status=_field(entry, "status", (int, type(None)), where),
            final_url=_field(entry, "final_url", (str, type(None)), where),
            checked=_date(entry.get("checked"), where),
            cited=tuple(cited),
        )
    return out
