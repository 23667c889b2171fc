"""Analyses behind the notebooks: one system's report, the portfolio, trends over time.

Pure functions over a loaded ``Portfolio``: no papermill, no IPython, no plotting. The
notebooks call them for every number, so what a notebook shows is what the package
computes. Each entry point checks its parameters first and raises a named error
(``NotFound``, ``UsageError``) whose message says what is wrong and what is valid, so
a notebook with a broken parameter fails in its first cell, not deep in a chart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

from maturity.core.gaps import Gaps, compute_gaps
from maturity.core.lookup import listing, suggest
from maturity.core.model import Portfolio, Rubric, Snapshot, System
from maturity.core.portfolio import STALE_AFTER_DAYS, history
from maturity.core.scoring import SnapshotScore, score_snapshot
from maturity.errors import NotFound, UsageError

LATEST = "latest"  # snapshot parameter: the newest snapshot
TODAY = "today"  # as_of parameter: today's date
ALL = "all"  # systems parameter: every system


# --- parameter checks -----------------------------------------------------------------


def find_root(root: str | Path, start: Path | None = None) -> Path:
    """The assessment repository: the folder holding ``assessments/`` (and maybe ``rubrics/``).

    An empty ``root`` means the start folder (default: the current one) or the nearest
    parent that has ``assessments/`` beside ``rubrics/`` or ``mkdocs.yml``, so a notebook
    opened from ``notebooks/`` finds the repository (a stray ``assessments/`` folder
    alone does not count). The built-in rubrics need no ``rubrics/`` folder.
    """
    if str(root).strip():
        path = Path(root)
        if not ((path / "assessments").is_dir() or (path / "rubrics").is_dir()):
            raise NotFound(f"root={str(root)!r}: no assessments/ or rubrics/ folder there; give "
                           "the folder that holds assessments/")
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "assessments").is_dir() and (
            (folder / "rubrics").is_dir() or (folder / "mkdocs.yml").is_file()
        ):
            return folder
    raise NotFound(f"no assessment repository (assessments/ beside rubrics/ or mkdocs.yml) in "
                   f"{here} or its parents; set the root parameter to the folder that holds them")


def parse_date(value: object, name: str, special: str) -> dt.date | None:
    """A date parameter: ``None``, ``""`` or ``special`` mean "not given" (``None``)."""
    if value is None or (isinstance(value, str) and value.strip() in ("", special)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f"{name}={value!r} is not a date: give YYYY-MM-DD or {special!r}")


def pick_system(portfolio: Portfolio, system_id: object) -> System:
    known = [s.id for s in portfolio.systems]
    if isinstance(system_id, str):
        for system in portfolio.systems:
            if system.id == system_id:
                return system
    hint = suggest(system_id, known) if isinstance(system_id, str) else ""
    raise NotFound(f"system={system_id!r} is not a system of this portfolio{hint}; "
                   f"the systems are: {listing(known)}")


def pick_systems(portfolio: Portfolio, value: object) -> tuple[System, ...]:
    """``"all"`` (or empty), ids separated by commas, or a list of ids."""
    if value is None or (isinstance(value, str) and value.strip() in ("", ALL)):
        return portfolio.systems
    if isinstance(value, str):
        ids = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        ids = [str(v) for v in value]
    else:
        raise UsageError(f"systems={value!r}: give 'all', ids separated by commas, or a list of ids")
    return tuple(pick_system(portfolio, i) for i in dict.fromkeys(ids))


def pick_snapshot(system: System, when: dt.date | None) -> Snapshot:
    """The snapshot of that date, or the newest one when ``when`` is ``None``."""
    try:
        return system.snapshot_at(when)
    except NotFound as error:  # named as the notebook parameter it came from
        raise NotFound(f"snapshot={str(when)!r}: {error} (or 'latest')") from None


def pick_target(rubric: Rubric, target: object) -> int | None:
    """A target level within the rubric's levels, or ``None`` for the default target."""
    if target is None or (isinstance(target, str) and target.strip() in ("", "None")):
        return None
    level: int | None = None
    if isinstance(target, int) and not isinstance(target, bool):
        level = target
    elif isinstance(target, str) and target.strip().isdigit():
        level = int(target)
    if level is None or not rubric.min_level <= level <= rubric.max_level:
        raise UsageError(f"target_level={target!r} is not a level of {rubric.ref}: give "
                         f"{rubric.min_level}–{rubric.max_level}, or None for the system's target")
    return level


def _snapshot_as_of(system: System, as_of: dt.date | None) -> Snapshot | None:
    """The newest snapshot on or before ``as_of`` (the newest of all when ``None``)."""
    found = [s for s in system.snapshots if as_of is None or s.date <= as_of]
    return found[-1] if found else None


def pick_rubric(portfolio: Portfolio, ref: object, snapshots: Iterable[Snapshot]) -> Rubric:
    """A rubric by ``id@version`` or ``id`` (its newest version); empty: the most used one."""
    used = Counter(s.rubric for s in snapshots)
    known = sorted(portfolio.rubrics)
    if ref is None or (isinstance(ref, str) and not ref.strip()):
        if not used:
            raise UsageError("no snapshot to analyse: the portfolio has no assessment")
        ref_used = sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return portfolio.rubrics[ref_used]
    if isinstance(ref, str):
        text = ref.strip()
        if text in portfolio.rubrics:
            return portfolio.rubrics[text]
        versions = [r for r in portfolio.rubrics.values() if r.id == text]
        if versions:
            return max(versions, key=lambda r: r.version)
    hint = suggest(ref, known) if isinstance(ref, str) else ""
    raise NotFound(f"rubric={ref!r} is not a rubric of this portfolio{hint}; the rubrics are: "
                   f"{listing(known)} (an id alone means its newest version; '' the most used)")


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


@dataclass(frozen=True)
class SystemReport:
    system: System
    snapshot: Snapshot
    rubric: Rubric
    gaps: Gaps
    history: tuple[SnapshotScore, ...]  # oldest first, up to the snapshot

    @property
    def score(self) -> SnapshotScore:
        return self.gaps.score

    @property
    def target(self) -> int:
        return self.gaps.target

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
    portfolio: Portfolio, system: object, snapshot: object = LATEST, target_level: object = None
) -> SystemReport:
    """One system at one snapshot: levels, gaps to the target, history up to that snapshot."""
    found = pick_system(portfolio, system)
    chosen = pick_snapshot(found, parse_date(snapshot, "snapshot", LATEST))
    rubric = portfolio.rubric_for(chosen)
    target = pick_target(rubric, target_level)
    gaps = compute_gaps(found, rubric, target, chosen)
    scored = tuple(h for h in history(portfolio, found) if h.snapshot.date <= chosen.date)
    return SystemReport(found, chosen, rubric, gaps, scored)


# --- the portfolio --------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    """One system as of a date: its newest snapshot then, scored, and how old it was."""

    system: System
    score: SnapshotScore
    age_days: int
    gaps: Gaps  # to the system's target, or the next level

    @property
    def snapshot(self) -> Snapshot:
        return self.score.snapshot

    @property
    def stale(self) -> bool:
        return self.age_days > STALE_AFTER_DAYS

    @property
    def target(self) -> int:
        return self.gaps.target


@dataclass(frozen=True)
class PortfolioView:
    rubric: Rubric
    as_of: dt.date
    rows: tuple[PortfolioRow, ...]  # lowest overall level first, then by name
    skipped: Mapping[str, str]  # system id -> why it is not in the view


def portfolio_view(
    portfolio: Portfolio, rubric: object = "", as_of: object = TODAY, today: dt.date | None = None
) -> PortfolioView:
    """Every system's newest snapshot on or before ``as_of`` that uses the rubric."""
    when = parse_date(as_of, "as_of", TODAY) or today or dt.date.today()
    current = {s.id: _snapshot_as_of(s, when) for s in portfolio.systems}
    firsts = [s.snapshots[0].date for s in portfolio.systems if s.snapshots]
    first = f" (the first snapshot is of {min(firsts)})" if firsts else ""
    if all(snap is None for snap in current.values()):
        raise UsageError(f"as_of={str(when)!r}: no system has a snapshot on or before it{first}")
    chosen = pick_rubric(portfolio, rubric, [s for s in current.values() if s is not None])
    rows, skipped = [], {}
    for system in portfolio.systems:
        snap = current[system.id]
        if snap is None:
            skipped[system.id] = f"no snapshot on or before {when}"
        elif snap.rubric != chosen.ref:
            skipped[system.id] = f"assessed with {snap.rubric}"
        else:
            rows.append(
                PortfolioRow(system, score_snapshot(chosen, snap, when), (when - snap.date).days,
                             compute_gaps(system, chosen, None, snap, when))
            )
    if not rows:
        raise UsageError(f"as_of={str(when)!r}, rubric={chosen.ref!r}: no system has a snapshot "
                         f"then with that rubric{first}")
    rows.sort(key=lambda r: (r.score.overall.level, r.system.name.lower()))
    return PortfolioView(chosen, when, tuple(rows), MappingProxyType(skipped))


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
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_end(label: str) -> dt.date:
    year, q = int(label[:4]), int(label[-1])
    month = 3 * q
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def quarters_between(first: dt.date, last: dt.date) -> tuple[str, ...]:
    labels = []
    year, q = first.year, (first.month - 1) // 3 + 1
    while (year, q) <= (last.year, (last.month - 1) // 3 + 1):
        labels.append(f"{year}-Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return tuple(labels)


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


def trends(portfolio: Portfolio, systems: object = ALL, since: object = "", rubric: object = "") -> Trends:
    """Levels quarter by quarter (as of each quarter's end) and each system's change.

    Only snapshots on the rubric count. A system's change runs from its newest snapshot
    on or before ``since`` (else its first snapshot after it) to its newest snapshot.
    """
    chosen_systems = pick_systems(portfolio, systems)
    start = parse_date(since, "since", "")
    chosen = pick_rubric(portfolio, rubric, [s for sys in chosen_systems for s in sys.snapshots])
    kept: list[tuple[System, tuple[SnapshotScore, ...]]] = []
    skipped = {}
    for system in chosen_systems:
        scored = tuple(score_snapshot(chosen, s) for s in system.snapshots if s.rubric == chosen.ref)
        if scored:
            kept.append((system, scored))
        else:
            skipped[system.id] = f"no snapshot with {chosen.ref}"
    if not kept:
        raise UsageError(f"rubric={chosen.ref!r}: none of the chosen systems has a snapshot with it")
    newest = max(h[-1].snapshot.date for _, h in kept)
    if start is not None and start > newest:
        raise UsageError(f"since={str(start)!r} is after every snapshot of the chosen systems "
                         f"(the newest is of {newest})")
    first = start or min(h[0].snapshot.date for _, h in kept)
    labels = quarters_between(first, newest)
    ends = [quarter_end(q) for q in labels]

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
