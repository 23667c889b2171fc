"""Chart SVGs for the pages, memoised on what each chart shows.

``mkdocs serve`` rebuilds every page on each change; the process keeps this memo, so
only the charts of systems whose levels changed are drawn again. ``mkdocs build``
draws every chart first, on every core (``prerender``): drawing is most of the cost of
a system's page.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence

from maturity.charts.figures import dimension_levels_figure, history_figure, to_svg
from maturity.core.portfolio import SystemStatus
from maturity.core.scoring import SnapshotScore

MEMO_SIZE = 4096
_memo: OrderedDict[Hashable, str] = OrderedDict()
_limit = MEMO_SIZE


def _cached(key: Hashable, draw: Callable[[], str]) -> str:
    if key in _memo:
        _memo.move_to_end(key)
        return _memo[key]
    svg = draw()
    _memo[key] = svg
    if len(_memo) > _limit:
        _memo.popitem(last=False)
    return svg


Chart = tuple[Hashable, Callable[[], str]]  # what the chart shows, and how to draw it


def _levels_chart(scored: SnapshotScore, target: int | None) -> Chart:
    rubric = scored.rubric
    key = (
        "levels", rubric.ref, rubric.max_level, str(scored.snapshot.date), target,
        tuple((d.name, scored.dimensions[d.id].level, scored.dimensions[d.id].upper)
              for d in rubric.dimensions),
    )
    return key, lambda: to_svg(dimension_levels_figure(scored, target))


def _history_chart(history: Sequence[SnapshotScore], target: int | None) -> Chart:
    key = (
        "history", target,
        tuple((str(h.snapshot.date), h.overall.level, h.overall.upper, h.rubric.max_level)
              for h in history),
    )
    return key, lambda: to_svg(history_figure(history, target))


def levels_svg(scored: SnapshotScore, target: int | None) -> str:
    return _cached(*_levels_chart(scored, target))


def history_svg(history: Sequence[SnapshotScore], target: int | None) -> str:
    return _cached(*_history_chart(history, target))


# The charts a prerender still has to draw; forked workers read it, by index.
_PENDING: list[Callable[[], str]] = []


def _draw(index: int) -> str:
    return _PENDING[index]()


def prerender(statuses: Iterable[SystemStatus], workers: int | None = None) -> int:
    """Draw every chart of these systems' pages into the memo, in parallel; return how
    many were drawn. Uses forked processes: call it where no other thread runs (``mkdocs
    build``, not ``serve``). With one worker, or where fork is missing, draws in turn."""
    pending: dict[Hashable, Callable[[], str]] = {}
    for st in statuses:
        target = st.system.target_level
        for key, draw in (_levels_chart(st.score, target), _history_chart(st.history, target)):
            if key not in _memo and key not in pending:
                pending[key] = draw
    if not pending:
        return 0
    workers = min(workers or os.cpu_count() or 1, len(pending))
    keys = list(pending)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        _PENDING[:] = [pending[k] for k in keys]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                svgs = pool.map(_draw, range(len(keys)), chunksize=max(1, len(keys) // (4 * workers)))
        finally:
            _PENDING.clear()
    else:
        svgs = [pending[k]() for k in keys]
    global _limit
    _limit = max(_limit, len(_memo) + len(keys))  # every page of this build finds its charts
    for key, svg in zip(keys, svgs, strict=True):
        _memo[key] = svg
    return len(keys)
