"""The rubric and assessment model: frozen dataclasses, no I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Literal

from maturity.core.repository import Repository
from maturity.errors import NotFound

Status = Literal["done", "partial", "todo", "na"]
STATUSES: tuple[Status, ...] = ("done", "partial", "todo", "na")
UNASSESSED = "unassessed"
ExpiredEvidence = Literal["keep", "partial", "todo"]
EXPIRED_EVIDENCE: tuple[ExpiredEvidence, ...] = ("keep", "partial", "todo")
Method = Literal["levels", "points", "grid"]
METHODS: tuple[Method, ...] = ("levels", "points", "grid")
OverallRule = Literal["pooled", "lowest"]
Aggregate = Literal["min", "sum", "mean"]
COUNTS_AS: tuple[str, ...] = ("done", "partial", "todo")


# Letters and symbols that draw nothing (fillers, blank braille, the Mongolian separator).
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def visible_text(value: str) -> bool:
    """True when ``value`` has a character a reader can see.

    Spaces, zero-width characters, bidi controls, control characters and lone
    combining marks are not text: a note made only of them says nothing.
    """
    return any(
        ch not in _BLANK and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
        for ch in value
    )


@dataclass(frozen=True)
class Item:
    """One scored practice of a rubric, at one level of one dimension."""

    id: str
    dimension: str
    level: int
    text: str
    examples: tuple[str, ...] = ()
    weight: Fraction = Fraction(1)  # credit and share of "applicable" are multiplied by it
    na: bool = True  # False: this item cannot be answered na (``na: false``)
    guidance: str | None = None  # what "done" means, what to show, the usual judgement calls
    evidence_hint: str | None = None  # what evidence usually shows the practice


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    items: tuple[Item, ...]
    baseline: tuple[str, ...] = ()
    cells: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))  # grid method

    def items_at(self, level: int) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.level == level)


@dataclass(frozen=True)
class LevelInfo:
    level: int
    name: str
    summary: str
    characteristics: tuple[str, ...] = ()
    next_steps: str | None = None
    note: str | None = None
    threshold: Fraction | None = None  # this level's own threshold (None: scoring.threshold)


@dataclass(frozen=True)
class ScaleStep:
    """One answer of a rubric's own scale: ``{id, label, credit, counts_as}``."""

    id: str
    label: str
    credit: Fraction
    counts_as: str  # done, partial or todo: what gaps, mappings, probes and campaigns see


@dataclass(frozen=True)
class Band:
    """A band of the points method: ``score >= min`` or ``score > above`` gives ``level``."""

    level: int
    min: Fraction | None = None
    above: Fraction | None = None
    name: str | None = None

    def holds(self, score: Fraction) -> bool:
        if self.min is not None:
            return score >= self.min
        return self.above is not None and score > self.above


@dataclass(frozen=True)
class Scoring:
    """How a rubric scores: exact fractions, never floats."""

    threshold: Fraction = Fraction(4, 5)
    cumulative: bool = True
    partial_credit: Fraction = Fraction(1, 2)
    max_na_share: Fraction | None = None  # a larger share of na items is a finding na-share
    evidence_valid_days: int | None = None  # None: evidence never expires
    expired_evidence: ExpiredEvidence = "keep"  # what a done/partial answer with expired evidence counts as
    method: Method = "levels"
    scale: tuple[ScaleStep, ...] = ()  # empty: done/partial/todo
    allow_na: bool = True
    overall: OverallRule | None = None  # None: pooled (levels), lowest (grid)
    aggregate: Aggregate = "sum"  # points: how dimension scores make the overall score
    bands: tuple[Band, ...] = ()  # points: score -> level

    @property
    def overall_rule(self) -> OverallRule:
        if self.overall is not None:
            return self.overall
        return "lowest" if self.method == "grid" else "pooled"

    @property
    def top_credit(self) -> Fraction:
        """The credit of the best answer: 1, or the scale's highest credit."""
        return max((s.credit for s in self.scale), default=Fraction(1))

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses a snapshot may write for this rubric (``na`` unless forbidden)."""
        own = tuple(s.id for s in self.scale) if self.scale else ("done", "partial", "todo")
        return (*own, "na") if self.allow_na else own

    def step(self, status: str) -> ScaleStep | None:
        for s in self.scale:
            if s.id == status:
                return s
        return None

    def kind(self, status: str) -> str:
        """What an answer counts as for gaps, mappings, probes, campaigns: done, partial,
        todo or na (a scale id by its ``counts_as``)."""
        step = self.step(status)
        return step.counts_as if step is not None else status

    def class_credit(self, kind: str) -> Fraction:
        """The credit of an answer counted as ``kind`` (an aged answer, or a plain status
        in a rubric with a scale): done the top credit, partial the scale's best partial
        credit (else ``partial_credit`` of the top), anything else 0."""
        top = self.top_credit
        if kind == "done":
            return top
        if kind == "partial":
            partial = [s.credit for s in self.scale if s.counts_as == "partial"]
            return max(partial) if partial else self.partial_credit * top
        return Fraction(0)

    def answer_for(self, kind: str) -> str:
        """The status to write for an answer that counts as ``kind`` (a probe's ``done``,
        a derived ``partial``): with a scale, its best answer counting as that kind; ``na``
        and plain rubrics keep ``kind``."""
        steps = [s for s in self.scale if s.counts_as == kind]
        return max(steps, key=lambda s: s.credit).id if steps else kind

    def credit(self, status: str) -> Fraction:
        """The credit of an answer written as ``status``."""
        step = self.step(status)
        return step.credit if step is not None else self.class_credit(status)

    def band(self, score: Fraction) -> Band | None:
        """The highest band that holds for ``score`` (None: none does)."""
        held = [b for b in self.bands if b.holds(score)]
        return max(held, key=lambda b: b.level) if held else None


@dataclass(frozen=True)
class RubricRef:
    """A rubric reference as files and options write it: ``google-mlops@1`` (one version)
    or ``google-mlops`` (a bare id: every version, or the newest where one is chosen)."""

    id: str
    version: str | None = None

    @classmethod
    def parse(cls, text: str) -> RubricRef:
        rubric_id, at, version = text.strip().partition("@")
        return cls(rubric_id, version if at else None)

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}@{self.version}"

    def matches(self, ref: str) -> bool:
        """A pinned reference matches that version only; a bare id matches every version."""
        other = RubricRef.parse(ref)
        return other.id == self.id and (self.version is None or other.version == self.version)


def same_rubric(a: str, b: str) -> bool:
    """Two references name versions of the same rubric id."""
    return RubricRef.parse(a).id == RubricRef.parse(b).id


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    title: str
    source: str
    scoring: Scoring
    levels: tuple[LevelInfo, ...]
    dimensions: tuple[Dimension, ...]
    path: str = ""
    extends: str | None = None  # the base rubric of an extension, "id@version"

    @property
    def ref(self) -> str:
        """The ``id@version`` string snapshots use to name this rubric."""
        return f"{self.id}@{self.version}"

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for d in self.dimensions for i in d.items)

    @cached_property
    def item_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.items)

    @cached_property
    def min_level(self) -> int:
        return min(lv.level for lv in self.levels)

    @cached_property
    def max_level(self) -> int:
        return max(lv.level for lv in self.levels)

    @cached_property
    def scored_levels(self) -> tuple[int, ...]:
        """Every level above the baseline, lowest first."""
        return tuple(lv.level for lv in self.levels if lv.level > self.min_level)

    def item(self, item_id: str) -> Item:
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def level_info(self, level: int) -> LevelInfo:
        for lv in self.levels:
            if lv.level == level:
                return lv
        raise KeyError(level)

    @property
    def method(self) -> Method:
        return self.scoring.method

    def threshold_at(self, level: int) -> Fraction:
        """The share of credit a level needs: its own ``threshold``, else the rubric's."""
        for lv in self.levels:
            if lv.level == level and lv.threshold is not None:
                return lv.threshold
        return self.scoring.threshold

    def na_allowed(self, item: Item) -> bool:
        return self.scoring.allow_na and item.na

    @cached_property
    def plain(self) -> bool:
        """Scored as before scales and weights existed: whole-item counting suffices."""
        return not self.scoring.scale and all(i.weight == 1 for i in self.items)


@dataclass(frozen=True)
class Answer:
    """One answer as written, plus what scoring as of a date made of it.

    ``checked`` is when its evidence was last confirmed (None: the snapshot's date);
    ``until`` is how long an ``na`` holds. ``counts_as`` is never read from a file:
    scoring as of a date sets it when the answer counts as something other than its
    status there (``unassessed`` for an expired ``na``; ``partial`` or ``todo`` for
    expired evidence under the rubric's ``expired_evidence`` policy).
    """

    item: str
    status: str  # done, partial, todo, na, or an id of the rubric's scale
    evidence: tuple[str, ...] = ()
    note: str | None = None
    checked: dt.date | None = None
    until: dt.date | None = None
    counts_as: str | None = None
    source: str | None = None  # "probe": proposed by ``maturity probe``, not typed by a person
    probes: tuple[str, ...] = ()  # the probes that proposed it
    commit: str | None = None  # the commit of the system's repository the probes read
    kind: str | None = None  # a scale answer: its counts_as (done, partial, todo)

    @property
    def plain(self) -> str:
        """done, partial, todo or na: a scale answer by its ``counts_as``."""
        return self.kind or self.status

    @property
    def counted(self) -> str:
        """The status this answer counts as (done, partial, todo, na or unassessed)."""
        return self.counts_as or self.kind or self.status


@dataclass(frozen=True)
class PlanEntry:
    """One line of a snapshot's improvement plan."""

    item: str
    priority: int
    task: str | None = None
    owner: str | None = None
    effort: str | None = None
    due: str | None = None
    blocker: str | None = None


def _frozen(mapping: Mapping[str, object] | None = None) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class GridNote:
    """The evidence and note behind one grid answer (``grid_notes: {dimension: …}``)."""

    evidence: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """One dated assessment of one system against one rubric version."""

    system: str
    date: dt.date
    rubric: str  # "id@version"
    assessors: tuple[str, ...]
    answers: Mapping[str, Answer] = field(default_factory=lambda: MappingProxyType({}))
    declared: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    plan: tuple[PlanEntry, ...] = ()
    summary: str | None = None
    path: str = ""
    grid: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    grid_notes: Mapping[str, GridNote] = field(default_factory=lambda: MappingProxyType({}))

    def status(self, item_id: str) -> str:
        """The status the item counts as, or ``"unassessed"`` when the snapshot does not
        mention it (as written, unless scoring as of a date changed what it counts as)."""
        answer = self.answers.get(item_id)
        return answer.counted if answer else UNASSESSED


@dataclass(frozen=True)
class System:
    """One ML system: its metadata and its snapshots, oldest first."""

    id: str
    name: str
    owner: str
    description: str
    snapshots: tuple[Snapshot, ...]
    target_level: int | None = None
    target_date: dt.date | None = None
    tags: tuple[str, ...] = ()
    path: str = ""
    profile: str | None = None  # a Profile id (rubrics/profiles/<id>.yaml)
    repository: Repository | None = None  # where the system's code is (system.yaml)

    @property
    def current(self) -> Snapshot:
        return self.snapshots[-1]

    @property
    def previous(self) -> Snapshot | None:
        return self.snapshots[-2] if len(self.snapshots) > 1 else None

    def snapshot(self, date: dt.date) -> Snapshot:
        for s in self.snapshots:
            if s.date == date:
                return s
        raise KeyError(date)

    def newest_on(self, day: dt.date) -> Snapshot | None:
        """The newest snapshot on or before ``day`` (``None``: none yet): the one rule of
        which snapshot stands on a date."""
        found = None
        for snapshot in self.snapshots:  # oldest first
            if snapshot.date > day:
                break
            found = snapshot
        return found

    def until(self, day: dt.date) -> System | None:
        """The system as it stood on ``day``: its snapshots of that day and before
        (``None`` when it had none yet)."""
        newest = self.newest_on(day)
        if newest is None:
            return None
        return dataclasses.replace(self, snapshots=self.snapshots[: self.snapshots.index(newest) + 1])

    def snapshot_at(self, date: dt.date | None) -> Snapshot:
        """The snapshot of ``date``, or the newest one when ``date`` is None.

        Raises ``NotFound`` naming the dates the system has.
        """
        if date is None:
            return self.current
        try:
            return self.snapshot(date)
        except KeyError:
            dates = ", ".join(str(s.date) for s in self.snapshots)
            raise NotFound(f"{self.id} has no snapshot of {date} (it has: {dates})") from None


Rule = Literal["all_of", "any_of"]
RULES: tuple[Rule, ...] = ("all_of", "any_of")


@dataclass(frozen=True)
class Derivation:
    """How one target item's answer is derived: a rule over source item ids."""

    rule: Rule
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RubricMapping:
    """One direction between two rubric versions (``rubrics/mappings/<from>--<to>.yaml``)."""

    source: str  # "id@version"
    target: str  # "id@version"
    identity: bool
    items: Mapping[str, Derivation] = field(default_factory=lambda: MappingProxyType({}))
    unmapped: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    path: str = ""

    @property
    def name(self) -> str:
        """``<from>--<to>``, the file's stem, as JSON and views name the mapping."""
        return f"{self.source}--{self.target}"

    def derivation(self, target_item: str, source_ids: Iterable[str]) -> Derivation | None:
        """The rule behind one target item: its own, identity's, or ``None`` (unassessed)."""
        if target_item in self.items:
            return self.items[target_item]
        if self.identity and target_item in set(source_ids):
            return Derivation("all_of", (target_item,))
        return None


@dataclass(frozen=True)
class Profile:
    """The items of a rubric that do not apply to a kind of system, each with the reason."""

    id: str
    rubric: str  # "id@version"
    title: str
    na: Mapping[str, str]
    description: str = ""
    valid_days: int | None = None  # `new --profile` writes until: date + valid_days
    path: str = ""

    def beyond(self, snapshot: Snapshot) -> tuple[str, ...]:
        """The snapshot's ``na`` answers the profile does not name."""
        return tuple(i for i, a in snapshot.answers.items() if a.status == "na" and i not in self.na)


@dataclass(frozen=True)
class Campaign:
    """A goal for many systems by a date (``campaigns/<id>.yaml``).

    The target is the overall level (``dimension`` None) or one dimension's level.
    The selector keys all have to match: every tag in ``tags``, the ``owner``, the
    ``rubric`` of the newest snapshot (``id`` for any version, or ``id@version``), and
    the system ids in ``systems``; an empty selector takes every system.
    """

    id: str
    title: str
    level: int
    deadline: dt.date
    dimension: str | None = None
    tags: tuple[str, ...] = ()
    owner: str | None = None
    rubric: str | None = None
    systems: tuple[str, ...] = ()
    path: str = ""

    @property
    def target_text(self) -> str:
        """``level 2 overall`` or ``monitoring at level 2``."""
        return f"{self.dimension} at level {self.level}" if self.dimension else f"level {self.level} overall"


@dataclass(frozen=True)
class Portfolio:
    """Everything under one root: rubrics by ``id@version``, systems and campaigns by id."""

    root: str
    rubrics: Mapping[str, Rubric]
    systems: tuple[System, ...]
    mappings: Mapping[str, RubricMapping] = field(default_factory=lambda: MappingProxyType({}))
    profiles: Mapping[str, Profile] = field(default_factory=lambda: MappingProxyType({}))

    def profile_of(self, system: System) -> Profile | None:
        return self.profiles.get(system.profile) if system.profile else None
    campaigns: tuple[Campaign, ...] = ()

    def campaign(self, campaign_id: str) -> Campaign:
        for c in self.campaigns:
            if c.id == campaign_id:
                return c
        raise KeyError(campaign_id)

    def system(self, system_id: str) -> System:
        for s in self.systems:
            if s.id == system_id:
                return s
        raise KeyError(system_id)

    def rubric_for(self, snapshot: Snapshot) -> Rubric:
        return self.rubrics[snapshot.rubric]
