"""Run the analysis notebooks with papermill (an edge: it imports papermill).

Each notebook of ``notebooks/`` runs in the ``python3`` kernel of the interpreter
running this code (jupyter_client starts ``python`` kernelspecs with
``sys.executable``; a virtualenv's own kernelspec is preferred over the user's), with
the portfolio root as its working directory, so ``import maturity`` and the
notebook's ``root=""`` both resolve there. A notebook receives only the parameters
its ``parameters`` cell declares; a parameter that no chosen notebook declares is an
error, not a silent no-op.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import papermill as pm
from jupyter_client.manager import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError

from maturity.errors import NotebookFailed, NotFound, UsageError
from maturity.notebooks.inert import make_inert
from maturity.store.artifacts import record_notebooks
from maturity.store.yamlio import load_file

KERNEL = "python3"
FAILED_DIR = "failed"  # under the output folder: not published (the site takes what the manifest lists)
RUNNING_DIR = ".running"
RESERVED = ("root",)  # set by the runner: the kernel runs in --root




class QuietShutdownKernelManager(AsyncKernelManager):
    """A kernel manager that does not interrupt the kernel it is shutting down.

    jupyter_client's ``shutdown_kernel`` sends SIGINT before the shutdown request, to stop
    code that may still run. papermill shuts the kernel down after the last cell, when it
    is idle: the interrupt then lands in ipykernel's event loop, which logs
    "ERROR | KeyboardInterrupt caught in kernel" on every clean run. The shutdown request
    alone stops an idle kernel (and jupyter_client kills it if it does not stop).
    """

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()


@dataclass(frozen=True)
class Notebook:
    name: str
    path: Path
    parameters: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # papermill's inspection


def discover(folder: Path) -> tuple[Notebook, ...]:
    """Every notebook of the folder, by name, with its declared parameters."""
    if not folder.is_dir():
        raise NotFound(f"{folder}: no such folder of notebooks (use --notebooks DIR)")
    paths = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise NotFound(f"{folder}: no notebook (*.ipynb) here")
    found = []
    for path in paths:
        try:
            declared = pm.inspect_notebook(str(path))
        except Exception as error:  # a broken .ipynb: name it
            raise UsageError(f"{path}: cannot read the notebook: {error}") from error
        found.append(Notebook(path.stem, path, declared))
    return tuple(found)


def select(notebooks: tuple[Notebook, ...], names: Iterable[str]) -> tuple[Notebook, ...]:
    wanted = [n.removesuffix(".ipynb") for n in names]
    if not wanted:
        return notebooks
    known = {nb.name: nb for nb in notebooks}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise UsageError(f"no notebook named {', '.join(map(repr, unknown))}; "
                         f"the notebooks are: {', '.join(known)}")
    return tuple(known[n] for n in dict.fromkeys(wanted))


def resolve_type(text: str) -> Any:
    """A ``-p`` value typed the way papermill's own ``-p`` does it."""
    if text in ("True", "False"):
        return text == "True"
    if text == "None":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_parameter_file(path: Path, names: Iterable[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A YAML file: ``NAME: VALUE`` for every notebook that declares NAME, or a mapping per notebook.

    Dates stay text (YYYY-MM-DD), as on the command line.
    """
    data = load_file(path)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a parameters file is a mapping of NAME: VALUE")
    notebooks = set(names)
    shared: dict[str, Any] = {}
    own: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if key in notebooks and isinstance(value, dict):
            own[str(key)] = {str(k): v for k, v in value.items()}
        else:
            shared[str(key)] = value
    return shared, own


def check_taken(notebooks: tuple[Notebook, ...], names: Iterable[str], who: str) -> None:
    """Every parameter name is declared by at least one of the notebooks."""
    unused = [p for p in names if not any(p in nb.parameters for nb in notebooks)]
    if unused:
        takes = "; ".join(f"{nb.name}: {', '.join(p for p in nb.parameters if p not in RESERVED)}"
                          for nb in notebooks)
        raise UsageError(f"{who} takes the parameter {', '.join(map(repr, unused))}; they take: {takes}")


def plan(
    notebooks: tuple[Notebook, ...],
    shared: Mapping[str, Any],
    own: Mapping[str, Mapping[str, Any]],
    defaults: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Each notebook's parameters: ``defaults`` it declares, then its ``own``, then ``shared``.

    On the command line: the file's values, its section for the notebook, then -p/-r.

    A shared name must be declared by one of the notebooks (a typo is an error, not a
    silent no-op); defaults go quietly to the notebooks that declare them.
    """
    for name in (*shared, *(k for v in own.values() for k in v)):
        if name in RESERVED:
            raise UsageError(f"parameter {name!r} is set by the runner: use --root DIR")
    check_taken(notebooks, shared, "no chosen notebook")
    for name in defaults or {}:
        if name in RESERVED:
            raise UsageError(f"parameter {name!r} is set by the runner: use --root DIR")
    out: dict[str, dict[str, Any]] = {}
    for nb in notebooks:
        mine = dict(own.get(nb.name, {}))
        wrong = [p for p in mine if p not in nb.parameters]
        if wrong:
            raise UsageError(f"notebook {nb.name} does not take {', '.join(map(repr, wrong))}; "
                             f"it takes: {', '.join(p for p in nb.parameters if p not in RESERVED)}")
        values = {k: v for k, v in (defaults or {}).items() if k in nb.parameters}
        values.update(mine)
        values.update({k: v for k, v in shared.items() if k in nb.parameters})
        out[nb.name] = values
    return out


def run(
    notebook: Notebook, output_dir: Path, parameters: Mapping[str, Any], cwd: Path, progress: bool
) -> tuple[Path, float]:
    """Execute one notebook into ``output_dir/<name>.ipynb``; its path and the seconds taken.

    On failure the executed notebook (up to the error) goes to ``output_dir/failed/`` and
    any older output of the same name is removed, so nothing stale gets published.
    """
    target = output_dir / f"{notebook.name}.ipynb"
    running = output_dir / RUNNING_DIR / f"{notebook.name}.ipynb"
    running.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            str(notebook.path), str(running), parameters=dict(parameters), kernel_name=KERNEL,
            cwd=str(cwd), progress_bar=progress, log_output=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warning per run
            kernel_manager_class=QuietShutdownKernelManager,
        )
    except PapermillExecutionError as error:
        kept = _keep_failed(running, output_dir, notebook.name, target)
        raise NotebookFailed(
            notebook.name,
            f"in cell {error.cell_index + 1}, {error.ename}: {error.evalue}", kept,
        ) from error
    except Exception as error:  # no kernel, a kernel that died, a timeout: name it
        kept = _keep_failed(running, output_dir, notebook.name, target)
        raise NotebookFailed(notebook.name, f"{type(error).__name__}: {error}", kept) from error
    _make_inert(running)
    running.replace(target)
    record_notebooks(output_dir, made=[target])
    _tidy(running.parent)
    (output_dir / FAILED_DIR / f"{notebook.name}.ipynb").unlink(missing_ok=True)
    _tidy(output_dir / FAILED_DIR)
    return target, time.perf_counter() - start


def _make_inert(path: Path) -> None:
    """The executed notebook rewritten without live script (``notebooks.inert``): what
    the site publishes from it can run nothing in a reader's browser."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(make_inert(notebook), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _keep_failed(running: Path, output_dir: Path, name: str, target: Path) -> Path | None:
    target.unlink(missing_ok=True)
    record_notebooks(output_dir, gone=[target.name])
    if not running.exists():
        _tidy(running.parent)
        return None
    kept = output_dir / FAILED_DIR / f"{name}.ipynb"
    kept.parent.mkdir(parents=True, exist_ok=True)
    running.replace(kept)
    _tidy(running.parent)
    return kept


def _tidy(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (another run) or gone: leave it
        folder.rmdir()
