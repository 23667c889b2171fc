"""Mappings: how answers to one rubric version are derived from another's (no I/O).

A mapping translates answers for a rubric upgrade (``acme-mlops@1`` → ``acme-mlops@2``)
and for the crosswalk between the two models (``google-mlops@1`` → ``azure-mlops@1``).
Each target item has a rule (``all_of`` or ``any_of`` over source items), is carried
by identity (same id on both sides, when ``identity`` holds), or is unassessed.

The derived status, exactly as PRODUCT.md states it, from the source statuses
(unassessed counts as a status): drop the ``na`` ones; if none is left the result is
``na``. Otherwise, for ``all_of``: any unassessed → unassessed; all done → done; all
todo → todo; else partial. For ``any_of``: any done → done; else any unassessed →
unassessed; else any partial → partial; else todo. A derived answer carries the union
of the sources' evidence and a note naming its sources.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import cast

from maturity.core.lookup import find_rubric, resolve_rubric
from maturity.core.model import (
    RULES,
    UNASSESSED,
    Answer,
    Derivation,
    Portfolio,
    Rubric,
    RubricMapping,
    RubricRef,
    Rule,
    Snapshot,
    Status,
    System,
    same_rubric,
)
from maturity.errors import NotFound

__all__ = [
    "RULES",
    "Changes",
    "Derivation",
    "RubricMapping",
    "Rule",
    "changes",
    "derive_answer",
    "derive_status",
    "new_items",
    "translate",
]

def derive_status(rule: Rule, statuses: Iterable[str]) -> str:
    """The derived status of PRODUCT.md's rule; ``"unassessed"`` is a status here."""
    left = [s for s in statuses if s != "na"]
    if not left:
        return "na"
    if rule == "all_of":
        if UNASSESSED in left:
            return UNASSESSED
        if all(s == "done" for s in left):
            return "done"
        if all(s == "todo" for s in left):
            return "todo"
        return "partial"
    if "done" in left:
        return "done"
    if UNASSESSED in left:
        return UNASSESSED
    if "partial" in left:
        return "partial"
    return "todo"


def _note(derivation: Derivation, snapshot: Snapshot) -> str:
    """The note naming a derived answer's sources, with their statuses and notes."""
    parts = []
    for source in derivation.sources:
        answer = snapshot.answers.get(source)
        said = f": {answer.note}" if answer is not None and answer.note else ""
        parts.append(f"{source} ({snapshot.status(source)}{said})")
    joined = "; ".join(parts)
    if len(derivation.sources) == 1:
        return f"from {snapshot.rubric} {joined}"
    word = "all of" if derivation.rule == "all_of" else "any of"
    return f"from {snapshot.rubric}, {word}: {joined}"


def derive_answer(target_item: str, derivation: Derivation, snapshot: Snapshot) -> Answer | None:
    """The answer of one target item from ``snapshot``'s answers; ``None`` when unassessed.

    The one translation rule (``score --as``, the crosswalk, the notebooks' trends and
    ``upgrade`` alike): an item read from one source item (the same id or renamed) is
    that answer as written, under the target's id: status, evidence, note, ``checked``
    and ``until`` kept. An item derived from several gets the derived status, their
    evidence united, a note naming them, the oldest ``checked`` (its evidence is as old
    as the oldest it rests on; none given counts as the snapshot's date) and, for an
    ``na``, the earliest ``until``."""
    sources = [snapshot.answers.get(s) for s in derivation.sources]
    if len(derivation.sources) == 1:
        only = sources[0]
        return None if only is None else dataclasses.replace(only, item=target_item, counts_as=None)
    status = derive_status(derivation.rule, (snapshot.status(s) for s in derivation.sources))
    if status == UNASSESSED:
        return None
    given = [a for a in sources if a is not None]
    evidence: dict[str, None] = {}
    for answer in given:
        evidence.update(dict.fromkeys(answer.evidence))
    checked = min((a.checked or snapshot.date for a in given), default=None)
    untils = [a.until for a in given if a.until is not None]
    return Answer(
        item=target_item,
        status=cast(Status, status),
        evidence=tuple(evidence),
        note=_note(derivation, snapshot),
        checked=None if checked is None or checked == snapshot.date else checked,
        until=min(untils) if status == "na" and untils else None,
    )


def derivations(mapping: RubricMapping, source: Rubric, target: Rubric) -> list[tuple[str, Derivation]]:
    """Each item of ``target`` that ``mapping`` reads from ``source``, with how, in
    ``target``'s order (the items it derives from nothing are left out)."""
    source_ids = [i.id for i in source.items]
    return [(item.id, found) for item in target.items
            if (found := mapping.derivation(item.id, source_ids)) is not None]


def translate(mapping: RubricMapping, source: Rubric, target: Rubric, snapshot: Snapshot) -> Snapshot:
    """``snapshot`` (assessed against ``source``) as a snapshot of ``target``.

    Declared levels and the plan name the source's dimensions and items, so they are
    left behind; the answers are derived item by item.
    """
    answers: dict[str, Answer] = {}
    for item_id, derivation in derivations(mapping, source, target):
        answer = derive_answer(item_id, derivation, snapshot)
        if answer is not None:
            answers[item_id] = answer
    return dataclasses.replace(
        snapshot,
        rubric=target.ref,
        answers=MappingProxyType(answers),
        declared=MappingProxyType({}),
        plan=(),
    )


@dataclass(frozen=True)
class Changes:
    """What a mapping does to the items, as an upgrade's header names it."""

    renamed: tuple[tuple[str, str], ...]  # (source id, target id): one source, another id
    merged: tuple[tuple[str, Derivation], ...]  # target id and its several sources
    added: tuple[str, ...]  # target items derived from nothing: unassessed
    dropped: tuple[str, ...]  # source items no target item reads


def changes(mapping: RubricMapping, source: Rubric, target: Rubric) -> Changes:
    source_ids = [i.id for i in source.items]
    renamed: list[tuple[str, str]] = []
    merged: list[tuple[str, Derivation]] = []
    added: list[str] = []
    read: set[str] = set()
    for item in target.items:
        derivation = mapping.derivation(item.id, source_ids)
        if derivation is None:
            added.append(item.id)
            continue
        read.update(derivation.sources)
        if len(derivation.sources) > 1:
            merged.append((item.id, derivation))
        elif derivation.sources[0] != item.id:
            renamed.append((derivation.sources[0], item.id))
    dropped = tuple(i for i in source_ids if i not in read)
    return Changes(tuple(renamed), tuple(merged), tuple(added), dropped)


def new_items(old: Rubric, new: Rubric) -> tuple[str, ...]:
    """Items of ``new`` whose id ``old`` does not have (what is new since a snapshot)."""
    old_ids = {i.id for i in old.items}
    return tuple(i.id for i in new.items if i.id not in old_ids)


EXTENDS = "(extends)"  # the path of a mapping no file holds: one rubric extends the other


def _bases(rubrics: Mapping[str, Rubric], ref: str) -> list[str]:
    """The rubrics ``ref`` extends, nearest first (a chain of extensions)."""
    chain: list[str] = []
    rubric = rubrics.get(ref)
    while rubric is not None and rubric.extends is not None and rubric.extends not in chain:
        chain.append(rubric.extends)
        rubric = rubrics.get(rubric.extends)
    return chain


def extension_mapping(rubrics: Mapping[str, Rubric], source: str, target: str) -> RubricMapping | None:
    """Between a rubric and an extension of it (either way, through any chain of
    extensions) the mapping is identity: an item keeps its answer under its id; what the
    extension removed or added is dropped or unassessed. ``None`` when neither extends
    the other."""
    if target in _bases(rubrics, source) or source in _bases(rubrics, target):
        return RubricMapping(source=source, target=target, identity=True, path=EXTENDS)
    return None


def mapping_between(
    mappings: Mapping[str, RubricMapping], source: str, target: str,
    rubrics: Mapping[str, Rubric] | None = None,
) -> RubricMapping:
    """The mapping from ``source`` to ``target`` (both ``id@version``): a mapping file's,
    else identity when one extends the other (given ``rubrics``), else ``NotFound``."""
    name = f"{source}--{target}"
    if name in mappings:
        return mappings[name]
    by_extension = extension_mapping(rubrics, source, target) if rubrics is not None else None
    if by_extension is not None:
        return by_extension
    known = ", ".join(sorted(mappings)) or "none"
    raise NotFound(
        f"no mapping from {source} to {target}: write rubrics/mappings/{name}.yaml "
        f"(mappings here: {known}; a rubric and its extension need none)"
    )


@dataclass(frozen=True)
class Translated:
    """A snapshot as seen in another rubric version, and the mapping it went through."""

    rubric: Rubric
    snapshot: Snapshot
    via: RubricMapping | None  # None: the snapshot is already in that rubric


def as_rubric(portfolio: Portfolio, snapshot: Snapshot, ref: str) -> Translated:
    """``snapshot`` in the rubric ``ref`` names, through the mapping between them."""
    target = resolve_rubric(portfolio.rubrics, ref)
    if target.ref == snapshot.rubric:
        return Translated(target, snapshot, None)
    mapping = mapping_between(portfolio.mappings, snapshot.rubric, target.ref, portfolio.rubrics)
    source = portfolio.rubric_for(snapshot)
    return Translated(target, translate(mapping, source, target, snapshot), mapping)


def crosswalk_label(mapping: RubricMapping) -> str:
    """"the crosswalk" between two models, "the mapping" between versions of one."""
    same = same_rubric(mapping.source, mapping.target)
    return "the mapping" if same else "the crosswalk"


def crosswalks(portfolio: Portfolio, snapshot: Snapshot) -> tuple[Translated, ...]:
    """``snapshot`` in every other model a mapping leads to (not other versions of its own
    rubric: that is an upgrade), each through its mapping."""
    own_id = RubricRef.parse(snapshot.rubric).id
    found = []
    for mapping in portfolio.mappings.values():
        if mapping.source == snapshot.rubric and RubricRef.parse(mapping.target).id != own_id:
            found.append(as_rubric(portfolio, snapshot, mapping.target))
    return tuple(sorted(found, key=lambda t: t.rubric.ref))


def newer_version(portfolio: Portfolio, rubric: Rubric) -> Rubric | None:
    """The newest version of ``rubric``'s id when it is newer than ``rubric``."""
    newest = find_rubric(portfolio.rubrics, rubric.id)
    return newest if newest is not None and newest.version > rubric.version else None


def system_in(portfolio: Portfolio, system: System, rubric: Rubric) -> tuple[System, str | None]:
    """``system`` with its snapshots seen in ``rubric``: those assessed against another
    version or model are translated through the mapping from theirs (when there is one;
    the others are left out). Also the name of the mapping used, if any."""
    snapshots = []
    via = None
    for snap in system.snapshots:
        if snap.rubric == rubric.ref:
            snapshots.append(snap)
            continue
        mapping = portfolio.mappings.get(f"{snap.rubric}--{rubric.ref}")
        if mapping is None or snap.rubric not in portfolio.rubrics:
            continue
        snapshots.append(translate(mapping, portfolio.rubrics[snap.rubric], rubric, snap))
        via = mapping.name
    return dataclasses.replace(system, snapshots=tuple(snapshots)), via
