"""``maturity probe`` in words: text for the terminal, Markdown for a pull request,
JSON for CI and ``--from``; and the answers ``--write`` records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from maturity.core.links import code_location
from maturity.core.model import UNASSESSED, Answer
from maturity.core.probemap import Disagreement, ProbeMap, ProbeReport, Proposal
from maturity.core.probes import (
    All,
    Content,
    Files,
    Imports,
    Location,
    Matcher,
    Not,
    Probe,
    ProbeResult,
    PythonDeps,
    WorkflowSteps,
)
from maturity.core.repository import Repository
from maturity.views.permalink import label_of, location, permalink, short_label
from maturity.views.wording import Link, evidence_link, md, md_code

SHOWN_EVIDENCE = 3  # locations shown per line of text; JSON keeps them all
WRITTEN_EVIDENCE = 5  # locations --write records per answer
NOTE = "Proposed by maturity probe: review it, then keep, change or remove it."


def _where(evidence: Sequence[Location], limit: int = SHOWN_EVIDENCE) -> str:
    shown = [short_label(e.path, e.line) for e in evidence[:limit]]
    more = len(evidence) - limit
    return ", ".join(shown) + (f" (+{more} more)" if more > 0 else "")


def _json_location(e: Location, repository: Repository | None, commit: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"path": e.path, "line": e.line}
    url = permalink(repository, e.path, e.line, commit)
    if url:
        out["url"] = url
    return out


def probe_json(report: ProbeReport, repository: Repository | None = None) -> dict[str, Any]:
    """The JSON contract of ``maturity probe --format json`` (and of ``--from``)."""

    def where(evidence: Sequence[Location]) -> list[dict[str, Any]]:
        return [_json_location(e, repository, report.commit) for e in evidence]

    def proposal(p: Proposal) -> dict[str, Any]:
        out: dict[str, Any] = {"status": p.status, "probes": list(p.probes), "evidence": where(p.evidence)}
        if report.system is not None:
            out["answer"] = report.answers.get(p.item, UNASSESSED)
        return out

    def disagreement(d: Disagreement) -> dict[str, Any]:
        return {"kind": d.kind, "item": d.item, "answer": d.answer, "probes": list(d.probes),
                "evidence": where(d.evidence)}

    return {
        "repository": report.repository,
        "commit": report.commit,
        "date": report.date,
        "rubric": report.rubric,
        "system": report.system,
        "complete": report.complete,
        "skipped": dict(report.skipped),
        "probes": [
            {"id": r.probe.id, "version": r.probe.version, "question": r.probe.question,
             "outcome": r.outcome, "evidence": where(r.evidence)}
            for r in report.results
        ],
        "proposals": {item: proposal(p) for item, p in sorted(report.proposals.items())},
        "unseen": dict(sorted(report.unseen.items())),
        "disagreements": [disagreement(d) for d in report.disagreements],
    }


def _headline(report: ProbeReport) -> str:
    found = sum(1 for r in report.results if r.outcome == "found")
    at = f" at {report.commit[:12]}" if report.commit else ""
    rubric = f" for {report.rubric}" if report.rubric else ""
    return f"probe of {report.repository}{at}{rubric}: {found} of {len(report.results)} probes found"


def _answer_move(report: ProbeReport, p: Proposal) -> str:
    if report.system is None:
        return p.status
    current = report.answers.get(p.item, UNASSESSED)
    if current == UNASSESSED:
        return f"unassessed → {p.status}"
    return f"{p.status} (answered {current})"


def _disagreement_line(d: Disagreement) -> str:
    if d.kind == "claim-not-seen":
        return (f"claim-not-seen: {d.item} is answered {d.answer}, but none of its probes found it "
                f"({', '.join(d.probes)})")
    return (f"practice-not-claimed: {d.item} is answered {d.answer}, but {', '.join(d.probes)} "
            f"found it: {_where(d.evidence)}")


def probe_text(report: ProbeReport) -> str:
    """The terminal report: every probe found (with where), the rest by outcome, then the
    proposals per item and the disagreements."""
    lines = [_headline(report)]
    by_outcome: dict[str, list[ProbeResult]] = {"found": [], "not-found": [], "unknown": []}
    for r in report.results:
        by_outcome[r.outcome].append(r)
    if by_outcome["found"]:
        lines += ["", "found:"]
        width = max(len(r.probe.id) for r in by_outcome["found"])
        for r in by_outcome["found"]:
            lines.append(f"  {r.probe.id:<{width}}  {r.probe.question}")
            lines.append(f"  {'':<{width}}  {_where(r.evidence)}")
    for outcome in ("unknown", "not-found"):
        ids = [r.probe.id for r in by_outcome[outcome]]
        if ids:
            lines += ["", f"{outcome} ({len(ids)}): " + ", ".join(ids)]
    if report.rubric:
        count = len(report.proposals)
        lines += ["", f"proposals for {report.rubric} ({count} items; absence proposes nothing):"]
        if report.proposals:
            width = max(len(i) for i in report.proposals)
            for item, p in sorted(report.proposals.items()):
                lines.append(f"  {item:<{width}}  {_answer_move(report, p):<7}  by {', '.join(p.probes)}")
        else:
            lines.append("  none")
    if report.system is not None:
        lines += ["", f"disagreements with {report.system}: {len(report.disagreements) or 'none'}"]
        lines += [f"  {_disagreement_line(d)}" for d in report.disagreements]
    if not report.complete or report.skipped:
        skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped.items()))
        lines += ["", f"not read: {skipped or 'part of it'}" + ("" if report.complete else
                  " (a limit was reached: what was not read answers unknown)")]
    return "\n".join(lines)


def _md_where(evidence: Sequence[Location], repository: Repository | None, commit: str | None) -> str:
    parts = []
    for e in evidence[:SHOWN_EVIDENCE]:
        label = md_code(short_label(e.path, e.line))
        url = permalink(repository, e.path, e.line, commit)
        parts.append(f"[{label}](<{url}>)" if url else label)
    more = len(evidence) - SHOWN_EVIDENCE
    return ", ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def probe_md(report: ProbeReport, repository: Repository | None = None) -> str:
    """The report as Markdown, for a pull-request comment or a job summary."""
    commit = f" at {md_code(report.commit[:12])}" if report.commit else ""
    found = [r for r in report.results if r.outcome == "found"]
    lines = [f"### Probe of {md(report.repository)}{commit}", "",
             f"{len(found)} of {len(report.results)} probes found."]
    if report.disagreements:
        lines += ["", f"**Disagreements with {md(report.system or '')}**", ""]
        lines += [f"- {md(_disagreement_line(d))}" for d in report.disagreements]
    if report.proposals:
        lines += ["", f"| Item ({md(report.rubric or '')}) | Proposal | Probes | Evidence |",
                  "|---|---|---|---|"]
        for item, p in sorted(report.proposals.items()):
            lines.append(f"| {md_code(item)} | {md(_answer_move(report, p))} | {md(', '.join(p.probes))} | "
                         f"{_md_where(p.evidence, repository, report.commit)} |")
    if found:
        lines += ["", "| Probe | Question | Evidence |", "|---|---|---|"]
        lines += [f"| {md_code(r.probe.id)} | {md(r.probe.question)} | "
                  f"{_md_where(r.evidence, repository, report.commit)} |" for r in found]
    return "\n".join(lines) + "\n"


def written_evidence(p: Proposal, repository: Repository | None, commit: str | None) -> list[str]:
    """The evidence ``--write`` records: permalinks when the repository is known, else ``path:line``."""
    return [location(repository, e.path, e.line, commit) for e in p.evidence[:WRITTEN_EVIDENCE]]


def found_by(commit: str | None, date: dt.date | str | None) -> str:
    """"found by probe at <commit>, <date>": how pages credit an answer a probe proposed."""
    at = f" at {commit[:12]}" if commit else ""
    on = f", {date}" if date else ""
    return f"found by probe{at}{on}"


@dataclass(frozen=True)
class ProbeNote:
    """An answer a probe proposed, as a page shows it: each location by its short label
    (linked to its permalink when there is one) and who found it, when."""

    locations: tuple[Link, ...]
    found_by: str
    probes: tuple[str, ...]


def probe_note(answer: Answer | None, repository: Repository | None) -> ProbeNote | None:
    """The note for an answer with ``source: probe``; ``None`` for a person's answer."""
    if answer is None or answer.source != "probe":
        return None
    links: list[Link] = []
    for evidence in answer.evidence:
        where = code_location(evidence)
        if where is not None:
            url = permalink(repository, where[0], where[1], answer.commit)
            links.append(Link(short_label(*where), quote_href(url), True) if url else
                         Link(short_label(*where), None, False))
            continue
        link = evidence_link(evidence)
        links.append(Link(label_of(repository, evidence) or link.text, link.href, link.external))
    return ProbeNote(tuple(links), found_by(answer.commit, answer.checked), answer.probes)


def quote_href(url: str) -> str | None:
    """A permalink as the one link policy makes it a link (percent-encoded, http(s) only)."""
    return evidence_link(url).href


# --------------------------------------------------------------------------- the probe catalogue

GENERATED = (
    "<!-- Generated from src/maturity/probes/ by `make probes-page`: do not edit by hand "
    "(tests/views/test_probes.py checks that it is current). -->"
)


def codes(values: Sequence[str]) -> str:
    return ", ".join(md_code(v) for v in values)


def _matcher_md(matcher: Matcher, depth: int = 0) -> list[str]:
    pad = "    " * depth
    if isinstance(matcher, Files):
        unless = f" (not {codes(matcher.exclude)})" if matcher.exclude else ""
        return [f"{pad}- a file {codes(matcher.globs)}{unless}"]
    if isinstance(matcher, Content):
        unless = f" (not {codes(matcher.exclude)})" if matcher.exclude else ""
        return [f"{pad}- a line matching {md_code(matcher.pattern)} in {codes(matcher.globs)}{unless}"]
    if isinstance(matcher, PythonDeps):
        return [f"{pad}- a Python dependency {codes(matcher.names)}"]
    if isinstance(matcher, Imports):
        return [f"{pad}- an import of {codes(matcher.modules)} (Python files, notebook code cells)"]
    if isinstance(matcher, WorkflowSteps):
        return [f"{pad}- a CI step matching {md_code(matcher.pattern)}"]
    if isinstance(matcher, Not):
        return [f"{pad}- none of:", *_matcher_md(matcher.matcher, depth + 1)]
    word = "all of" if isinstance(matcher, All) else "any of"
    return [f"{pad}- {word}:", *(line for m in matcher.matchers for line in _matcher_md(m, depth + 1))]


def probe_catalogue_md(probes: Sequence[Probe], maps: Sequence[ProbeMap]) -> str:
    """The docs page listing every probe: its question, why, what it looks for, and the
    items it proposes in each map; then the items no repository can show."""
    lines = [GENERATED, "", "# Probes", "",
             f"`maturity probe` asks {len(probes)} questions of a repository. Each is a file in "
             "the package's `probes/` folder (a repository's own `probes/` adds or replaces them); "
             "the maps say which items they propose. See the guide "
             "[Let the repository answer](../guide/probe.md).", ""]
    for probe in probes:
        lines += [f"## {probe.id}", "", f"**{md(probe.question)}** (version {probe.version})", "",
                  md(probe.why), "", "Found when there is:", "", *_matcher_md(probe.match), ""]
        proposes = [
            f"{md_code(item)} {rule.proposes}" + (" (with " + ", ".join(
                md_code(p) for p in rule.probes if p != probe.id) + ")" if rule.mode == "all"
                and len(rule.probes) > 1 else "")
            for m in maps for item, rules in sorted(m.items.items()) for rule in rules
            if probe.id in rule.probes
        ]
        if proposes:
            lines += ["Proposes: " + "; ".join(proposes) + ".", ""]
    for m in maps:
        lines += [f"## What no repository shows ({m.rubric})", "", "| Item | Why |", "|---|---|"]
        lines += [f"| {md_code(item)} | {md(why)} |" for item, why in sorted(m.unseen.items())]
        lines.append("")
    return "\n".join(lines)
