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
    "config": {"errors", "core"},
    "charts": {"errors", "core", "views"},
    "notebooks": {"errors", "core", "store", "views", "charts", "config"},
    "site": {"errors", "core", "store", "views", "charts", "config"},
    "linkcheck": {"errors", "core", "store", "views"},
    "cli": {"errors", "core", "store", "views", "notebooks", "linkcheck", "config",
            "site"},  # `maturity site generate/build` (imported when run: the site extra is optional)
}
EDGES = {"charts", "notebooks", "site", "linkcheck", "cli"}
FRAMEWORKS = {"click", "mkdocs", "matplotlib", "IPython", "papermill", "pandas", "nbformat", "jinja2",
              "material", "mkdocs_macros", "httpx", "httpcore"}
NETWORK = {"httpx", "httpcore", "ssl", "asyncio", "socket"}  # the link checker's, and nobody else's
NETWORK_LAYER = "linkcheck"


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.stem != "__init__" else ""


def _imports(path: Path, text: str | None = None) -> list[tuple[int, str]]:
    """Every absolute module name the file imports, with its line (relative ones resolved).

    Imports inside functions count too: a function-local import does not hide a circle."""
    tree = ast.parse(path.read_text("utf-8") if text is None else text, str(path))
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


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _graph(modules: dict[str, list[str]]) -> dict[str, set[str]]:
    """Which package modules each module imports (``from a import b`` counts ``a.b`` when
    that is a module, else ``a``)."""
    return {
        name: {target for target in imported if target in modules and target != name}
        for name, imported in modules.items()
    }


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: its strongly connected parts of more than one module
    (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            step = next(targets, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    part.append(top)
                    if top == node:
                        break
                if len(part) > 1:
                    found.append(sorted(part))
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


def test_the_rule_catches_a_violation() -> None:
    """The import reader sees both absolute and relative imports (so the test above can fail)."""
    sample = PACKAGE / "core" / "_sample_for_test.py"  # never written: the text is read as if there
    text = "from ..store import load\nimport click\nfrom maturity.views import text\n"
    found = {m for _, m in _imports(sample, text)}
    assert {"maturity.store", "maturity.store.load", "click", "maturity.views.text"} <= found


def test_no_import_circles() -> None:
    """No module imports, directly or through others, a module that imports it back
    (imports inside functions included)."""
    modules = {_module_name(p): [m for _, m in _imports(p)] for p in MODULES}
    assert _circles(_graph(modules)) == []


def test_the_circle_finder_finds_circles() -> None:
    """A function-local import closing a circle is found, and so is a longer circle."""
    a, b = PACKAGE / "store" / "a.py", PACKAGE / "store" / "b.py"
    modules = {
        "maturity.store.a": [m for _, m in _imports(a, "from maturity.store import b\n")],
        "maturity.store.b": [m for _, m in _imports(b, "def f():\n    from maturity.store.a import x\n")],
        "maturity.core.x": ["maturity.core.y"],
        "maturity.core.y": ["maturity.core.z"],
        "maturity.core.z": ["maturity.core.x"],
        "maturity.core.alone": ["maturity.core.x"],
    }
    assert sorted(_circles(_graph(modules))) == [
        ["maturity.core.x", "maturity.core.y", "maturity.core.z"],
        ["maturity.store.a", "maturity.store.b"],
    ]


# The clock and the environment are read at the edge (``maturity.config``) and passed down.
NO_CLOCK_LAYERS = ("core", "store", "views", "charts")
CLOCK_CALLS = {"today", "now", "utcnow"}
CLOCK_OWNERS = {"date", "datetime"}
ENV_NAMES = {"environ", "environb", "getenv", "putenv", "unsetenv"}


def _clock_and_environment(tree: ast.AST) -> list[str]:
    """Where the code reads the clock (``date.today()``, ``datetime.now()``, however
    ``datetime`` was imported) or the environment (``os.environ``, ``os.getenv``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if node.attr in CLOCK_CALLS and owner_name in CLOCK_OWNERS:
                found.append(f"line {node.lineno}: {owner_name}.{node.attr}")
            elif node.attr in ENV_NAMES and owner_name == "os":
                found.append(f"line {node.lineno}: os.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [f"line {node.lineno}: from os import {a.name}"
                      for a in node.names if a.name in ENV_NAMES]
    return found


@pytest.mark.parametrize(
    "path", [p for p in MODULES if _layer(p) in NO_CLOCK_LAYERS], ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_below_the_edges_nothing_reads_the_clock_or_the_environment(path: Path) -> None:
    """``core``, ``store``, ``views`` and ``charts`` get the day and the settings passed
    down (``core.settings.Settings``); only the edges read them, through ``maturity.config``."""
    assert _clock_and_environment(ast.parse(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("code", [
    "import datetime as dt\nx = dt.date.today()",
    "import datetime\nx = datetime.datetime.now()",
    "from datetime import date\nx = date.today()",
    "from datetime import datetime\nx = datetime.utcnow()",
    "import os\nx = os.environ.get('A')",
    "import os\nx = os.getenv('A')",
    "from os import environ",
])
def test_the_clock_rule_catches_each_way_of_reading(code: str) -> None:
    """Every way of reading the clock or the environment is seen (so the test above can fail)."""
    assert len(_clock_and_environment(ast.parse(code))) == 1



# One way to print: the CLI's output module, which makes control characters inert.
OUTPUT_MODULE = PACKAGE / "cli" / "output.py"


def _printing(tree: ast.AST) -> list[str]:
    """Where the code prints other than through ``maturity.cli.output``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            found.append(f"line {node.lineno}: print()")
        elif isinstance(node, ast.Attribute):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id == "click" and node.attr in ("echo", "secho"):
                found.append(f"line {node.lineno}: click.{node.attr}")
            elif (isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name)
                  and owner.value.id == "sys" and owner.attr in ("stdout", "stderr")
                  and node.attr == "write"):
                found.append(f"line {node.lineno}: sys.{owner.attr}.write")
        elif isinstance(node, ast.ImportFrom) and node.module == "click":
            found += [f"line {node.lineno}: from click import {a.name}"
                      for a in node.names if a.name in ("echo", "secho")]
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if p != OUTPUT_MODULE],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_output_module_prints(path: Path) -> None:
    """Every text the CLI prints goes through ``cli/output.py`` (``echo``, ``progress``),
    which escapes control characters; nothing else prints."""
    assert _printing(ast.parse(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("code", [
    "print('x')", "import click\nclick.echo('x')", "import click\nclick.secho('x')",
    "from click import echo", "import sys\nsys.stdout.write('x')", "import sys\nsys.stderr.write('x')",
])
def test_the_printing_rule_catches_each_way(code: str) -> None:
    assert len(_printing(ast.parse(code))) == 1
