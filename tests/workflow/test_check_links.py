"""`maturity check-links` as a user runs it, against servers on 127.0.0.1 only.

The checker itself is tested in tests/linkcheck/test_checker.py; here: the evidence is
collected from the newest snapshots with its line and column, each broken one is
printed as `path:line:col: <evidence>: <why>`, the exit code says whether anything
broke, and the results file the site reads is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ..linkcheck.servers import Hosts, hosts  # noqa: F401  (the local servers, a fixture)

MATURITY = Path(sys.executable).with_name("maturity")
SYSTEM = "linked"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True, text=True,
        check=False, timeout=120, env=env,
    )


def make_portfolio(repo: Path, tmp_path: Path, local: Hosts) -> Path:
    root = tmp_path / "portfolio"
    (root / "rubrics").mkdir(parents=True)
    rubric = (repo / "rubrics" / "google-mlops.yaml").read_bytes()
    (root / "rubrics" / "google-mlops.yaml").write_bytes(rubric)
    (root / "docs").mkdir()
    (root / "docs" / "runbook.md").write_text("# Runbook\n", encoding="utf-8")
    folder = root / "assessments" / SYSTEM
    folder.mkdir(parents=True)
    (folder / "system.yaml").write_text("name: Linked\nowner: Team\n", encoding="utf-8")
    (folder / "2026-01-10.yaml").write_text(  # an older snapshot: never checked
        "rubric: google-mlops@1\ndate: 2026-01-10\nanswers:\n"
        f"  data.versioning: {{status: done, evidence: ['{local.web}/missing-old']}}\n",
        encoding="utf-8",
    )
    (folder / "2026-03-01.yaml").write_text(
        "rubric: google-mlops@1\n"
        "date: 2026-03-01\n"
        "answers:\n"
        f"  data.centralized-storage: {{status: done, evidence: ['{local.web}/ok', docs/runbook.md]}}\n"
        "  data.versioning:\n"
        "    status: done\n"
        "    evidence:\n"
        f"      - {local.web}/missing\n"
        f"      - {local.silent}/never\n"
        "  data.catalog: {status: partial, evidence: [docs/gone.md]}\n",
        encoding="utf-8",
    )
    return root


def test_broken_evidence_is_printed_at_its_position_and_exits_1(
    repo: Path, tmp_path: Path, hosts: Hosts  # noqa: F811
) -> None:
    root = make_portfolio(repo, tmp_path, hosts)
    result = run(root, "check-links", "--timeout", "0.5")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    path = f"assessments/{SYSTEM}/2026-03-01.yaml"
    assert result.stdout.splitlines() == [
        f"{path}:8:9: {hosts.web}/missing: 404 Not Found",
        f"{path}:9:9: {hosts.silent}/never: timed out after 0.5 s",
        f"{path}:10:46: docs/gone.md: no such file in the repository",
    ]
    assert "checking 5 evidence entries" in result.stderr
    assert "3 broken" in result.stderr

    results = json.loads((root / "build" / "links.json").read_text(encoding="utf-8"))
    links = results["links"]
    assert set(links) == {f"{hosts.web}/ok", "docs/runbook.md", f"{hosts.web}/missing",
                          f"{hosts.silent}/never", "docs/gone.md"}
    assert links[f"{hosts.web}/ok"]["ok"] is True
    assert links[f"{hosts.web}/missing"]["cited"] == [
        {"path": path, "line": 8, "column": 9, "system": SYSTEM, "item": "data.versioning"},
    ]
    assert results["summary"] == {"links": 5, "broken": 3}


def test_only_the_named_systems_and_a_clean_run_exits_0(
    repo: Path, tmp_path: Path, hosts: Hosts  # noqa: F811
) -> None:
    root = make_portfolio(repo, tmp_path, hosts)
    other = root / "assessments" / "fine"
    other.mkdir()
    (other / "system.yaml").write_text("name: Fine\nowner: Team\n", encoding="utf-8")
    (other / "2026-03-01.yaml").write_text(
        f"rubric: google-mlops@1\ndate: 2026-03-01\nanswers:\n"
        f"  data.catalog: {{status: done, evidence: ['{hosts.web}/ok', docs/runbook.md]}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "elsewhere" / "results.json"
    result = run(root, "check-links", "fine", "--output", str(out), "--timeout", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"] == {"links": 2, "broken": 0}
    assert not (root / "build").exists()


def test_an_unknown_system_is_named(repo: Path, tmp_path: Path, hosts: Hosts) -> None:  # noqa: F811
    root = make_portfolio(repo, tmp_path, hosts)
    result = run(root, "check-links", "linkd")
    assert result.returncode == 1
    assert "unknown system 'linkd'" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "build").exists()
