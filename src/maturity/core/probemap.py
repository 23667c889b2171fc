"""Which probes propose which rubric item (``probes/maps/<rubric-id>.yaml``), and what
the probes' outcomes say about a snapshot's answers.

A map names, item by item, the rules that propose an answer (``any`` or ``all`` of
some probes found proposes ``done`` or ``partial``; the strongest rule that holds
wins) and, for every other item, why no repository can show it. Absence never
proposes ``todo``. Pure rules: the outcomes come in, proposals and disagreements go out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from maturity.core.model import UNASSESSED
from maturity.core.probes import Location, ProbeResult

Proposed = Literal["done", "partial"]
RuleMode = Literal["any", "all"]
DisagreementKind = Literal["claim-not-seen", "practice-not-claimed"]
_STRENGTH = {"partial": 1, "done": 2}


@dataclass(frozen=True)
class MapRule:
    """``any``/``all`` of ``probes`` found proposes ``proposes``."""

    mode: RuleMode
    probes: tuple[str, ...]
    proposes: Proposed


@dataclass(frozen=True)
class ProbeMap:
    """One rubric's map: item → rules, and the items a repository cannot show, with why."""

    rubric: str  # a rubric id (the map holds for its every version that has the items)
    items: Mapping[str, tuple[MapRule, ...]] = field(default_factory=dict)
    unseen: Mapping[str, str] = field(default_factory=dict)
    path: str = ""

    def probes_of(self, item: str) -> tuple[str, ...]:
        """Every probe named for ``item``, once each, in the order written."""
        return tuple(dict.fromkeys(p for rule in self.items.get(item, ()) for p in rule.probes))


@dataclass(frozen=True)
class Proposal:
    item: str
    status: Proposed
    probes: tuple[str, ...]
    evidence: tuple[Location, ...]


@dataclass(frozen=True)
class Disagreement:
    kind: DisagreementKind
    item: str
    answer: str
    probes: tuple[str, ...]
    evidence: tuple[Location, ...] = ()


def propose(probe_map: ProbeMap, results: Iterable[ProbeResult]) -> dict[str, Proposal]:
    """The proposal for every item whose strongest holding rule proposes something."""
    by_id = {r.probe.id: r for r in results}
    proposals: dict[str, Proposal] = {}
    for item, rules in probe_map.items.items():
        best: Proposal | None = None
        for rule in rules:
            found = [p for p in rule.probes if p in by_id and by_id[p].outcome == "found"]
            holds = bool(found) if rule.mode == "any" else len(found) == len(rule.probes)
            if not holds:
                continue
            evidence = tuple(dict.fromkeys(e for p in found for e in by_id[p].evidence))
            candidate = Proposal(item, rule.proposes, tuple(found), evidence)
            if best is None or _STRENGTH[candidate.status] > _STRENGTH[best.status]:
                best = candidate
            elif _STRENGTH[candidate.status] == _STRENGTH[best.status]:
                merged = tuple(dict.fromkeys((*best.probes, *candidate.probes)))
                best = Proposal(item, best.status, merged, tuple(dict.fromkeys((*best.evidence, *evidence))))
        if best is not None:
            proposals[item] = best
    return proposals


def disagreements(
    probe_map: ProbeMap,
    results: Iterable[ProbeResult],
    answers: Mapping[str, str],
    proposals: Mapping[str, Proposal],
) -> list[Disagreement]:
    """Answers the repository contradicts.

    ``claim-not-seen``: answered ``done`` and every probe mapped to the item was looked
    for and not found (an ``unknown`` outcome is not a contradiction).
    ``practice-not-claimed``: answered ``todo`` and the item's probes propose it.
    """
    by_id = {r.probe.id: r for r in results}
    out: list[Disagreement] = []
    for item in sorted(probe_map.items):
        answer = answers.get(item)
        mapped = probe_map.probes_of(item)
        if answer == "done" and mapped and all(
            p in by_id and by_id[p].outcome == "not-found" for p in mapped
        ):
            out.append(Disagreement("claim-not-seen", item, answer, mapped))
        elif answer == "todo" and item in proposals:
            proposal = proposals[item]
            out.append(Disagreement("practice-not-claimed", item, answer, proposal.probes, proposal.evidence))
    return out


def map_problems(
    probe_map: ProbeMap, item_ids: Iterable[str], probe_ids: Iterable[str]
) -> list[tuple[tuple[str, ...], str]]:
    """A map checked both ways: every item it names is in the rubric, every probe it
    names exists, and every rubric item is either mapped or said to be unseeable."""
    items = set(item_ids)
    probes = set(probe_ids)
    problems: list[tuple[tuple[str, ...], str]] = []
    for item, rules in probe_map.items.items():
        if item not in items:
            problems.append((("items", item), f"item {item!r} is not in rubric {probe_map.rubric}"))
        for index, rule in enumerate(rules):
            for position, probe in enumerate(rule.probes):
                if probe not in probes:
                    problems.append(
                        (("items", item, str(index), rule.mode, str(position)), f"unknown probe {probe!r}")
                    )
    for item in probe_map.unseen:
        if item not in items:
            problems.append((("unseen", item), f"item {item!r} is not in rubric {probe_map.rubric}"))
        if item in probe_map.items:
            problems.append((("unseen", item), f"item {item!r} is both mapped and listed as unseen"))
    return problems


def unmapped(probe_map: ProbeMap, item_ids: Iterable[str]) -> list[str]:
    """Rubric items the map neither maps nor explains."""
    return [i for i in item_ids if i not in probe_map.items and i not in probe_map.unseen]


@dataclass(frozen=True)
class ProbeReport:
    """What ``maturity probe`` found in one checkout and what it proposes for one rubric."""

    repository: str  # as given (a path, or the name the CI run recorded)
    commit: str | None
    rubric: str | None  # "id@version"
    results: tuple[ProbeResult, ...]
    proposals: Mapping[str, Proposal] = field(default_factory=dict)
    unseen: Mapping[str, str] = field(default_factory=dict)
    disagreements: tuple[Disagreement, ...] = ()
    system: str | None = None
    answers: Mapping[str, str] = field(default_factory=dict)  # item → status in the newest snapshot
    skipped: Mapping[str, int] = field(default_factory=dict)
    complete: bool = True
    date: str | None = None  # YYYY-MM-DD: when the repository was read

    def outcome(self, probe_id: str) -> str | None:
        return next((r.outcome for r in self.results if r.probe.id == probe_id), None)


def build_report(
    repository: str,
    commit: str | None,
    results: Sequence[ProbeResult],
    probe_map: ProbeMap | None,
    rubric: str | None,
    answers: Mapping[str, str] | None = None,
    system: str | None = None,
) -> ProbeReport:
    """Proposals from the outcomes; with a snapshot's answers, the disagreements too."""
    proposals = propose(probe_map, results) if probe_map else {}
    found = (
        disagreements(probe_map, results, answers, proposals)
        if probe_map and answers is not None else []
    )
    return ProbeReport(
        repository=repository,
        commit=commit,
        rubric=rubric,
        results=tuple(results),
        proposals=proposals,
        unseen=dict(probe_map.unseen) if probe_map else {},
        disagreements=tuple(found),
        system=system,
        answers=dict(answers or {}),
    )


def writable(report: ProbeReport) -> dict[str, Proposal]:
    """The proposals ``--write`` may add: items the newest snapshot leaves unassessed."""
    return {
        item: p for item, p in report.proposals.items()
        if report.answers.get(item, UNASSESSED) == UNASSESSED
    }
