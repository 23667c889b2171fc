"""Where things are in an assessment repository, and finding the repository."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from maturity.errors import NotFound
from maturity.store.inside import listed_folder, yaml_files
from maturity.store.yamlio import display_path

SYSTEM_FILE = "system.yaml"
RUBRICS_DIR = "rubrics"
ASSESSMENTS_DIR = "assessments"


def require_root(root: Path) -> None:
    """``root`` is an assessment repository: it holds ``assessments/`` or ``rubrics/``.

    A repository needs no ``rubrics/`` folder (the built-in rubrics are found by
    reference) and a new one may have no ``assessments/`` yet, but a folder with neither
    is most likely the wrong folder.
    """
    if not ((root / ASSESSMENTS_DIR).is_dir() or (root / RUBRICS_DIR).is_dir()):
        raise NotFound(
            f"{display_path(root)}: no {ASSESSMENTS_DIR}/ or {RUBRICS_DIR}/ folder here "
            "(use --root DIR, or `maturity init DIR` for a new repository)"
        )


def find_root(start: Path) -> Path:
    """The assessment repository ``start`` is in: ``start`` or its nearest parent that has
    ``assessments/`` beside ``rubrics/`` or ``mkdocs.yml`` (a stray ``assessments/`` folder
    alone does not count), so a notebook opened from ``notebooks/`` finds its repository."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ASSESSMENTS_DIR).is_dir() and (
            (folder / RUBRICS_DIR).is_dir() or (folder / "mkdocs.yml").is_file()
        ):
            return folder
    raise NotFound(f"no assessment repository ({ASSESSMENTS_DIR}/ beside {RUBRICS_DIR}/ or "
                   f"mkdocs.yml) in {here} or its parents")


def builtin_rubric_folder() -> Path:
    """The package's own rubrics (``maturity/rubrics/*.yaml``, shipped as package data)."""
    return Path(str(resources.files("maturity").joinpath(RUBRICS_DIR)))


def rubric_files(root: Path) -> list[Path]:
    """The repository's own rubric files, ``ROOT/rubrics/*.yaml`` (none without the folder)."""
    return yaml_files(root / RUBRICS_DIR, root)


def system_folders(root: Path) -> list[Path]:
    """The system folders, ``ROOT/assessments/<id>/`` (hidden folders left out)."""
    folder = root / ASSESSMENTS_DIR
    if not listed_folder(folder, root):  # a link leaving the repository is never listed
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
