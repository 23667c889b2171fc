"""The scoring rule, exactly as PRODUCT.md states it.

For a set of items (one dimension at one level, or every dimension at one level for
the overall score) the applicable items are those not ``na``; credit is 1 for
``done``, ``partial_credit`` for ``partial`` and 0 otherwise; the level is met when
``credit >= threshold * applicable``, compared with exact fractions. A level whose
items are all ``na`` is met. Level 0 is always met. With ``cumulative`` a level
counts only when every lower level is met; the level is the highest level that
counts. Unassessed items make a range: ``level`` counts them as not done, ``upper``
counts them as done.

Scope: a level at which a set has no items at all is outside the set's scope. It
neither raises the level nor blocks a higher one, so a set's level is at most its
highest level with items, and a set whose only items sit at level 4 is at level 0
until they are met.

Answers over time: a snapshot is scored as of a date (its own date unless told). An
``na`` whose ``until`` is earlier than that date counts as unassessed (finding
``na-expired``). With ``scoring.evidence_valid_days: N`` a ``done`` or ``partial``
answer checked (``checked``, else the snapshot's date) more than N days before that
date has expired evidence (finding ``evidence-expired``) and counts as the rubric's
``expired_evidence`` says: ``keep`` (as written), ``partial`` (a done answer counts
as partial) or ``todo``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType

from maturity.core.methods import classify
from maturity.core.model import UNASSESSED, Answer, Item, Rubric, Snapshot

OVERALL = "overall"
DECLARED_LEVEL = "declared-level"
EVIDENCE_EXPIRED = "evidence-expired"
NA_EXPIRED = "na-expired"


@dataclass(frozen=True)
class Tally:
    """The items of one dimension (or all of them) at one level, and whether it is met."""

    level: int
    items: tuple[str, ...]
    done: int
    partial: int
    todo: int
    na: int
    unassessed: int
    credit: Fraction
    required: Fraction
    met: bool
    met_upper: bool
    items_na: tuple[str, ...] = ()
    possible: Fraction | None = None  # weighted rubrics: the applicable items' full credit
    upper_credit: Fraction | None = None  # weighted rubrics: the credit with unassessed done

    @property
    def applicable(self) -> int:
        return len(self.items) - self.na

    @property
    def full(self) -> Fraction:
        """What the applicable items give when all are done (their count, unless weighted)."""
        return Fraction(self.applicable) if self.possible is None else self.possible

    @property
    def credit_upper(self) -> Fraction:
        if self.upper_credit is not None:
            return self.upper_credit
        return self.credit + self.unassessed

    @property
    def in_scope(self) -> bool:
        """The set has items at this level; a level without items is outside its scope."""
        return bool(self.items)

    @property
    def all_na(self) -> bool:
        """No applicable item: met by definition (shown as such)."""
        return self.applicable == 0

    @property
    def ratio(self) -> Fraction | None:
        """Credit over applicable items, ``None`` when nothing applies."""
        return None if self.applicable == 0 or not self.full else self.credit / self.full


@dataclass(frozen=True)
class Score:
    """A level range and the tallies behind it, for one dimension or overall."""

    level: int
    upper: int
    tallies: tuple[Tally, ...]
    points: tuple[Fraction, Fraction] | None = None  # points method: the score range
    span: tuple[int, ...] | None = None  # points and grid: the levels the set can reach
    open: int | None = None  # points and grid: unassessed items (unanswered columns)
    method: str = "levels"

    @property
    def low(self) -> Fraction | None:
        """Points method: the score counting unassessed items as 0."""
        return None if self.points is None else self.points[0]

    @property
    def high(self) -> Fraction | None:
        """Points method: the score counting unassessed items as fully done."""
        return None if self.points is None else self.points[1]

    @property
    def complete(self) -> bool:
        """The range is one level: no unassessed item could change it."""
        return self.level == self.upper

    @property
    def scope(self) -> tuple[int, ...]:
        """The scored levels at which the set has items, lowest first."""
        if self.span is not None:
            return self.span
        return tuple(t.level for t in self.tallies if t.in_scope)

    @property
    def scope_complete(self) -> bool:
        """Every level in the scope counts: nothing higher is left for this set.

        (Shown as "complete" in views and JSON; ``complete`` above is about the
        range.) A set without any item has nothing to complete.
        """
        if self.span is not None:
            return bool(self.span) and self.level >= self.span[-1]
        return bool(self.scope) and all(t.met for t in self.tallies if t.in_scope)

    @property
    def unassessed(self) -> int:
        if self.open is not None:
            return self.open
        return sum(t.unassessed for t in self.tallies)

    def tally(self, level: int) -> Tally:
        for t in self.tallies:
            if t.level == level:
                return t
        raise KeyError(level)


@dataclass(frozen=True)
class Finding:
    """Something the scores alone do not show.

    ``declared-level``: a declared level outside the computed range (``declared``,
    ``level``, ``upper``), with the ``items`` that explain it. ``evidence-expired`` and
    ``na-expired``: one answer (``item``) that aged as of the scoring date; ``date``
    is when its evidence was checked, or the ``na``'s ``until``, and ``counts_as`` what
    it counts as now.
    """

    kind: str
    dimension: str
    declared: int | None
    level: int | None
    upper: int | None
    items: tuple[str, ...]
    message: str
    item: str | None = None
    date: dt.date | None = None
    counts_as: str | None = None


@dataclass(frozen=True)
class SnapshotScore:
    """One snapshot scored as of a date. ``snapshot`` is the snapshot as it counts then:
    its answers carry ``counts_as`` where they aged (``Snapshot.status`` reads it)."""

    rubric: Rubric
    snapshot: Snapshot
    overall: Score
    dimensions: Mapping[str, Score]
    findings: tuple[Finding, ...]
    as_of: dt.date

    @property
    def unassessed(self) -> int:
        return self.overall.unassessed

    def aged(self, kind: str) -> dict[str, Finding]:
        """The findings of one ageing kind (``evidence-expired``, ``na-expired``) by item."""
        return {f.item: f for f in self.findings if f.kind == kind and f.item is not None}

    @property
    def expired_evidence(self) -> tuple[str, ...]:
        """The items whose evidence has expired as of the scoring date."""
        return tuple(self.aged(EVIDENCE_EXPIRED))


def answer_credit(rubric: Rubric, snapshot: Snapshot, item_id: str) -> Fraction:
    """The credit of one answered, applicable item: its scale step's, or (answers that
    aged, plain statuses) the credit of what it counts as."""
    answer = snapshot.answers.get(item_id)
    if answer is None:
        return Fraction(0)
    if answer.counts_as is not None:
        return rubric.scoring.class_credit(answer.counts_as)
    return rubric.scoring.credit(answer.status)


def _weighted_tally(
    rubric: Rubric, snapshot: Snapshot, level: int, items: tuple[Item, ...]
) -> Tally:
    """A tally with a scale or weights: credit × weight over applicable weight × top."""
    counts = {"done": 0, "partial": 0, "todo": 0, "na": 0, UNASSESSED: 0}
    top = rubric.scoring.top_credit
    credit = possible = upper = Fraction(0)
    na: list[str] = []
    for item in items:
        kind = snapshot.status(item.id)
        counts[kind] += 1
        if kind == "na":
            na.append(item.id)
            continue
        possible += item.weight * top
        if kind == UNASSESSED:
            upper += item.weight * top
            continue
        got = answer_credit(rubric, snapshot, item.id) * item.weight
        credit += got
        upper += got
    required = rubric.threshold_at(level) * possible
    return Tally(
        level=level, items=tuple(i.id for i in items), done=counts["done"],
        partial=counts["partial"], todo=counts["todo"], na=counts["na"],
        unassessed=counts[UNASSESSED], credit=credit, required=required,
        met=credit >= required, met_upper=upper >= required, items_na=tuple(na),
        possible=possible, upper_credit=upper,
    )


def tally(rubric: Rubric, snapshot: Snapshot, level: int, items: Iterable[Item]) -> Tally:
    """Count one set of items at one level and decide, exactly, whether it is met."""
    if not rubric.plain:
        return _weighted_tally(rubric, snapshot, level, tuple(items))
    ids = tuple(i.id for i in items)
    counts = {"done": 0, "partial": 0, "todo": 0, "na": 0, UNASSESSED: 0}
    status = snapshot.status
    for item_id in ids:
        counts[status(item_id)] += 1
    # done counts 1, partial its credit, the rest 0: exact, in whole numbers over a
    # common denominator (Fraction arithmetic costs more than the counting)
    partial_credit, threshold = rubric.scoring.partial_credit, rubric.threshold_at(level)
    pn, pd = partial_credit.numerator, partial_credit.denominator
    tn, td = threshold.numerator, threshold.denominator
    applicable = len(ids) - counts["na"]
    credit_n = counts["done"] * pd + counts["partial"] * pn  # credit = credit_n / pd
    required_n = tn * applicable  # required = required_n / td
    upper_n = credit_n + counts[UNASSESSED] * pd
    credit = Fraction(credit_n, pd)
    required = Fraction(required_n, td)
    return Tally(
        level=level,
        items=ids,
        done=counts["done"],
        partial=counts["partial"],
        todo=counts["todo"],
        na=counts["na"],
        unassessed=counts[UNASSESSED],
        credit=credit,
        required=required,
        met=credit_n * td >= required_n * pd,
        met_upper=upper_n * td >= required_n * pd,
        items_na=tuple(i for i in ids if status(i) == "na"),
    )


def level_from(met: Mapping[int, bool], base: int, cumulative: bool) -> int:
    """The highest level that counts, given which levels above ``base`` are met."""
    reached = base
    for level in sorted(met):
        if met[level]:
            reached = level
        elif cumulative:
            break
    return reached


def scoped_level(tallies: Iterable[Tally], base: int, cumulative: bool, upper: bool = False) -> int:
    """The level of a set from its tallies: levels outside its scope are left out."""
    in_scope = [t for t in tallies if t.in_scope]
    met = {t.level: (t.met_upper if upper else t.met) for t in in_scope}
    return level_from(met, base, cumulative)


def _score(rubric: Rubric, snapshot: Snapshot, items: tuple[Item, ...]) -> Score:
    tallies = tuple(
        tally(rubric, snapshot, lv, [i for i in items if i.level == lv])
        for lv in rubric.scored_levels
    )
    cumulative = rubric.scoring.cumulative
    base = rubric.min_level
    return Score(
        level=scoped_level(tallies, base, cumulative),
        upper=scoped_level(tallies, base, cumulative, upper=True),
        tallies=tallies,
    )


def _lowest(pooled: Score, dimensions: Iterable[Score], base: int) -> Score:
    """``overall: lowest``: the lowest dimension level (and upper), the pooled tallies kept."""
    scores = list(dimensions)
    return replace(
        pooled,
        level=min((s.level for s in scores), default=base),
        upper=min((s.upper for s in scores), default=base),
    )


def _marks(rubric: Rubric, level: int, upper: int) -> tuple[Tally, ...]:
    """Item-less tallies for the points and grid methods: level by level, whether the
    score reaches it (views read them as they read the levels method's)."""
    zero = Fraction(0)
    return tuple(
        Tally(level=lv, items=(), done=0, partial=0, todo=0, na=0, unassessed=0, credit=zero,
              required=zero, met=lv <= level, met_upper=lv <= upper)
        for lv in rubric.scored_levels
    )


def band_level(rubric: Rubric, score: Fraction) -> int:
    """The level of the highest band that holds for ``score`` (the lowest level if none)."""
    band = rubric.scoring.band(score)
    return rubric.min_level if band is None else band.level


def _band_span(rubric: Rubric) -> tuple[int, ...]:
    return tuple(sorted({b.level for b in rubric.scoring.bands if b.level > rubric.min_level}))


def points_range(
    rubric: Rubric, snapshot: Snapshot, items: Iterable[Item]
) -> tuple[Fraction, Fraction, int, int]:
    """(low, high, unassessed, applicable) of a set of items: credit × weight over the
    items not ``na``; an unassessed item adds 0 to low and top credit × weight to high."""
    low = high = Fraction(0)
    top = rubric.scoring.top_credit
    open_items = applicable = 0
    for item in items:
        kind = snapshot.status(item.id)
        if kind == "na":
            continue
        applicable += 1
        if kind == UNASSESSED:
            open_items += 1
            high += top * item.weight
            continue
        got = answer_credit(rubric, snapshot, item.id) * item.weight
        low += got
        high += got
    return low, high, open_items, applicable


def _points_score(rubric: Rubric, low: Fraction, high: Fraction, open_items: int) -> Score:
    level, upper = band_level(rubric, low), band_level(rubric, high)
    return Score(level=level, upper=upper, tallies=_marks(rubric, level, upper),
                 points=(low, high), span=_band_span(rubric), open=open_items, method="points")


def aggregate(how: str, values: list[Fraction]) -> Fraction:
    """``min``, ``sum`` or ``mean`` of the dimensions' scores (0 for none)."""
    if not values:
        return Fraction(0)
    if how == "min":
        return min(values)
    if how == "mean":
        return sum(values, Fraction(0)) / len(values)
    return sum(values, Fraction(0))


def _points(rubric: Rubric, snapshot: Snapshot) -> tuple[Score, dict[str, Score]]:
    """The points method: each dimension's score range and band, the overall one by
    ``aggregate`` over the dimensions that have an applicable item."""
    dimensions: dict[str, Score] = {}
    lows: list[Fraction] = []
    highs: list[Fraction] = []
    open_total = 0
    for d in rubric.dimensions:
        low, high, open_items, applicable = points_range(rubric, snapshot, d.items)
        dimensions[d.id] = _points_score(rubric, low, high, open_items)
        open_total += open_items
        if applicable:
            lows.append(low)
            highs.append(high)
    how = rubric.scoring.aggregate
    overall = _points_score(rubric, aggregate(how, lows), aggregate(how, highs), open_total)
    return overall, dimensions


def _grid_score(rubric: Rubric, level: int, upper: int, open_columns: int) -> Score:
    return Score(level=level, upper=upper, tallies=_marks(rubric, level, upper),
                 span=rubric.scored_levels, open=open_columns, method="grid")


def _grid(rubric: Rubric, snapshot: Snapshot) -> tuple[Score, dict[str, Score]]:
    """The grid method: a dimension is the level its answer names (unanswered: the range
    lowest..top); overall the lowest dimension, or with ``pooled`` the mean rounded down."""
    dimensions: dict[str, Score] = {}
    for d in rubric.dimensions:
        chosen = snapshot.grid.get(d.id)
        if chosen is None:
            dimensions[d.id] = _grid_score(rubric, rubric.min_level, rubric.max_level, 1)
        else:
            dimensions[d.id] = _grid_score(rubric, chosen, chosen, 0)
    scores = list(dimensions.values())
    open_columns = sum(1 for s in scores if not s.complete)
    if rubric.scoring.overall_rule == "pooled":
        level = sum(s.level for s in scores) // len(scores) if scores else rubric.min_level
        upper = sum(s.upper for s in scores) // len(scores) if scores else rubric.min_level
    else:
        level = min((s.level for s in scores), default=rubric.min_level)
        upper = min((s.upper for s in scores), default=rubric.min_level)
    return _grid_score(rubric, level, upper, open_columns), dimensions


def _explain(score: Score, declared: int, snapshot: Snapshot) -> tuple[str, ...]:
    """The items behind a declared level the answers do not support.

    Declared above the range: the items not done at the levels up to the declared one
    that are not met even counting unassessed items as done, plus the unassessed
    items at levels not met as answered. Declared below: the done items of the
    levels above the declared one that the answers meet.
    """
    explaining: list[str] = []
    if declared > score.upper:
        for t in score.tallies:
            if t.level > declared:
                break
            if not t.met_upper:
                explaining += [i for i in t.items if snapshot.status(i) in ("todo", "partial")]
            if not t.met:
                explaining += [i for i in t.items if snapshot.status(i) == UNASSESSED]
    else:
        for t in score.tallies:
            if declared < t.level <= score.level:
                explaining += [i for i in t.items if snapshot.status(i) == "done"]
    return tuple(explaining)


def findings_for(
    snapshot: Snapshot, overall: Score, dimensions: Mapping[str, Score]
) -> tuple[Finding, ...]:
    found = []
    for dim_id, declared in snapshot.declared.items():
        score = overall if dim_id == OVERALL else dimensions.get(dim_id)
        if score is None or score.level <= declared <= score.upper:
            continue
        range_text = (
            f"level {score.level}"
            if score.complete
            else f"level {score.level} to {score.upper}"
        )
        found.append(
            Finding(
                kind=DECLARED_LEVEL,
                dimension=dim_id,
                declared=declared,
                level=score.level,
                upper=score.upper,
                items=_explain(score, declared, snapshot),
                message=(
                    f"{dim_id}: declared level {declared}, but the answers support "
                    f"{range_text}"
                ),
            )
        )
    return tuple(found)


def _counts_as_expired(answer: Answer, policy: str) -> str | None:
    """What a done/partial answer with expired evidence counts as (None: as written)."""
    if policy == "todo":
        return "todo"
    if policy == "partial" and answer.plain == "done":
        return "partial"
    return None


def age_snapshot(
    rubric: Rubric, snapshot: Snapshot, as_of: dt.date
) -> tuple[Snapshot, tuple[Finding, ...]]:
    """The snapshot as it counts on ``as_of``, and one finding per answer that aged.

    An ``na`` whose ``until`` is earlier than ``as_of`` (``until`` itself is still valid)
    counts as unassessed. With ``evidence_valid_days: N``, a done or partial answer
    checked exactly N days before ``as_of`` is still valid; more than N has expired.
    """
    valid_days = rubric.scoring.evidence_valid_days
    policy = rubric.scoring.expired_evidence
    changed: dict[str, Answer] = {}
    found: list[Finding] = []
    for item in rubric.items:
        answer = snapshot.answers.get(item.id)
        if answer is None:
            continue
        if answer.plain == "na" and answer.until is not None and answer.until < as_of:
            changed[item.id] = replace(answer, counts_as=UNASSESSED)
            found.append(Finding(
                kind=NA_EXPIRED, dimension=item.dimension, declared=None, level=None, upper=None,
                items=(item.id,), item=item.id, date=answer.until, counts_as=UNASSESSED,
                message=f"{item.id}: not applicable until {answer.until}, expired before "
                        f"{as_of}; counts as unassessed until it is reviewed",
            ))
        elif valid_days is not None and answer.plain in ("done", "partial"):
            checked = answer.checked or snapshot.date
            if (as_of - checked).days <= valid_days:
                continue
            counts = _counts_as_expired(answer, policy)
            if counts is not None:
                changed[item.id] = replace(answer, counts_as=counts)
            found.append(Finding(
                kind=EVIDENCE_EXPIRED, dimension=item.dimension, declared=None, level=None,
                upper=None, items=(item.id,), item=item.id, date=checked,
                counts_as=counts or answer.plain,
                message=f"{item.id}: evidence checked {checked}, more than {valid_days} days "
                        f"before {as_of}; counts as {counts or answer.status}",
            ))
    if changed:
        snapshot = replace(snapshot, answers=MappingProxyType({**snapshot.answers, **changed}))
    return snapshot, tuple(found)


def score_snapshot(
    rubric: Rubric, snapshot: Snapshot, as_of: dt.date | None = None
) -> SnapshotScore:
    """Score one snapshot as of a date (default: its own date): every dimension, the
    pooled overall score, and the findings."""
    when = as_of or snapshot.date
    snapshot, aged = age_snapshot(rubric, classify(rubric, snapshot), when)
    dimensions: dict[str, Score]
    if rubric.method == "points":
        overall, dimensions = _points(rubric, snapshot)
    elif rubric.method == "grid":
        overall, dimensions = _grid(rubric, snapshot)
    else:
        dimensions = {d.id: _score(rubric, snapshot, d.items) for d in rubric.dimensions}
        overall = _score(rubric, snapshot, rubric.items)
        if rubric.scoring.overall_rule == "lowest":
            overall = _lowest(overall, dimensions.values(), rubric.min_level)
    return SnapshotScore(
        rubric=rubric,
        snapshot=snapshot,
        overall=overall,
        dimensions=MappingProxyType(dimensions),
        findings=findings_for(snapshot, overall, dimensions) + aged
        + na_share_findings(rubric, overall, dimensions),
        as_of=when,
    )


def _na_share(score: Score) -> tuple[tuple[str, ...], int]:
    items = [i for t in score.tallies for i in t.items]
    na = tuple(i for t in score.tallies for i in t.items_na)
    return na, len(items)


def na_share_findings(
    rubric: Rubric, overall: Score, dimensions: Mapping[str, Score]
) -> tuple[Finding, ...]:
    """``na-share``: a dimension, or the overall score, whose share of ``na`` items is
    larger than the rubric's ``scoring.max_na_share`` (compared exactly)."""
    limit = rubric.scoring.max_na_share
    if limit is None:
        return ()
    found = []
    for dim_id, score in [*dimensions.items(), (OVERALL, overall)]:
        na, total = _na_share(score)
        if total and Fraction(len(na), total) > limit:
            found.append(Finding(
                kind="na-share", dimension=dim_id, declared=None, level=score.level,
                upper=score.upper, items=na,
                message=(f"{dim_id}: {len(na)} of {total} items are na "
                         f"({float(Fraction(len(na), total)):.0%}), more than the rubric's "
                         f"max_na_share of {float(limit):.0%}"),
            ))
    return tuple(found)
