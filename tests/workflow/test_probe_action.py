"""The composite action an ML repository's CI uses: its probe step, run as GitHub runs it
(bash, with the runner's files), writes the JSON that `--from` reads back."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import yaml

from tests.conftest import REPO
from tests.workflow.portfolios import MATURITY

ACTION = REPO / ".github" / "actions" / "probe" / "action.yml"


def test_the_probe_step_writes_the_artifact_and_the_summary(tmp_path: Path) -> None:
    action = yaml.safe_load(ACTION.read_text("utf-8"))
    steps = action["runs"]["steps"]
    probe = next(s for s in steps if s.get("id") == "probe")
    assert steps[-1]["uses"].startswith("actions/upload-artifact@")
    assert steps[-1]["with"]["path"] == "${{ steps.probe.outputs.file }}"
    ml = tmp_path / "ml"
    (ml / "data").mkdir(parents=True)
    (ml / "data" / "raw.csv.dvc").write_text("outs:\n- md5: 1\n")
    (ml / "probes").mkdir()  # the ML repository's own folder named probes: not maturity's
    (ml / "probes" / "notes.yaml").write_text("not: a probe\n")
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {**os.environ, "PATH": f"{MATURITY.parent}:{os.environ['PATH']}", "RUNNER_TEMP": str(runner),
           "GITHUB_STEP_SUMMARY": str(runner / "summary.md"), "GITHUB_OUTPUT": str(runner / "output"),
           "PROBE_PATH": str(ml), "RUBRIC": "google-mlops"}
    done = subprocess.run(["bash", "-e", "-c", probe["run"]], env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    artifact = runner / "maturity-probe.json"
    data = json.loads(artifact.read_text("utf-8"))
    assert data["proposals"]["data.versioning"]["evidence"] == [{"path": "data/raw.csv.dvc", "line": 1}]
    assert (runner / "output").read_text() == f"file={artifact}\n"
    assert "| `data.versioning` | done | dvc-data |" in (runner / "summary.md").read_text()
