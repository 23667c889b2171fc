"""Analyses behind the notebooks: one system's report, the portfolio, trends over time.

Pure functions over a loaded ``Portfolio`` and typed values: no parameter parsing (that
is ``maturity.notebooks.params``), no files, no plotting. The portfolio analyses reuse
``core.portfolio`` (each system as of a date is a ``SystemStatus``), so a notebook and
the site count levels, ages and staleness alike.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

from maturity.core.calendar import Quarter
from maturity.core.gaps import Gaps, compute_gaps
from maturity.core.mapping import system_in
from maturity.core.model import Portfolio, Rubric, Snapshot, System
from maturity.core.portfolio import SystemStatus, history, is_overdue, status_as_of
from maturity.core.scoring import SnapshotScore, score_snapshot


def most_used_rubric(portfolio: Portfolio, snapshots: Iterable[Snapshot]) -> Rubric | None:
    """The rubric most of these snapshots use (ties: the first reference), or ``None``."""
    used = Counter(s.rubric for s in snapshots)
    if not used:
        return None
    return portfolio.rubrics[sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]]


def snapshots_as_of(portfolio: Portfolio, as_of: dt.date) -> dict[str, Snapshot | None]:
    """Each system's newest snapshot on or before ``as_of`` (``None``: none yet), by id."""
    return {
        s.id: s.newest_on(as_of)
        for s in portfolio.systems
    }


# --- one system -----------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionRow:
    """One dimension of one snapshot against the target."""

    id: str
    name: str
    level: int
    upper: int
    target: int
    needed: int  # items still to be done to meet the target
    open: int  # items not done (todo, partial, unassessed) at levels up to the target

    @property
    def levels_to_go(self) -> int:
        return max(0, self.target - self.level)


@dataclass(frozen=True)
class GapRow:
    dimension: str
    level: int
    item: str
    status: str
    text: str
    note: str | None


class _TargetFacts:
    """What a report says about a system's target, from its gaps and score (one wording of
    "to target", "overdue" and "expired evidence" for the system report and the portfolio)."""

    if TYPE_CHECKING:  # given by each report (fields or properties); none at run time
        @property
        def system(self) -> System: ...
        @property
        def gaps(self) -> Gaps: ...
        @property
        def score(self) -> SnapshotScore: ...

    @property
    def target(self) -> int:
        return self.gaps.target

    @property
    def to_target(self) -> int | None:
        """Levels still to climb to the system's own target (0 when met); None without one."""
        own = self.system.target_level
        return None if own is None else max(0, own - self.score.overall.level)

    @property
    def overdue(self) -> bool:
        return is_overdue(self.system, self.score.overall.level, self.score.as_of)

    @property
    def expired_evidence(self) -> int:
        return len(self.score.expired_evidence)


@dataclass(frozen=True)
class SystemReport(_TargetFacts):
    system: System
    snapshot: Snapshot
    rubric: Rubric
    gaps: Gaps
    history: tuple[SnapshotScore, ...]  # oldest first, up to the snapshot

    @property
    def score(self) -> SnapshotScore:
        return self.gaps.score


    def dimension_rows(self) -> tuple[DimensionRow, ...]:
        return tuple(
            DimensionRow(
                id=d.id, name=d.name, level=d.level, upper=d.upper, target=self.target,
                needed=d.needed, open=sum(len(g.open) for g in d.levels),
            )
            for d in self.gaps.dimensions
        )

    def gap_rows(self) -> tuple[GapRow, ...]:
        return tuple(
            GapRow(d.name, g.level, o.item.id, o.status, o.item.text, o.note)
            for d in self.gaps.dimensions
            for g in d.levels
            for o in g.open
        )


def system_report(
    portfolio: Portfolio, system: System, snapshot: Snapshot, target: int | None = None
) -> SystemReport:
    """One system at one snapshot: levels, gaps to the target, history up to that snapshot."""
    rubric = portfolio.rubric_for(snapshot)
    gaps = compute_gaps(system, rubric, target, snapshot)
    scored = tuple(h for h in history(portfolio, system) if h.snapshot.date <= snapshot.date)
    return SystemReport(system, snapshot, rubric, gaps, scored)


# --- the portfolio --------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow(_TargetFacts):
    """One system as of a date (its ``SystemStatus`` then) and its gaps to the target."""

    status: SystemStatus
    gaps: Gaps  # to the system's target, or the next level

    @property
    def system(self) -> System:
        return self.status.system

    @property
    def score(self) -> SnapshotScore:
        return self.status.score

    @property
    def snapshot(self) -> Snapshot:
        return self.status.score.snapshot

    @property
    def age_days(self) -> int:
        return self.status.age_days

    @property
    def stale(self) -> bool:
        return self.status.stale



@dataclass(frozen=True)
class PortfolioView:
    rubric: Rubric
    as_of: dt.date
    rows: tuple[PortfolioRow, ...]  # lowest overall level first, then by name
    skipped: Mapping[str, str]  # system id -> why it is not in the view


def portfolio_view(portfolio: Portfolio, rubric: Rubric, as_of: dt.date) -> PortfolioView:
    """Every system as of ``as_of`` whose newest snapshot then uses the rubric, or uses
    another one with a mapping into it (the crosswalk): that snapshot translated."""
    rows, skipped = [], {}
    for system in portfolio.systems:
        status = status_as_of(portfolio, system, as_of)
        if status is not None and status.rubric.ref != rubric.ref:
            seen, via = system_in(portfolio, system, rubric)  # through the crosswalk
            translated = status_as_of(portfolio, seen, as_of) if via and seen.snapshots else None
            if translated is not None and translated.score.snapshot.date == status.score.snapshot.date:
                status = translated
        if status is None:
            skipped[system.id] = f"no snapshot on or before {as_of}"
        elif status.rubric.ref != rubric.ref:
            skipped[system.id] = f"assessed with {status.rubric.ref} (no mapping into {rubric.ref})"
        else:
            snapshot = status.score.snapshot
            rows.append(PortfolioRow(status, compute_gaps(status.system, rubric, None, snapshot, as_of)))
    rows.sort(key=lambda r: (r.score.overall.level, r.system.name.lower()))
    return PortfolioView(rubric, as_of, tuple(rows), MappingProxyType(skipped))


def level_distribution(view: PortfolioView) -> dict[int, int]:
    """How many systems are at each overall level (every level of the rubric, zeros too)."""
    counts = Counter(r.score.overall.level for r in view.rows)
    return {lv.level: counts.get(lv.level, 0) for lv in view.rubric.levels}


@dataclass(frozen=True)
class Matrix:
    """Systems × dimensions: the level (and upper level) of each cell."""

    systems: tuple[str, ...]  # system ids, in the view's order
    names: tuple[str, ...]  # system names
    dimensions: tuple[str, ...]  # dimension ids, in the rubric's order
    dimension_names: tuple[str, ...]
    levels: tuple[tuple[int, ...], ...]  # one row per system
    uppers: tuple[tuple[int, ...], ...]
    overall: tuple[int, ...]


def dimension_matrix(view: PortfolioView) -> Matrix:
    dims = view.rubric.dimensions
    return Matrix(
        systems=tuple(r.system.id for r in view.rows),
        names=tuple(r.system.name for r in view.rows),
        dimensions=tuple(d.id for d in dims),
        dimension_names=tuple(d.name for d in dims),
        levels=tuple(tuple(r.score.dimensions[d.id].level for d in dims) for r in view.rows),
        uppers=tuple(tuple(r.score.dimensions[d.id].upper for d in dims) for r in view.rows),
        overall=tuple(r.score.overall.level for r in view.rows),
    )


@dataclass(frozen=True)
class Drag:
    """How much one dimension holds the portfolio back."""

    id: str
    name: str
    systems_below: int  # systems whose level in this dimension is below their target
    items_needed: int  # items to be done, summed over systems, to meet each target here
    mean_level: Fraction
    lowest: int  # the lowest level of any system in this dimension


def holding_back(view: PortfolioView) -> tuple[Drag, ...]:
    """Dimensions ranked by how much they hold the portfolio back, most first.

    Most systems below their target (the system's target level, or else the next
    level) in the dimension first, then most items still needed, then the lowest mean
    level; ties keep the rubric's order.
    """
    drags = []
    for dim in view.rubric.dimensions:
        gaps = [next(d for d in r.gaps.dimensions if d.id == dim.id) for r in view.rows]
        levels = [g.level for g in gaps]
        drags.append(
            Drag(
                id=dim.id, name=dim.name,
                systems_below=sum(1 for g, r in zip(gaps, view.rows, strict=True) if g.level < r.target),
                items_needed=sum(g.needed for g in gaps),
                mean_level=Fraction(sum(levels), len(levels)),
                lowest=min(levels),
            )
        )
    order = {d.id: i for i, d in enumerate(view.rubric.dimensions)}
    return tuple(sorted(drags, key=lambda d: (-d.systems_below, -d.items_needed, d.mean_level,
                                              order[d.id])))


def stale_rows(view: PortfolioView) -> tuple[PortfolioRow, ...]:
    """Systems whose newest snapshot is older than a quarter at ``as_of``, oldest first."""
    return tuple(sorted((r for r in view.rows if r.stale), key=lambda r: (-r.age_days, r.system.id)))


# --- trends ---------------------------------------------------------------------------


def quarter(day: dt.date) -> str:
    """The label of the quarter ``day`` is in (``2026-Q4``)."""
    return Quarter.of(day).label


def quarters_between(first: dt.date, last: dt.date) -> tuple[str, ...]:
    """The labels of every quarter from ``first``'s to ``last``'s."""
    return tuple(q.label for q in Quarter.between(first, last))


@dataclass(frozen=True)
class Change:
    """One system from its level at ``since`` (or its first snapshot) to its newest one."""

    system: System
    before: SnapshotScore
    after: SnapshotScore
    dimensions: Mapping[str, tuple[int, int]]  # dimension id -> (level before, level after)

    @property
    def delta(self) -> int:
        return self.after.overall.level - self.before.overall.level

    @property
    def up(self) -> tuple[str, ...]:
        return tuple(d for d, (a, b) in self.dimensions.items() if b > a)

    @property
    def down(self) -> tuple[str, ...]:
        return tuple(d for d, (a, b) in self.dimensions.items() if b < a)

    @property
    def verdict(self) -> str:
        """improved, regressed, mixed, unchanged, or "not reassessed".

        "not reassessed" when there is nothing to compare: no snapshot after the start.
        Otherwise the overall level decides; when it did not move, the dimensions do
        (mixed when some went up and others down).
        """
        if self.before.snapshot is self.after.snapshot:
            return "not reassessed"
        if self.delta:
            return "improved" if self.delta > 0 else "regressed"
        if self.up and self.down:
            return "mixed"
        if self.up or self.down:
            return "improved" if self.up else "regressed"
        return "unchanged"


@dataclass(frozen=True)
class Trends:
    rubric: Rubric
    since: dt.date | None
    quarters: tuple[str, ...]
    systems: tuple[System, ...]
    # system id -> overall level as of each quarter's end (None before its first snapshot)
    levels: Mapping[str, tuple[int | None, ...]]
    # dimension id -> mean level over the systems assessed by each quarter's end
    dimension_means: Mapping[str, tuple[Fraction | None, ...]]
    assessed: tuple[int, ...]  # snapshots taken in each quarter
    changes: tuple[Change, ...]
    skipped: Mapping[str, str]

    @property
    def mean_levels(self) -> tuple[Fraction | None, ...]:
        means: list[Fraction | None] = []
        for i in range(len(self.quarters)):
            values = [v[i] for v in self.levels.values() if v[i] is not None]
            means.append(Fraction(sum(v for v in values if v is not None), len(values))
                         if values else None)
        return tuple(means)


def trends(
    portfolio: Portfolio, systems: Iterable[System], since: dt.date | None, rubric: Rubric
) -> Trends:
    """Levels quarter by quarter (as of each quarter's end) and each system's change.

    Only snapshots on the rubric count; snapshots assessed against another rubric with a
    mapping into this one are translated through it. A system's change runs from its newest snapshot
    on or before ``since`` (else its first snapshot after it) to its newest snapshot.
    Systems without a snapshot on the rubric are ``skipped``.
    """
    start, chosen = since, rubric
    kept: list[tuple[System, tuple[SnapshotScore, ...]]] = []
    skipped = {}
    for system in systems:
        system, _ = system_in(portfolio, system, chosen)  # other models through the crosswalk
        scored = tuple(score_snapshot(chosen, s) for s in system.snapshots if s.rubric == chosen.ref)
        if scored:
            kept.append((system, scored))
        else:
            skipped[system.id] = f"no snapshot with {chosen.ref}"
    if not kept:
        return Trends(chosen, start, (), (), MappingProxyType({}), MappingProxyType({}), (), (),
                      MappingProxyType(skipped))
    newest = max(h[-1].snapshot.date for _, h in kept)
    first = start or min(h[0].snapshot.date for _, h in kept)
    labels = quarters_between(first, newest)
    ends = [Quarter.parse(q).end for q in labels]

    def as_of(scored: tuple[SnapshotScore, ...], day: dt.date) -> SnapshotScore | None:
        found = [h for h in scored if h.snapshot.date <= day]
        return found[-1] if found else None

    levels: dict[str, tuple[int | None, ...]] = {}
    states: list[list[SnapshotScore]] = [[] for _ in labels]
    for system, scored in kept:
        row: list[int | None] = []
        for i, end in enumerate(ends):
            state = as_of(scored, end)
            row.append(None if state is None else state.overall.level)
            if state is not None:
                states[i].append(state)
        levels[system.id] = tuple(row)
    means = {
        d.id: tuple(
            Fraction(sum(s.dimensions[d.id].level for s in quarter_states), len(quarter_states))
            if quarter_states else None
            for quarter_states in states
        )
        for d in chosen.dimensions
    }
    taken = Counter(quarter(h.snapshot.date) for _, scored in kept for h in scored
                    if start is None or h.snapshot.date > start)
    changes = []
    for system, scored in kept:
        before = (as_of(scored, start) if start is not None else None) or next(
            (h for h in scored if start is None or h.snapshot.date > start), scored[-1])
        after = scored[-1]
        dims = {d.id: (before.dimensions[d.id].level, after.dimensions[d.id].level)
                for d in chosen.dimensions}
        changes.append(Change(system, before, after, MappingProxyType(dims)))
    return Trends(
        rubric=chosen, since=start, quarters=labels, systems=tuple(s for s, _ in kept),
        levels=MappingProxyType(levels), dimension_means=MappingProxyType(means),
        assessed=tuple(taken.get(q, 0) for q in labels), changes=tuple(changes),
        skipped=MappingProxyType(skipped),
    )
