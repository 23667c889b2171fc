"""What may be an id: system and rubric ids name folders, files and web pages."""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SNAPSHOT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.yaml\Z")
MAX_ID_LENGTH = 64
_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)]
)


def id_problem(kind: str, value: str) -> str | None:
    """Why ``value`` cannot be a system or rubric id (a folder or file name), or ``None``."""
    if not SLUG.match(value):
        example = ", e.g. fraud-detection" if kind == "system id" else ""
        return (
            f"{kind} {value!r} is not a plain slug "
            f"(lowercase letters, digits and single hyphens{example})"
        )
    if value in _RESERVED_NAMES:
        return (
            f"{kind} {value!r} is a reserved device name on Windows: a checkout there could "
            "not create it; choose another"
        )
    if len(value) > MAX_ID_LENGTH:
        return (
            f"{kind} {value[:20]}… is {len(value)} characters long, over the limit of "
            f"{MAX_ID_LENGTH} (it names files and web pages): shorten it"
        )
    return None


def is_id(value: str) -> bool:
    """``value`` could name a system folder or a rubric file (a slug, not too long)."""
    return bool(SLUG.match(value)) and len(value) <= MAX_ID_LENGTH
