"""This repository's own mkdocs-macros module (``module_name: macros`` in mkdocs.yml).

The package's macros (``level``, ``checklist``, ``gaps``, ``roadmap``, ``badge``,
``heatmap``) load from the installed package; this file is for your own. A macro is a
function registered in ``define_env``; a page with ``render_macros: true`` in its
front matter calls it: ``{{ reviewed_on("2026-11-14") }}``.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    @env.macro
    def reviewed_on(date: str) -> str:
        """``{{ reviewed_on("2026-11-14") }}`` → reviewed on 2026-11-14."""
        return f"reviewed on {date}"
