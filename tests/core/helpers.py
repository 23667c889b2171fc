"""Small builders for rubrics and snapshots in tests."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from types import MappingProxyType

from maturity.core.model import Answer, Dimension, Item, LevelInfo, Rubric, Scoring, Snapshot


def rubric(
    dims: dict[str, dict[int, int]],
    *,
    levels: int | None = None,
    threshold: str = "0.8",
    cumulative: bool = True,
    partial_credit: str = "0.5",
) -> Rubric:
    """A rubric whose dimension ``d`` has ``dims[d][level]`` items at each level.

    Item ids are ``d.l<level>-<n>``. The rubric's levels run from 0 to ``levels``
    (default: the highest level that has items).
    """
    if levels is None:
        levels = max(lv for per_level in dims.values() for lv in per_level)
    return Rubric(
        id="test",
        version=1,
        title="test",
        source="test",
        scoring=Scoring(Fraction(threshold), cumulative, Fraction(partial_credit)),
        levels=tuple(LevelInfo(lv, f"L{lv}", f"level {lv}") for lv in range(levels + 1)),
        dimensions=tuple(
            Dimension(
                id=d,
                name=d.title(),
                items=tuple(
                    Item(f"{d}.l{lv}-{n}", d, lv, f"{d} level {lv} item {n}")
                    for lv, count in sorted(per_level.items())
                    for n in range(1, count + 1)
                ),
            )
            for d, per_level in dims.items()
        ),
    )


def snapshot(answers: dict[str, str], declared: dict[str, int] | None = None) -> Snapshot:
    """A snapshot answering item ids with statuses (``na`` gets a note)."""
    return Snapshot(
        system="s",
        date=dt.date(2026, 1, 1),
        rubric="test@1",
        assessors=(),
        answers=MappingProxyType(
            {i: Answer(i, s, note="why" if s == "na" else None) for i, s in answers.items()}  # type: ignore[arg-type]
        ),
        declared=MappingProxyType(declared or {}),
    )


def answer_level(dim: str, level: int, statuses: list[str]) -> dict[str, str]:
    """Statuses for the items of one dimension at one level, in item order."""
    return {f"{dim}.l{level}-{n}": s for n, s in enumerate(statuses, start=1)}
