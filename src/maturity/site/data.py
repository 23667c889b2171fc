"""What one build needs, loaded and scored once: the portfolio, statuses, gaps, roadmaps.

The MkDocs plugin (``maturity.site.plugin``) keeps one ``SiteData`` per build on its
instance; every page, macro and export reads from it, so a build loads and scores the
portfolio once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from maturity.core.campaign import CampaignStatus, campaign_status, campaigns_of
from maturity.core.gaps import Gaps
from maturity.core.model import Campaign, Portfolio, Rubric, System
from maturity.core.portfolio import SystemStatus, order_statuses, portfolio_status, system_status
from maturity.core.roadmap import Roadmap, build_roadmap
from maturity.core.settings import DEFAULT_SETTINGS, Settings
from maturity.errors import UsageError
from maturity.store.artifacts import committed, made_notebooks
from maturity.store.linkresults import CheckedLink, LinkResultsError, read_results
from maturity.store.load import load_portfolio
from maturity.store.serve_cache import FolderCache

LINKS_FILE = Path("build") / "links.json"  # where maturity check-links writes its results
log = logging.getLogger("mkdocs.plugins.maturity")


def campaign_page(campaign_id: str) -> str:
    """Where a campaign's page lives, relative to the docs."""
    return f"campaigns/{campaign_id}.md"


def system_page(system_id: str) -> str:
    """Where a system's page lives, relative to the docs (and, as .html, the site)."""
    return f"systems/{system_id}.md"


def rubric_slug(rubric: Rubric) -> str:
    return f"{rubric.id}-v{rubric.version}"


def rubric_page(rubric: Rubric) -> str:
    return f"rubrics/{rubric_slug(rubric)}.md"


def html_path(md_path: str) -> str:
    return md_path[: -len(".md")] + ".html"


class SiteCache:
    """Systems read and scored by earlier builds of ``mkdocs serve`` (the plugin keeps one)."""

    def __init__(self) -> None:
        self.folders = FolderCache()
        self._scored: dict[str, tuple[System, Rubric, dt.date, SystemStatus]] = {}

    def statuses(self, portfolio: Portfolio, as_of: dt.date) -> tuple[SystemStatus, ...]:
        """``portfolio_status``, scoring again only the systems that are not the very
        objects (and rubric, and day) scored last time."""
        fresh: dict[str, tuple[System, Rubric, dt.date, SystemStatus]] = {}
        for system in portfolio.systems:
            rubric = portfolio.rubric_for(system.current)
            known = self._scored.get(system.id)
            if known is not None and known[0] is system and known[1] == rubric and known[2] == as_of:
                fresh[system.id] = known
            else:
                fresh[system.id] = (system, rubric, as_of, system_status(portfolio, system, as_of))
        self._scored = fresh
        return order_statuses(entry[3] for entry in fresh.values())


@dataclass
class SiteData:
    """The portfolio and everything derived from it, computed at most once per build."""

    root: Path
    as_of: dt.date
    portfolio: Portfolio
    statuses: tuple[SystemStatus, ...]
    notebooks: tuple[Path, ...] = ()
    links: Mapping[str, CheckedLink] = field(default_factory=dict)  # evidence -> last check
    _gaps: dict[str, Gaps] = field(default_factory=dict, repr=False)
    _roadmaps: dict[str, Roadmap] = field(default_factory=dict, repr=False)
    _by_id: dict[str, SystemStatus] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls, root: Path, as_of: dt.date, notebooks_dir: Path | None = None,
        cache: SiteCache | None = None, links_file: Path | None = None,
        settings: Settings | None = None,
    ) -> SiteData:
        """Load and score the portfolio; with a ``cache`` (``mkdocs serve``), only the
        systems whose folder changed since the last build are read and scored again.

        Only what a build made is published (``store.artifacts``): the notebooks of
        ``notebooks_dir`` that ``maturity notebooks`` wrote and recorded, unchanged; the
        results of ``maturity check-links`` in ``links_file`` when it is named, else in
        ``ROOT/build/links.json`` unless that file came with the repository (committed,
        or a symbolic link): then it is ignored, with a warning. ``settings``: what the
        edge read from the clock and the environment (default: none but ``as_of``)."""
        settings = settings or DEFAULT_SETTINGS.at(as_of)
        portfolio = load_portfolio(root, cache.folders if cache is not None else None, settings)
        notebooks: tuple[Path, ...] = ()
        if notebooks_dir is not None:
            made = made_notebooks(root, notebooks_dir)
            notebooks = made.published
            if made.committed:
                log.warning(
                    f"maturity: not publishing {', '.join(made.committed)} from {notebooks_dir}: "
                    "it comes with the repository, not from `maturity notebooks` in this build"
                )
            if made.unrecorded:
                log.info(
                    f"maturity: not publishing {', '.join(made.unrecorded)} from {notebooks_dir}: "
                    "not written by `maturity notebooks` (or changed since); run it to publish them"
                )
        statuses = portfolio_status(portfolio, as_of) if cache is None else cache.statuses(portfolio, as_of)
        results = links_file if links_file is not None else root / LINKS_FILE
        links: Mapping[str, CheckedLink] = {}
        try:
            if links_file is None and results.exists() and committed(root, results):
                log.warning(
                    f"maturity: ignoring {LINKS_FILE.as_posix()}: it comes with the repository, not "
                    "from `maturity check-links` in this build; name a results file you trust with "
                    "the plugin's `links:` option (or MATURITY_LINKS_FILE)"
                )
            else:
                links = read_results(results)
        except LinkResultsError as error:
            raise UsageError(f"link-check results: {error}") from None
        return cls(root, as_of, portfolio, statuses, notebooks, links)

    def broken(self, evidence: str) -> CheckedLink | None:
        """The last check of an evidence entry, when it found it broken."""
        found = self.links.get(evidence)
        return found if found is not None and not found.ok else None

    @property
    def campaigns(self) -> tuple[CampaignStatus, ...]:
        """Every campaign as of the build's date, by id."""
        return tuple(campaign_status(self.portfolio, c, self.as_of)
                     for c in sorted(self.portfolio.campaigns, key=lambda c: c.id))

    def campaign(self, campaign_id: str) -> CampaignStatus:
        return campaign_status(self.portfolio, self.portfolio.campaign(campaign_id), self.as_of)

    def campaigns_of(self, system_id: str) -> tuple[Campaign, ...]:
        return campaigns_of(self.portfolio, self.status(system_id).system, self.as_of)

    def status(self, system_id: str) -> SystemStatus:
        """One system's status (an index built once: pages ask for every system)."""
        if not self._by_id:
            self._by_id.update((st.system.id, st) for st in self.statuses)
        return self._by_id[system_id]

    def gaps(self, system_id: str) -> Gaps:
        if system_id not in self._gaps:
            self._gaps[system_id] = self.status(system_id).gaps()
        return self._gaps[system_id]

    def roadmap(self, system_id: str) -> Roadmap:
        if system_id not in self._roadmaps:
            self._roadmaps[system_id] = build_roadmap(self.gaps(system_id))  # = status.roadmap()
        return self._roadmaps[system_id]

    @property
    def rubrics(self) -> tuple[Rubric, ...]:
        """Every rubric, sorted by id then version."""
        return tuple(sorted(self.portfolio.rubrics.values(), key=lambda r: (r.id, r.version)))

    def systems_using(self, rubric: Rubric) -> tuple[SystemStatus, ...]:
        return tuple(st for st in self.statuses if st.rubric.ref == rubric.ref)
