"""Chart SVGs for the pages, memoised on what each chart shows.

``mkdocs serve`` rebuilds every page on each change; the process keeps this memo, so
only the charts of systems whose levels changed are drawn again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence

from ..charts import dimension_levels_figure, history_figure, to_svg
from ..scoring import SnapshotScore

MEMO_SIZE = 4096
_memo: OrderedDict[Hashable, str] = OrderedDict()


def _cached(key: Hashable, draw: Callable[[], str]) -> str:
    if key in _memo:
        _memo.move_to_end(key)
        return _memo[key]
    svg = draw()
    _memo[key] = svg
    if len(_memo) > MEMO_SIZE:
        _memo.popitem(last=False)
    return svg


def levels_svg(scored: SnapshotScore, target: int | None) -> str:
    rubric = scored.rubric
    key = (
        "levels", rubric.ref, rubric.max_level, str(scored.snapshot.date), target,
        tuple((d.name, scored.dimensions[d.id].level, scored.dimensions[d.id].upper)
              for d in rubric.dimensions),
    )
    return _cached(key, lambda: to_svg(dimension_levels_figure(scored, target)))


def history_svg(history: Sequence[SnapshotScore], target: int | None) -> str:
    key = (
        "history", target,
        tuple((str(h.snapshot.date), h.overall.level, h.overall.upper, h.rubric.max_level)
              for h in history),
    )
    return _cached(key, lambda: to_svg(history_figure(history, target)))
