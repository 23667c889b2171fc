"""``maturity notebooks`` through the console script, with nothing but the venv's own files.

PATH holds no Python and no jupyter: the command must find its kernel inside the venv.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from maturity.store.load import load_portfolio
from tests.notebooks.conftest import NAMES, NOTEBOOKS, records

SCRIPT = Path(sys.executable).parent / "maturity"


def maturity(*args: str, cwd: Path, home: Path, as_of: str = "") -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    if as_of:
        env["MATURITY_AS_OF"] = as_of
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.notebooks
def test_runs_every_notebook_into_the_build_folder(tmp_path: Path, example_root: Path) -> None:
    """Like `make notebooks`: each notebook named as it runs, executed into --output-dir."""
    out = tmp_path / "build"
    done = maturity("notebooks", "--root", str(example_root), "--notebooks", str(NOTEBOOKS),
                    "-o", str(out), cwd=tmp_path, home=tmp_path, as_of="2026-06-30")
    assert done.returncode == 0, done.stderr
    for number, name in enumerate(sorted(NAMES), start=1):
        assert f"[{number}/3] {name}: running" in done.stdout
        assert f"[{number}/3] {name}: done in" in done.stdout
    assert "Traceback" not in done.stderr and "WARNING" not in done.stderr
    assert "ERROR" not in done.stdout + done.stderr  # a clean HOME: a first run, quiet to the end
    assert sorted(p.name for p in out.glob("*.ipynb")) == sorted(f"{n}.ipynb" for n in NAMES)
    executed = nbformat.read(out / "portfolio.ipynb", as_version=4)
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
    assert records(out / "portfolio.ipynb")["portfolio"]["as_of"] == "2026-06-30"  # $MATURITY_AS_OF


@pytest.mark.notebooks
def test_one_notebook_with_parameters_from_a_file_and_the_command_line(
    tmp_path: Path, example_root: Path
) -> None:
    """-f gives shared and per-notebook values; -p overrides them, typed like papermill's -p."""
    params = tmp_path / "params.yaml"
    params.write_text("as_of: 2026-03-01\nsystem_report:\n  target_level: 2\n  snapshot: latest\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    done = maturity("notebooks", "system_report", "--root", str(example_root), "--notebooks", str(NOTEBOOKS),
                    "-o", str(out), "-f", str(params), "-p", "target_level", "3",
                    cwd=tmp_path, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "running 1 notebook" in done.stdout
    assert [p.name for p in out.glob("*.ipynb")] == ["system_report.ipynb"]
    assert records(out / "system_report.ipynb")["system_report"]["target"] == 3


@pytest.mark.notebooks
def test_a_failing_notebook_is_named_with_its_error_and_exits_1(tmp_path: Path, example_root: Path) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    (out / "system_report.ipynb").write_text("{}", encoding="utf-8")  # an older output
    done = maturity("notebooks", "system_report", "trends", "--root", str(example_root),
                    "--notebooks", str(NOTEBOOKS), "-o", str(out), "-p", "system", "nope",
                    cwd=tmp_path, home=tmp_path)
    assert done.returncode == 1
    systems = ", ".join(sorted(s.id for s in load_portfolio(example_root).systems))
    assert ("[1/2] system_report: FAILED: in cell 4, NotFound: system='nope': unknown system 'nope' "
            f"(known: {systems})") in done.stderr
    assert "maturity: error: 1 of 2 notebooks failed: system_report" in done.stderr
    assert "[2/2] trends: done in" in done.stdout  # the others still run
    assert "Traceback" not in done.stderr + done.stdout
    assert not (out / "system_report.ipynb").exists()  # the stale output is not published
    assert (out / "failed" / "system_report.ipynb").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-p", "sytem", "x"],
         "no chosen notebook takes the parameter 'sytem'; they take: portfolio: rubric"),
        (["portfolio", "-p", "system", "x"], "no chosen notebook takes the parameter 'system'"),
        (["nope"], "no notebook named 'nope'; the notebooks are: portfolio, system_report, trends"),
        (["-p", "root", "/tmp"], "parameter 'root' is set by the runner: use --root DIR"),
    ],
)
def test_bad_requests_fail_before_any_kernel_starts(
    tmp_path: Path, repo: Path, args: list[str], says: str
) -> None:
    done = maturity("notebooks", "-o", str(tmp_path / "out"), *args, cwd=repo, home=tmp_path)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_broken_portfolio_is_reported_once_before_running(tmp_path: Path, example_root: Path) -> None:
    snapshot = example_root / "assessments" / "techcorp-support-chatbot" / "2026-02-15.yaml"
    snapshot.write_text(snapshot.read_text(encoding="utf-8").replace("status: done", "status: donne", 1),
                        encoding="utf-8")
    done = maturity("notebooks", "--root", str(example_root), "--notebooks", str(NOTEBOOKS),
                    "-o", str(tmp_path / "out"), cwd=tmp_path, home=tmp_path)
    assert done.returncode == 1
    assert "2026-02-15.yaml:" in done.stderr and "donne" in done.stderr
    assert "running" not in done.stdout


def test_list_shows_each_notebooks_parameters(tmp_path: Path, repo: Path) -> None:
    done = maturity("notebooks", "--list", cwd=repo, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '  system: str = "techcorp-support-chatbot"  # ' in done.stdout
    assert "  target_level: Optional[int] = None  # " in done.stdout
    assert "root" not in done.stdout.replace("notebooks/", "")  # set by the runner, not a choice
