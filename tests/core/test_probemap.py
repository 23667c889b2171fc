"""Maps turn found probes into proposals; answers and outcomes into disagreements."""

from __future__ import annotations

from maturity.core.probemap import MapRule, ProbeMap, disagreements, map_problems, propose, unmapped
from maturity.core.probes import Files, Location, Probe, ProbeResult


def result(probe_id: str, outcome: str, *paths: str) -> ProbeResult:
    probe = Probe(probe_id, 1, "q?", "why", Files(("x",)))
    return ProbeResult(probe, outcome, tuple(Location(p) for p in paths))  # type: ignore[arg-type]


MAP = ProbeMap("r", {
    "a.versioning": (MapRule("any", ("dvc", "lakefs"), "done"),),
    "a.tests-in-ci": (MapRule("any", ("tests",), "partial"), MapRule("all", ("tests", "ci"), "done")),
})


def test_the_strongest_rule_that_holds_wins() -> None:
    partial = propose(MAP, [result("tests", "found", "t.py"), result("ci", "not-found")])
    assert (partial["a.tests-in-ci"].status, partial["a.tests-in-ci"].probes) == ("partial", ("tests",))
    done = propose(MAP, [result("tests", "found", "t.py"), result("ci", "found", "ci.yml")])
    assert done["a.tests-in-ci"].status == "done"
    assert done["a.tests-in-ci"].evidence == (Location("t.py"), Location("ci.yml"))


def test_absence_never_proposes() -> None:
    assert propose(MAP, [result("dvc", "not-found"), result("lakefs", "unknown")]) == {}


def test_claim_not_seen_needs_every_probe_not_found() -> None:
    """An unknown outcome (the repository could not be read there) is no contradiction."""
    answers = {"a.versioning": "done"}
    seen = disagreements(MAP, [result("dvc", "not-found"), result("lakefs", "not-found")], answers, {})
    assert [(d.kind, d.item, d.probes) for d in seen] == [
        ("claim-not-seen", "a.versioning", ("dvc", "lakefs"))]
    assert disagreements(MAP, [result("dvc", "not-found"), result("lakefs", "unknown")], answers, {}) == []


def test_practice_not_claimed_when_todo_but_proposed() -> None:
    results = [result("dvc", "found", "d.dvc")]
    seen = disagreements(MAP, results, {"a.versioning": "todo"}, propose(MAP, results))
    assert [(d.kind, d.evidence) for d in seen] == [("practice-not-claimed", (Location("d.dvc"),))]
    assert disagreements(MAP, results, {"a.versioning": "partial"}, propose(MAP, results)) == []


def test_maps_are_checked_both_ways() -> None:
    bad = ProbeMap("r", {"a.nope": (MapRule("any", ("ghost",), "done"),)}, {"a.versioning": "why"})
    assert map_problems(bad, ["a.versioning"], ["dvc"]) == [
        (("items", "a.nope"), "item 'a.nope' is not in rubric r"),
        (("items", "a.nope", "0", "any", "0"), "unknown probe 'ghost'"),
    ]
    assert unmapped(MAP, ["a.versioning", "a.tests-in-ci", "a.other"]) == ["a.other"]
