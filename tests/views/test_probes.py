"""The probe report in words (text, Markdown, JSON) and the generated catalogue page."""

from __future__ import annotations

import json

from maturity.cli.probe import CATALOGUE, catalogue_text
from maturity.core.probemap import Disagreement, ProbeReport, Proposal
from maturity.core.probes import Files, Location, Probe, ProbeResult
from maturity.core.repository import Repository
from maturity.views.probes import probe_json, probe_md, probe_text, written_evidence
from tests.conftest import REPO

DVC = Probe("dvc-data", 1, "Is data versioned with DVC?", "why", Files(("*.dvc",)))
FEAST = Probe("feast", 1, "Feast | <b>?", "why", Files(("feature_store.yaml",)))
SHA = "0123456789abcdef0123456789abcdef01234567"
GITHUB = Repository("https://github.com/org/x", "main", "github")


def report(**extra: object) -> ProbeReport:
    found = (Location("data/a.dvc", 1), Location("data/b.dvc", 1), Location("c.dvc", 1), Location("d.dvc", 1))
    values: dict[str, object] = dict(
        repository="../x", commit=SHA, rubric="google-mlops@1",
        results=(ProbeResult(DVC, "found", found), ProbeResult(FEAST, "not-found")),
        proposals={"data.versioning": Proposal("data.versioning", "done", ("dvc-data",), found)},
        unseen={"governance.audit-trail": "logs"}, date="2026-11-23")
    values.update(extra)
    return ProbeReport(**values)  # type: ignore[arg-type]


def test_text() -> None:
    assert probe_text(report()).splitlines() == [
        f"probe of ../x at {SHA[:12]} for google-mlops@1: 1 of 2 probes found",
        "",
        "found:",
        "  dvc-data  Is data versioned with DVC?",
        "            data/a.dvc:1, data/b.dvc:1, c.dvc:1 (+1 more)",
        "",
        "not-found (1): feast",
        "",
        "proposals for google-mlops@1 (1 items; absence proposes nothing):",
        "  data.versioning  done     by dvc-data",
    ]


def test_text_with_a_system_shows_the_answers_and_disagreements() -> None:
    seen = Disagreement("claim-not-seen", "data.feature-store", "done", ("feast",))
    text = probe_text(report(system="churn", answers={"data.versioning": "todo"}, disagreements=(seen,)))
    assert "  data.versioning  done (answered todo)  by dvc-data" in text
    assert ("  claim-not-seen: data.feature-store is answered done, but none of its probes found it (feast)"
            in text)


def test_json_adds_permalinks_when_the_repository_is_known() -> None:
    data = probe_json(report(), GITHUB)
    assert data["probes"][0]["evidence"][0] == {
        "path": "data/a.dvc", "line": 1, "url": f"https://github.com/org/x/blob/{SHA}/data/a.dvc#L1"}
    assert json.loads(json.dumps(probe_json(report())))["proposals"]["data.versioning"]["evidence"][0] == {
        "path": "data/a.dvc", "line": 1}


def test_markdown_is_inert_and_links_permalinks() -> None:
    text = probe_md(report(), GITHUB)
    assert f"[`data/a.dvc:1`](<https://github.com/org/x/blob/{SHA}/data/a.dvc#L1>)" in text
    hostile = probe_md(report(results=(ProbeResult(FEAST, "found", (Location("a|<b>.yaml", 1),)),)))
    assert "<b>" not in hostile and "Feast &#124; &lt;b&gt;?" in hostile


def test_written_evidence_is_capped_and_falls_back_to_path_and_line() -> None:
    proposal = report().proposals["data.versioning"]
    assert written_evidence(proposal, None, SHA) == ["data/a.dvc:1", "data/b.dvc:1", "c.dvc:1", "d.dvc:1"]
    assert written_evidence(proposal, GITHUB, SHA)[0] == f"https://github.com/org/x/blob/{SHA}/data/a.dvc#L1"


def test_the_committed_catalogue_page_is_current() -> None:
    """docs/reference/probes.md is generated from the probe files: run `make probes-page`."""
    assert (REPO / CATALOGUE).read_text("utf-8") == catalogue_text()


def test_probe_note_labels_permalinks_and_code_lines() -> None:
    from maturity.core.model import Answer
    from maturity.views.probes import probe_note

    link = f"https://github.com/org/x/blob/{SHA}/data/a.dvc#L1"
    answer = Answer("data.versioning", "done", (link, "dvc.yaml:3"), source="probe", probes=("dvc-data",),
                    commit=SHA, checked=None)
    note = probe_note(answer, GITHUB)
    assert note is not None
    assert [(x.text, x.href) for x in note.locations] == [
        ("data/a.dvc:1", link), ("dvc.yaml:3", f"https://github.com/org/x/blob/{SHA}/dvc.yaml#L3")]
    assert note.found_by == f"found by probe at {SHA[:12]}"
    assert [(x.text, x.href) for x in probe_note(answer, None).locations] == [  # type: ignore[union-attr]
        (link, link), ("dvc.yaml:3", None)]
    assert probe_note(Answer("data.versioning", "done"), GITHUB) is None
