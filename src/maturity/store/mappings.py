"""Loading and checking mapping files, ``rubrics/mappings/<from>--<to>.yaml``.

A mapping is checked both ways: every id exists on its side (target ids in the target
rubric, source ids in the source rubric), and every target item is accounted for:
derived under ``items``, carried by identity, or listed under ``unmapped`` with the
reason it is deliberately left unassessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from maturity.core.lookup import suggest
from maturity.core.model import RULES, Derivation, Rubric, RubricMapping
from maturity.core.settings import Limits
from maturity.errors import Problem
from maturity.store.filecheck import FileCheck
from maturity.store.inside import yaml_files
from maturity.store.layout import RUBRICS_DIR, builtin_rubric_folder
from maturity.store.yamlio import display_path

MAPPINGS_DIR = "mappings"


def mapping_files(root: Path) -> list[Path]:
    return yaml_files(Path(root) / RUBRICS_DIR / MAPPINGS_DIR, Path(root))


def _rubric(check: FileCheck, key: str, ref: str, rubrics: Mapping[str, Rubric]) -> Rubric | None:
    rubric = rubrics.get(ref)
    if rubric is None:
        known = ", ".join(sorted(rubrics)) or "none"
        check.add([key], f"unknown rubric {ref!r}{suggest(ref, rubrics)} (known: {known})")
    return rubric


def _check(check: FileCheck, data: dict[str, Any], rubrics: Mapping[str, Rubric]) -> RubricMapping | None:
    source_ref, target_ref = data["from"], data["to"]
    if check.path.stem != f"{source_ref}--{target_ref}":
        check.add(["from"], f"the file of a mapping from {source_ref} to {target_ref} is named "
                            f"{source_ref}--{target_ref}.yaml, not {check.path.name}")
    source = _rubric(check, "from", source_ref, rubrics)
    target = _rubric(check, "to", target_ref, rubrics)
    if source is None or target is None:
        return None
    if source.ref == target.ref:
        check.add(["to"], f"a mapping goes from one rubric version to another, not to {target_ref} itself")
    items = data.get("items") or {}
    unmapped = data.get("unmapped") or {}
    identity = data.get("identity", source.id == target.id)
    source_ids = [i.id for i in source.items]
    target_ids = [i.id for i in target.items]
    derivations: dict[str, Derivation] = {}
    for target_id, rule in items.items():
        if target_id not in target_ids:
            check.add(["items", target_id], f"unknown item {target_id!r} in the target rubric "
                                            f"{target.ref}{suggest(target_id, target_ids)}", key=True)
            continue
        kind = next(k for k in RULES if k in rule)
        for index, source_id in enumerate(rule[kind]):
            if source_id not in source_ids:
                check.add(["items", target_id, kind, index],
                          f"unknown item {source_id!r} in the source rubric "
                          f"{source.ref}{suggest(source_id, source_ids)}")
        derivations[target_id] = Derivation(kind, tuple(rule[kind]))
    for target_id in unmapped:
        if target_id not in target_ids:
            check.add(["unmapped", target_id], f"unknown item {target_id!r} in the target rubric "
                                               f"{target.ref}{suggest(target_id, target_ids)}", key=True)
        elif target_id in items:
            check.add(["unmapped", target_id],
                      f"{target_id!r} is both mapped under items and listed as unmapped", key=True)
    carried = set(source_ids) if identity else set()
    missing = [t for t in target_ids if t not in items and t not in unmapped and t not in carried]
    for target_id in missing:
        check.add(["items"] if "items" in data else ["to"],
                  f"target item {target_id!r} is not accounted for: derive it under items, "
                  "or list it under unmapped with the reason it is left unassessed", key=True)
    if check.problems:
        return None
    return RubricMapping(
        source=source.ref,
        target=target.ref,
        identity=bool(identity),
        items=MappingProxyType(derivations),
        unmapped=MappingProxyType(dict(unmapped)),
        path=check.shown,
    )


def check_mapping(
    path: Path, rubrics: Mapping[str, Rubric], limits: Limits | None = None
) -> tuple[RubricMapping | None, list[Problem]]:
    """Parse, schema-check and check one mapping file against the rubrics it names."""
    check = FileCheck(path, limits=limits or Limits())
    data = check.parse_valid("mapping")
    if data is None:
        return None, check.problems
    mapping = _check(check, data, rubrics)
    return mapping, check.problems


def builtin_mapping_files() -> list[Path]:
    """The mappings built into the package (the crosswalk), beside its built-in rubrics."""
    folder = builtin_rubric_folder() / MAPPINGS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_mappings(
    root: Path, rubrics: Mapping[str, Rubric], limits: Limits | None = None
) -> tuple[dict[str, RubricMapping], list[Problem]]:
    """Every mapping, by ``<from>--<to>``: the repository's ``rubrics/mappings/`` first,
    then the package's built-in ones for a direction the repository does not define."""
    mappings: dict[str, RubricMapping] = {}
    problems: list[Problem] = []
    own = mapping_files(root)
    for path in own:
        mapping, found = check_mapping(path, rubrics, limits)
        problems += found
        if mapping is not None:
            mappings[mapping.name] = mapping
    defined = {p.stem for p in own}
    for path in builtin_mapping_files():
        if path.stem in defined:
            continue
        mapping, found = check_mapping(path, rubrics)
        problems += found  # a repository rubric that replaces a built-in one can break it
        if mapping is not None:
            mappings[mapping.name] = mapping
    return mappings, problems


def shown_paths(root: Path) -> set[str]:
    return {display_path(p) for p in mapping_files(root)}
