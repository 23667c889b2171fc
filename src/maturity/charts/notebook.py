"""Charts of the analysis notebooks: level distribution, heatmaps, what holds back, trends.

Same look as ``charts``: transparent background, mid-grey ink, the level palette, so
the figures read on light and dark pages alike. Each function returns a Figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from maturity.charts import figures as charts
from maturity.charts.figures import STYLE
from maturity.core.analysis import Drag, Matrix, Trends
from maturity.core.model import Rubric
from maturity.core.scoring import SnapshotScore
from maturity.views.palette import ACCENT, INK, LEVEL_COLOURS, level_colour

SERIES = ("#3f7fbf", "#d9822b", "#4f9d69", "#b05fa8", "#c94f4f", "#2e8b8b", "#a08a3c", "#6b7fd7")


def _ink_on(colour: str) -> str:
    """Dark or white text, whichever reads on that cell colour (whatever the page theme)."""
    r, g, b = to_rgb(colour)
    return "#1b1f24" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "#ffffff"


def _clean(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _level_cmap(rubric: Rubric) -> tuple[ListedColormap, BoundaryNorm]:
    colours = [level_colour(lv.level) for lv in rubric.levels]
    bounds = [lv.level - 0.5 for lv in rubric.levels] + [rubric.max_level + 0.5]
    return ListedColormap(colours), BoundaryNorm(bounds, len(colours))


def _wrap(text: str, width: int = 16) -> str:
    return textwrap.fill(text, width, break_long_words=False)


def distribution_figure(distribution: Mapping[int, int], rubric: Rubric, title: str) -> Figure:
    """Bars: how many systems sit at each overall level."""
    levels = sorted(distribution)
    counts = [distribution[lv] for lv in levels]
    labels = [f"{lv}\n{_wrap(rubric.level_info(lv).name)}" for lv in levels]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 3.6))
        bars = ax.bar(range(len(levels)), counts, color=[level_colour(lv) for lv in levels], width=0.6)
        ax.bar_label(bars, labels=[str(c) for c in counts], padding=2, color=INK)
        ax.set_xticks(range(len(levels)), labels, fontsize=9)
        ax.set_ylim(0, max([*counts, 1]) * 1.2)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("overall maturity level")
        ax.set_ylabel("systems")
        ax.set_title(title)
        _clean(ax)
        fig.tight_layout()
    return fig


def heatmap_figure(matrix: Matrix, rubric: Rubric, title: str) -> Figure:
    """Dimensions (rows) × systems (columns), each cell coloured by level, labelled "1" or "1–2"."""
    rows, cols = len(matrix.dimensions), len(matrix.systems)
    cmap, norm = _level_cmap(rubric)
    levels = [[matrix.levels[j][i] for j in range(cols)] for i in range(rows)]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(2.6 + 0.9 * max(cols, 2), 0.42 * rows + 2.0))
        ax.imshow(levels, cmap=cmap, norm=norm, aspect="auto")
        for i in range(rows):
            for j in range(cols):
                level, upper = matrix.levels[j][i], matrix.uppers[j][i]
                text = str(level) if level == upper else f"{level}–{upper}"
                ax.text(j, i, text, ha="center", va="center", fontsize=10,
                        color=_ink_on(level_colour(level)))
        ax.set_xticks(range(cols), [_wrap(n, 14) for n in matrix.names], fontsize=9)
        ax.xaxis.tick_top()
        ax.set_yticks(range(rows), matrix.dimension_names, fontsize=9)
        ax.set_xticks([x - 0.5 for x in range(1, cols)], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
        ax.grid(which="minor", color="#ffffff", linewidth=1.5)
        ax.tick_params(which="both", length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_title(title, pad=12)
        handles = [Rectangle((0, 0), 1, 1, color=level_colour(lv.level)) for lv in rubric.levels]
        ax.legend(handles, [f"{lv.level} {lv.name}" for lv in rubric.levels], loc="upper center",
                  bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=8, frameon=False)
        fig.tight_layout()
    return fig


def history_figure(history: Sequence[SnapshotScore], target: int | None) -> Figure:
    """The site's history chart (``charts.history_figure``), for notebooks."""
    return charts.history_figure(history, target)


def holding_back_figure(drags: Sequence[Drag], title: str) -> Figure:
    """Horizontal bars: items still needed per dimension, labelled with systems below target."""
    names = [d.name for d in drags]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 0.42 * len(names) + 1.4))
        bars = ax.barh(range(len(names)), [d.items_needed for d in drags], color=ACCENT, height=0.6)
        ax.bar_label(bars, labels=[f"{d.items_needed} items · {d.systems_below} below target"
                                   for d in drags], padding=3, fontsize=8, color=INK)
        ax.set_yticks(range(len(names)), names, fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, max([d.items_needed for d in drags] + [1]) * 1.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("items still to do to reach each system's target")
        ax.set_title(title)
        _clean(ax)
        fig.tight_layout()
    return fig


def quarterly_figure(trend: Trends, names: Mapping[str, str], title: str) -> Figure:
    """Overall level per system at each quarter's end, and the portfolio mean (dashed)."""
    x = list(range(len(trend.quarters)))
    top = trend.rubric.max_level
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 3.8))
        for k, (system_id, levels) in enumerate(trend.levels.items()):
            points = [(i, lv) for i, lv in zip(x, levels, strict=True) if lv is not None]
            offset = (k - (len(trend.levels) - 1) / 2) * 0.04  # keeps equal lines apart
            ax.plot([p[0] for p in points], [p[1] + offset for p in points], marker="o",
                    color=SERIES[k % len(SERIES)], linewidth=1.6,
                    label=_wrap(names.get(system_id, system_id), 26))
        means = [(i, float(m)) for i, m in zip(x, trend.mean_levels, strict=True) if m is not None]
        ax.plot([p[0] for p in means], [p[1] for p in means], color=INK, linestyle="--",
                linewidth=2, label="mean")
        ax.set_xticks(x, trend.quarters)
        ax.set_ylim(-0.3, top + 0.3)
        ax.set_yticks(range(top + 1))
        ax.set_xlabel("quarter (level as of its last day)")
        ax.set_ylabel("overall maturity level")
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, frameon=False)
        _clean(ax)
        fig.tight_layout()
    return fig


def dimension_trend_figure(trend: Trends, title: str) -> Figure:
    """Dimensions × quarters: the mean level of the assessed systems, cell by cell."""
    dims = trend.rubric.dimensions
    values: list[list[float]] = []
    for d in dims:
        values.append([float("nan") if m is None else float(m) for m in trend.dimension_means[d.id]])
    cmap = LinearSegmentedColormap.from_list(
        "levels", [level_colour(lv.level) for lv in trend.rubric.levels])
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(trend.quarters) + 3.5), 0.42 * len(dims) + 1.8))
        image = ax.imshow(values, cmap=cmap, vmin=trend.rubric.min_level, vmax=trend.rubric.max_level,
                          aspect="auto")
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value == value:  # not NaN
                    ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=8,
                            color=_ink_on(_mix(value, trend.rubric)))
        ax.set_xticks(range(len(trend.quarters)), trend.quarters, fontsize=8)
        ax.set_yticks(range(len(dims)), [d.name for d in dims], fontsize=9)
        ax.set_xlabel("quarter (as of its last day)")
        ax.set_title(title)
        bar = fig.colorbar(image, ax=ax, ticks=[lv.level for lv in trend.rubric.levels])
        bar.set_label("mean level")
        bar.outline.set_edgecolor(INK)
        fig.tight_layout()
    return fig


def _mix(value: float, rubric: Rubric) -> str:
    """The palette colour nearest to a mean level (for choosing the text colour)."""
    return level_colour(round(value)) if rubric.levels else LEVEL_COLOURS[0]
