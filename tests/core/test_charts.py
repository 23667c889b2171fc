"""The history chart: readable date axis for one or a few snapshots, legend beside the plot."""

from __future__ import annotations

import dataclasses
import datetime as dt

import matplotlib.pyplot as plt
from matplotlib.dates import num2date

from maturity.charts.figures import dimension_levels_figure, history_figure, to_svg
from maturity.core.scoring import SnapshotScore, score_snapshot

from .helpers import answer_level, rubric, snapshot


def _history(days: list[dt.date]) -> list[SnapshotScore]:
    rub = rubric({"a": {1: 2, 2: 2}})
    snap = snapshot(answer_level("a", 1, ["done", "done"]))
    return [score_snapshot(rub, dataclasses.replace(snap, date=day)) for day in days]


def _x_span(history: list[SnapshotScore]) -> tuple[dt.date, dt.date]:
    fig = history_figure(history, target=2)
    low, high = fig.axes[0].get_xlim()
    plt.close(fig)
    return num2date(low).date(), num2date(high).date()


def test_one_snapshot_spans_months_around_its_date_not_years() -> None:
    day = dt.date(2026, 2, 15)
    low, high = _x_span(_history([day]))
    assert low < day < high
    assert (high - low).days < 200


def test_few_snapshots_are_labelled_with_their_dates() -> None:
    days = [dt.date(2025, 11, 15), dt.date(2026, 2, 14), dt.date(2026, 5, 16)]
    fig = history_figure(_history(days), target=2)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    plt.close(fig)
    assert labels == [d.isoformat() for d in days]


def test_legend_sits_beside_the_plot() -> None:
    fig = history_figure(_history([dt.date(2026, 1, 1), dt.date(2026, 4, 1)]), target=1)
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert legend is not None
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    plt.close(fig)


def test_svg_names_the_target_and_the_dates() -> None:
    svg = to_svg(history_figure(_history([dt.date(2026, 2, 15)]), target=2))
    assert svg.startswith("<svg")
    assert "target 2" in svg and "2026-02-15" in svg


def test_dimension_legend_never_covers_the_bars() -> None:
    rub = rubric({"a": {1: 1, 2: 1, 3: 1}, "b": {1: 1, 2: 1, 3: 1}})
    done = {i.id: "done" for i in rub.items}
    fig = dimension_levels_figure(score_snapshot(rub, snapshot(done)), target=3)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    legends = fig.legends + [lg for lg in [fig.axes[0].get_legend()] if lg is not None]
    assert len(legends) == 1
    legend, plot = legends[0].get_window_extent(renderer), fig.axes[0].get_window_extent(renderer)
    assert legend.y1 <= plot.y0 or legend.x0 >= plot.x1
    assert legend.y0 >= 0 and legend.y1 <= fig.bbox.height  # inside the figure, not cut off
    plt.close(fig)
