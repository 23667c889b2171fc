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


def test_a_folder_that_is_not_ours_is_never_replaced(repo: Path, tmp_path: Path) -> None:
    """OUT and -d are replaced on every run: a folder holding something else is refused,
    and everything in it stays."""
    import pytest

    from maturity.errors import UsageError
    from maturity.site.project import check_site_dir, write_project

    data = SiteData.load(repo, AS_OF)
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError, match="not written by `maturity site generate`"):
        write_project(repo / "mkdocs.yml", data, foreign)
    with pytest.raises(UsageError, match="not a built site"):
        check_site_dir(foreign)
    assert (foreign / "chapter1.tex").read_text("utf-8") == "keep me"
    with pytest.raises(UsageError, match="replace the repository's own files"):
        write_project(repo / "mkdocs.yml", data, repo / "docs" / "generated")
    out = tmp_path / "out"
    write_project(repo / "mkdocs.yml", data, out)
    write_project(repo / "mkdocs.yml", data, out)  # its own output: replaced
    assert (out / "docs" / "portfolio.json").is_file()
    check_site_dir(tmp_path / "new")


def test_a_value_plain_yaml_cannot_hold_is_one_clear_error(tmp_path: Path) -> None:
    import pytest

    from maturity.errors import UsageError

    with pytest.raises(UsageError, match="cannot be written for another engine"):
        _dump({"extra": {"x": object()}})
