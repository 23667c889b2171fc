"""What one build needs, loaded and scored once: the portfolio, statuses, gaps, roadmaps.

The MkDocs plugin (``maturity.site.plugin``) keeps one ``SiteData`` per build on its
instance; every page, macro and export reads from it, so a build loads and scores the
portfolio once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from maturity.core.gaps import Gaps, compute_gaps
from maturity.core.model import Portfolio, Rubric
from maturity.core.portfolio import SystemStatus, portfolio_status
from maturity.core.roadmap import Roadmap, build_roadmap
from maturity.store.load import load_portfolio


def system_page(system_id: str) -> str:
    """Where a system's page lives, relative to the docs (and, as .html, the site)."""
    return f"systems/{system_id}.md"


def rubric_slug(rubric: Rubric) -> str:
    return f"{rubric.id}-v{rubric.version}"


def rubric_page(rubric: Rubric) -> str:
    return f"rubrics/{rubric_slug(rubric)}.md"


def html_path(md_path: str) -> str:
    return md_path[: -len(".md")] + ".html"


@dataclass
class SiteData:
    """The portfolio and everything derived from it, computed at most once per build."""

    root: Path
    as_of: dt.date
    portfolio: Portfolio
    statuses: tuple[SystemStatus, ...]
    notebooks: tuple[Path, ...] = ()
    _gaps: dict[str, Gaps] = field(default_factory=dict, repr=False)
    _roadmaps: dict[str, Roadmap] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, root: Path, as_of: dt.date, notebooks_dir: Path | None = None) -> SiteData:
        portfolio = load_portfolio(root)
        notebooks: tuple[Path, ...] = ()
        if notebooks_dir is not None and notebooks_dir.is_dir():
            notebooks = tuple(sorted(notebooks_dir.glob("*.ipynb")))
        return cls(root, as_of, portfolio, portfolio_status(portfolio, as_of), notebooks)

    def status(self, system_id: str) -> SystemStatus:
        for st in self.statuses:
            if st.system.id == system_id:
                return st
        raise KeyError(system_id)

    def gaps(self, system_id: str) -> Gaps:
        if system_id not in self._gaps:
            st = self.status(system_id)
            self._gaps[system_id] = compute_gaps(st.system, st.rubric, as_of=self.as_of)
        return self._gaps[system_id]

    def roadmap(self, system_id: str) -> Roadmap:
        if system_id not in self._roadmaps:
            self._roadmaps[system_id] = build_roadmap(self.gaps(system_id))
        return self._roadmaps[system_id]

    @property
    def rubrics(self) -> tuple[Rubric, ...]:
        """Every rubric, sorted by id then version."""
        return tuple(sorted(self.portfolio.rubrics.values(), key=lambda r: (r.id, r.version)))

    def systems_using(self, rubric: Rubric) -> tuple[SystemStatus, ...]:
        return tuple(st for st in self.statuses if st.rubric.ref == rubric.ref)
