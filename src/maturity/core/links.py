"""The one link policy for evidence: what may become a link, decided once.

The loader rejects anything else; the views make the accepted kinds links. Evidence
is an http(s) URL with a host, or a path relative to the repository: nothing that
can run script (``javascript:``, ``data:``) or leave the site unseen (``//host``).
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

EvidenceKind = Literal["url", "path"]


def evidence_kind(text: str) -> EvidenceKind | None:
    """``url`` for http(s) with a host, ``path`` for a relative path, ``None`` otherwise."""
    stripped = text.strip()
    if not stripped:
        return None
    parts = urlsplit(stripped)
    if parts.scheme:
        return "url" if parts.scheme in ("http", "https") and parts.netloc else None
    if stripped.startswith(("//", "\\")) or ":" in stripped.split("/", 1)[0]:
        return None
    return "path"
