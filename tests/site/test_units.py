"""The pure site helpers: escaping, links, badge, caching of the build's data."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from maturity.core.portfolio import portfolio_status
from maturity.site.badge import badge_svg
from maturity.site.charts import history_spec, levels_spec, spec_json
from maturity.site.data import SiteData
from maturity.site.jinja import html_block, html_text
from maturity.site.plugin import MaturityPlugin
from maturity.store.load import load_portfolio
from maturity.views.wording import evidence_link
from maturity.views.wording import md as md_text


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "*a* _b_ `c` # d", "{{ 7*7 }}",
     "a | b", "1. not a list", "<!-- c -->", "&amp; &lt;"],
)
def test_md_text_renders_as_the_same_text(text: str) -> None:
    """A heading made with md_text shows exactly the user's text: no markup, no link."""
    html = markdown.markdown(f"## {md_text(text)}")
    h2 = BeautifulSoup(html, "html.parser").h2
    assert h2 is not None
    assert h2.get_text() == text
    assert h2.find(True) is None


def test_html_text_escapes_markup_quotes_and_braces() -> None:
    assert html_text('<a href="x">{{y}}</a>') == (
        "&lt;a href=&#34;x&#34;&gt;&#123;&#123;y&#125;&#125;&lt;/a&gt;"
    )


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://example.org/x", "https://example.org/x"),
        ("http://example.org", "http://example.org"),
        ("docs/runbook.md", None),  # not published with the site: a link would be dead
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("https:///nohost", None),
    ],
)
def test_evidence_link(link: str, expected: str | None) -> None:
    assert evidence_link(link).href == expected


@pytest.mark.parametrize(("level", "upper", "text"), [(0, 0, "level 0"), (1, 2, "level 1–2")])
def test_badge_is_svg_that_says_the_level(level: int, upper: int, text: str) -> None:
    root = ET.fromstring(badge_svg(level, upper))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert text in texts
    assert root.get("aria-label") == f"MLOps maturity: {text}"


def _plugin(repo: Path, **options: object) -> MaturityPlugin:
    plugin = MaturityPlugin()
    errors, _ = plugin.load_config(dict(options), str(repo / "mkdocs.yml"))
    assert not errors, errors
    return plugin


def test_plugin_options_are_typed_and_relative_to_mkdocs_yml(repo: Path) -> None:
    """root defaults to mkdocs.yml's folder; as_of reads as a date; notebooks is optional."""
    plugin = _plugin(repo, as_of="2026-03-01")
    assert plugin.root == repo.resolve()
    assert plugin.config.as_of == dt.date(2026, 3, 1)
    assert plugin.config.notebooks is None
    assert _plugin(repo, as_of=None).config.as_of is None  # !ENV [MATURITY_AS_OF, null] unset
    assert _plugin(repo, as_of=dt.date(2026, 2, 15)).config.as_of == dt.date(2026, 2, 15)


@pytest.mark.parametrize(("options", "message"), [
    ({"as_of": "yesterday"}, "as_of"),
    ({"root": "no-such-folder"}, "isn't an existing directory"),
    ({"prerender": "yes"}, "bool"),
])
def test_plugin_rejects_wrong_options(repo: Path, options: dict[str, object], message: str) -> None:
    errors, _ = MaturityPlugin().load_config(options, str(repo / "mkdocs.yml"))
    assert errors and message in str(errors[0][1])


def test_plugin_loads_the_portfolio_once_per_build(repo: Path) -> None:
    """The data lives on the plugin instance; each build (on_config) loads it anew."""
    plugin = _plugin(repo, as_of="2026-03-01", prerender=False)
    with pytest.raises(PluginError, match="not loaded"):
        _ = plugin.data
    config = load_config(str(repo / "mkdocs.yml"))
    plugin.on_config(config)
    first = plugin.data
    assert isinstance(first, SiteData) and first.as_of == dt.date(2026, 3, 1)
    assert plugin.data is first
    plugin.on_config(config)
    assert plugin.data is not first


def test_chart_specs_carry_the_levels_as_data(repo: Path) -> None:
    """Each chart is a little JSON: the levels, upper levels and target it shows."""
    statuses = portfolio_status(load_portfolio(repo), dt.date(2026, 11, 23))
    st = statuses[0]
    levels = levels_spec(st.score, 2)
    rows = levels["data"]["values"]
    assert [r["dimension"] for r in rows] == [d.name for d in st.rubric.dimensions]
    assert [(r["level"], r["upper"]) for r in rows] == [
        (st.score.dimensions[d.id].level, st.score.dimensions[d.id].upper) for d in st.rubric.dimensions
    ]
    assert any(layer["mark"]["type"] == "rule" for layer in levels["layer"])  # the target
    assert not any(layer["mark"]["type"] == "rule" for layer in levels_spec(st.score, None)["layer"])
    history = history_spec(st.history, None)["data"]["values"]
    assert [(h["date"], h["level"]) for h in history] == [
        (h.snapshot.date.isoformat(), h.overall.level) for h in st.history
    ]


def test_chart_json_cannot_end_its_script_element() -> None:
    """A name like ``</script><script>…`` stays data: no ``<``, ``>`` or ``&`` in the JSON."""
    hostile = {"title": "</script><script>alert(1)</script> & <!-- $x$", "n": "\u2028"}
    text = spec_json(hostile)
    assert not any(char in text for char in "<>&\u2028")
    assert json.loads(text) == hostile


def test_html_blocks_pass_through_markdown_untouched() -> None:
    """A macro's raw HTML goes through Python-Markdown (with the site's extensions) byte
    for byte, even where Markdown would rewrite it: blank lines, `*`, indentation."""
    body = '<div class="x"><p>a *not emphasis* _b_</p>\n\n    <pre>  kept\n\n  lines</pre></div>'
    source = "# Title\n" + html_block(body) + "Some *text*.\n"
    page = markdown.markdown(source, extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert '<div class="x"><p>a *not emphasis* _b_</p>\n' in page
    assert "<pre>  kept\n\n  lines</pre>" in page
    assert "<em>text</em>" in page and page.index("Title") < page.index("kept") < page.index("text")


def test_every_macro_for_hand_written_pages_is_documented(repo: Path) -> None:
    """The reference page shows each macro (its call and its output), and each macro's
    docstring carries an example call."""
    from maturity.site import macros

    registered: dict[str, object] = {}

    class Env:
        page = None
        conf = None

        def macro(self, func: object, name: str | None = None) -> None:
            registered[name or func.__name__] = func  # type: ignore[attr-defined]

    macros.define_env(Env())
    reference = (repo / "docs" / "reference" / "macros.md").read_text(encoding="utf-8")
    for name in ("level", "badge", "checklist", "gaps", "roadmap", "heatmap"):
        assert name in registered
        assert f"\n## {name}(" in reference, name
        assert f"{{{{ {name}(" in reference  # shown in a raw block and rendered below it
        doc = registered[name].__doc__ or ""  # type: ignore[attr-defined]
        assert f'{{{{ {name}(' in doc, name


def test_serve_watches_the_assessments_and_rubrics(repo: Path) -> None:
    """`mkdocs serve` rebuilds when an assessment, a rubric or a campaign changes (they live
    outside docs/)."""
    plugin = _plugin(repo)
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin.on_serve(Server(), config=load_config(str(repo / "mkdocs.yml")), builder=None)  # type: ignore[arg-type]
    folders = ("assessments", "campaigns", "rubrics")
    assert sorted(watched) == [str(repo.resolve() / folder) for folder in folders]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),  # a right-to-left override reads backwards
        ("a\u2066b\u2069c", "a\\u2066b\\u2069c"),
        ("x\x1b[31my", "x\\u001b[31my"),
        ("plain Ünïcode name", "plain Ünïcode name"),
    ],
)
def test_html_text_shows_bidi_and_control_characters_inert(text: str, shown: str) -> None:
    assert html_text(text) == shown
