"""Charts drawn with matplotlib and returned as SVG text (site) or figures (notebooks).

Colours read on light and dark backgrounds alike: transparent background, mid-grey
text and axes, and one palette for levels.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import dates as mdates
from matplotlib.figure import Figure

from maturity.core.scoring import SnapshotScore
from maturity.views.palette import ACCENT, INK, TARGET, UPPER, level_colour

# matplotlib.dates has no type hints: typed aliases keep mypy --strict useful here.
date2num: Callable[[dt.date], float] = mdates.date2num
AutoDateLocator: Callable[..., Any] = mdates.AutoDateLocator
DateFormatter: Callable[[str], Any] = mdates.DateFormatter


STYLE: Any = {
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.titleweight": "bold",
    "font.size": 10,
    "svg.fonttype": "none",  # text stays text: searchable, crisp, no embedded glyphs
    # user text is literal: a name with $...$ is not math markup (nor LaTeX)
    "text.parse_math": False,
    "text.usetex": False,
    "svg.hashsalt": "maturity",  # stable ids: the same input gives the same SVG
}


def dimension_levels_figure(scored: SnapshotScore, target: int | None = None) -> Figure:
    """Horizontal bars: each dimension's level, its upper level hatched, the target dashed."""
    rubric = scored.rubric
    names = [d.name for d in rubric.dimensions]
    levels = [scored.dimensions[d.id].level for d in rubric.dimensions]
    uppers = [scored.dimensions[d.id].upper for d in rubric.dimensions]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 0.42 * len(names) + 1.6), layout="constrained")
        y = list(range(len(names)))
        ax.barh(y, levels, color=[level_colour(lv) for lv in levels], height=0.6, label="level")
        ax.barh(
            y, [u - lv for lv, u in zip(levels, uppers, strict=True)], left=levels,
            color="none", edgecolor=UPPER, hatch="///", height=0.6,
            label="up to (unassessed items)",
        )
        if target is not None:
            ax.axvline(target, color=TARGET, linestyle="--", linewidth=1.5, label=f"target {target}")
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlim(0, rubric.max_level + 0.2)
        ax.set_xticks(range(rubric.max_level + 1))
        ax.set_xlabel("maturity level")
        ax.set_title(f"Levels by dimension ({scored.snapshot.date})")
        # below the plot: a legend inside would cover the bars of a high-level dimension
        fig.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


def history_figure(history: Sequence[SnapshotScore], target: int | None = None) -> Figure:
    """Overall level over snapshots, with the range to the upper level shaded.

    The legend sits beside the plot (it never hides the target line or a point); a few
    snapshots get a tick each, labelled with their date; one snapshot gets a few months
    either side instead of matplotlib's default span of years.
    """
    days = [h.snapshot.date for h in history]
    dates: list[Any] = [date2num(d) for d in days]
    levels = [h.overall.level for h in history]
    uppers = [h.overall.upper for h in history]
    top = max(h.rubric.max_level for h in history)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.2, 3.2))
        ax.fill_between(dates, levels, uppers, color=UPPER, alpha=0.5, step=None,
                        label="up to (unassessed items)")
        if len(set(days)) == 1:  # a range on one date is a bar, not an invisible area
            ax.vlines(dates, levels, uppers, color=UPPER, linewidth=6, alpha=0.8)
        ax.plot(dates, levels, marker="o", color=ACCENT, linewidth=2, label="overall level")
        if target is not None:
            ax.axhline(target, color=TARGET, linestyle="--", linewidth=1.5, label=f"target {target}")
        ax.set_ylim(-0.2, top + 0.3)
        ax.set_yticks(range(top + 1))
        ax.set_ylabel("maturity level")
        ax.set_xlabel("snapshot date")
        ax.set_title("Overall level over time")
        if len(set(days)) == 1:
            pad = dt.timedelta(days=75)
            ax.set_xlim(date2num(days[0] - pad), date2num(days[0] + pad))
            ax.set_xticks([date2num(days[0])], [days[0].isoformat()])
        elif len(set(days)) <= 8:
            span = (max(days) - min(days)) * 0.08
            ax.set_xlim(date2num(min(days) - span), date2num(max(days) + span))
            ax.set_xticks(sorted(set(dates)), [d.isoformat() for d in sorted(set(days))])
        else:
            ax.xaxis.set_major_locator(AutoDateLocator(maxticks=8))
            ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.autofmt_xdate()
        fig.tight_layout()
    return fig


def to_svg(fig: Figure) -> str:
    """The figure as an SVG document (without the XML prolog), then closed."""
    buffer = io.StringIO()
    with plt.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]
