"""Three engines, one repository: `maturity site build --engine mkdocs|properdocs|zensical`
builds the example site and a repository made by `maturity init`, each compared with the
plugin's own `mkdocs build --strict` (pages, exports, the levels shown); Zensical never
serves stale data; a page calling a package macro without being rendered fails."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from maturity.core.portfolio import portfolio_status
from maturity.store.init import init_repository
from maturity.store.load import load_portfolio

from .conftest import copy_portfolio

pytestmark = pytest.mark.site

ENGINES = ("mkdocs", "properdocs", "zensical")
AS_OF = "2026-11-23"
REPO_FILES = ("mkdocs.yml", "macros.py")
MATURITY = str(Path(sys.executable).with_name("maturity"))  # the console script, as users run it


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MATURITY_AS_OF": AS_OF}


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=600)


def site_build(repo: Path, engine: str, out: Path) -> subprocess.CompletedProcess[str]:
    """The command a user runs, from the repository's folder."""
    return _run(repo, MATURITY, "site", "build", "--engine", engine, "-d", str(out))


def plugin_build(repo: Path, out: Path) -> None:
    proc = _run(repo, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def example_repo(source: Path, dest: Path) -> Path:
    """The example site as a repository of its own: portfolio, docs, config, macros."""
    copy_portfolio(source, dest)
    shutil.copytree(source / "docs", dest / "docs")
    for name in REPO_FILES:
        shutil.copy2(source / name, dest / name)
    return dest


def pages(site: Path) -> set[str]:
    """Every page of a built site (search and 404 pages aside)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"}


def overall_levels(site: Path, systems: list[str]) -> dict[str, tuple[str, str]]:
    """The overall level each system page shows: (level, upper)."""
    shown = {}
    for sid in systems:
        soup = BeautifulSoup((site / "systems" / f"{sid}.html").read_text("utf-8"), "html.parser")
        chip = soup.select_one("article .mt-summary .mt-chip")
        assert chip is not None, sid
        shown[sid] = (str(chip["data-level"]), str(chip["data-upper"]))
    return shown


def article_text(site: Path, rel: str) -> str:
    soup = BeautifulSoup((site / rel).read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, rel
    return re.sub(r"\s+", " ", article.get_text())


def exports(site: Path) -> dict[str, bytes]:
    found = {"portfolio.json", "portfolio.csv"}
    found |= {p.relative_to(site).as_posix() for p in (site / "systems").glob("*.json")}
    found |= {p.relative_to(site).as_posix() for p in (site / "badges").glob("*.svg")}
    found |= {p.relative_to(site).as_posix() for p in (site / "schemas").glob("*.json")}
    return {rel: (site / rel).read_bytes() for rel in sorted(found)}


@pytest.fixture(scope="module")
def example(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example repository and its site built by the plugin (the reference)."""
    base = tmp_path_factory.mktemp("engines")
    copy = example_repo(repo, base / "repo")
    plugin_build(copy, base / "plugin-site")
    return copy, base / "plugin-site"


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_builds_the_example_site_as_the_plugin_does(
    example: tuple[Path, Path], engine: str, tmp_path: Path
) -> None:
    copy, reference = example
    proc = site_build(copy, engine, tmp_path / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "site"
    assert pages(site) == pages(reference)
    assert exports(site) == exports(reference)  # byte for byte
    systems = [st.system.id for st in portfolio_status(load_portfolio(copy), dt.date.fromisoformat(AS_OF))]
    assert len(systems) > 5
    assert overall_levels(site, systems) == overall_levels(reference, systems)
    for rel in ("portfolio.html", "index.html", "reference/macros.html", f"systems/{systems[0]}.html",
                "rubrics/google-mlops-v1.html"):
        assert article_text(site, rel) == article_text(reference, rel), rel
    assert "{{" not in article_text(site, "portfolio.html")  # the macros rendered


@pytest.fixture(scope="module")
def init_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("engines-init") / "repo"
    init_repository(root, force=False, today=dt.date.fromisoformat(AS_OF), version="0.1.0")
    return root


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_builds_a_repository_made_by_init(init_repo: Path, engine: str, tmp_path: Path) -> None:
    reference = tmp_path / "plugin-site"
    plugin_build(init_repo, reference)
    proc = site_build(init_repo, engine, tmp_path / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "site"
    assert pages(site) == pages(reference)
    assert exports(site) == exports(reference)
    systems = [s.id for s in load_portfolio(init_repo).systems]
    assert systems and overall_levels(site, systems) == overall_levels(reference, systems)


def test_zensical_never_serves_stale_data(example: tuple[Path, Path], tmp_path: Path) -> None:
    """Change a YAML file, build again: the system page, the portfolio page (hand-written,
    macros) and the export all show the change, though no Markdown file changed."""
    copy, _ = example
    work = tmp_path / "repo"
    shutil.copytree(copy, work)
    site = tmp_path / "site"
    assert site_build(work, "zensical", site).returncode == 0
    meta = next(iter(sorted((work / "assessments").glob("*/system.yaml"))))
    sid = meta.parent.name
    before = json.loads((site / f"systems/{sid}.json").read_text("utf-8"))
    text = meta.read_text("utf-8")
    name = re.search(r"^name: *(.+)$", text, re.M)
    assert name is not None
    meta.write_text(text.replace(name.group(0), "name: Renamed System 4711"), encoding="utf-8")
    proc = site_build(work, "zensical", site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Renamed System 4711" in article_text(site, "portfolio.html")
    assert "Renamed System 4711" in (site / f"systems/{sid}.html").read_text("utf-8")
    after = json.loads((site / f"systems/{sid}.json").read_text("utf-8"))
    assert after["name"] == "Renamed System 4711" != before["name"]


UNRENDERED = "# Review\n\nThe model is at {{ level(\"example-model\") }}.\n\n`{{ level(\"x\") }}` is how.\n"


def test_an_unrendered_macro_call_fails_the_build_under_every_engine(
    init_repo: Path, tmp_path: Path
) -> None:
    """Issue 17 item 4: the call would be published as text; the build says where."""
    work = tmp_path / "repo"
    shutil.copytree(init_repo, work)
    (work / "docs" / "unrendered.md").write_text(UNRENDERED, encoding="utf-8")
    where = "docs/unrendered.md:3:17:"
    proc = _run(work, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s"))
    assert proc.returncode != 0 and where in proc.stderr, proc.stderr
    assert "render_macros: true" in proc.stderr
    for engine in ENGINES:
        proc = site_build(work, engine, tmp_path / engine)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert where in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert not (tmp_path / engine).exists()


def test_a_wrong_macro_argument_reads_the_same_under_every_engine(init_repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "repo"
    shutil.copytree(init_repo, work)
    page = "---\nrender_macros: true\n---\n# Review\n\n{{ level(\"no-such-system\") }}\n"
    (work / "docs" / "wrong.md").write_text(page, encoding="utf-8")
    message = "docs/wrong.md: level('no-such-system'): unknown system 'no-such-system'"
    for engine in ENGINES:
        proc = site_build(work, engine, tmp_path / engine)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert message in proc.stderr, (engine, proc.stderr[-3000:])


def test_generate_writes_a_project_any_engine_reads(init_repo: Path, tmp_path: Path) -> None:
    """`maturity site generate OUT`: the docs, every generated page as Markdown (its
    headings and raw HTML, no placeholder), assets, exports, and the config."""
    out = tmp_path / "out"
    proc = _run(init_repo, MATURITY, "site", "generate", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out / "mkdocs.yml")
    page = (out / "docs" / "systems" / "example-model.md").read_text("utf-8")
    assert page.startswith("---\n") and "\n## Summary {#summary}\n" in page and "mt-html" not in page
    for rel in ("portfolio.json", "portfolio.csv", "badges/example-model.svg", "systems/example-model.json",
                "assets/maturity/maturity.css", "assets/maturity/vega.js", "index.md"):
        assert (out / "docs" / rel).is_file(), rel
    config = (out / "mkdocs.yml").read_text("utf-8")
    assert "maturity:" in config and f"as_of: '{AS_OF}'" in config
    assert "- maturity\n" not in config and "mkdocs-jupyter" not in config


def test_the_cli_offers_the_engines_the_builder_knows() -> None:
    from maturity.cli import site as cli_site
    from maturity.site import project

    assert cli_site.ENGINES == project.ENGINES == ENGINES
    assert cli_site.OUT_DIR == project.OUT_DIR
