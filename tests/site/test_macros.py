"""Macros for hand-written pages, built for real in a repository made by `maturity init`:
each shows what the command line says, and a wrong argument fails the strict build with
a message naming the page and the call."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from maturity.cli import cli
from maturity.store.init import init_repository

pytestmark = pytest.mark.site

PAGE = """---
render_macros: true
---
# Design doc

Fraud is at {{ level("fraud") }} {{ badge("fraud") }} and the example at {{ level("example-model") }}.

{{ checklist("fraud", dimension="data") }}

{{ gaps("example-model", target=2) }}

{{ roadmap("example-model") }}

{{ heatmap(rubric="google-mlops", tag="payments") }}
"""


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MATURITY_AS_OF": "2026-11-23"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def _cli(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new repository (maturity init) with a second system, tagged payments, built once."""
    root = tmp_path_factory.mktemp("macros") / "repo"
    init_repository(root, force=False, today=dt.date(2026, 11, 23), version="0.1.0")
    _cli(root, "new", "fraud", "--rubric", "google-mlops", "--tag", "payments", "--date", "2026-11-20")
    _cli(root, "set", "fraud", "data.versioning", "done", "--note", "DVC")
    (root / "docs" / "design.md").write_text(PAGE, encoding="utf-8")
    built = _build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root


def _page(root: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / rel).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("system", ["fraud", "example-model"])
def test_level_shows_what_maturity_score_says(repo_site: Path, system: str) -> None:
    score = json.loads(_cli(repo_site, "score", system, "--format", "json"))
    span = _page(repo_site, "design.html").find("span", attrs={"data-system": system})
    assert span is not None
    assert (int(span["data-level"]), int(span["data-upper"])) == (
        score["overall"]["level"], score["overall"]["upper"])
    level, upper = score["overall"]["level"], score["overall"]["upper"]
    assert span.get_text().startswith(f"level {level}" + (f", up to {upper}" if upper != level else ""))


def test_badge_links_the_system_page_and_its_svg(repo_site: Path) -> None:
    link = _page(repo_site, "design.html").find("a", class_="mt-embed-badge")
    assert link is not None and link["href"] == "systems/fraud.html"
    assert (repo_site / "site" / link.img["src"]).is_file()
    assert (repo_site / "site" / "systems" / "fraud.html").is_file()


def test_checklist_of_one_dimension(repo_site: Path) -> None:
    tables = _page(repo_site, "design.html").find_all("table", attrs={"data-mt": "checklist"})
    assert [t["data-dimension"] for t in tables] == ["data"]
    row = tables[0].find("tr", attrs={"data-item": "data.versioning"})
    assert row is not None and row["data-status"] == "done"


def test_gaps_say_how_many_items_the_cli_says(repo_site: Path) -> None:
    cli_gaps = json.loads(_cli(repo_site, "gaps", "example-model", "--target", "2", "--format", "json"))
    intro = _page(repo_site, "design.html").find("p", attrs={"data-embed": "gaps"})
    assert intro is not None and intro["data-target"] == "2"
    assert int(intro["data-needed"]) == cli_gaps["needed"]


def test_roadmap_and_heatmap(repo_site: Path) -> None:
    page = _page(repo_site, "design.html")
    assert page.find(class_="mt-roadmap") is not None
    heatmaps = page.find_all("table", attrs={"data-mt": "heatmap"})
    assert len(heatmaps) == 1
    assert [r["data-system"] for r in heatmaps[0].find_all("tr", attrs={"data-system": True})] == ["fraud"]


def test_the_review_page_init_writes_builds(repo_site: Path) -> None:
    review = _page(repo_site, "review.html")
    assert review.find("span", attrs={"data-system": "example-model"}) is not None
    assert (repo_site / "site" / "schemas" / "assessment.schema.json").is_file()


@pytest.mark.parametrize(("call", "message"), [
    ('level("frad")', "docs/bad.md: level('frad'): unknown system 'frad' (did you mean 'fraud'?)"),
    ('checklist("fraud", dimension="dta")', "checklist('fraud', dimension='dta'): unknown dimension 'dta'"),
    ('heatmap(rubric="google")', "heatmap(rubric='google'): unknown rubric 'google'"),
    ('gaps("fraud", target=7)', "gaps('fraud', target=7): unknown level '7'"),
])
def test_a_wrong_argument_fails_the_build_naming_page_and_call(
    repo_site: Path, tmp_path: Path, call: str, message: str
) -> None:
    root = tmp_path / "repo"
    subprocess.run(["cp", "-r", str(repo_site), str(root)], check=True)
    (root / "docs" / "bad.md").write_text(f"---\nrender_macros: true\n---\n# Bad\n\n{{{{ {call} }}}}\n",
                                          encoding="utf-8")
    built = _build(root)
    assert built.returncode != 0
    assert message in built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr


class ZensicalEnv:
    """What Zensical's macros extension hands ``define_env``: ``conf`` a plain dict, a page
    with a docs-relative ``path``, no plugins (zensical.extensions.macros.MacroEnv)."""

    def __init__(self, conf: dict[str, object], path: str) -> None:
        self.conf = conf
        self.page = type("Page", (), {"path": path, "meta": {}})()
        self.project_dir = str(conf["root_dir"])
        self.macros: dict[str, object] = {}

    def macro(self, fn: object, name: str | None = None) -> object:
        self.macros[name or fn.__name__] = fn  # type: ignore[attr-defined]
        return fn


def test_the_macros_stand_alone_and_load_the_portfolio_once_per_build(
    repo_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the plugin (Zensical calls define_env once per page) the macros load the
    portfolio from ``extra: maturity:``; a second page reuses it; a changed file loads again."""
    from maturity.site import macros
    from maturity.site.data import SiteData

    loads: list[Path] = []
    real = SiteData.load.__func__  # type: ignore[attr-defined]

    def counting(cls: type[SiteData], root: Path, *args: object, **kwargs: object) -> SiteData:
        loads.append(root)
        return real(cls, root, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(SiteData, "load", classmethod(counting))
    macros._LOADED.clear()
    conf = {"root_dir": str(repo_site), "docs_dir": "docs", "use_directory_urls": False,
            "extra": {"maturity": {"root": str(repo_site), "as_of": "2026-11-23"}}}
    shown = []
    for path in ("design.md", "reviews/q4.md"):
        env = ZensicalEnv(conf, path)
        macros.define_env(env)
        shown.append(env.macros["level"]("fraud"))  # type: ignore[operator]
        if path == "reviews/q4.md":
            badge = env.macros["badge"]("fraud")  # type: ignore[operator]
            assert 'href="../systems/fraud.html"' in badge
    assert shown[0] == shown[1] and "data-level" in shown[0]
    assert loads == [repo_site.resolve()]
    snapshot = next((repo_site / "assessments" / "fraud").glob("20*.yaml"))
    snapshot.write_text(snapshot.read_text("utf-8") + "\n", encoding="utf-8")
    env = ZensicalEnv(conf, "design.md")
    macros.define_env(env)
    env.macros["level"]("fraud")  # type: ignore[operator]
    assert len(loads) == 2
    with pytest.raises(Exception, match=r"docs/design.md: level\('nope'\): unknown system 'nope'"):
        env.macros["level"]("nope")  # type: ignore[operator]
