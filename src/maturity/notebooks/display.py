"""Notebook helpers (an edge, used inside the kernel): messages, tables, charts, records.

``setup()`` makes the package's named errors show as one line (``NotFound: …``)
instead of a traceback; ``show`` displays a figure as inline, labelled SVG (text
stays text, the background stays transparent); ``record`` stores the values a notebook computed as a
JSON display bundle (``MIME``) that tests read back from the executed notebook.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import asdict, is_dataclass
from fractions import Fraction
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
from IPython import display as ipd
from IPython.core.getipython import get_ipython
from matplotlib.figure import Figure

from maturity.charts.figures import to_svg
from maturity.errors import InvalidInput, MaturityError
from maturity.views.wording import NOTHING, direction, json_number, level_span, number

MIME = "application/vnd.maturity+json"

# IPython's display functions carry no annotations; typed once here.
_display: Callable[..., None] = ipd.display


def _message_only(shell: Any, etype: type[BaseException], value: BaseException, tb: Any,
                  tb_offset: int | None = None) -> list[str]:
    """Show the package's errors as their message: the message says what to fix."""
    if isinstance(value, InvalidInput):
        lines = [str(p) for p in value.problems]
    else:
        lines = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, lines)
    return lines


def setup() -> None:
    """Install the one-line error display in the running IPython (no-op outside one)."""
    pd.set_option("display.max_colwidth", None)  # notes and practices shown whole
    shell = get_ipython()
    if shell is not None:
        install: Callable[..., None] = shell.set_custom_exc
        install((MaturityError,), _message_only)


def chart_html(fig: Figure) -> str:
    """The figure as inline SVG that names itself: ``role="img"``, an aria-label and a title.

    Inline (not an ``<img>``), so its text is page text that readers can search and
    assistive technology can read; matplotlib escapes every label it writes.
    """
    label = "; ".join(t for t in (ax.get_title() for ax in fig.axes) if t) or "chart"
    svg = to_svg(fig)
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    return f'{opening}<title>{html.escape(label)}</title>{svg[head_end:]}'


def show(fig: Figure) -> None:
    """Display a figure as inline SVG: text stays text, the background stays transparent."""
    _display({"text/html": chart_html(fig)}, raw=True)


span = level_span  # notebooks call display.span: "1", or "1–2"


def change(before: tuple[int, int] | None, after: tuple[int, int] | None) -> str:
    """A move from one (level, upper) range to another: ``▲ up``, ``▼ down``, ``still``…"""
    return direction(before, after).text


def cell(value: int | Fraction | None) -> str:
    """A table cell: "–" for nothing, else the one number wording (a mean of 7/3: 2.33)."""
    return NOTHING if value is None else number(value)


def plain(value: Any) -> Any:
    """JSON-ready values: fractions as rounded floats, dates as ISO text, dataclasses as dicts."""
    if isinstance(value, Fraction):
        return json_number(value)
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def frame(rows: Iterable[dict[str, Any]], index: str | None = None) -> Any:
    """A pandas table of plain rows (for display only: every number comes from the package)."""
    table = pd.DataFrame([plain(r) for r in rows])
    if index is not None and not table.empty:
        table = table.set_index(index)
    return table


def record(name: str, data: Any) -> None:
    """Store computed values in the notebook's output, under ``MIME``, for tests to read back.

    Readers see nothing: the bundle's only other type is an HTML comment.
    """
    _display({MIME: {"name": name, "data": plain(data)},
              # an HTML comment, so nbconvert (the site) has a type it can show: nothing
              "text/html": f"<!-- {name}: values recorded as {MIME} -->"}, raw=True)
