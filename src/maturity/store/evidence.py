"""Every evidence entry of the newest snapshots, with where it is written.

``maturity check-links`` checks these targets (``maturity.linkcheck``) and reports each
broken one at its own line and column: the position comes from the round-trip parse
(``yamlio.Locator``), looked up only for snapshots that cite evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from maturity.core.links import code_location
from maturity.core.lookup import unknown as unknown_name
from maturity.core.model import Portfolio, System
from maturity.errors import NotFound
from maturity.store.layout import ASSESSMENTS_DIR
from maturity.store.linkresults import LinkTarget
from maturity.store.yamlio import Locator


def _shown(root: Path, path: Path) -> str:
    """A snapshot's path relative to the repository's top, as the results file keeps it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def system_targets(root: Path, system: System) -> list[LinkTarget]:
    """The evidence of one system's newest snapshot, in item then list order."""
    snapshot = system.current
    cited = [(item, answer) for item, answer in snapshot.answers.items() if answer.evidence]
    if not cited:
        return []
    path = Path(root) / ASSESSMENTS_DIR / system.id / f"{snapshot.date.isoformat()}.yaml"
    locator = Locator(path)
    shown = _shown(root, path)
    targets = []
    for item, answer in cited:
        for index, link in enumerate(answer.evidence):
            if answer.source == "probe" and code_location(link) is not None:
                continue  # a line of the system's own code: nothing here to fetch or find
            line, column = locator.position(["answers", item, "evidence", index])
            targets.append(LinkTarget(link, shown, line, column, system.id, item))
    return targets


def evidence_targets(root: Path, portfolio: Portfolio, system_ids: Iterable[str] = ()) -> list[LinkTarget]:
    """Every evidence entry of the newest snapshot of each system (or of the named ones)."""
    wanted = list(dict.fromkeys(system_ids))
    known = {s.id: s for s in portfolio.systems}
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise NotFound(unknown_name("system", unknown[0], known))
    systems = [known[s] for s in wanted] if wanted else list(portfolio.systems)
    return [t for system in systems for t in system_targets(root, system)]
