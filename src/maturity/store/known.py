"""Which files under rubrics/ and assessments/ the tool reads: one table, extended in one place.

A YAML-looking file that no rule here names would be silently ignored, so the
loader reports it (``unused_files``) with what to do: rename it to what it was
meant to be, or remove it. To teach the tool a new kind of file, add a rule to
``KNOWN`` (a pattern relative to the portfolio root, and what the file is).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from maturity.errors import Problem
from maturity.store.inside import is_inside
from maturity.store.yamlio import display_path

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_DATE = r"\d{4}-\d{2}-\d{2}"


@dataclass(frozen=True)
class Rule:
    """A kind of file the tool uses, as a regular expression on its root-relative path."""

    pattern: str
    kind: str

    def matches(self, relative: str) -> bool:
        return re.fullmatch(self.pattern, relative) is not None


KNOWN: tuple[Rule, ...] = (
    Rule(rf"rubrics/{_SLUG}\.yaml", "rubric"),
    Rule(rf"rubrics/{_SLUG}@[0-9]+\.yaml", "rubric (a pinned version)"),
    Rule(r"rubrics/mappings/[^/]+\.yaml", "rubric mapping"),
    Rule(r"rubrics/profiles/[^/]+\.yaml", "rubric profile"),
    Rule(r"rubrics/README\.md", "rubrics readme"),
    Rule(r"rubrics/sources/[^/]+\.md", "rubric source"),
    Rule(r"assessments/[^/]+/system\.yaml", "system metadata"),
    Rule(rf"assessments/[^/]+/{_DATE}\.yaml", "snapshot"),
    Rule(r"campaigns/[^/]+\.yaml", "campaign"),
    Rule(rf"probes/{_SLUG}\.yaml", "probe"),
    Rule(rf"probes/maps/{_SLUG}\.yaml", "probe map"),
)

_YAML_LOOKING = re.compile(r"\.(ya?ml)(\.|~|$)", re.IGNORECASE)


def looks_like_yaml(name: str) -> bool:
    """``x.yaml``, ``x.YML``, ``x.yaml.bak``, ``x.yml~``: anything a person meant as YAML."""
    return _YAML_LOOKING.search(name) is not None


def kind_of(relative: str) -> str | None:
    """What the file at this root-relative POSIX path is, or ``None`` when the tool ignores it."""
    return next((rule.kind for rule in KNOWN if rule.matches(relative)), None)


def _advice(relative: PurePosixPath) -> str:
    """What to do with an unused YAML-looking file."""
    name = relative.name
    parts = relative.parts
    stem = re.split(r"\.ya?ml", name, maxsplit=1, flags=re.IGNORECASE)[0]
    if re.search(r"\.ya?ml[.~]", name, re.IGNORECASE):
        return "remove it (a backup or editor copy is not read)"
    suggestion = f"{stem}.yaml"
    if parts[0] == "assessments":
        if len(parts) == 2:
            return "move it into a system folder (assessments/<system>/) or remove it"
        if len(parts) > 3:
            return f"move it up to {'/'.join(parts[:2])}/ or remove it (subfolders are not read)"
        if re.fullmatch(_DATE, stem) or stem == "system":
            return f"rename it to {suggestion} or remove it"
        return "name a snapshot YYYY-MM-DD.yaml and the metadata system.yaml, or remove it"
    if parts[0] == "probes":
        return "name a probe probes/<id>.yaml and a map probes/maps/<rubric-id>.yaml, or remove it"
    if parts[0] == "rubrics" and len(parts) > 2:
        return "move it up to rubrics/ (or mappings/, profiles/) or remove it"
    if suggestion != name:
        return f"rename it to {suggestion} or remove it"
    return "name a rubric after its id (<id>.yaml or <id>@<version>.yaml) or remove it"


def unused_problem(relative: PurePosixPath, path: Path) -> Problem | None:
    """A problem for ``path`` (at ``relative`` under the root) when it looks like YAML but is not read."""
    if not looks_like_yaml(relative.name) or kind_of(str(relative)) is not None:
        return None
    return Problem(display_path(path), 1, 1, f"not used: {relative}; {_advice(relative)}")


def unused_files(folder: Path, relative: PurePosixPath, recursive: bool = True) -> list[Problem]:
    """Every YAML-looking file under ``folder`` (at ``relative`` under the root) that is not read.

    Names starting with a dot (editor swap files, staging folders) are skipped;
    symbolic links to folders are not followed.
    """
    problems: list[Problem] = []
    if not folder.is_dir() or not is_inside(folder, folder.parent):  # a link out: never walked
        return problems
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        below = relative / Path(top).relative_to(folder).as_posix()
        for name in sorted(files):
            if name.startswith("."):
                continue
            found = unused_problem(below / name, Path(top) / name)
            if found is not None:
                problems.append(found)
    return problems
