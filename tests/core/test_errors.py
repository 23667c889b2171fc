"""One home for errors and exit codes: every exception in maturity.errors, one table of
exit codes, and a docs page that shows both as they are in the code."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import maturity
from maturity import errors

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reference" / "exit-codes.md"


def _classes() -> list[type[errors.MaturityError]]:
    return [c for _, c in inspect.getmembers(errors, inspect.isclass)
            if issubclass(c, errors.MaturityError) and c.__module__ == errors.__name__]


def _section(name: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {name}:[^\n]*-->\n(.*?)<!-- /{name} -->", text, re.S)
    assert found, f"no {name} section in {PAGE}"
    return found.group(1)


def test_every_exception_of_the_package_lives_in_errors() -> None:
    """No module outside errors.py defines an exception class."""
    strays = []
    for path in sorted((ROOT / "src" / "maturity").rglob("*.py")):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(b, ast.Name) and (b.id.endswith(("Error", "Exception", "Failed"))
                                              or b.id in ("NotFound", "InvalidInput", "WriteRefused")))
                or (isinstance(b, ast.Attribute) and b.attr.endswith(("Error", "Exception")))
                for b in node.bases
            ):
                strays.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert strays == []


def test_every_exit_code_is_in_the_table() -> None:
    assert {c.exit_code for c in _classes()} <= set(errors.EXIT_CODES)
    assert errors.OK in errors.EXIT_CODES


def test_the_docs_page_shows_the_exit_code_table() -> None:
    rows = ["| Code | Meaning |", "|---|---|"]
    rows += [f"| {code} | {meaning} |" for code, meaning in sorted(errors.EXIT_CODES.items())]
    assert _section("exit-codes") == "\n".join(rows) + "\n"


def test_the_docs_page_lists_every_error_class() -> None:
    rows = ["| Error | Code | When |", "|---|---|---|"]
    rows += [f"| `{c.__name__}` | {c.exit_code} | {' '.join((c.__doc__ or '').split())} |"
             for c in sorted(_classes(), key=lambda c: _source_line(c))]
    assert _section("errors") == "\n".join(rows) + "\n"


def _source_line(cls: type) -> int:
    return inspect.getsourcelines(cls)[1]


def test_version_comes_from_one_place() -> None:
    """One version number, ``maturity.__version__``: the installed distribution
    (``mlops-maturity``) carries it and ``maturity --version`` says it."""
    assert maturity.DISTRIBUTION == "mlops-maturity"
    assert maturity.__version__ == version(maturity.DISTRIBUTION)
    shown = subprocess.run([str(Path(sys.executable).parent / "maturity"), "--version"], capture_output=True,
                           text=True, check=False)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == f"maturity, version {maturity.__version__}\n"
