"""The matching rules, as pure functions over a checkout given in memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from maturity.core.probes import (
    MAX_LINE,
    All,
    Any,
    Content,
    Files,
    Imports,
    Location,
    Not,
    Probe,
    PythonDeps,
    WorkflowSteps,
    ci_steps,
    glob_regex,
    run_probes,
)


class Memory:
    """A checkout held in memory (what the store's reader gives the rules)."""

    def __init__(self, files: Mapping[str, str | None], complete: bool = True) -> None:
        self.files = dict(files)
        self.complete = complete

    @property
    def paths(self) -> Sequence[str]:
        return sorted(self.files)

    def text(self, path: str) -> str | None:
        return self.files[path]


def outcome(
    match: object, files: Mapping[str, str | None], complete: bool = True
) -> tuple[str, list[Location]]:
    probe = Probe("p", 1, "q?", "why", match)  # type: ignore[arg-type]
    (result,) = run_probes([probe], Memory(files, complete))
    return result.outcome, list(result.evidence)


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("dvc.yaml", "dvc.yaml", True),
        ("dvc.yaml", "sub/dir/dvc.yaml", True),  # no / : a name at any depth
        ("*.dvc", "data/raw.csv.dvc", True),
        ("*.dvc", "data/raw.csv.dvcx", False),
        (".github/workflows/*.y*ml", ".github/workflows/ci.yml", True),
        (".github/workflows/*.y*ml", "x/.github/workflows/ci.yml", False),  # with / : anchored
        ("**/integration/**/*.py", "tests/integration/a/b.py", True),
        ("**/integration/**/*.py", "integration/b.py", True),
        ("Dockerfile*", "serve/Dockerfile.gpu", True),
        ("[Mm]akefile", "Makefile", True),
    ],
)
def test_glob(glob: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(glob).match(path)) is matches


def test_content_reports_every_matching_line() -> None:
    files = {"a.py": "x\nmlflow.log_metric(1)\nmlflow.log_metric(2)\n", "b.txt": "mlflow.log_metric\n"}
    assert outcome(Content(("*.py",), r"log_metric"), files) == (
        "found", [Location("a.py", 2), Location("a.py", 3)])


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        ("requirements.txt", "# tools\nnumpy\nGreat_Expectations[s3]>=0.18 ; python_version>'3.8'\n", 3),
        ("requirements/dev.in", "-r base.txt\ngreat-expectations\n", 2),
        ("pyproject.toml",
         '[project]\nname = "x"\ndependencies = [\n  "pandas",\n  "great-expectations>=1",\n]\n', 5),
        ("pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.10"\ngreat-expectations = "^1"\n', 3),
        ("setup.cfg", "[options]\ninstall_requires =\n    numpy\n    great_expectations\n", 4),
        ("setup.py", "setup(install_requires=['numpy', \"great-expectations==1\"])\n", 1),
        ("Pipfile", "[packages]\ngreat-expectations = '*'\n", 2),
        ("environment.yml", "dependencies:\n  - python=3.11\n  - pip:\n    - great-expectations\n", 4),
    ],
)
def test_python_deps_in_every_kind_of_file(path: str, text: str, line: int) -> None:
    """Requirements, PEP 621 and Poetry, setup.cfg, setup.py as text, Pipfile, conda: names
    compared as PEP 503 names."""
    assert outcome(PythonDeps(("great-expectations",)), {path: text}) == ("found", [Location(path, line)])


def test_python_deps_ignore_comments_and_other_names() -> None:
    files = {"requirements.txt": "# great-expectations later\ngreat-expectations-lite\n",
             "pyproject.toml": "[project\nbroken = ["}  # a broken TOML file is not read
    assert outcome(PythonDeps(("great-expectations",)), files) == ("not-found", [])


def test_imports_in_python_and_notebook_code_cells_only() -> None:
    notebook = (
        '{"cells": [\n'
        ' {"cell_type": "markdown", "source": ["import optuna  # in prose\\n"]},\n'
        ' {"cell_type": "code", "source": [\n'
        '   "x = 1\\n",\n'
        '   "import optuna.samplers as s, numpy\\n"\n'
        ' ]}\n'
        '], "nbformat": 4, "nbformat_minor": 5}\n'
    )
    files = {"a.py": "from optuna import trial\n# import optuna\n", "n.ipynb": notebook,
             "optuna.txt": "import optuna"}
    assert outcome(Imports(("optuna",)), files) == ("found", [Location("a.py", 1), Location("n.ipynb", 5)])
    assert outcome(Imports(("optuna_dashboard",)), files)[0] == "not-found"


def test_workflow_steps_see_run_blocks_and_uses() -> None:
    workflow = (
        "on: push\n"
        "env:\n  RUN: pytest\n"  # not a step
        "jobs:\n  run:\n    runs-on: pytest\n    steps:\n"
        "      - uses: actions/setup-python@v5\n"
        "      - name: test\n        run: |\n          pip install .\n          python -m pytest\n"
        "      - run: echo done\n"
    )
    steps = [(s.text, s.location.line) for s in ci_steps(".github/workflows/ci.yml", workflow)]
    assert steps == [("actions/setup-python@v5", 8), ("pip install .", 11), ("python -m pytest", 12),
                     ("echo done", 13)]
    assert outcome(WorkflowSteps(r"\bpytest\b"), {".github/workflows/ci.yml": workflow}) == (
        "found", [Location(".github/workflows/ci.yml", 12)])
    assert outcome(WorkflowSteps(r"\bpytest\b"), {"docs/ci.yml": workflow})[0] == "not-found"


def test_gitlab_and_jenkins_scripts() -> None:
    gitlab = "test:\n  image: python:3.12\n  script:\n    - pip install .\n    - tox -e py\n"
    jenkins = "pipeline {\n  stages { stage('t') { steps { sh 'tox' } } }\n}\n"
    assert outcome(WorkflowSteps(r"\btox\b"), {".gitlab-ci.yml": gitlab, "Jenkinsfile": jenkins}) == (
        "found", [Location(".gitlab-ci.yml", 5), Location("Jenkinsfile", 2)])


def test_all_any_not() -> None:
    files = {"dvc.yaml": "stages:\n", "Dockerfile": "FROM x\n"}
    dvc, docker, tf = Files(("dvc.yaml",)), Files(("Dockerfile",)), Files(("*.tf",))
    assert outcome(All((dvc, docker)), files) == ("found", [Location("dvc.yaml"), Location("Dockerfile")])
    assert outcome(All((dvc, tf)), files) == ("not-found", [])
    assert outcome(Any((tf, docker)), files) == ("found", [Location("Dockerfile")])
    assert outcome(Not(tf), files) == ("found", [])
    assert outcome(Not(docker), files) == ("not-found", [])


def test_unknown_when_the_read_was_incomplete() -> None:
    """Absence where the reader could not look (a file too large, a limit) says nothing."""
    assert outcome(Content(("*.py",), "mlflow"), {"a.py": None}) == ("unknown", [])
    assert outcome(Files(("*.tf",)), {"a.py": "x"}, complete=False) == ("unknown", [])
    assert outcome(Files(("*.py",)), {"a.py": "x"}, complete=False)[0] == "found"


def test_patterns_never_see_more_than_a_line_limit() -> None:
    """A 10 MB line is cut before any pattern runs on it."""
    line = "a" * (10 * 1024 * 1024) + "NEEDLE"
    assert outcome(Content(("*.py",), "NEEDLE"), {"a.py": line}) == ("not-found", [])
    assert outcome(Content(("*.py",), "^a+$"), {"a.py": line})[1] == [Location("a.py", 1)]
    assert MAX_LINE < 10_000


def test_exclude_leaves_files_out() -> None:
    files = {"tests/test_io.py": "p = 'gs://x/y'\n", "src/io.py": "p = 'gs://x/y'\n"}
    assert outcome(Content(("*.py",), "gs://", ("tests/**", "test_*.py")), files) == (
        "found", [Location("src/io.py", 1)])
    assert outcome(Files(("*.py",), ("*.py",)), files) == ("not-found", [])
