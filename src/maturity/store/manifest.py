"""``.maturity/manifest.json``: the files ``maturity init`` manages in a repository.

For each file the package wrote (or last proposed) it records the SHA-256 of that
content: the *base* of the next upgrade. ``init --force`` compares three things per
file, the base, the file on disk and the new version's content, and so tells a file the
team left alone (safe to update) from one the team changed (listed, never touched),
and a file the team deleted (never recreated) from one the package never wrote.

The file is JSON, checked against ``schemas/manifest.schema.json``; a broken one is
refused with ``path:line:col: message`` before anything is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from maturity.errors import InvalidInput, Problem
from maturity.store.atomic import write_output
from maturity.store.yamlio import display_path

FOLDER = ".maturity"
MANIFEST = f"{FOLDER}/manifest.json"
NEW = f"{FOLDER}/new"  # the new version of each file both sides changed, to compare
FORMAT = 1


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What ``init`` wrote: the package and version, the requirement it was given
    (``()``: the default pin), whether it wrote the example, and path → base hash."""

    package: str
    version: str
    requirement: tuple[str, ...] = ()
    example: bool = False
    files: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        document: dict[str, Any] = {
            "format": FORMAT,
            "about": "Files `maturity init` manages here, with the SHA-256 of the version it last "
                     "wrote: `maturity init --force .` updates a file only while it still has that "
                     "hash, and never recreates one that was deleted. Commit this file.",
            "package": self.package,
            "version": self.version,
            "requirement": list(self.requirement),
            "example": self.example,
            "files": {path: {"sha256": sha} for path, sha in sorted(self.files.items())},
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    text = resources.files("maturity").joinpath("schemas/manifest.schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text))


def _line_col(text: str, document: Any, path: Sequence[Any]) -> tuple[int, int]:
    """Where a JSON value sits, roughly: the line of its key (1, 1 when not found)."""
    key = next((p for p in reversed(path) if isinstance(p, str)), None)
    if key is not None:
        needle = json.dumps(key)
        index = text.find(needle)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
    return 1, 1


def read_manifest(root: Path) -> Manifest | None:
    """The repository's manifest, or ``None`` when it has none (a repository made before
    manifests, or not made by ``init``). A broken one raises ``InvalidInput``."""
    path = root / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    shown = display_path(path)
    if path.is_symlink() or not path.is_file():
        raise InvalidInput([Problem(shown, 1, 1, "not a regular file: the manifest must be a plain file")])
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput([Problem(shown, error.lineno, error.colno, f"not JSON: {error.msg}")]) from None
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        problems = []
        for wrong in errors:
            line, column = _line_col(text, document, list(wrong.absolute_path))
            where = "/".join(str(p) for p in wrong.absolute_path) or "the manifest"
            problems.append(Problem(shown, line, column, f"{where}: {wrong.message}"))
        raise InvalidInput(problems)
    return Manifest(
        package=document["package"], version=document["version"],
        requirement=tuple(document.get("requirement", [])), example=bool(document.get("example", False)),
        files={p: entry["sha256"] for p, entry in document["files"].items()},
    )


def write_manifest(root: Path, manifest: Manifest) -> Path:
    path = root / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    write_output(path, manifest.to_json(), root)
    return path
