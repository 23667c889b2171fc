"""The floor of the site build: the same rendered pages, built by Material alone.

``prepare`` turns a real build's output into a MkDocs project that builds the same site
with nothing of the product in it:

- its mkdocs.yml inherits the real one (``INHERIT``: same theme, Markdown extensions,
  search, validation and extra CSS/JS) but drops the product's plugins (macros,
  mkdocs-jupyter, maturity) and hooks, and lists the same nav, including the pages the
  product's hooks add to it (each rubric's page under Rubrics);
- its docs/ holds one Markdown file per built page, at the same path (the generated
  system and rubric pages too), with the page's front matter and title and a one-line
  placeholder body, plus the real docs' static files;
- its hook (floor_hook.py) puts each page's finished article, cut from the real build
  (the inside of ``<article class="md-content__inner md-typeset">``), in place of the
  rendered placeholder, with the page's table of contents, and leaves the generated
  pages out of the nav as the product's hook does.

``differences`` then compares the two builds page by page: the floor is only a floor if
it builds the same HTML.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PRODUCT_PLUGINS = frozenset({"macros", "mkdocs-jupyter", "maturity"})
HOOK = Path(__file__).with_name("floor_hook.py")
ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'
TOC_OPEN = '<nav class="md-nav md-nav--secondary"'
PLACEHOLDER = "The floor hook puts this page's finished article here.\n"
NOT_IN_NAV = "not-in-nav.json"
SEARCH_INDEX = "search/search_index.json"
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TOC_PART = re.compile(
    r'(?P<open><li class="md-nav__item[^"]*">)'
    r'|(?P<close></li>)'
    r'|<a href="#(?P<id>[^"]*)" class="md-nav__link">'
    r'\s*<span class="md-ellipsis">(?P<name>.*?)</span>\s*</a>',
    re.S,
)
_FIRST_HEADING = re.compile(r'<h1 id="(?P<h1_id>[^"]*)"[^>]*>(?P<h1_name>.*?)</h1>|<h[1-6][\s>]', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


@dataclass(frozen=True)
class Floor:
    config: Path  # the floor project's mkdocs.yml
    pages: int


# --------------------------------------------------------------------------- reading HTML


def element_end(html: str, start: int, tag: str) -> int:
    """Where the element whose opening tag starts at ``start`` ends (nesting counted)."""
    depth = 0
    for match in re.finditer(rf"<(/?){tag}[\s>]", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html.index(">", start + match.start()) + 1
    raise ValueError(f"unclosed <{tag}> at {start}")


def article(html: str) -> str | None:
    """The finished article of a built page (None for a file that is not a page).

    Without the ``<h1>`` Material adds to a page whose content has none: the floor's
    Material adds it again (it is the page's title), and leaves it out of the search
    index, as the real build does."""
    start = html.find(ARTICLE_OPEN)
    if start < 0:
        return None
    end = element_end(html, start, "article")
    inner = html[start + len(ARTICLE_OPEN) : end - len("</article>")].strip()
    if inner.startswith("<h1>"):
        rest = inner[inner.index("</h1>") + len("</h1>") :]
        if "<h1" not in rest:
            return rest.strip()
    return inner


def title(html: str, site_name: str) -> str | None:
    """The page's title as Material printed it, or None where it printed the site's name."""
    match = _TITLE.search(html)
    suffix = f" - {site_name}"
    if match is None or not match.group(1).endswith(suffix):
        return None
    return match.group(1)[: -len(suffix)]


def toc_tokens(html: str, inner: str) -> list[dict[str, Any]]:
    """The page's table of contents as MkDocs' toc tokens, read back from the page.

    The sidebar shows the entries below the page's ``<h1>`` (Material leaves out a
    leading level-1 entry and shows its children), so the tokens are the sidebar's
    entries from level 2 on, under the article's ``<h1>`` when the article starts with
    one that has an id (the skip link points at it)."""
    entries = _sidebar_entries(html)
    heading = _FIRST_HEADING.search(inner)
    if heading is None or heading.group("h1_id") is None:
        return entries
    name = _HEADERLINK.sub("", heading.group("h1_name")).strip()
    return [{"level": 1, "id": heading.group("h1_id"), "name": name, "children": entries}]


def _sidebar_entries(html: str) -> list[dict[str, Any]]:
    start = html.find(TOC_OPEN)
    if start < 0:
        return []
    block = html[start : element_end(html, start, "nav")]
    root: list[dict[str, Any]] = []
    open_items: list[dict[str, Any]] = []
    for match in _TOC_PART.finditer(block):
        if match.group("open"):
            item: dict[str, Any] = {"level": len(open_items) + 2, "id": "", "name": "", "children": []}
            (open_items[-1]["children"] if open_items else root).append(item)
            open_items.append(item)
        elif match.group("close"):
            open_items.pop()
        elif open_items:
            open_items[-1]["id"] = match.group("id")
            open_items[-1]["name"] = match.group("name").strip()
    return root


# --------------------------------------------------------------------------- the project


def load_config(config_file: Path) -> dict[str, Any]:
    """The real mkdocs.yml as MkDocs reads it (its tags and ``INHERIT`` understood)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as f:
        config: dict[str, Any] = yaml_load(f)
    return config


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def floor_plugins(plugins: Any) -> Any:
    """The real plugins minus the product's own."""
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k not in PRODUCT_PLUGINS}
    return [p for p in plugins if _plugin_name(p) not in PRODUCT_PLUGINS]


def nav_pages(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for entry in nav:
            yield from nav_pages(entry)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)


def add_generated(nav: list[Any], generated: dict[str, str]) -> set[str]:
    """Append to each nav section the generated pages (path → title) that sit in the folder
    of a page the section lists, as the product's hooks do; return the pages placed."""
    placed: set[str] = set()
    for entry in nav:
        if not isinstance(entry, dict):
            continue
        for value in entry.values():
            if not isinstance(value, list):
                continue
            placed |= add_generated(value, generated)
            folders = {posixpath.dirname(p) for p in value if isinstance(p, str)}
            folders |= {posixpath.dirname(p) for e in value if isinstance(e, dict)
                        for p in e.values() if isinstance(p, str)}
            folders.discard("")
            for page in sorted(generated):
                if page not in placed and posixpath.dirname(page) in folders:
                    value.append({generated[page]: page})
                    placed.add(page)
    return placed


def _front_matter(path: Path) -> str:
    if not path.is_file():
        return ""
    match = _FRONT.match(path.read_text(encoding="utf-8"))
    return (match.group(1) or "") if match else ""


def _page_source(front: str, page_title: str | None) -> str:
    meta = yaml.safe_load(front) if front.strip() else {}
    if page_title is not None and not (isinstance(meta, dict) and "title" in meta):
        front += f"title: {json.dumps(page_title, ensure_ascii=False)}\n"
    return f"---\n{front}---\n\n{PLACEHOLDER}" if front else PLACEHOLDER


def prepare(config_file: Path, site: Path, out: Path) -> Floor:
    """Write the floor project for the real build in ``site`` into ``out``."""
    config = load_config(config_file)
    if config.get("use_directory_urls", True):
        raise SystemExit("the floor needs use_directory_urls: false (page paths are read back from .html)")
    real_docs = config_file.parent / config.get("docs_dir", "docs")
    site_name = str(config["site_name"])
    if out.exists():
        shutil.rmtree(out)
    docs, articles = out / "docs", out / "articles"
    shutil.copytree(real_docs, docs, ignore=shutil.ignore_patterns("*.md", "*.ipynb"))
    titles: dict[str, str | None] = {}
    for html_path in sorted(site.rglob("*.html")):
        rel = html_path.relative_to(site).as_posix()
        if rel == "404.html":
            continue  # Material's own page, built by the floor as well
        html = html_path.read_text(encoding="utf-8")
        inner = article(html)
        if inner is None:
            continue
        src = rel[: -len(".html")] + ".md"
        titles[src] = title(html, site_name)
        page = docs / src
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_page_source(_front_matter(real_docs / src), titles[src]), encoding="utf-8")
        saved = articles / src
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.with_name(saved.name + ".html").write_text(inner, encoding="utf-8")
        toc = json.dumps(toc_tokens(html, inner))
        saved.with_name(saved.name + ".toc.json").write_text(toc, encoding="utf-8")
    nav = config.get("nav")
    generated = {p: t or p for p, t in titles.items() if not (real_docs / p).is_file()}
    placed = add_generated(nav, generated) if isinstance(nav, list) else set()
    (articles / NOT_IN_NAV).write_text(json.dumps(sorted(set(generated) - placed)), encoding="utf-8")
    shutil.copy2(HOOK, out / HOOK.name)
    overrides: dict[str, Any] = {
        "INHERIT": str(config_file.resolve()),
        "docs_dir": str(docs),
        "site_dir": str(out / "site"),
        "hooks": [str(out / HOOK.name)],
        "watch": [],
    }
    if "plugins" in config:
        overrides["plugins"] = floor_plugins(config["plugins"])
    # The assets a plugin adds to every page (the maturity plugin's CSS, sorting and chart
    # library) are part of the pages Material serves: the floor links and copies them too.
    css, scripts = plugin_assets(site)
    for rel in css + scripts:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / rel, target)
    if css:
        overrides["extra_css"] = [*(config.get("extra_css") or []), *css]
    if scripts:
        overrides["extra_javascript"] = [*(config.get("extra_javascript") or []), *scripts]
    if nav is not None:
        overrides["nav"] = nav
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        overrides["theme"] = {"custom_dir": str((config_file.parent / theme["custom_dir"]).resolve())}
    floor_config = out / "mkdocs.yml"
    floor_config.write_text(
        "# The floor: the real site's pages built by Material alone (benchmarks/floor.py).\n"
        + yaml.safe_dump(overrides, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return Floor(floor_config, len(titles))


def plugin_assets(site: Path) -> tuple[list[str], list[str]]:
    """The stylesheets and scripts under ``assets/`` that the real build links from its home
    page beyond Material's own (``assets/stylesheets``, ``assets/javascripts``), in order."""
    html = (site / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'(?:href|src)="(?:\./)?(assets/[^"]+\.(?:css|js))"', html)
    own = [a for a in dict.fromkeys(found)
           if not a.startswith(("assets/stylesheets/", "assets/javascripts/")) and (site / a).is_file()]
    return [a for a in own if a.endswith(".css")], [a for a in own if a.endswith(".js")]


# --------------------------------------------------------------------------- checking it

_SPACE = re.compile(r"\s+")


def differences(real_site: Path, floor_site: Path) -> list[str]:
    """The pages whose HTML differs between the two builds, whitespace runs aside."""
    real = {p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")}
    floor = {p.relative_to(floor_site).as_posix() for p in floor_site.rglob("*.html")}
    found = [f"{rel}: only in the real build" for rel in sorted(real - floor)]
    found += [f"{rel}: only in the floor" for rel in sorted(floor - real)]
    for rel in sorted(real & floor):
        a = _SPACE.sub(" ", (real_site / rel).read_text(encoding="utf-8"))
        b = _SPACE.sub(" ", (floor_site / rel).read_text(encoding="utf-8"))
        if a != b:
            found.append(f"{rel}: differs")
    if _search_docs(real_site) != _search_docs(floor_site):
        found.append(f"{SEARCH_INDEX}: differs")
    return found


def _search_docs(site: Path) -> list[tuple[str, str, str]]:
    """The search index's entries, in a fixed order (the floor lists its pages in path
    order, the real build the generated ones last)."""
    path = site / SEARCH_INDEX
    if not path.is_file():
        return []
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    return sorted((d["location"], d["title"], d["text"]) for d in docs)
