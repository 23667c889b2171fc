"""The rules of a rubric file beyond its schema, and extension resolution.

A rubric is built from parsed data that already matched the schema; the lint finds
what the schema cannot say (levels contiguous, ids unique and under their dimension,
the file named after the rubric). An extension (``extends: base@version``) is the
base's levels and dimensions, minus ``remove``, plus ``add`` and ``add_dimensions``,
with ``rename``'s names; a dimension left empty disappears. What each scoring method
asks of a rubric is in ``core.methods``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from maturity.core import methods
from maturity.core.ids import MAX_ID_LENGTH, id_problem
from maturity.core.lookup import suggest
from maturity.core.methods import exact
from maturity.core.model import Dimension, Item, LevelInfo, Rubric, RubricRef, Scoring, visible_text
from maturity.core.report import PathPart, Report, check_visible


def lint_rubric(report: Report, data: dict[str, Any]) -> None:
    """A rubric (not an extension) beyond its schema."""
    texts: list[tuple[PathPart, ...]] = [("title",), ("source",)]
    texts += [("levels", i, key) for i in range(len(data["levels"])) for key in ("name", "summary")]
    for d_index, dim in enumerate(data["dimensions"]):
        texts.append(("dimensions", d_index, "name"))
        texts += [("dimensions", d_index, "items", i, "text") for i in range(len(dim.get("items") or []))]
    check_visible(report, data, texts)
    method = (data.get("scoring") or {}).get("method", "levels")
    for parts, message in methods.rubric_problems(data, method):
        report.add(parts, message)
    levels = [lv["level"] for lv in data["levels"]]
    for index, level in enumerate(levels):
        if levels.index(level) != index:
            report.add(["levels", index, "level"], f"level {level} is defined twice")
    if sorted(set(levels)) != list(range(min(levels), max(levels) + 1)):
        report.add(["levels"], f"levels must be contiguous, found {sorted(set(levels))}")
    base = min(levels)
    seen_dims: set[str] = set()
    seen_items: dict[str, tuple[int, int]] = {}
    for d_index, dim in enumerate(data["dimensions"]):
        if dim["id"] in seen_dims:
            report.add(["dimensions", d_index, "id"], f"dimension {dim['id']!r} is defined twice")
        seen_dims.add(dim["id"])
        for i_index, item in enumerate(dim.get("items") or []):
            where: list[PathPart] = ["dimensions", d_index, "items", i_index]
            if item["id"] in seen_items:
                report.add([*where, "id"], f"item id {item['id']!r} is not unique in the rubric")
            seen_items[item["id"]] = (d_index, i_index)
            prefix = item["id"].split(".", 1)[0]
            if prefix != dim["id"]:
                report.add(
                    [*where, "id"],
                    f"item {item['id']!r} must start with its dimension id {dim['id']!r}",
                )
            if "level" not in item:
                continue  # the points method needs none (the levels method: reported by methods)
            if item["level"] not in levels:
                report.add([*where, "level"], f"item level {item['level']} is not a rubric level")
            elif item["level"] == base:
                report.add(
                    [*where, "level"],
                    f"level {base} is the baseline and is not scored: list it under 'baseline'",
                )
    if len(data["id"]) > MAX_ID_LENGTH:
        report.add(["id"], str(id_problem("rubric id", data["id"])))
    check_file_name(report, data)


def check_file_name(report: Report, data: dict[str, Any]) -> None:
    """``rubrics/<id>.yaml`` (the current version) or ``rubrics/<id>@<version>.yaml``."""
    name = report.name
    stem = name.removesuffix(".yaml")
    named = RubricRef.parse(stem)
    if named.version is not None and named.id == data["id"] and stem != f"{data['id']}@{data['version']}":
        report.add(["version"], f"version {data['version']} does not match the file name "
                                f"{name!r} (write {data['id']}@{data['version']}.yaml)")
    elif stem not in (data["id"], f"{data['id']}@{data['version']}"):
        report.add(["id"], f"rubric id {data['id']!r} does not match the file name {name!r}")


def scoring(raw: dict[str, Any], base: Scoring) -> Scoring:
    """The keys given in ``raw`` replace ``base``'s (an extension keeps the others)."""
    return methods.scoring_from(raw, dataclasses.replace(
        base,
        threshold=exact(raw["threshold"]) if "threshold" in raw else base.threshold,
        cumulative=bool(raw["cumulative"]) if "cumulative" in raw else base.cumulative,
        partial_credit=exact(raw["partial_credit"]) if "partial_credit" in raw else base.partial_credit,
        max_na_share=exact(raw["max_na_share"]) if "max_na_share" in raw else base.max_na_share,
        evidence_valid_days=raw.get("evidence_valid_days", base.evidence_valid_days),
        expired_evidence=raw.get("expired_evidence", base.expired_evidence),
    ))


def levels(raw: list[dict[str, Any]]) -> tuple[LevelInfo, ...]:
    return tuple(
        LevelInfo(
            level=lv["level"],
            name=lv["name"],
            summary=lv["summary"],
            characteristics=tuple(lv.get("characteristics", ())),
            next_steps=lv.get("next_steps"),
            note=(lv.get("note") or "").strip() or None,
            threshold=exact(lv["threshold"]) if "threshold" in lv else None,
        )
        for lv in sorted(raw, key=lambda lv: lv["level"])
    )


def _item(raw: dict[str, Any], dimension: str, default_level: int) -> Item:
    return Item(
        id=raw["id"],
        dimension=dimension,
        level=raw.get("level", default_level),
        text=raw["text"],
        examples=tuple(raw.get("examples", ())),
        guidance=raw.get("guidance"),
        evidence_hint=raw.get("evidence_hint"),
        weight=exact(raw["weight"]) if "weight" in raw else Fraction(1),
        na=raw.get("na", True),
    )


def _dimension(raw: dict[str, Any], default_level: int) -> Dimension:
    return Dimension(
        id=raw["id"],
        name=raw["name"],
        baseline=tuple(raw.get("baseline", ())),
        items=tuple(_item(i, raw["id"], default_level) for i in raw.get("items") or ()),
        cells=MappingProxyType(dict(sorted((raw.get("cells") or {}).items()))),
    )


def build_rubric(data: dict[str, Any], path: str) -> Rubric:
    """The rubric of schema-valid, linted data read from ``path``."""
    first = min(lv["level"] for lv in data["levels"]) + 1  # points items need no level
    return Rubric(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        source=data["source"].strip(),
        scoring=scoring(data.get("scoring") or {}, Scoring()),
        levels=levels(data["levels"]),
        dimensions=tuple(_dimension(d, first) for d in data["dimensions"]),
        path=path,
    )


def extension_title(extension_id: str, base: Rubric) -> str:
    """The title of an extension that gives none: the base's, naming the extension
    (``acme-mlops: MLOps Maturity (Google)``) so that two rubrics never share one name;
    a newer version of the same rubric keeps its base's title."""
    return base.title if extension_id == base.id else f"{extension_id}: {base.title}"


def extend(report: Report, data: dict[str, Any], base: Rubric) -> Rubric | None:
    """An extension: the base's levels and dimensions, minus ``remove``, plus ``add``;
    ``title``, ``source``, ``scoring`` (key by key) and ``levels``, when given, replace
    the base's (without a title, ``extension_title`` names it)."""
    check_file_name(report, data)
    check_visible(report, data, [("title",), ("source",)])
    base_items = {i.id: i for i in base.items}
    removed = set()
    for index, item_id in enumerate(data.get("remove") or ()):
        if item_id not in base_items:
            report.add(["remove", index], f"remove {item_id!r}: no such item in {base.ref}"
                                          f"{suggest(item_id, base_items)}")
        elif item_id in removed:
            report.add(["remove", index], f"{item_id!r} is removed twice")
        removed.add(item_id)
    new_levels = levels(data["levels"]) if "levels" in data else base.levels
    numbers = [lv.level for lv in new_levels]
    if "levels" in data:
        if len(set(numbers)) != len(numbers) or numbers != list(range(numbers[0], numbers[-1] + 1)):
            report.add(["levels"], f"levels must be contiguous and defined once, found {numbers}")
        lost = [i.id for i in base.items if i.id not in removed and i.level not in numbers[1:]]
        if lost:
            report.add(["levels"], f"the base's items {', '.join(lost[:5])} sit at a level these "
                                   "levels do not score: remove them or keep their level")
    merged = scoring(data.get("scoring") or {}, base.scoring)
    if merged.method != base.scoring.method:
        report.add(["scoring", "method"], f"an extension keeps its base's method ({base.scoring.method})")
    own_scoring = data.get("scoring") or {}
    for parts, message in methods.scoring_problems(own_scoring, numbers, merged.method):
        if parts[-1] != "scoring" or "bands" in own_scoring:  # the base's bands stand
            report.add(parts, message)
    dims = {d.id: list(i for i in d.items if i.id not in removed) for d in base.dimensions}
    seen = {i for items in dims.values() for i in (x.id for x in items)}
    first = numbers[0] + 1
    for index, raw in enumerate(data.get("add") or ()):
        where: list[PathPart] = ["add", index]
        dim_id, item_id = raw["dimension"], raw["id"]
        if dim_id not in dims:
            new = {d.get("id") for d in data.get("add_dimensions") or ()}
            report.add([*where, "dimension"], (
                f"add into {dim_id!r}: a dimension of add_dimensions takes its items there, under items:"
                if dim_id in new else
                f"add into {dim_id!r}: no such dimension in {base.ref}{suggest(dim_id, dims)} "
                "(a new dimension goes under add_dimensions, with its items)"))
            continue
        if item_id.split(".", 1)[0] != dim_id:
            report.add([*where, "id"], f"item {item_id!r} must start with its dimension id {dim_id!r}")
        if item_id in seen:
            whose = "added twice" if item_id not in base_items or item_id in removed else \
                f"already an item of {base.ref} (remove it first to replace it)"
            report.add([*where, "id"], f"add {item_id!r}: {whose}")
        if "level" not in raw:
            if merged.method == "levels":
                report.add(where, "missing required key 'level'")
        elif raw["level"] not in numbers[1:]:
            report.add([*where, "level"], f"item level {raw['level']} is not a scored level "
                                          f"({', '.join(map(str, numbers[1:]))})")
        if not visible_text(raw["text"]):
            report.add([*where, "text"], "text must have visible characters")
        seen.add(item_id)
        dims[dim_id].append(_item(raw, dim_id, first))
    names = _renamed(report, data, base)
    added = _added_dimensions(report, data, base, numbers, merged.method, seen)
    if report.failed:
        return None
    return Rubric(
        id=data["id"],
        version=data["version"],
        title=data.get("title") or extension_title(data["id"], base),
        source=(data.get("source") or base.source).strip(),
        scoring=merged,
        levels=new_levels,
        dimensions=tuple(
            dataclasses.replace(d, name=names[d.id],
                                items=tuple(sorted(dims[d.id], key=lambda i: i.level)))
            for d in base.dimensions
            if dims[d.id] or d.cells  # a dimension left empty by remove disappears
        ) + added,
        path=report.shown,
        extends=base.ref,
    )


def _renamed(report: Report, data: dict[str, Any], base: Rubric) -> dict[str, str]:
    """The dimensions' names: the base's, replaced by ``rename: {dimension-id: name}``."""
    names = {d.id: d.name for d in base.dimensions}
    for dim_id, name in (data.get("rename") or {}).items():
        if dim_id not in names:
            report.add(["rename", dim_id], f"rename {dim_id!r}: no such dimension in {base.ref}"
                                           f"{suggest(str(dim_id), names)}", key=True)
        elif not visible_text(name):
            report.add(["rename", dim_id], "a dimension's name must have visible characters")
        else:
            names[dim_id] = name
    return names


def _added_dimensions(
    report: Report, data: dict[str, Any], base: Rubric, numbers: list[int], method: str,
    seen: set[str],
) -> tuple[Dimension, ...]:
    """``add_dimensions``: whole new dimensions, checked as a rubric's own are."""
    known = {d.id for d in base.dimensions}
    added: set[str] = set()
    out = []
    for d_index, raw in enumerate(data.get("add_dimensions") or ()):
        where: list[PathPart] = ["add_dimensions", d_index]
        if raw["id"] in known:
            report.add([*where, "id"], f"dimension {raw['id']!r} is already in {base.ref} "
                                       "(add items to it with add)")
            continue
        if raw["id"] in added:
            report.add([*where, "id"], f"dimension {raw['id']!r} is added twice: give it once, "
                                       "with all of its items")
            continue
        added.add(raw["id"])
        found = list(methods.dimension_problems(raw, where, numbers, method))
        for parts, message in found:
            report.add(parts, message)
        count = len(raw.get("items") or [])
        texts = [(*where, "name"), *((*where, "items", i, "text") for i in range(count))]
        check_visible(report, data, texts)
        for i_index, item in enumerate(raw.get("items") or ()):
            at: list[PathPart] = [*where, "items", i_index]
            if item["id"].split(".", 1)[0] != raw["id"]:
                report.add([*at, "id"],
                           f"item {item['id']!r} must start with its dimension id {raw['id']!r}")
            if item["id"] in seen:
                report.add([*at, "id"], f"item id {item['id']!r} is not unique in the rubric")
            seen.add(item["id"])
            if "level" in item and item["level"] not in numbers[1:]:
                report.add([*at, "level"], f"item level {item['level']} is not a scored level "
                                           f"({', '.join(map(str, numbers[1:]))})")
        if not found:
            out.append(_dimension(raw, numbers[0] + 1))
    return tuple(out)


MAX_EXTENDS = 32  # extensions of extensions, at most: a longer chain is refused, not recursed


def resolve_extensions(
    rubrics: dict[str, Rubric],
    extensions: Mapping[str, tuple[Report, dict[str, Any]]],
    defined: Mapping[str, str],
    fallback: Mapping[str, Rubric] | None = None,
) -> None:
    """Build every extension into ``rubrics`` (by ``id@version``), each on its base: a
    rubric of ``rubrics``, another extension, or one of ``fallback`` (the built-in
    rubrics). A missing base or a cycle is reported at the extension's ``extends``."""
    resolving: list[str] = []

    def _chain_longer_than(ref: str, limit: int) -> bool:
        """Whether more than ``limit`` extensions lead from ``ref`` to its base (a cycle is
        reported as a cycle, not here); counted without recursion."""
        seen: set[str] = set()
        while ref in extensions and ref not in seen:
            seen.add(ref)
            if len(seen) > limit:
                return True
            ref = extensions[ref][1]["extends"]
        return False

    def resolve(ref: str) -> Rubric | None:
        if ref in rubrics:
            return rubrics[ref]
        if ref not in extensions:
            return (fallback or {}).get(ref)
        report, data = extensions[ref]
        if ref in resolving:
            return None  # reported where the cycle closes
        base_ref = data["extends"]
        if not resolving and _chain_longer_than(ref, MAX_EXTENDS):  # a mistake, or an attack
            report.add(["extends"], f"extends a chain of more than {MAX_EXTENDS} extensions "
                                    "before its base rubric: extend a rubric nearer the base")
            return None
        resolving.append(ref)
        base = None
        if base_ref in resolving:
            chain = " → ".join([*resolving[resolving.index(base_ref):], base_ref])
            report.add(["extends"], f"extends forms a cycle: {chain}")
        else:
            base = resolve(base_ref)
            if base is None and base_ref not in extensions:
                known = sorted(set(defined) | set(fallback or {}))
                report.add(["extends"], f"extends {base_ref!r}, which is no rubric "
                                        f"(known: {', '.join(known) or 'none'}){suggest(base_ref, known)}")
        resolving.pop()
        rubric = extend(report, data, base) if base is not None else None
        if rubric is not None and not report.failed:
            rubrics[ref] = rubric
        return rubrics.get(ref)

    for ref in extensions:
        resolve(ref)
