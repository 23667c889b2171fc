"""Notebook parameters, checked: what papermill passes in, made into the core's values.

A notebook's first cell calls these; each raises a named error (``NotFound``,
``UsageError``) that names the parameter, repeats the value and says what is valid, so a
notebook with a broken parameter fails in its first cell, not deep in a chart. The
analyses themselves are ``maturity.core.analysis`` (typed, no parsing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from maturity.core import analysis
from maturity.core.calendar import date_or_none
from maturity.core.lookup import listing, resolve_rubric, unknown
from maturity.core.model import Portfolio, Rubric, Snapshot, System
from maturity.errors import NotFound, UsageError
from maturity.store.layout import find_root, require_root

LATEST = "latest"  # snapshot parameter: the newest snapshot
TODAY = "today"  # as_of parameter: today's date
ALL = "all"  # systems parameter: every system


def root(value: object, start: Path | None = None) -> Path:
    """The ``root`` parameter: a folder that holds ``assessments/`` (or ``rubrics/``), or
    ``""`` for the start folder or the nearest parent that is an assessment repository."""
    if str(value or "").strip():
        path = Path(str(value))
        try:
            require_root(path)
        except NotFound as error:
            raise NotFound(f"root={str(value)!r}: {error}") from None
        return path
    try:
        return find_root(start or Path.cwd())
    except NotFound as error:
        raise NotFound(f"{error}; set the root parameter to the folder that holds them") from None


def param_date(value: object, name: str, special: str) -> dt.date | None:
    """A date parameter: ``None``, ``""`` or ``special`` mean "not given" (``None``).

    Papermill passes dates as text or as dates; the message names the parameter. (User
    input on the command line goes through ``core.calendar.parse_date``; both read
    ``YYYY-MM-DD`` with ``core.calendar.date_or_none``.)
    """
    if value is None or (isinstance(value, str) and value.strip() in ("", special)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (found := date_or_none(value.strip())) is not None:
        return found
    raise UsageError(f"{name}={value!r} is not a date: give YYYY-MM-DD or {special!r}")


def pick_system(portfolio: Portfolio, system_id: object) -> System:
    """The system of that id; ``""`` (or ``None``): the first by id of those with a
    snapshot (the review page ``init`` writes shows the same one)."""
    known = [s.id for s in portfolio.systems]
    if system_id is None or (isinstance(system_id, str) and not system_id.strip()):
        assessed = [s for s in portfolio.systems if s.snapshots]
        if not assessed:
            raise NotFound("no systems yet: `maturity new SYSTEM --rubric google-mlops` adds the first")
        return min(assessed, key=lambda s: s.id)
    if isinstance(system_id, str):
        for system in portfolio.systems:
            if system.id == system_id:
                return system
    raise NotFound(f"system={system_id!r}: {unknown('system', system_id, known)}")


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


def pick_rubric(portfolio: Portfolio, ref: object, snapshots: Iterable[Snapshot]) -> Rubric:
    """A rubric by ``id@version`` or ``id`` (its newest version); empty: the most used one."""
    if ref is None or (isinstance(ref, str) and not ref.strip()):
        used = analysis.most_used_rubric(portfolio, snapshots)
        if used is None:
            raise UsageError("no snapshot to analyse: the portfolio has no assessment")
        return used
    if not isinstance(ref, str):
        raise NotFound(f"rubric={ref!r} is not a rubric reference: the rubrics are: "
                       f"{listing(portfolio.rubrics)}")
    try:
        return resolve_rubric(portfolio.rubrics, ref)
    except NotFound as error:
        raise NotFound(f"rubric={ref!r}: {error} ('' for the most used)") from None


# --- the notebooks' entry points: parameters in, the core's analyses out ---------------


def system_report(
    portfolio: Portfolio, system: object, snapshot: object = LATEST, target_level: object = None
) -> analysis.SystemReport:
    """One system at one snapshot (``system_report`` notebook)."""
    found = pick_system(portfolio, system)
    chosen = pick_snapshot(found, param_date(snapshot, "snapshot", LATEST))
    target = pick_target(portfolio.rubric_for(chosen), target_level)
    return analysis.system_report(portfolio, found, chosen, target)


def portfolio_view(
    portfolio: Portfolio, rubric: object = "", as_of: object = TODAY, today: dt.date | None = None
) -> analysis.PortfolioView:
    """Every system's newest snapshot on or before ``as_of`` that uses the rubric
    (``portfolio`` notebook)."""
    when = param_date(as_of, "as_of", TODAY) or today or dt.date.today()
    current = [s for s in analysis.snapshots_as_of(portfolio, when).values() if s is not None]
    firsts = [s.snapshots[0].date for s in portfolio.systems if s.snapshots]
    first = f" (the first snapshot is of {min(firsts)})" if firsts else ""
    if not current:
        raise UsageError(f"as_of={str(when)!r}: no system has a snapshot on or before it{first}")
    chosen = pick_rubric(portfolio, rubric, current)
    view = analysis.portfolio_view(portfolio, chosen, when)
    if not view.rows:
        raise UsageError(f"as_of={str(when)!r}, rubric={chosen.ref!r}: no system has a snapshot "
                         f"then with that rubric{first}")
    return view


def trends(portfolio: Portfolio, systems: object = ALL, since: object = "",
           rubric: object = "") -> analysis.Trends:
    """Levels quarter by quarter and each system's change (``trends`` notebook)."""
    chosen_systems = pick_systems(portfolio, systems)
    start = param_date(since, "since", "")
    chosen = pick_rubric(portfolio, rubric, [s for sys in chosen_systems for s in sys.snapshots])
    dates = [s.date for sys in chosen_systems for s in sys.snapshots if s.rubric == chosen.ref]
    if not dates:
        raise UsageError(f"rubric={chosen.ref!r}: none of the chosen systems has a snapshot with it")
    if start is not None and start > max(dates):
        raise UsageError(f"since={str(start)!r} is after every snapshot of the chosen systems "
                         f"(the newest is of {max(dates)})")
    return analysis.trends(portfolio, chosen_systems, start, chosen)
