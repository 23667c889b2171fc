"""The shipped example portfolio gives every view something real on a fresh clone.

Besides TechCorp (the seed's worked example, one snapshot), the examples are fictional ML
systems with quarterly history. These tests assert the properties the views rely on
through the package itself (loading, scoring, portfolio status), so they fail when the
data or the scoring changes underneath them.

Staleness depends on the day it is counted to: the tests use AS_OF, the day the
examples were last reviewed, so that they do not start failing as the calendar moves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from maturity.core.gaps import compute_gaps
from maturity.core.mapping import as_rubric
from maturity.core.model import Portfolio, System
from maturity.core.portfolio import STALE_AFTER_DAYS, SystemStatus, portfolio_status
from maturity.core.roadmap import build_roadmap
from maturity.core.scoring import score_snapshot
from maturity.store.load import load_portfolio

MATURITY = Path(sys.executable).with_name("maturity")
SEED = "techcorp-support-chatbot"  # the seed's transcription: one snapshot, kept as it is
AS_OF = dt.date(2026, 11, 23)  # the day the examples were last reviewed
QUARTER_DAYS = (80, 100)  # "reassess quarterly", give or take a few weeks


@pytest.fixture(scope="module")
def portfolio(repo: Path) -> Portfolio:
    return load_portfolio(repo)


@pytest.fixture(scope="module")
def statuses(portfolio: Portfolio) -> dict[str, SystemStatus]:
    return {st.system.id: st for st in portfolio_status(portfolio, AS_OF)}


@pytest.fixture(scope="module")
def examples(portfolio: Portfolio) -> tuple[System, ...]:
    """The fictional examples: every system but the seed's."""
    return tuple(s for s in portfolio.systems if s.id != SEED)


def test_validate_is_clean(repo: Path) -> None:
    result = subprocess.run(
        [str(MATURITY), "validate"], cwd=repo, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_at_least_five_examples_besides_the_seed(examples: tuple[System, ...]) -> None:
    assert len(examples) >= 5


def test_every_system_is_labelled_an_example(portfolio: Portfolio, examples: tuple[System, ...]) -> None:
    """Tagged ``example``; the fictional ones say so in their name or description."""
    for system in portfolio.systems:
        assert "example" in system.tags, system.id
    for system in examples:
        assert "fictional" in f"{system.name} {system.description}".lower(), system.id


def test_names_are_unique(portfolio: Portfolio) -> None:
    names = [s.name for s in portfolio.systems]
    assert len(set(names)) == len(names)


def test_snapshots_are_quarterly(examples: tuple[System, ...]) -> None:
    """Two to five snapshots each (two for a system adopted this year), about a quarter
    apart, none after AS_OF."""
    low, high = QUARTER_DAYS
    for system in examples:
        dates = [s.date for s in system.snapshots]
        assert 2 <= len(dates) <= 5, (system.id, dates)
        gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
        assert all(low <= g <= high for g in gaps), (system.id, gaps)
        assert dates[-1] <= AS_OF, system.id


def test_every_rubric_is_used(portfolio: Portfolio) -> None:
    used = {portfolio.rubric_for(s.current).id for s in portfolio.systems}
    assert used == {r.id for r in portfolio.rubrics.values()}
    assert len(used) >= 2


def test_each_rubric_has_at_least_two_examples(
    portfolio: Portfolio, examples: tuple[System, ...]
) -> None:
    """The two built-in models each have several examples (acme-mlops, a team extension,
    has one: the system that shows an upgrade)."""
    for rubric_id in ("google-mlops", "azure-mlops"):
        users = [s.id for s in examples if portfolio.rubric_for(s.current).id == rubric_id]
        assert len(users) >= 2, (rubric_id, users)


def test_exactly_one_example_is_stale(
    examples: tuple[System, ...], statuses: dict[str, SystemStatus]
) -> None:
    """One example is overdue as of AS_OF; every other one was assessed within a quarter."""
    stale = [s.id for s in examples if statuses[s.id].stale]
    assert len(stale) == 1, stale
    assert statuses[stale[0]].age_days > STALE_AFTER_DAYS
    fresh = [statuses[s.id].age_days for s in examples if s.id not in stale]
    assert max(fresh) <= STALE_AFTER_DAYS


def test_exactly_one_regression_and_it_is_the_newest_step(
    examples: tuple[System, ...], statuses: dict[str, SystemStatus]
) -> None:
    """Progress is upward except for one system whose newest snapshot is lower than the one
    before, with a summary saying why. (A step to a new rubric version may lower the
    level: items new in it are unassessed until answered; claims-triage shows that.)"""
    drops = [
        (s.id, later.snapshot.date)
        for s in examples
        for earlier, later in itertools.pairwise(statuses[s.id].history)
        if later.overall.level < earlier.overall.level
        and later.rubric.ref == earlier.rubric.ref  # an upgrade changes the measure, not the system
    ]
    assert len(drops) == 1, drops
    system_id, date = drops[0]
    status = statuses[system_id]
    assert status.trend < 0
    assert date == status.system.current.date
    assert status.score.snapshot.summary


def test_at_least_two_examples_are_incomplete(
    examples: tuple[System, ...], statuses: dict[str, SystemStatus]
) -> None:
    """Newest snapshots that leave items unassessed so that the level is a range."""
    incomplete = [
        s.id for s in examples if statuses[s.id].score.overall.level < statuses[s.id].score.overall.upper
    ]
    assert len(incomplete) >= 2, incomplete
    for system_id in incomplete:
        assert statuses[system_id].score.unassessed > 0


def test_overall_levels_are_varied(portfolio: Portfolio, statuses: dict[str, SystemStatus]) -> None:
    """At least three distinct current levels, from the lowest level of a rubric to level 3."""
    levels = {st.score.overall.level for st in statuses.values()}
    assert len(levels) >= 3, levels
    assert min(levels) == min(r.min_level for r in portfolio.rubrics.values())
    assert max(levels) >= 3


def test_a_declared_level_outside_the_range_besides_the_seed(
    examples: tuple[System, ...], statuses: dict[str, SystemStatus]
) -> None:
    findings = [
        (s.id, f.dimension)
        for s in examples
        for f in statuses[s.id].score.findings
        if f.kind == "declared-level"
    ]
    assert findings


def test_statuses_in_use(examples: tuple[System, ...]) -> None:
    """``partial`` and ``na`` appear in the newest snapshots; every ``na`` says why."""
    answers = [a for s in examples for a in s.current.answers.values()]
    assert any(a.status == "partial" for a in answers)
    na = [a for a in answers if a.status == "na"]
    assert na and all(a.note for a in na)


def test_snapshots_grow_from_the_previous_one(portfolio: Portfolio, examples: tuple[System, ...]) -> None:
    """An item assessed once stays assessed in every later snapshot of the system; across
    an upgrade, every answer the mapping carries is still there."""
    for system in examples:
        for earlier, later in itertools.pairwise(system.snapshots):
            if later.rubric != earlier.rubric:
                seen = as_rubric(portfolio, earlier, later.rubric).snapshot
                assert set(seen.answers) <= set(later.answers), (system.id, later.date)
                continue
            dropped = set(earlier.answers) - set(later.answers)
            assert not dropped, (system.id, later.date, sorted(dropped))


def test_evidence_points_at_fictional_hosts(examples: tuple[System, ...]) -> None:
    """Example evidence never links to a real site: example.com hosts or relative paths."""
    for system in examples:
        for snapshot in system.snapshots:
            for answer in snapshot.answers.values():
                for link in answer.evidence:
                    host = urlsplit(link).hostname
                    assert host is None or host == "example.com" or host.endswith(".example.com"), (
                        snapshot.path, link,
                    )


def test_plans_have_owners(examples: tuple[System, ...]) -> None:
    """Several examples carry an improvement plan; every entry names an owner."""
    planned = [s for s in examples if s.current.plan]
    assert len(planned) >= 3
    for system in planned:
        for entry in system.current.plan:
            assert entry.owner, (system.id, entry.item)


def test_azure_boxes_are_scored_within_their_scope(
    portfolio: Portfolio, statuses: dict[str, SystemStatus]
) -> None:
    """The issue's misleading levels are gone: Build and Tests (two level-1 items) is at
    level 1 and complete, not 4; Governance (one level-4 item, not met) is at 0, not 3."""
    hotel = statuses["hotel-search-ranking"].score
    build = hotel.dimensions["build-and-tests"]
    assert (build.level, build.scope, build.scope_complete) == (1, (1,), True)
    governance = hotel.dimensions["governance"]
    assert (governance.level, governance.scope, governance.scope_complete) == (0, (4,), False)
    for dim_id, score in hotel.dimensions.items():
        assert score.level <= max(score.scope), dim_id


def test_a_blank_azure_assessment_is_at_level_0_everywhere(portfolio: Portfolio) -> None:
    """Training Automation (items at 2 and 4) is not at level 1 before anything is done."""
    rubric = portfolio.rubrics["azure-mlops@1"]
    blank = dataclasses.replace(portfolio.system("hotel-search-ranking").current, answers={})
    scored = score_snapshot(rubric, blank)
    assert {d: s.level for d, s in scored.dimensions.items()} == dict.fromkeys(scored.dimensions, 0)
    assert scored.dimensions["training-automation"].upper == 4


def test_gaps_and_roadmap_ask_a_dimension_only_for_levels_in_its_scope(portfolio: Portfolio) -> None:
    """Target 4: Build and Tests (complete at 1) is not short; Feedback Loop aims at 4."""
    system = portfolio.system("hotel-search-ranking")
    gaps = compute_gaps(system, portfolio.rubric_for(system.current), target=2, as_of=AS_OF)
    short = {d.id: d.goal for d in gaps.dimensions if d.short}
    assert "build-and-tests" not in short and "feedback-loop" not in short  # nothing in scope up to 2
    gaps = compute_gaps(system, portfolio.rubric_for(system.current), target=4, as_of=AS_OF)
    metrics = {m.name: m.target for m in build_roadmap(gaps).metrics}
    assert "Build and Tests" not in metrics
    assert metrics["Feedback Loop"] == 4
