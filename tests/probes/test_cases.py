"""Every shipped probe against its own fixture repositories (``tests/probes/cases/<id>.yaml``):
the ``found`` tree is found with exactly the evidence listed, the ``not_found`` tree (a near
miss: the word in a README, the tool named but not used) is not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from maturity.core.probes import Location, Probe, run_probes
from maturity.store.checkout import RepositoryReader
from maturity.store.probes import builtin_probe_folder, load_probe_files
from maturity.store.rubrics import builtin_rubrics

CASES = Path(__file__).parent / "cases"
PROBES = load_probe_files(None, builtin_rubrics())


def _case(probe_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CASES / f"{probe_id}.yaml").read_text("utf-8"))
    return data


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def _outcome(probe: Probe, root: Path) -> tuple[str, list[Location]]:
    (result,) = run_probes([probe], RepositoryReader(root))
    return result.outcome, list(result.evidence)


def test_the_package_ships_at_least_40_probes_without_problems() -> None:
    assert PROBES.problems == ()
    assert len(PROBES.probes) >= 40


def test_every_probe_has_its_cases_and_every_case_its_probe() -> None:
    files = {p.stem for p in builtin_probe_folder().glob("*.yaml")}
    cases = {p.stem for p in CASES.glob("*.yaml")}
    assert files == cases == set(PROBES.probes)


@pytest.mark.parametrize("probe_id", sorted(PROBES.probes))
def test_found_in_its_positive_tree(probe_id: str, tmp_path: Path) -> None:
    case = _case(probe_id)
    outcome, evidence = _outcome(PROBES.probes[probe_id], _tree(tmp_path, case["found"]["files"]))
    assert outcome == "found"
    assert evidence == [Location(e["path"], e["line"]) for e in case["found"]["evidence"]]


@pytest.mark.parametrize("probe_id", sorted(PROBES.probes))
def test_not_found_in_its_negative_tree(probe_id: str, tmp_path: Path) -> None:
    case = _case(probe_id)
    outcome, evidence = _outcome(PROBES.probes[probe_id], _tree(tmp_path, case["not_found"]["files"]))
    assert (outcome, evidence) == ("not-found", [])
