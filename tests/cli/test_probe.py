"""``maturity probe``: the JSON contract, --write (never a person's answer), --check (both
kinds of disagreement), --from (a run made in CI), on real git repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from tests.workflow.portfolios import GIT_ENV, MATURITY, new_root, write_snapshot

SYSTEM = "churn"


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env={**GIT_ENV, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def ml_repo(path: Path, files: dict[str, str], untracked: dict[str, str] | None = None) -> tuple[Path, str]:
    """A real git repository with ``files`` committed (and ``untracked`` left untracked)."""
    path.mkdir(parents=True)
    for name, text in {**files, **(untracked or {})}.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, "utf-8")
    _git(path, "init", "-q", "-b", "main")
    _git(path, "add", *files)
    _git(path, "commit", "-q", "-m", "init")
    return path, _git(path, "rev-parse", "HEAD")


FILES = {
    "data/raw.csv.dvc": "outs:\n- md5: 3f1\n  path: raw.csv\n",
    "train.py": "import mlflow\n\nwith mlflow.start_run():\n    mlflow.log_param('alpha', 0.5)\n",
    "tests/test_train.py": "def test_one():\n    assert True\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                                "      - uses: actions/checkout@v4\n      - run: pytest -q\n",
}

SNAPSHOT = """\
# The churn model's first assessment
rubric: google-mlops@1
date: 2026-11-01
assessors: [Bob]
answers:
  data.versioning:                 # to be answered
  data.feature-store: done         # claimed, but nothing in the repository shows it
  training.experiment-tracking: todo   # a person's answer: the repository says otherwise
  testing.unit-tests: {status: partial, note: only some}
"""


def portfolio(tmp_path: Path, repository: str | None = None) -> Path:
    root = new_root(tmp_path / "portfolio")
    write_snapshot(root, SYSTEM, "2026-11-01", {})
    (root / "assessments" / SYSTEM / "2026-11-01.yaml").write_text(SNAPSHOT, "utf-8")
    meta = "name: Churn\nowner: ML Team\n" + (f"repository: {repository}\n" if repository else "")
    (root / "assessments" / SYSTEM / "system.yaml").write_text(meta, "utf-8")
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def probe_json(*args: str) -> dict[str, Any]:
    code, out, err = run("probe", *args, "--format", "json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def test_json_contract(tmp_path: Path) -> None:
    """repository, commit, rubric, probes with outcome and evidence, proposals, disagreements."""
    repo, sha = ml_repo(tmp_path / "ml", FILES)
    data = probe_json(str(repo), "--root", str(new_root(tmp_path / "p")))
    assert (data["repository"], data["commit"], data["rubric"]) == (str(repo), sha, "google-mlops@1")
    outcomes = {p["id"]: p for p in data["probes"]}
    assert outcomes["dvc-data"]["outcome"] == "found"
    assert outcomes["dvc-data"]["evidence"] == [{"path": "data/raw.csv.dvc", "line": 1}]
    assert outcomes["feast"] == {**outcomes["feast"], "outcome": "not-found", "evidence": []}
    assert data["proposals"]["data.versioning"] == {
        "status": "done", "probes": ["dvc-data"], "evidence": [{"path": "data/raw.csv.dvc", "line": 1}]}
    assert data["proposals"]["testing.ci-automation"]["evidence"] == [
        {"path": "tests/test_train.py", "line": 1}, {"path": ".github/workflows/ci.yml", "line": 7}]
    assert "data.feature-store" not in data["proposals"]  # absence never proposes todo
    assert data["unseen"]["governance.audit-trail"]
    assert data["disagreements"] == []


def test_only_tracked_files_unless_untracked(tmp_path: Path) -> None:
    """A git checkout is read at its tracked files; --untracked adds the others (never ignored ones)."""
    repo, _ = ml_repo(tmp_path / "ml", {"train.py": "x = 1\n", ".gitignore": "ignored/\n"},
                      untracked={"feature_store.yaml": "project: p\n", "ignored/Dockerfile": "FROM x\n"})
    root = str(new_root(tmp_path / "p"))
    plain = {p["id"]: p["outcome"] for p in probe_json(str(repo), "--root", root)["probes"]}
    more = {p["id"]: p["outcome"] for p in probe_json(str(repo), "--root", root, "--untracked")["probes"]}
    assert (plain["feast"], more["feast"]) == ("not-found", "found")
    assert (plain["dockerfile"], more["dockerfile"]) == ("not-found", "not-found")


def test_write_adds_only_unassessed_items_and_keeps_every_other_line(tmp_path: Path) -> None:
    """--write fills unassessed items with source: probe answers (permalinks at the commit);
    the comments and every answer a person gave stay byte for byte."""
    repo, sha = ml_repo(tmp_path / "ml", FILES)
    root = portfolio(tmp_path, "https://github.com/acme/churn")
    snapshot = root / "assessments" / SYSTEM / "2026-11-01.yaml"
    code, _, err = run("probe", str(repo), "--root", str(root), "--system", SYSTEM, "--write")
    assert code == 0, err
    text = snapshot.read_text("utf-8")
    kept = [line for line in SNAPSHOT.splitlines() if not line.startswith("  data.versioning")]
    assert [line for line in text.splitlines() if line in kept] == kept
    link = f"https://github.com/acme/churn/blob/{sha}/data/raw.csv.dvc#L1"
    assert (f"  data.versioning: {{status: done, source: probe, probes: [dvc-data], evidence: [\"{link}\"], "
            f"commit: {sha}, checked: 2026-11-23}}  # to be answered") in text.splitlines()
    assert "training.experiment-tracking: todo   #" in text
    assert "testing.unit-tests: {status: partial, note: only some}" in text
    assert "testing.ci-automation: {status: done, source: probe" in text
    assert "written as source: probe" in err
    assert run("validate", "--root", str(root))[0] == 0
    again = snapshot.read_bytes()
    assert run("probe", str(repo), "--root", str(root), "--system", SYSTEM, "--write")[0] == 0
    assert snapshot.read_bytes() == again  # nothing left to add: the probe's own answers stay too


def test_write_without_repository_records_path_and_line(tmp_path: Path) -> None:
    """No repository: in system.yaml: evidence is path:line, and validate accepts it as code."""
    repo, _ = ml_repo(tmp_path / "ml", FILES)
    root = portfolio(tmp_path)
    assert run("probe", str(repo), "--root", str(root), "--system", SYSTEM, "--write")[0] == 0
    text = (root / "assessments" / SYSTEM / "2026-11-01.yaml").read_text("utf-8")
    assert 'evidence: ["data/raw.csv.dvc:1"]' in text
    code, out, err = run("validate", "--root", str(root))
    assert code == 0, out + err


def test_check_reports_both_kinds_and_exits_1(tmp_path: Path) -> None:
    """claim-not-seen (done, nothing seen) and practice-not-claimed (todo, but found)."""
    repo, _ = ml_repo(tmp_path / "ml", FILES)
    root = portfolio(tmp_path)
    code, out, _ = run("probe", str(repo), "--root", str(root), "--system", SYSTEM, "--check")
    assert code == 1
    assert ("claim-not-seen: data.feature-store is answered done, but none of its probes found it "
            "(feast, feature-store-other)") in out
    assert ("practice-not-claimed: training.experiment-tracking is answered todo, but mlflow-tracking "
            "found it: train.py:3, train.py:4") in out
    data = probe_json(str(repo), "--root", str(root), "--system", SYSTEM)
    assert [(d["kind"], d["item"]) for d in data["disagreements"]] == [
        ("claim-not-seen", "data.feature-store"), ("practice-not-claimed", "training.experiment-tracking")]
    assert data["proposals"]["training.experiment-tracking"]["answer"] == "todo"


def test_check_passes_when_the_answers_agree(tmp_path: Path) -> None:
    repo, _ = ml_repo(tmp_path / "ml", FILES)
    root = portfolio(tmp_path)
    snapshot = root / "assessments" / SYSTEM / "2026-11-01.yaml"
    snapshot.write_text(SNAPSHOT.replace("data.feature-store: done", "data.feature-store: todo")
                        .replace("training.experiment-tracking: todo", "training.experiment-tracking: done"))
    code, out, _ = run("probe", str(repo), "--root", str(root), "--system", SYSTEM, "--check")
    assert code == 0
    assert "disagreements with churn: none" in out


def test_from_a_ci_run_writes_the_same_answers(tmp_path: Path) -> None:
    """The JSON a CI job uploads is read back with --from: same proposals, same --write."""
    repo, _ = ml_repo(tmp_path / "ml", FILES)
    root_a, root_b = portfolio(tmp_path / "a"), portfolio(tmp_path / "b")
    artifact = tmp_path / "probe.json"
    _, out, _ = run("probe", str(repo), "--root", str(root_a), "--format", "json")
    artifact.write_text(out, "utf-8")
    assert run("probe", str(repo), "--root", str(root_a), "--system", SYSTEM, "--write")[0] == 0
    assert run("probe", "--from", str(artifact), "--root", str(root_b), "--system", SYSTEM, "--write")[0] == 0
    written = [(r / "assessments" / SYSTEM / "2026-11-01.yaml").read_text("utf-8") for r in (root_a, root_b)]
    assert written[0] == written[1]


def test_from_a_partial_run_never_claims_absence(tmp_path: Path) -> None:
    """A probe missing from the file (an older CI run) is unknown, never not-found."""
    root = portfolio(tmp_path)
    artifact = tmp_path / "probe.json"
    artifact.write_text(json.dumps({"repository": "x", "commit": None, "probes": [
        {"id": "dvc-data", "outcome": "found", "evidence": [{"path": "a.dvc", "line": 1}]}]}))
    data = probe_json("--from", str(artifact), "--root", str(root), "--system", SYSTEM)
    assert {p["id"]: p["outcome"] for p in data["probes"]}["feast"] == "unknown"
    assert data["disagreements"] == []


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"repository": "x", "commit": null, "probes": [{"id": "dvc-data", "outcome": "maybe"}]}',
         "probe.json:1:78: "),
        ('{"repository": "x", "commit": null,\n "probes": [{"id": "dvc-data", "outcome": "found",\n'
         ' "evidence": [{"path": "../../etc/passwd", "line": 1}]}]}', "probe.json:3:24: "),
        ('{"repository": "x", "commit": "not a sha", "probes": []}', "probe.json:1:31: "),
        ("{not json", "probe.json:2:1: "),
    ],
)
def test_from_a_broken_file_is_refused_at_its_place(tmp_path: Path, content: str, where: str) -> None:
    root = portfolio(tmp_path)
    artifact = tmp_path / "probe.json"
    artifact.write_text(content)
    before = (root / "assessments" / SYSTEM / "2026-11-01.yaml").read_bytes()
    code, _, err = run("probe", "--from", str(artifact), "--root", str(root), "--system", SYSTEM, "--write")
    assert code != 0 and where in err and "Traceback" not in err, err
    assert (root / "assessments" / SYSTEM / "2026-11-01.yaml").read_bytes() == before


def test_usage_errors(tmp_path: Path) -> None:
    root = str(new_root(tmp_path / "p"))
    assert "add --system ID" in run("probe", str(tmp_path), "--root", root, "--write")[2]
    assert "PATH" in run("probe", "--root", root)[2]
    code, _, err = run("probe", str(tmp_path / "missing"), "--root", root)
    assert code != 0 and "no such folder" in err


def test_the_installed_command_prints_text(tmp_path: Path) -> None:
    """The console script, as a user runs it."""
    repo, sha = ml_repo(tmp_path / "ml", FILES)
    done = subprocess.run([str(MATURITY), "probe", str(repo), "--root", str(new_root(tmp_path / "p"))],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"probe of {repo} at {sha[:12]} for google-mlops@1: ")
    assert "  data.versioning" in done.stdout and "done     by dvc-data" in done.stdout


def test_write_refuses_another_rubric(tmp_path: Path) -> None:
    """--write answers in the snapshot's own rubric: another --rubric would add nothing."""
    repo, _ = ml_repo(tmp_path / "ml", FILES)
    root = portfolio(tmp_path)
    before = (root / "assessments" / SYSTEM / "2026-11-01.yaml").read_bytes()
    code, _, err = run("probe", str(repo), "--root", str(root), "--system", SYSTEM, "--write",
                       "--rubric", "azure-mlops")
    assert code == 2 and "leave --rubric out" in err
    assert (root / "assessments" / SYSTEM / "2026-11-01.yaml").read_bytes() == before
    data = probe_json(str(repo), "--root", str(root), "--system", SYSTEM, "--rubric", "azure-mlops")
    assert data["rubric"] == "azure-mlops@1" and "build-and-tests.app-tests" in data["proposals"]


def test_a_repositorys_own_probe_prints_nothing_live(tmp_path: Path) -> None:
    """A pull request's probe with terminal escapes in its question: inert in every format."""
    repo, _ = ml_repo(tmp_path / "ml", FILES)
    root = new_root(tmp_path / "p")
    (root / "probes").mkdir()
    loud = 'id: loud\nversion: 1\nquestion: "Loud?\\e]0;owned\\a\\e[2J"\nwhy: x\n'
    (root / "probes" / "loud.yaml").write_text(loud + 'match:\n  files: "*.py"\n', "utf-8")
    for fmt in ("text", "md", "json"):
        done = subprocess.run([str(MATURITY), "probe", str(repo), "--root", str(root), "-f", fmt],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "Loud?" in done.stdout and "\x1b" not in done.stdout and "\x07" not in done.stdout
