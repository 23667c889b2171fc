"""The package reads as layers, each a folder, each importing only the ones below it.

``maturity.errors`` is the floor every layer may use. Then, bottom up: ``core`` (the
model and the rules, no I/O), ``store`` (files, git, network), ``views`` (the one
wording of every output), and the edges: ``charts`` (drawn for the site and the
notebooks), ``notebooks``, ``site``, ``linkcheck`` (the only code that talks HTTP) and
``cli``. Frameworks are edge business; the network libraries are ``linkcheck``'s alone.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "maturity"

# What each layer may import from the package (besides itself).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "version": set(),
    "core": {"errors"},
    "store": {"errors", "core"},
    "views": {"errors", "core"},
    "charts": {"errors", "core", "views"},
    "notebooks": {"errors", "core", "store", "views", "charts"},
    "site": {"errors", "core", "store", "views", "charts"},
    "linkcheck": {"errors", "core", "store", "views"},
    "cli": {"errors", "core", "store", "views", "notebooks", "linkcheck"},
}
EDGES = {"charts", "notebooks", "site", "linkcheck", "cli"}
FRAMEWORKS = {"click", "mkdocs", "matplotlib", "IPython", "papermill", "pandas", "nbformat", "jinja2",
              "material", "mkdocs_macros", "httpx", "httpcore"}
NETWORK = {"httpx", "httpcore", "ssl", "asyncio", "socket"}  # the link checker's, and nobody else's
NETWORK_LAYER = "linkcheck"


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.stem != "__init__" else ""


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every absolute module name the file imports, with its line (relative ones resolved)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    package = list(rel.parts[:-1])  # a module or a package's __init__: both resolve from their folder
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer() -> None:
    """No module sits loose in the package but the floor (errors) and ``__init__``."""
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "errors", "version")]
    assert loose == []
    assert {_layer(p) for p in MODULES} - {""} <= set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path: Path) -> None:
    """A module imports only its own layer and the layers below it; frameworks only at the edges."""
    layer = _layer(path)
    wrong = []
    for line, module in _imports(path):
        parts = module.split(".")
        if parts[0] == "maturity" and len(parts) > 1 and layer:
            target = parts[1]
            if target in ALLOWED and target != layer and target not in ALLOWED[layer]:
                wrong.append(f"line {line}: {layer} imports {module}")
        if parts[0] in FRAMEWORKS and layer not in EDGES:
            wrong.append(f"line {line}: {layer or 'maturity'} imports the framework {module}")
    assert wrong == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_link_checker_talks_to_the_network(path: Path) -> None:
    """httpx, ssl, asyncio and socket are imported by ``maturity.linkcheck`` only."""
    if _layer(path) == NETWORK_LAYER:
        return
    wrong = [f"line {line}: imports {module}" for line, module in _imports(path)
             if module.split(".")[0] in NETWORK]
    assert wrong == []


def test_the_site_reads_link_results_without_the_network_libraries() -> None:
    """Importing the site's data (which reads build/links.json) loads neither the
    checker nor httpx, ssl or asyncio: the results file is plain data."""
    probe = (
        "import sys\n"
        "import maturity.site.data, maturity.site.embeds, maturity.store.linkresults\n"
        "loaded = sorted(m for m in ('httpx', 'httpcore', 'ssl', 'asyncio', 'maturity.linkcheck',"
        " 'maturity.linkcheck.checker') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    """The import reader sees both absolute and relative imports (so the test above can fail)."""
    sample = PACKAGE / "core" / "_sample_for_test.py"
    sample.write_text("from ..store import load\nimport click\nfrom maturity.views import text\n")
    try:
        found = {m for _, m in _imports(sample)}
    finally:
        sample.unlink()
    assert {"maturity.store", "maturity.store.load", "click", "maturity.views.text"} <= found
