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

Into a folder that is not empty ``init`` writes only with ``force``: an upgrade, led
by ``.maturity/manifest.json`` (``init_repository`` says how). Files are created whole
or not at all, nothing is written through a link leaving the repository, and a file
is replaced only while it is still exactly as the package wrote it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from maturity import DISTRIBUTION, EXTRAS
from maturity.errors import UsageError, WriteRefused
from maturity.store.atomic import create_file, os_refusal, write_output
from maturity.store.inside import leaving_link, link_message
from maturity.store.manifest import MANIFEST, NEW, Manifest, digest, read_manifest, write_manifest
from maturity.store.navedit import add_to_nav
from maturity.store.schema import SCHEMAS, schema_file, schema_text
from maturity.store.yamledit import split_layout
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
# system is its worked example, which a new repository does not have; there the
# default is "" (the first system there is), and the examples in the text name the
# example system that init writes.
WORKED_EXAMPLE = "techcorp-support-chatbot"
EXAMPLE_SYSTEM = "example-model"
EXAMPLE_FOLDER = f"assessments/{EXAMPLE_SYSTEM}/"
MKDOCS = "mkdocs.yml"
DOCS = "docs/"
# A folder holding one of these is an assessment repository already (made before
# manifests, or by hand): init --force never writes the example into it.
REPOSITORY_MARKERS = (MANIFEST, MKDOCS, "assessments")



@dataclass(frozen=True)
class InitResult:
    """What ``init_repository`` did, file by file (paths relative to ``target``)."""

    target: Path
    version: str
    from_version: str | None  # the manifest's version before (None: no manifest)
    upgrade: bool  # into an existing repository (no example written)
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()  # untouched here, replaced by the new version
    conflicts: tuple[str, ...] = ()  # changed here and in the new version: see .maturity/new/
    deleted: tuple[str, ...] = ()  # deleted here: not recreated
    kept: tuple[str, ...] = ()  # changed here, the new version did not change it
    navigated: tuple[str, ...] = ()  # created pages added to mkdocs.yml's nav
    nav_refused: tuple[str, ...] = ()  # created pages the nav could not take (add them by hand)
    dropped: tuple[str, ...] = ()  # no longer shipped: kept, no longer managed


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
        elif rel.suffix == ".ipynb":  # the default system: the first one there is
            content = content.replace(f'= \\"{WORKED_EXAMPLE}\\"'.encode(), b'= \\"\\"')
            content = content.replace(WORKED_EXAMPLE.encode(), EXAMPLE_SYSTEM.encode())
        files[_target_name(rel, today.isoformat())] = content
    for name in SCHEMAS:
        files[f"{SCHEMAS_DIR}/{schema_file(name)}"] = schema_text(name).encode("utf-8")
    return dict(sorted(files.items()))


def _release(version: str) -> tuple[int, ...] | None:
    """``1.2.3`` → ``(1, 2, 3)``; ``None`` for a version that is not plain numbers."""
    parts = version.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _older(running: str, recorded: str) -> bool:
    """The running version is older than the one that last wrote the repository (only
    plain ``X.Y.Z`` versions are compared; anything else is never called older)."""
    mine, theirs = _release(running), _release(recorded)
    return mine is not None and theirs is not None and mine < theirs


def _example(rel: str) -> bool:
    """The example system's files: written by a first ``init`` only (never by an upgrade,
    never with ``--no-example``), and never managed."""
    return rel.startswith(EXAMPLE_FOLDER)


def _read_regular(path: Path) -> bytes | None:
    """The file's bytes; ``None`` when it is missing. A symbolic link or anything but a
    regular file counts as the team's own (never read through, never replaced)."""
    if path.is_symlink():
        return b"\0symlink"
    if not path.exists():
        return None
    if not path.is_file():
        return b"\0not-a-file"
    return path.read_bytes()


def _refuse_links_leaving(target: Path, rels: Sequence[str]) -> None:
    """Nothing is written through a link leaving ``target`` (a folder or a file): such a
    link is refused before anything is written (the one rule of ``store.inside``)."""
    links = sorted({link for rel in rels if (link := leaving_link(target / rel, target)) is not None})
    if links:
        raise WriteRefused(
            "not written: " + "; ".join(link_message(p, display_path(p), verb="written") for p in links)
        )


class _Writer:
    """Creates files whole or not at all (written beside, then linked into place
    exclusively: a file that appears meanwhile is kept), and on a failed write takes back
    every file and folder this run created: no half-made repository."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.created: list[Path] = []
        self.made: list[Path] = []

    def _folders(self, path: Path) -> None:
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        self.made += reversed(missing)

    def create(self, path: Path, content: bytes) -> bool:
        try:
            self._folders(path)
            created = create_file(path, content)
        except OSError as error:
            self.take_back()
            raise os_refusal(path, error) from error
        if created:
            self.created.append(path)
        return created

    def replace(self, path: Path, content: bytes) -> None:
        try:
            self._folders(path)
        except OSError as error:
            self.take_back()
            raise os_refusal(path, error) from error
        write_output(path, content, self.target)

    def take_back(self) -> None:
        for path in self.created:
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: a file someone else put there stays


def init_repository(
    target: Path, *, force: bool, today: dt.date, version: str, requirement: Sequence[str] = (),
    example: bool = True, files: Mapping[str, bytes] | None = None,
) -> InitResult:
    """Write a new assessment repository into ``target`` (made if missing), or upgrade
    the one there (``force``).

    A new repository gets every skeleton file (the example system unless ``example`` is
    false) and ``.maturity/manifest.json``. In a folder that is not empty (``force``) the
    manifest decides, file by file, comparing its base hash, the file on disk and the new
    version's content: a missing file the manifest does not know is created; one it
    knows was deleted by the team and is not recreated; one still as the package wrote
    it is updated to the new version; one the team changed is never touched, and when the
    new version changed it too it is listed, with the new version saved under
    ``.maturity/new/`` to compare. Pages created this way are added to ``mkdocs.yml``'s
    nav where the new version has them. Without a manifest (a repository made before
    manifests), existing files are kept and listed when they differ from the new version.

    ``files`` replaces the skeleton (tests simulate a newer version with it).
    """
    if target.exists() and not target.is_dir():
        raise UsageError(f"{display_path(target)} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise WriteRefused(
            f"not written: {display_path(target)} is not empty; --force upgrades it: adds the "
            "files it lacks, updates the ones nobody changed, lists the rest"
        )
    manifest = read_manifest(target) if target.is_dir() else None
    new_files = files  # checked below, before anything is written
    if manifest is not None and _older(version, manifest.version):
        raise UsageError(
            f"{display_path(target / MANIFEST)}: this repository was made or upgraded by "
            f"{manifest.package} {manifest.version}, newer than the {version} running here: "
            f"nothing written (install {manifest.version} or newer first)"
        )
    lines = tuple(check_requirement(r) for r in requirement)
    if not lines and manifest is not None:
        lines = manifest.requirement  # a spec given once stays until another is given
    new = dict(new_files) if new_files is not None else skeleton_files(today, version, lines)
    _refuse_links_leaving(target, [*new, MANIFEST, *(f"{NEW}/{rel}" for rel in new)])
    writer = _Writer(target)
    first = manifest is None and not any((target / marker).exists() for marker in REPOSITORY_MARKERS)
    write_example = example and first and not (manifest is not None and manifest.example)
    base = dict(manifest.files) if manifest is not None else {}
    recorded: dict[str, str] = {}
    outcome: dict[str, list[str]] = {k: [] for k in (
        "created", "updated", "conflicts", "deleted", "kept", "navigated", "nav_refused", "dropped")}
    try:  # all or nothing for what this run creates: a failed write takes it back
        for rel, content in new.items():
            if _example(rel):
                if write_example and writer.create(target / rel, content):
                    outcome["created"].append(rel)
                continue
            path, new_hash = target / rel, digest(content)
            disk = _read_regular(path)
            known = base.get(rel)
            if disk is None:
                if known is not None:
                    outcome["deleted"].append(rel)  # the team deleted it: never recreated
                    recorded[rel] = known
                elif writer.create(path, content):
                    outcome["created"].append(rel)
                    recorded[rel] = new_hash
                continue
            disk_hash = digest(disk)
            if disk_hash == new_hash:
                recorded[rel] = new_hash  # already the new version
            elif known is not None and disk_hash == known:
                writer.replace(path, content)  # untouched here: take the new version
                outcome["updated"].append(rel)
                recorded[rel] = new_hash
            elif known is not None and new_hash == known:
                outcome["kept"].append(rel)  # changed here; the new version did not change it
                recorded[rel] = known
            else:  # changed here and in the new version (or no manifest to tell): listed, untouched
                writer.replace(target / NEW / rel, content)
                outcome["conflicts"].append(rel)
                recorded[rel] = new_hash
        outcome["dropped"] = sorted(set(base) - set(new))
        _navigate(target, new, outcome, writer)
        had_example = write_example or (manifest is not None and manifest.example)
        write_manifest(target, Manifest(DISTRIBUTION, version, lines, had_example, recorded))
    except (WriteRefused, OSError):
        writer.take_back()
        raise
    if manifest is None:
        outcome["created"].append(MANIFEST)
    return InitResult(
        target=target, version=version, from_version=manifest.version if manifest else None,
        upgrade=not first, **{k: tuple(v) for k, v in outcome.items()},
    )


def _navigate(
    target: Path, new: Mapping[str, bytes], outcome: dict[str, list[str]], writer: _Writer
) -> None:
    """Pages this run created go into the team's nav, where the new mkdocs.yml has them."""
    config = target / MKDOCS
    pages = [rel for rel in outcome["created"] if rel.startswith(DOCS) and rel.endswith(".md")]
    if not pages or MKDOCS not in new or MKDOCS in outcome["created"] or config.is_symlink():
        return
    if not config.is_file():
        return
    template = new[MKDOCS].decode("utf-8")
    raw = config.read_bytes().decode("utf-8")
    for rel in pages:
        page = rel[len(DOCS):]
        try:
            text, layout = split_layout(raw, display_path(config))
            edited = add_to_nav(text, page, template)
        except WriteRefused:
            outcome["nav_refused"].append(rel)
            continue
        if edited is not None:
            raw = layout.restore(edited)
            outcome["navigated"].append(rel)
    if outcome["navigated"]:
        writer.replace(config, raw.encode("utf-8"))
