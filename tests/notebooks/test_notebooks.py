"""Every notebook run with papermill in the real kernel on a copy of the example portfolio.

Each notebook records what it computed (``application/vnd.maturity+json``); the tests
read the records back from the executed notebook and compare them with the package's
own answers, computed here from the core (scoring, gaps, portfolio).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import nbformat
import pytest

from maturity.core.analysis import quarter, quarters_between
from maturity.core.calendar import Quarter
from maturity.core.gaps import compute_gaps
from maturity.core.model import Portfolio, System
from maturity.core.portfolio import history, portfolio_status
from maturity.core.scoring import SnapshotScore
from maturity.errors import NotebookFailed
from maturity.notebooks import run as nbrun
from maturity.store.load import load_portfolio
from tests.notebooks.conftest import Execute, notebook

pytestmark = pytest.mark.notebooks

TECHCORP = "techcorp-support-chatbot"
COPY = "techcorp-regressed"  # a copy of TechCorp whose later snapshot undoes work


def _later(text: str, day: str, old: str, new: str) -> str:
    first = text.split("date: ", 1)[1][:10]
    return text.replace(f"date: {first}", f"date: {day}").replace(f"status: {old}", f"status: {new}")


@pytest.fixture
def with_history(example_root: Path) -> Path:
    """The example portfolio plus history: TechCorp does its to-dos by 2026-05-15, and a copy
    of it undoes its done items by 2026-08-20."""
    folder = example_root / "assessments" / TECHCORP
    first = folder / "2026-02-15.yaml"
    text = first.read_text(encoding="utf-8")
    (folder / "2026-05-15.yaml").write_text(_later(text, "2026-05-15", "todo", "done"), encoding="utf-8")
    copy = example_root / "assessments" / COPY
    copy.mkdir()
    shutil.copy(folder / "system.yaml", copy / "system.yaml")
    shutil.copy(first, copy / "2026-02-15.yaml")
    (copy / "2026-08-20.yaml").write_text(_later(text, "2026-08-20", "done", "todo"), encoding="utf-8")
    load_portfolio(example_root)  # still valid
    return example_root


def _up_to(portfolio: Portfolio, system: System, day: dt.date) -> list[SnapshotScore]:
    return [h for h in history(portfolio, system) if h.snapshot.date <= day]


def _round(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


# --- system_report ------------------------------------------------------------------


@pytest.mark.parametrize(("snapshot", "target"), [("latest", None), ("2026-02-15", 3)])
def test_system_report_records_the_packages_answers(
    execute: Execute, with_history: Path, snapshot: str, target: int | None
) -> None:
    got = execute("system_report", with_history, system=TECHCORP, snapshot=snapshot, target_level=target)
    portfolio = load_portfolio(with_history)
    system = portfolio.system(TECHCORP)
    chosen = system.current if snapshot == "latest" else system.snapshot(dt.date.fromisoformat(snapshot))
    rubric = portfolio.rubric_for(chosen)
    gaps = compute_gaps(system, rubric, target, chosen)
    assert got["snapshot"] == chosen.date.isoformat() and got["rubric"] == rubric.ref
    assert got["target"] == (target if target is not None else system.target_level)
    assert got["overall"] == {"level": gaps.score.overall.level, "upper": gaps.score.overall.upper}
    assert got["dimensions"] == {
        d.id: {"level": d.level, "upper": d.upper, "needed": d.needed} for d in gaps.dimensions}
    assert got["findings"] == [f.dimension for f in gaps.score.findings]
    assert got["gap_items"] == [o.item.id for d in gaps.dimensions for g in d.levels for o in g.open]
    assert got["history"] == [
        {"date": h.snapshot.date.isoformat(), "level": h.overall.level, "upper": h.overall.upper}
        for h in _up_to(portfolio, system, chosen.date)
    ]


def test_system_report_of_the_seed_example(execute: Execute, example_root: Path) -> None:
    """On the shipped portfolio: TechCorp is level 1 up to 2 (the seed's own conclusion)."""
    got = execute("system_report", example_root)
    assert got["system"] == TECHCORP and got["overall"] == {"level": 1, "upper": 2}
    assert got["history"][-1]["date"] == "2026-02-15"


# --- portfolio ----------------------------------------------------------------------


def _portfolio_expectations(portfolio: Portfolio, as_of: dt.date, rubric: str) -> dict[str, Any]:
    """The portfolio as of a date, from the core alone: each system's newest snapshot then."""
    systems: dict[str, Any] = {}
    below: Counter[str] = Counter()
    needed: Counter[str] = Counter()
    matrix = {}
    for system in portfolio.systems:
        scored = _up_to(portfolio, system, as_of)
        if not scored or scored[-1].rubric.ref != rubric:
            continue
        score = scored[-1]
        gaps = compute_gaps(system, score.rubric, None, score.snapshot)
        systems[system.id] = {
            "snapshot": score.snapshot.date.isoformat(), "level": score.overall.level,
            "upper": score.overall.upper, "age_days": (as_of - score.snapshot.date).days,
            "target": gaps.target,
        }
        matrix[system.id] = {d: s.level for d, s in score.dimensions.items()}
        for d in gaps.dimensions:
            below[d.id] += d.level < gaps.target
            needed[d.id] += d.needed
    return {"systems": systems, "matrix": matrix, "below": below, "needed": needed}


def test_portfolio_records_the_packages_answers(execute: Execute, with_history: Path) -> None:
    portfolio = load_portfolio(with_history)
    as_of = max(s.current.date for s in portfolio.systems) + dt.timedelta(days=120)
    got = execute("portfolio", with_history, as_of=as_of.isoformat())
    used = Counter(s.current.rubric for s in portfolio.systems)
    assert used[got["rubric"]] == max(used.values())  # the most used rubric by default
    want = _portfolio_expectations(portfolio, as_of, got["rubric"])
    assert got["as_of"] == as_of.isoformat()
    assert got["systems"] == want["systems"]
    assert got["matrix"] == want["matrix"]
    levels = Counter(v["level"] for v in want["systems"].values())
    assert {int(k): v for k, v in got["distribution"].items() if v} == dict(levels)
    # staleness as portfolio_status sees it on the same day
    stale = {st.system.id for st in portfolio_status(portfolio, as_of)
             if st.stale and st.system.id in want["systems"]}
    assert set(got["stale"]) == stale
    assert {d["dimension"]: (d["systems_below"], d["items_needed"]) for d in got["holding_back"]} == {
        d: (want["below"][d], want["needed"][d]) for d in want["below"]}
    ranks = [(-d["systems_below"], -d["items_needed"]) for d in got["holding_back"]]
    assert ranks == sorted(ranks)
    # roll-ups by owner: the systems the view shows, each counted once under its owner
    owners = Counter(portfolio.system(s).owner for s in want["systems"])
    assert {k: v["systems"] for k, v in got["rollups"]["owner"].items()} == dict(owners)
    stale_by_owner = Counter(portfolio.system(s).owner for s in stale)
    assert {k: v["stale"] for k, v in got["rollups"]["owner"].items() if v["stale"]} == dict(stale_by_owner)


def test_portfolio_as_of_a_past_date_uses_the_snapshots_of_then(execute: Execute, with_history: Path) -> None:
    got = execute("portfolio", with_history, as_of="2026-03-31", rubric="google-mlops")
    portfolio = load_portfolio(with_history)
    want = _portfolio_expectations(portfolio, dt.date(2026, 3, 31), "google-mlops@1")
    assert got["systems"] == want["systems"]
    assert got["systems"][TECHCORP]["snapshot"] == "2026-02-15"  # not the 2026-05-15 one
    assert got["systems"][TECHCORP]["age_days"] == 44


# --- trends -------------------------------------------------------------------------


def test_trends_record_the_packages_answers(execute: Execute, with_history: Path) -> None:
    got = execute("trends", with_history)
    portfolio = load_portfolio(with_history)
    rubric = got["rubric"]
    systems = [s for s in portfolio.systems if any(x.rubric == rubric for x in s.snapshots)]
    first = min(s.snapshots[0].date for s in systems)
    last = max(s.current.date for s in systems)
    assert got["quarters"] == list(quarters_between(first, last))
    for system in systems:
        scored = [h for h in history(portfolio, system) if h.rubric.ref == rubric]
        expected = []
        for label in got["quarters"]:
            by_then = [h for h in scored if h.snapshot.date <= Quarter.parse(label).end]
            expected.append(by_then[-1].overall.level if by_then else None)
        assert got["levels"][system.id] == expected, system.id
        change = got["changes"][system.id]
        assert (change["from"], change["to"]) == (
            scored[0].snapshot.date.isoformat(), scored[-1].snapshot.date.isoformat())
        assert (change["before"], change["after"]) == (scored[0].overall.level, scored[-1].overall.level)
    assert got["assessed"] == [
        sum(quarter(x.date) == q for s in systems for x in s.snapshots if x.rubric == rubric)
        for q in got["quarters"]
    ]
    assert got["changes"][TECHCORP]["verdict"] == "improved"
    assert got["changes"][COPY]["verdict"] == "regressed"


def test_trends_since_and_chosen_systems(execute: Execute, with_history: Path) -> None:
    got = execute("trends", with_history, systems=f"{TECHCORP},{COPY}", since="2026-04-01")
    portfolio = load_portfolio(with_history)
    assert set(got["changes"]) == {TECHCORP, COPY}
    assert got["quarters"] == ["2026-Q2", "2026-Q3"]
    tech = [h for h in history(portfolio, portfolio.system(TECHCORP))]
    assert got["changes"][TECHCORP]["from"] == "2026-02-15"  # its level on 2026-04-01
    assert got["changes"][TECHCORP]["after"] == tech[-1].overall.level
    for dim, means in got["dimension_means"].items():
        states = [h[-1] for h in (_up_to(portfolio, portfolio.system(s), dt.date(2026, 9, 30))
                                  for s in (TECHCORP, COPY))]
        assert means[-1] == _round(Fraction(sum(s.dimensions[dim].level for s in states), 2))


# --- broken parameters --------------------------------------------------------------

CHECK_CELL = 4  # in the source: markdown, parameters, papermill's injected parameters, checks


@pytest.mark.parametrize(
    ("name", "parameters", "ename", "says"),
    [
        ("system_report", {"system": "techcorp-chatbot"}, "NotFound",
         f"system='techcorp-chatbot': unknown system 'techcorp-chatbot' (did you mean '{TECHCORP}'?)"),
        ("system_report", {"snapshot": "2026-02-31"}, "UsageError",
         "snapshot='2026-02-31' is not a date: give YYYY-MM-DD or 'latest'"),
        ("system_report", {"snapshot": "2026-03-01"}, "NotFound",
         "has no snapshot of 2026-03-01 (it has: 2026-02-15) (or 'latest')"),
        ("system_report", {"target_level": 9}, "UsageError",
         "target_level=9 is not a level of google-mlops@1: give 0–3"),
        ("portfolio", {"as_of": "31/03/2026"}, "UsageError", "as_of='31/03/2026' is not a date"),
        ("portfolio", {"rubric": "google"}, "NotFound",
         "rubric='google': unknown rubric 'google' (did you mean 'google-mlops'?)"),
        ("portfolio", {"as_of": "2020-01-01"}, "UsageError", "the first snapshot is of"),
        ("trends", {"since": "2099-01-01"}, "UsageError", "since='2099-01-01' is after every snapshot"),
        ("trends", {"systems": "nope"}, "NotFound",
         "system='nope': unknown system 'nope' (known: card-fraud-scoring, claims-triage, customer-churn, "),
    ],
)
def test_broken_parameter_fails_in_the_first_cell_with_a_clear_message(
    tmp_path: Path, example_root: Path, name: str, parameters: dict[str, Any], ename: str, says: str
) -> None:
    with pytest.raises(NotebookFailed) as caught:
        nbrun.run(notebook(name), tmp_path, parameters, example_root, progress=False)
    error = caught.value
    assert f"in cell {CHECK_CELL}, {ename}: " in error.detail and says in error.detail
    assert not (tmp_path / f"{name}.ipynb").exists()  # nothing to publish
    assert error.kept == tmp_path / "failed" / f"{name}.ipynb"
    failed = nbformat.read(error.kept, as_version=4)
    errors = [o for c in failed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == ename
    assert errors[0].traceback == [f"{ename}: {errors[0].evalue}"]  # the message, no traceback
    code = [c for c in failed.cells if c.cell_type == "code"]
    injected = next(i for i, c in enumerate(code) if "injected-parameters" in c.metadata.get("tags", []))
    assert code[injected + 1].outputs == errors  # the first cell after the parameters, before any chart


def test_a_broken_portfolio_shows_path_line_column_in_the_notebook(
    tmp_path: Path, example_root: Path
) -> None:
    """Run by papermill directly (not through the command), a broken file is one clear line."""
    snapshot = example_root / "assessments" / TECHCORP / "2026-02-15.yaml"
    snapshot.write_text(snapshot.read_text(encoding="utf-8").replace("status: done", "status: donne", 1),
                        encoding="utf-8")
    with pytest.raises(NotebookFailed) as caught:
        nbrun.run(notebook("portfolio"), tmp_path, {"as_of": "2026-06-30"}, example_root, progress=False)
    assert f"in cell {CHECK_CELL}, InvalidInput: " in caught.value.detail
    failed = nbformat.read(tmp_path / "failed" / "portfolio.ipynb", as_version=4)
    (error,) = [o for c in failed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    (line,) = error.traceback
    assert line.startswith(f"assessments/{TECHCORP}/2026-02-15.yaml:") and "donne" in line
