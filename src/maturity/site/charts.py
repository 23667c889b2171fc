"""The site's charts: Vega-Lite specifications drawn in the browser by vega-embed.

A page carries each chart as a little JSON (``<script type="application/json">``); the
site serves vega-embed itself (``assets/maturity/vega.js``, no CDN) and
``assets/maturity/charts.js`` draws every chart of a page into its figure. Building a
page costs a few hundred bytes of JSON instead of a matplotlib drawing. The numbers
stay readable without JavaScript: they are in the tables beside each chart.

Labels (dimension names, dates) are data, never markup: Vega draws them as SVG text,
and the JSON is escaped so that nothing in it can close its ``<script>`` element.

The vega-embed bundle (vega, vega-lite and vega-embed, about 0.9 MB) comes from the
``vl-convert-python`` package; putting it together takes seconds, so it is kept in
the user's cache folder, one file per vl-convert version, and in memory for
``mkdocs serve``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from typing import Any

from maturity.config import cache_dir
from maturity.core.campaign import ProgressPoint
from maturity.core.scoring import SnapshotScore
from maturity.views.palette import ACCENT, INK, LEVEL_COLOURS, TARGET, UPPER

Spec = dict[str, Any]

_CONFIG: Spec = {
    "background": None,  # transparent: the page's light or dark background shows
    "font": "inherit",
    "view": {"stroke": None},
    "axis": {"labelColor": INK, "titleColor": INK, "domainColor": INK, "tickColor": INK,
             "gridColor": INK, "gridOpacity": 0.2, "labelFontSize": 11, "titleFontSize": 11},
    "legend": {"labelColor": INK, "titleColor": INK, "orient": "bottom", "labelFontSize": 11},
    "title": {"color": INK, "fontSize": 13},
}


_UP_TO: Spec = {"field": "upper", "title": "up to"}
_FIT: Spec = {"type": "fit-x", "contains": "padding"}  # labels inside the page's width
# Room around the plot: labels are measured in the default font but drawn in the page's
# (font: inherit), so a long dimension name or a slanted last date would be cut at the edge.
_PAD: Spec = {"left": 24, "right": 36, "top": 6, "bottom": 6}


def whole_axis(top: int) -> Spec:
    """An axis of whole numbers 0..top. With few of them, every tick is named: left to
    itself Vega-Lite ticks halves on a short axis, and "d" then prints "0 1 1 2 2"."""
    if top <= 12:
        return {"values": list(range(top + 1)), "format": "d"}
    return {"tickMinStep": 1, "format": "d"}


def _level_scale(top: int) -> Spec:
    levels = list(range(top + 1))
    return {"domain": levels, "range": [LEVEL_COLOURS[min(lv, len(LEVEL_COLOURS) - 1)] for lv in levels]}


def levels_spec(scored: SnapshotScore, target: int | None) -> Spec:
    """Horizontal bars: each dimension's level, the range up to its upper level, the target."""
    rubric = scored.rubric
    rows = [
        {"dimension": d.name, "level": scored.dimensions[d.id].level, "upper": scored.dimensions[d.id].upper}
        for d in rubric.dimensions
    ]
    names = [row["dimension"] for row in rows]
    x = {"type": "quantitative", "title": "maturity level",
         "scale": {"domain": [0, rubric.max_level]}, "axis": whole_axis(rubric.max_level)}
    y = {"field": "dimension", "type": "nominal", "sort": names, "title": None,
         "axis": {"labelLimit": 220}}
    layers: list[Spec] = [
        {"mark": {"type": "bar", "color": UPPER, "opacity": 0.6, "height": {"band": 0.6}},
         "encoding": {"y": y, "x": {**x, "field": "upper"},
                      "tooltip": [{"field": "dimension"}, _UP_TO]}},
        {"mark": {"type": "bar", "height": {"band": 0.6}},
         "encoding": {"y": y, "x": {**x, "field": "level"},
                      "color": {"field": "level", "type": "ordinal", "scale": _level_scale(rubric.max_level),
                                "legend": None},
                      "tooltip": [{"field": "dimension"}, {"field": "level"}, _UP_TO]}},
    ]
    if target is not None:
        layers.append({"mark": {"type": "rule", "color": TARGET, "strokeDash": [6, 4], "strokeWidth": 1.5},
                       "encoding": {"x": {"datum": target, "type": "quantitative"}}})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": f"Levels by dimension ({scored.snapshot.date.isoformat()})",
        "description": "Level of each dimension; light: up to the level the unassessed items allow"
                       + (f"; dashed: the target, level {target}" if target is not None else ""),
        "width": "container", "height": {"step": 22}, "autosize": _FIT, "padding": _PAD,
        "data": {"values": rows},
        "layer": layers,
        "config": _CONFIG,
    }


def history_spec(history: Sequence[SnapshotScore], target: int | None) -> Spec:
    """The overall level at each snapshot, the range up to its upper level shaded, the target."""
    rows = [
        {"date": h.snapshot.date.isoformat(), "level": h.overall.level, "upper": h.overall.upper}
        for h in history
    ]
    top = max(h.rubric.max_level for h in history)
    x = {"field": "date", "type": "temporal", "title": "snapshot date",
         "axis": {"format": "%Y-%m-%d", "labelAngle": -30, "values": [r["date"] for r in rows][-12:]}}
    y = {"type": "quantitative", "title": "maturity level",
         "scale": {"domain": [0, top]}, "axis": whole_axis(top)}
    layers: list[Spec] = [
        {"mark": {"type": "area", "color": UPPER, "opacity": 0.5},
         "encoding": {"x": x, "y": {**y, "field": "level"}, "y2": {"field": "upper"}}},
        {"mark": {"type": "line", "color": ACCENT, "strokeWidth": 2, "point": {"color": ACCENT, "size": 50}},
         "encoding": {"x": x, "y": {**y, "field": "level"},
                      "tooltip": [{"field": "date"}, {"field": "level"}, _UP_TO]}},
    ]
    if target is not None:
        layers.append({"mark": {"type": "rule", "color": TARGET, "strokeDash": [6, 4], "strokeWidth": 1.5},
                       "encoding": {"y": {"datum": target, "type": "quantitative"}}})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Overall level over time",
        "description": "Overall level at each snapshot; shaded: up to the level the unassessed items allow"
                       + (f"; dashed: the target, level {target}" if target is not None else ""),
        "width": "container", "height": 200, "autosize": _FIT, "padding": _PAD,
        "data": {"values": rows},
        "layer": layers,
        "config": _CONFIG,
    }


def _datetime(day: dt.date) -> Spec:
    """A date as Vega-Lite's DateTime object (months count from 1): a string date is not
    read as a date in a scale's domain or a ``datum``."""
    return {"year": day.year, "month": day.month, "date": day.day}


def campaign_spec(points: Sequence[ProgressPoint], deadline: dt.date, level: int) -> Spec:
    """Systems meeting a campaign's target at each quarter's end (bars) against the
    systems in scope (a line), the deadline a dashed rule."""
    rows = [{"date": p.date.isoformat(), "met": p.met, "in_scope": p.in_scope} for p in points]
    top = max([p.in_scope for p in points] + [1])
    x = {"field": "date", "type": "temporal", "title": "quarter's end",
         "scale": {"domain": [_datetime(points[0].date - dt.timedelta(days=30)),
                              _datetime(max(points[-1].date, deadline) + dt.timedelta(days=30))]},
         "axis": {"format": "%Y-%m-%d", "labelAngle": -30, "values": [r["date"] for r in rows][-12:]}}
    y = {"type": "quantitative", "title": "systems", "scale": {"domain": [0, top]},
         "axis": whole_axis(top)}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Systems meeting the target, per quarter",
        "description": f"Bars: systems at level {level} or above; line: systems in scope; "
                       f"dashed: the deadline, {deadline.isoformat()}",
        "width": "container", "height": 200, "autosize": _FIT, "padding": _PAD,
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "color": ACCENT, "width": 14},
             "encoding": {"x": x, "y": {**y, "field": "met"},
                          "tooltip": [{"field": "date"}, {"field": "met", "title": "meeting it"},
                                      {"field": "in_scope", "title": "in scope"}]}},
            {"mark": {"type": "line", "color": INK, "interpolate": "step-after", "strokeWidth": 1.5},
             "encoding": {"x": x, "y": {**y, "field": "in_scope"}}},
            {"mark": {"type": "rule", "color": TARGET, "strokeDash": [6, 4], "strokeWidth": 1.5},
             "encoding": {"x": {"datum": _datetime(deadline), "type": "temporal"}}},
        ],
        "config": _CONFIG,
    }


def spec_json(spec: Spec) -> str:
    """The spec as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text in it (a dimension
    named ``</script><script>…``) can end the element or start markup.
    """
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


# --------------------------------------------------------------------------- the library


@cache
def vega_bundle() -> bytes:
    """vega-embed with vega and vega-lite, as one script that sets ``window.vegaEmbed``."""
    import vl_convert

    version = getattr(vl_convert, "__version__", "unknown")
    cached = cache_dir() / f"vega-embed-vl-convert-{version}.js"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;").encode("utf-8")
    try:  # a cache that cannot be written only costs the next build the same seconds
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as handle:
            handle.write(bundle)
        os.replace(handle.name, cached)
    except OSError:
        pass
    return bundle
