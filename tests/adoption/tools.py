"""Helpers of the adoption tests: build wheels, make virtual environments, and run a
GitHub workflow's steps in order on this machine, as a runner would (``run:`` steps in
bash with the runner's variables; ``uses:`` steps are GitHub's own actions and skipped)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.store.yamlio import load_text

REPO = Path(__file__).resolve().parents[2]


def run(args: Sequence[str | Path], cwd: Path, env: Mapping[str, str], timeout: int = 900) -> str:
    """Run a command; fail the test with its output when it fails; return the output."""
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=dict(env), capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def clean_env(home: Path) -> dict[str, str]:
    """This process's environment without its virtual environment, with its own HOME (so
    a workflow's `git config --global` writes there, not into the tester's)."""
    dropped = ("PYTHONPATH", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV", "GIT_CONFIG_GLOBAL")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), NO_MKDOCS_2_WARNING="1", GIT_AUTHOR_NAME="Tester",
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="Tester",
               GIT_COMMITTER_EMAIL="t@example.com")
    return env


def source_tree(dest: Path) -> Path:
    """A copy of what the distribution is built from (pyproject, README, src/), with the
    skeleton's links to notebooks/ made files: the tree a wheel can be built from."""
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "src", dest / "src", symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    return dest


def build_wheel(tree: Path, out: Path, env: Mapping[str, str]) -> Path:
    """``pip wheel --no-deps`` of a source tree into ``out``; the one wheel it made."""
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, tree], cwd=tree, env=env)
    (wheel,) = out.glob("mlops_maturity-*.whl")
    return wheel


def venv(path: Path, env: Mapping[str, str]) -> dict[str, str]:
    """A new, empty virtual environment; the environment to run commands in it."""
    run([sys.executable, "-m", "venv", path], cwd=path.parent, env=env)
    inside = dict(env)
    inside["PATH"] = f"{path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    inside["VIRTUAL_ENV"] = str(path)
    return inside


# --- GitHub workflows, run on this machine ------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass(frozen=True)
class Step:
    job: str
    name: str
    run: str | None  # None: a `uses:` step (GitHub's own action)
    uses: str | None
    condition: str | None
    env: dict[str, str]


def steps(workflow: Path) -> list[Step]:
    """Every step of every job, in file order."""
    data = load_text(workflow.read_text(encoding="utf-8"), str(workflow))
    found: list[Step] = []
    for job_id, job in data["jobs"].items():
        for step in job.get("steps", []):
            found.append(Step(job_id, str(step.get("name", step.get("uses", step.get("run")))),
                              step.get("run"), step.get("uses"),
                              str(step["if"]) if "if" in step else None,
                              {str(k): str(v) for k, v in (step.get("env") or {}).items()}))
    return found


def _value(token: str, context: Mapping[str, Any]) -> Any:
    token = token.strip()
    if token[:1] == token[-1:] == "'":
        return token[1:-1]
    if token in ("true", "false"):
        return token == "true"
    node: Any = context
    for part in token.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return ""
        node = node[part]
    return node


def evaluate(expression: str, context: Mapping[str, Any]) -> Any:
    """The few forms of GitHub's expression language these workflows use: a context
    value, `a == b`, `a != b`, `startsWith(a, b)`, joined by `&&`. Anything else fails
    the test, so a workflow cannot grow a condition this runner silently misreads."""
    expression = EXPRESSION.sub(lambda m: m.group(1), expression.strip())
    parts = [p.strip() for p in expression.split("&&")]
    if len(parts) > 1:
        return all(evaluate(p, context) for p in parts)
    if match := re.fullmatch(r"startsWith\((.+?),\s*(.+)\)", expression):
        return str(_value(match.group(1), context)).startswith(str(_value(match.group(2), context)))
    for operator in ("==", "!="):
        if operator in expression:
            left, right = expression.split(operator, 1)
            equal = _value(left, context) == _value(right, context)
            return equal if operator == "==" else not equal
    assert re.fullmatch(r"[\w.]+", expression), f"expression this runner does not know: {expression}"
    return _value(expression, context)


def _substitute(text: str, context: Mapping[str, Any]) -> str:
    return EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context)), text)


def run_workflow(workflow: Path, workspace: Path, env: Mapping[str, str],
                 context: Mapping[str, Any]) -> list[str]:
    """Run the workflow's `run:` steps in order in ``workspace`` (bash -e, as a runner
    does), with the step's `env:` and `if:` evaluated against ``context``; skip `uses:`
    steps. Returns what happened to each step, in order ("ran NAME", "skipped NAME")."""
    log: list[str] = []
    for step in steps(workflow):
        if step.condition is not None and not evaluate(step.condition, context):
            log.append(f"skipped (if) {step.name}")
            continue
        if step.run is None:
            log.append(f"skipped (uses {step.uses}) {step.name}")
            continue
        step_env = dict(env)
        step_env.update({k: _substitute(v, context) for k, v in step.env.items()})
        script = _substitute(step.run, context)
        run(["bash", "-e", "-c", script], cwd=workspace, env=step_env)
        log.append(f"ran {step.name}")
    return log
