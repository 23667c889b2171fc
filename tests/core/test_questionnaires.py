"""Three real questionnaires, written as rubrics, say what their own authors' scoring says.

- Google's ML Test Score (Breck et al., 2017): 0 / 0.5 / 1 per test, a section is the
  sum of its tests, the final score the minimum over the four sections, read against the
  paper's bands. The shipped example ``ml-test-readiness`` has that shape (its checks are
  our own words).
- A yes/no questionnaire with gated sections: 60 statements in 7 sections; a team is
  mature when every statement of sections 1–4 is yes (per-level threshold 1, answers
  yes/no only, no na), and an extension can add a section.
- Microsoft's MLOps maturity model as a grid: the assessor picks the level of each
  column; a fully automated release column is level 4, not 0.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from tests.core.scorer_oracle import to_yaml

REPO = Path(__file__).resolve().parents[2]
MATURITY = Path(sys.executable).with_name("maturity")
DATE = "2026-03-02"


def _repo(tmp_path: Path, rubrics: dict[str, str], system: str, snapshot: dict[str, Any],
          target: int = 3) -> Path:
    root = tmp_path / "repo"
    (root / "rubrics").mkdir(parents=True)
    for name, text in rubrics.items():
        (root / "rubrics" / name).write_text(text, encoding="utf-8")
    folder = root / "assessments" / system
    folder.mkdir(parents=True)
    (folder / "system.yaml").write_text(f"name: A system\nowner: A team\ntarget_level: {target}\n",
                                        encoding="utf-8")
    (folder / f"{DATE}.yaml").write_text(to_yaml(snapshot) + "\n", encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--root", str(root)])
    return result


def _score(root: Path, system: str) -> dict[str, Any]:
    result = _run(root, "score", system, "--format", "json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


# --------------------------------------------------------------------------- ML Test Score

TEST_SCORE = (REPO / "rubrics" / "ml-test-readiness.yaml").read_text(encoding="utf-8")
SECTIONS = ("data", "model", "infrastructure", "monitoring")


def _test_score_answers(per_section: dict[str, list[str]]) -> dict[str, Any]:
    """Each section's checks answered in order (automated, manual, no)."""
    from ruamel.yaml import YAML

    rubric = YAML(typ="safe").load(TEST_SCORE)
    answers: dict[str, Any] = {}
    for dim in rubric["dimensions"]:
        for item, status in zip(dim["items"], per_section[dim["id"]], strict=False):
            answers[item["id"]] = status
    return {"rubric": "ml-test-readiness@1", "date": DATE, "answers": answers}


def _sections(**scores: float) -> dict[str, list[str]]:
    """Answers that give each section exactly its score (whole points automated, a half manual)."""
    out = {}
    for section in SECTIONS:
        value = scores.get(section, 7.0)
        whole = int(value)
        half = value - whole >= 0.5
        out[section] = ["automated"] * whole + (["manual"] if half else []) + ["no"] * (7 - whole - half)
    return out


def test_ml_test_score_of_two_reads_a_first_pass(tmp_path: Path) -> None:
    """Sections 4.5, 3, 2.5 and 2.0: the final score is the minimum, 2.0, band (1, 2];
    the tool used to say level 1 and "target met" for these answers."""
    snapshot = _test_score_answers(_sections(data=4.5, model=3, infrastructure=2.5, monitoring=2))
    root = _repo(tmp_path, {"ml-test-readiness.yaml": TEST_SCORE}, "svc", snapshot)
    out = _score(root, "svc")
    assert out["overall"]["score"] == {"low": 2, "high": 2}
    assert out["overall"]["band"]["low"] == "a first pass at basic productionization"
    assert (out["overall"]["level"], out["overall"]["upper"]) == (2, 2)
    assert {d: s["score"]["low"] for d, s in out["dimensions"].items()} == {
        "data": 4.5, "model": 3, "infrastructure": 2.5, "monitoring": 2}
    text = _run(root, "score", "svc").output
    assert "Overall: level 2 · score 2.0 — a first pass at basic productionization" in text
    gaps = _run(root, "gaps", "svc", "--format", "json")
    assert gaps.exit_code == 0, gaps.output
    assert json.loads(gaps.output)["target"] == 3  # level 2 of 3: the target is not met


def test_ml_test_score_monitoring_at_zero_is_zero(tmp_path: Path) -> None:
    snapshot = _test_score_answers(_sections(data=7, model=7, infrastructure=7, monitoring=0))
    root = _repo(tmp_path, {"ml-test-readiness.yaml": TEST_SCORE}, "svc", snapshot)
    out = _score(root, "svc")
    assert out["overall"]["score"] == {"low": 0, "high": 0}
    assert out["overall"]["level"] == 0
    assert out["overall"]["band"]["low"] == "more of a research project than a productionized system"


@pytest.mark.parametrize(("score", "level", "band"), [
    (0.5, 1, "not totally untested"), (1, 1, "not totally untested"),
    (1.5, 2, "a first pass at basic productionization"), (3, 3, "reasonably tested"),
    (3.5, 4, "strong levels of automated testing"), (5, 4, "strong levels of automated testing"),
    (5.5, 5, "exceptional levels of automated testing and monitoring"),
])
def test_ml_test_score_bands_are_the_papers(tmp_path: Path, score: float, level: int, band: str) -> None:
    """The paper's bands are half-open: (0,1], (1,2], (2,3], (3,5], above 5."""
    snapshot = _test_score_answers(_sections(data=score, model=score, infrastructure=score, monitoring=score))
    root = _repo(tmp_path, {"ml-test-readiness.yaml": TEST_SCORE}, "svc", snapshot)
    out = _score(root, "svc")
    assert (out["overall"]["level"], out["overall"]["band"]["low"]) == (level, band)


def test_ml_test_score_unassessed_checks_make_a_range(tmp_path: Path) -> None:
    snapshot = _test_score_answers(_sections(data=4, model=4, infrastructure=4, monitoring=2))
    monitoring = [i for i in snapshot["answers"] if i.startswith("monitoring.")]
    for item in monitoring[-3:]:  # three "no" checks left unanswered
        del snapshot["answers"][item]
    root = _repo(tmp_path, {"ml-test-readiness.yaml": TEST_SCORE}, "svc", snapshot)
    out = _score(root, "svc")
    assert out["overall"]["score"] == {"low": 2, "high": 4}  # min(4, 4, 4, 2..5)
    assert (out["overall"]["level"], out["overall"]["upper"]) == (2, 4)


def test_a_status_outside_the_scale_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    snapshot = _test_score_answers(_sections())
    snapshot["answers"]["data.expectations"] = "automatd"
    snapshot["answers"]["data.privacy"] = {"status": "done"}
    root = _repo(tmp_path, {"ml-test-readiness.yaml": TEST_SCORE}, "svc", snapshot)
    result = subprocess.run([str(MATURITY), "validate"], cwd=root, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"assessments/svc/{DATE}.yaml:1:") and "status 'automatd' is not one "
               "of: automated, manual, no (did you mean 'automated'?)" in line for line in lines), lines
    assert any("status 'done' is not one of: automated, manual, no, na" in line for line in lines), lines


# --------------------------------------------------------------------------- gated yes/no

SECTION_SIZES = (10, 9, 8, 9, 8, 8, 8)  # 60 statements in 7 sections


def gated_rubric() -> dict[str, Any]:
    """Sections 1–4 at level 1 ("mature": every statement yes), 5–7 at level 2."""
    dims = []
    for n, size in enumerate(SECTION_SIZES, 1):
        dims.append({"id": f"s{n}", "name": f"Section {n}", "items": [
            {"id": f"s{n}.q{k}", "level": 1 if n <= 4 else 2, "text": f"Statement {n}.{k} holds."}
            for k in range(1, size + 1)]})
    return {
        "id": "gated", "version": 1, "title": "Gated yes/no questionnaire", "source": "Test.",
        "scoring": {"scale": [{"id": "yes", "label": "Yes", "credit": 1, "counts_as": "done"},
                              {"id": "no", "label": "No", "credit": 0, "counts_as": "todo"}],
                    "allow_na": False},
        "levels": [{"level": 0, "name": "Not yet", "summary": "Not mature."},
                   {"level": 1, "name": "Mature", "summary": "Sections 1–4 all yes.", "threshold": 1},
                   {"level": 2, "name": "Beyond", "summary": "Most of sections 5–7 too."}],
        "dimensions": dims,
    }


def _gated_answers(no: tuple[str, ...] = ()) -> dict[str, Any]:
    ids = [f"s{n}.q{k}" for n, size in enumerate(SECTION_SIZES, 1) for k in range(1, size + 1)]
    return {"rubric": "gated@1", "date": DATE, "answers": {i: "no" if i in no else "yes" for i in ids}}


def test_gated_questionnaire_is_mature_only_when_every_gated_statement_is_yes(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"gated.yaml": to_yaml(gated_rubric())}, "team", _gated_answers(), target=1)
    assert _score(root, "team")["overall"]["level"] == 2
    one_no = _gated_answers(no=("s3.q4",))  # 59 of 60 yes, but one gated statement is no
    (root / "assessments" / "team" / f"{DATE}.yaml").write_text(to_yaml(one_no), encoding="utf-8")
    out = _score(root, "team")
    assert out["overall"]["level"] == 0
    assert out["dimensions"]["s3"]["level"] == 0
    assert out["dimensions"]["s1"]["level"] == 1
    later = _gated_answers(no=("s6.q1", "s7.q2"))  # sections 5–7 may miss some: mature still
    (root / "assessments" / "team" / f"{DATE}.yaml").write_text(to_yaml(later), encoding="utf-8")
    assert _score(root, "team")["overall"]["level"] == 2


def test_gated_questionnaire_refuses_partial_and_na(tmp_path: Path) -> None:
    snapshot = _gated_answers()
    snapshot["answers"]["s1.q1"] = "partial"
    snapshot["answers"]["s2.q1"] = {"status": "na", "note": "We think it does not apply"}
    root = _repo(tmp_path, {"gated.yaml": to_yaml(gated_rubric())}, "team", snapshot, target=1)
    result = _run(root, "validate")
    assert result.exit_code == 1
    assert "status 'partial' is not one of: yes, no" in result.output
    assert "na is not an answer in this rubric (scoring.allow_na is false)" in result.output


def test_an_item_may_forbid_na_alone(tmp_path: Path) -> None:
    rubric = gated_rubric()
    rubric["scoring"].pop("allow_na")
    rubric["dimensions"][0]["items"][0]["na"] = False
    snapshot = _gated_answers()
    snapshot["answers"]["s1.q1"] = {"status": "na", "note": "Not for us"}
    snapshot["answers"]["s1.q2"] = {"status": "na", "note": "Not for us"}
    root = _repo(tmp_path, {"gated.yaml": to_yaml(rubric)}, "team", snapshot, target=1)
    result = _run(root, "validate")
    assert result.exit_code == 1
    assert "s1.q1 cannot be na (the rubric says na: false)" in result.output
    assert "s1.q2" not in result.output


def test_an_extension_adds_a_section(tmp_path: Path) -> None:
    ext = {"id": "gated-plus", "version": 1, "extends": "gated@1",
           "rename": {"s7": "Section 7 (renamed)"},
           "add_dimensions": [{"id": "s8", "name": "Our own section", "items": [
               {"id": "s8.q1", "level": 1, "text": "Our own gated statement holds."}]}]}
    snapshot = _gated_answers()
    snapshot["rubric"] = "gated-plus@1"
    root = _repo(tmp_path, {"gated.yaml": to_yaml(gated_rubric()), "gated-plus.yaml": to_yaml(ext)},
                 "team", snapshot, target=1)
    out = _score(root, "team")
    assert list(out["dimensions"]) == [f"s{n}" for n in range(1, 9)]
    assert (out["overall"]["level"], out["overall"]["upper"]) == (0, 2)  # s8.q1 unassessed: gated
    from maturity.store.load import load_portfolio

    extended = load_portfolio(root).rubrics["gated-plus@1"]
    assert extended.dimension("s7").name == "Section 7 (renamed)"
    assert extended.dimension("s8").name == "Our own section"
    snapshot["answers"]["s8.q1"] = "yes"
    (root / "assessments" / "team" / f"{DATE}.yaml").write_text(to_yaml(snapshot), encoding="utf-8")
    assert _score(root, "team")["overall"]["level"] == 2


# --------------------------------------------------------------------------- the grid

GRID = (REPO / "rubrics" / "mlops-grid.yaml").read_text(encoding="utf-8")


def test_a_fully_automated_release_column_is_level_four(tmp_path: Path) -> None:
    snapshot = {"rubric": "mlops-grid@1", "date": DATE,
                "grid": {"people": 4, "model-creation": 4, "model-release": 4, "application-integration": 3}}
    root = _repo(tmp_path, {"mlops-grid.yaml": GRID}, "app", snapshot)
    out = _score(root, "app")
    assert out["dimensions"]["model-release"]["level"] == 4
    assert out["overall"]["level"] == 3  # the lowest column


def test_grid_answers_are_checked(tmp_path: Path) -> None:
    snapshot = {"rubric": "mlops-grid@1", "date": DATE, "grid": {"people": 7, "model-relase": 2},
                "grid_notes": {"people": {"evidence": ["ftp://nope"]}}}
    root = _repo(tmp_path, {"mlops-grid.yaml": GRID}, "app", snapshot)
    result = subprocess.run([str(MATURITY), "validate"], cwd=root, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = result.stdout
    assert f"assessments/app/{DATE}.yaml:1:" in out
    assert "unknown dimension 'model-relase' in rubric mlops-grid@1 (did you mean 'model-release'?)" in out
    assert "level 7 is outside the rubric's levels 0–4" in out
    assert "evidence 'ftp://nope' must be an http(s) link or a relative path" in out


def test_unanswered_columns_make_a_range(tmp_path: Path) -> None:
    snapshot = {"rubric": "mlops-grid@1", "date": DATE, "grid": {"people": 2}}
    root = _repo(tmp_path, {"mlops-grid.yaml": GRID}, "app", snapshot)
    out = _score(root, "app")
    release = out["dimensions"]["model-release"]
    assert (release["level"], release["upper"], release["unassessed"]) == (0, 4, 1)
    assert (out["overall"]["level"], out["overall"]["upper"]) == (0, 2)


def test_the_example_rubrics_validate_and_their_systems_score(repo: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(repo / "rubrics", root / "rubrics")
    shutil.copytree(repo / "assessments", root / "assessments")
    assert _run(root, "validate").exit_code == 0
    eta = _score(root, "delivery-eta")
    assert eta["overall"]["score"] == {"low": 2, "high": 2}
    assert eta["dimensions"]["infrastructure"]["score"] == {"low": 4.5, "high": 6.5}
    shelf = _score(root, "shelf-vision")
    assert (shelf["overall"]["level"], shelf["method"]) == (2, "grid")


def test_gaps_of_the_points_method_count_the_fewest_checks(tmp_path: Path) -> None:
    """Monitoring at 2.0 needs one more automated check to pass 2 (band "reasonably
    tested"); sections already above the target have no gap."""
    snapshot = _test_score_answers(_sections(data=4.5, model=3, infrastructure=2.5, monitoring=2))
    root = _repo(tmp_path, {"ml-test-readiness.yaml": TEST_SCORE}, "svc", snapshot)
    result = _run(root, "gaps", "svc", "--format", "json")
    assert result.exit_code == 0, result.output
    gaps = json.loads(result.output)
    assert gaps["needed"] == 1
    assert [d for d, g in gaps["dimensions"].items() if g["levels"]] == ["monitoring"]
    assert len(gaps["dimensions"]["monitoring"]["levels"][0]["open"]) == 5  # the five "no" checks
    target_4 = json.loads(_run(root, "gaps", "svc", "--target", "4", "--format", "json").output)
    # above 3: model 3.0 and infrastructure 2.5 need one (4.0, 3.5), monitoring 2.0 two
    assert {d: g["needed"] for d, g in target_4["dimensions"].items() if g["needed"]} == {
        "model": 1, "infrastructure": 1, "monitoring": 2}


def test_gaps_of_the_grid_name_the_cell_to_reach(tmp_path: Path) -> None:
    snapshot = {"rubric": "mlops-grid@1", "date": DATE,
                "grid": {"people": 2, "model-creation": 3, "model-release": 1, "application-integration": 3}}
    root = _repo(tmp_path, {"mlops-grid.yaml": GRID}, "app", snapshot)
    text = _run(root, "gaps", "app").output
    assert "Columns below level 3: 2" in text
    assert "level 3 is the cell: A model passes automated tests and is released by the pipeline" in text
    assert "Model creation" not in text


def test_gaps_count_weights(tmp_path: Path) -> None:
    """A heavy item closes the gap alone: with weights 3, 1, 1 and threshold 0.8, the
    weight-3 item (todo) is the one that must be done."""
    rubric = {"id": "w", "version": 1, "title": "W", "source": "Test.", "scoring": {"threshold": 0.8},
              "levels": [{"level": 0, "name": "Zero", "summary": "Zero."},
                         {"level": 1, "name": "One", "summary": "One."}],
              "dimensions": [{"id": "a", "name": "A", "items": [
                  {"id": "a.heavy", "level": 1, "text": "Heavy", "weight": 3},
                  {"id": "a.x", "level": 1, "text": "X"}, {"id": "a.y", "level": 1, "text": "Y"}]}]}
    snapshot = {"rubric": "w@1", "date": DATE, "answers": {"a.x": "done", "a.y": "done", "a.heavy": "todo"}}
    root = _repo(tmp_path, {"w.yaml": to_yaml(rubric)}, "sys", snapshot, target=1)
    gaps = json.loads(_run(root, "gaps", "sys", "--format", "json").output)
    assert gaps["needed"] == 1
    assert _score(root, "sys")["overall"]["level"] == 0  # 2 of 5 weighted < 0.8


def test_new_writes_a_blank_grid_and_a_blank_scale_snapshot(tmp_path: Path) -> None:
    """``maturity new`` on a grid rubric lists the columns under ``grid:`` (commented out:
    unassessed until a level is written); on a scale rubric it names the scale's answers."""
    root = tmp_path / "repo"
    (root / "rubrics").mkdir(parents=True)
    (root / "rubrics" / "mlops-grid.yaml").write_text(GRID, encoding="utf-8")
    (root / "rubrics" / "ml-test-readiness.yaml").write_text(TEST_SCORE, encoding="utf-8")
    for system, rubric in (("app", "mlops-grid"), ("svc", "ml-test-readiness")):
        made = _run(root, "new", system, "--rubric", rubric, "--date", DATE)
        assert made.exit_code == 0, made.output
    assert _run(root, "validate").exit_code == 0
    grid_file = root / "assessments" / "app" / f"{DATE}.yaml"
    text = grid_file.read_text(encoding="utf-8")
    assert "  # model-release: LEVEL  # Model release" in text
    assert (_score(root, "app")["overall"]["level"], _score(root, "app")["overall"]["upper"]) == (0, 4)
    grid_file.write_text(text.replace("  # model-release: LEVEL", "  model-release: 3"), encoding="utf-8")
    assert _score(root, "app")["dimensions"]["model-release"]["level"] == 3
    scale_text = (root / "assessments" / "svc" / f"{DATE}.yaml").read_text(encoding="utf-8")
    assert "# Answer each item: automated, manual or no (the rubric's scale);" in scale_text
    assert "# Level 1" not in scale_text  # points items have no level of their own


def test_campaigns_count_band_levels_and_grid_levels(repo: Path, tmp_path: Path) -> None:
    """A campaign's target is a level: a points system is at its band's level, a grid
    system at its lowest column, and a dimension target reads that dimension's band."""
    root = tmp_path / "copy"
    for folder in ("rubrics", "assessments", "campaigns"):
        shutil.copytree(repo / folder, root / folder)
    (root / "campaigns" / "monitoring-3.yaml").write_text(
        "title: Monitoring reasonably tested\ntarget: {dimension: monitoring, level: 3}\n"
        "deadline: 2027-06-30\nselect: {rubric: ml-test-readiness}\n", encoding="utf-8")
    overall = json.loads(_run(root, "campaign", "status", "level-2-everywhere", "--format", "json").output)
    met = {s["system"]: (s["level"], s["met"]) for s in overall["systems"]}
    assert met["delivery-eta"] == (2, True) and met["shelf-vision"] == (2, True)
    result = _run(root, "campaign", "status", "monitoring-3", "--format", "json")
    assert result.exit_code == 0, result.output
    monitoring = json.loads(result.output)
    rows = [(s["system"], s["level"], s["met"]) for s in monitoring["systems"]]
    assert rows == [("delivery-eta", 2, False)]


def test_set_writes_scale_answers_and_refuses_others(repo: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    for folder in ("rubrics", "assessments"):
        shutil.copytree(repo / folder, root / folder)
    done = subprocess.run([str(MATURITY), "set", "delivery-eta", "monitoring.numerics", "automated"],
                          cwd=root, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _score(root, "delivery-eta")["overall"]["score"] == {"low": 3, "high": 3}
    wrong = subprocess.run([str(MATURITY), "set", "delivery-eta", "monitoring.freshness", "automatd"],
                           cwd=root, capture_output=True, text=True, check=False, timeout=120)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "status 'automatd' is not one of automated, manual, no, na (did you mean 'automated'?)" \
        in wrong.stderr


def test_a_mapping_reads_scale_answers_by_what_they_count_as(tmp_path: Path) -> None:
    """Through a mapping, yes counts as done and no as todo (the scale's counts_as)."""
    source = {"id": "yn", "version": 1, "title": "Yes/no", "source": "Test.",
              "scoring": {"scale": [{"id": "yes", "label": "Yes", "credit": 1, "counts_as": "done"},
                                    {"id": "no", "label": "No", "credit": 0, "counts_as": "todo"}]},
              "levels": [{"level": 0, "name": "Zero", "summary": "Zero."},
                         {"level": 1, "name": "One", "summary": "One."}],
              "dimensions": [{"id": "a", "name": "A", "items": [
                  {"id": "a.one", "level": 1, "text": "One"}, {"id": "a.two", "level": 1, "text": "Two"}]}]}
    target = {"id": "plain", "version": 1, "title": "Plain", "source": "Test.",
              "levels": source["levels"],
              "dimensions": [{"id": "b", "name": "B", "items": [
                  {"id": "b.both", "level": 1, "text": "Both"}, {"id": "b.any", "level": 1, "text": "Any"}]}]}
    snapshot = {"rubric": "yn@1", "date": DATE, "answers": {"a.one": "yes", "a.two": "no"}}
    root = _repo(tmp_path, {"yn.yaml": to_yaml(source), "plain.yaml": to_yaml(target)}, "sys", snapshot,
                 target=1)
    (root / "rubrics" / "mappings").mkdir()
    (root / "rubrics" / "mappings" / "yn@1--plain@1.yaml").write_text(
        "from: yn@1\nto: plain@1\nitems:\n  b.both: {all_of: [a.one, a.two]}\n"
        "  b.any: {any_of: [a.one, a.two]}\n", encoding="utf-8")
    result = _run(root, "score", "sys", "--as", "plain", "--format", "json")
    assert result.exit_code == 0, result.output
    level_1 = json.loads(result.output)["dimensions"]["b"]["levels"][0]
    assert (level_1["done"], level_1["partial"], level_1["todo"]) == (1, 1, 0)  # any: done; all: mixed
