"""Issue 17 item 4: a hand-written page that calls one of the package's macros but is not
rendered would publish ``{{ level("x") }}`` as text. Every engine's build finds it.

The check reads a page's Markdown as it is after the macros pass: a call left in it
(outside code, where examples of calls belong) was not rendered.
"""

from __future__ import annotations

import re

from maturity.errors import Problem

PACKAGE_MACROS = (
    "level", "badge", "checklist", "gaps", "roadmap", "heatmap",
    "portfolio_heatmap", "portfolio_overview", "portfolio_rollups",
    "rubric_list", "notebook_list", "campaign_list",
)
_CALL = re.compile(r"\{\{-?\s*(" + "|".join(PACKAGE_MACROS) + r")\s*\(")
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1", re.S)
HOWTO = "add `render_macros: true` to its front matter"


def _blank(match: re.Match[str]) -> str:
    """The code replaced by spaces, its line breaks kept: positions stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def unrendered_calls(markdown: str, path: str, first_line: int = 1) -> list[Problem]:
    """One ``path:line:col: message`` per call of a package macro left in ``markdown``
    (whose first line is line ``first_line`` of the file)."""
    text = _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, markdown))
    problems = []
    for match in _CALL.finditer(text):
        line = text.count("\n", 0, match.start()) + first_line
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(Problem(
            path, line, col, f"the page calls the package's macro {match.group(1)}() but is not "
            f"rendered, so the call would be published as text: {HOWTO}",
        ))
    return problems


def renders(meta: dict[str, object], render_by_default: bool) -> bool:
    """Whether the macros pass renders a page with this front matter (mkdocs-macros and
    Zensical agree: ``render_macros`` first, else the plugin's ``render_by_default``)."""
    value = meta.get("render_macros")
    return bool(value) if value is not None else render_by_default
