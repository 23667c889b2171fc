"""The generated project's config: what any engine reads (no engine runs here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from maturity.site.data import SiteData
from maturity.site.generate import EXTRA_CSS, EXTRA_JAVASCRIPT, generate
from maturity.site.project import _dump, derive_config, plugin_options

AS_OF = dt.date(2026, 11, 23)


def test_the_config_keeps_the_repository_and_adds_what_the_plugin_added(repo: Path) -> None:
    data = SiteData.load(repo, AS_OF)
    generated = generate(data)
    config = {
        "site_name": "x", "docs_dir": "docs", "hooks": ["hooks/a.py"],
        "plugins": ["search", {"maturity": {"root": "."}}, {"macros": {"modules": ["maturity.site.macros"]}},
                    {"mkdocs-jupyter": {"execute": False}}],
        "nav": [{"Home": "index.md"}, {"Rubrics": ["rubrics/index.md"]}],
        "extra": {"team": "payments"},
    }
    derived = derive_config(config, repo, data, generated)
    assert derived["plugins"] == ["search", {"macros": {"modules": ["maturity.site.macros"]}}]
    assert plugin_options(derived, "maturity") is None and plugin_options(derived, "search") == {}
    rubrics = derived["nav"][1]["Rubrics"]
    assert rubrics[0] == "rubrics/index.md" and len(rubrics) == 1 + len(data.rubrics)
    assert derived["extra"] == {"team": "payments", "maturity": {
        "root": str(data.root), "as_of": "2026-11-23", "notebooks": ""}}
    assert derived["extra_css"] == list(EXTRA_CSS) and derived["extra_javascript"] == list(EXTRA_JAVASCRIPT)
    assert derived["hooks"] == [str(repo / "hooks/a.py")]
    assert str(repo / "assessments") in derived["watch"]
    assert config["nav"] == [{"Home": "index.md"}, {"Rubrics": ["rubrics/index.md"]}]  # not changed in place


def test_the_written_config_reads_back_the_same(tmp_path: Path) -> None:
    """Long titles, quotes, colons and non-ASCII survive the dump (one plain line each)."""
    title = "MLOps maturity checklist after Google's levels: (0–2, plus the template's level 3) " * 3
    config = {"nav": [{"Rubrics": [{title: "rubrics/x.md"}, {"a: b # c": "y.md"}]}], "extra": {"n": None}}
    path = tmp_path / "mkdocs.yml"
    path.write_bytes(_dump(config))
    with open(path, "rb") as f:
        assert yaml_load(f) == config
