"""``maturity site generate`` and ``site build``: the generator's output as files any
engine builds (MkDocs, ProperDocs, Zensical).

``write_project`` reads the repository's ``mkdocs.yml`` and writes, under OUT:

- ``docs/``: the hand-written docs, plus every generated page as a Markdown file (its
  headings and raw HTML blocks, from the same templates as the in-memory build), the
  assets, the chart library, exports, badges, rubric templates and schemas;
- ``mkdocs.yml``: the repository's config with the generated nav entries and assets,
  without the plugins whose work is done (``maturity``, ``mkdocs-jupyter``: notebooks
  are pages already), ``extra: maturity:`` telling the package's macros the root and
  date, and the data folders under ``watch:`` (Zensical rebuilds when they change);
- the repository's own macros module (``module_name``), which engines look up beside
  the config.

``build`` then runs the engine on it: ``mkdocs``/``properdocs build --strict``, or
``zensical build --clean`` (its cache would serve pages of the previous data: the
hand-written pages do not change when a YAML file does).
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.errors import InvalidInput, Problem, SiteBuildFailed, UsageError
from maturity.site.data import SiteData
from maturity.site.generate import (
    EXTRA_CSS,
    EXTRA_JAVASCRIPT,
    Generated,
    add_to_nav,
    generate,
)
from maturity.site.unrendered import renders, unrendered_calls
from maturity.store.campaigns import CAMPAIGNS_DIR
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR

ENGINES = ("mkdocs", "properdocs", "zensical")
DONE_PLUGINS = frozenset({"maturity", "mkdocs-jupyter"})  # their work is in the files
INSTALL = "pip install 'mlops-maturity[engines]'"
OUT_DIR = Path("build") / "site-src"  # default OUT, under the config's folder
OUTPUT_LINES = 40  # of a failed engine's output, the end shown
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Project:
    """A generated project: its config, and how many pages it has."""

    config: Path  # OUT/mkdocs.yml
    site_dir: Path  # where the repository's config builds to
    pages: int  # generated pages
    hand_written: int  # Markdown pages copied from the docs
    repository: Path  # the config's folder
    docs: Path  # the hand-written docs
    root: Path  # the portfolio


def load_config(config_file: Path) -> dict[str, Any]:
    """The repository's mkdocs.yml as MkDocs reads it (``!ENV`` and ``INHERIT`` resolved)."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, "rb") as f:
            config = yaml_load(f)
    except OSError as error:
        raise UsageError(f"{config_file}: cannot read the site's config: {error.strerror}") from None
    except Exception as error:  # a YAML error: mkdocs' loader raises PyYAML's errors
        raise UsageError(f"{config_file}: not a readable config: {error}") from None
    if not isinstance(config, dict):
        raise UsageError(f"{config_file}: the site's config is not a mapping")
    return config


def _plugins(config: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for entry in config.get("plugins") or []:
        if isinstance(entry, str):
            found.append((entry, {}))
        elif isinstance(entry, dict):
            found.extend((name, opts or {}) for name, opts in entry.items())
    return found


def plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A plugin's options in the config (``{}`` when listed bare), None when not listed."""
    for plugin, options in _plugins(config):
        if plugin == name:
            return options
    return None


def _front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """A page's front matter, its Markdown and the body's first line number."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if not text.startswith("---"):
        return {}, text, 1
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text, 1
    try:
        meta = YAML(typ="safe", pure=True).load(text[3:end]) or {}
    except YAMLError:
        meta = {}
    body_start = text.find("\n", end + 4)
    body_start = len(text) if body_start < 0 else body_start + 1
    return (meta if isinstance(meta, dict) else {}), text[body_start:], text.count("\n", 0, body_start) + 1


def check_pages(docs: Path, shown: Callable[[Path], str], render_by_default: bool) -> list[Problem]:
    """Issue 17 item 4 without a plugin: every hand-written page that calls a package
    macro but is not rendered (the macros pass would leave the call as text)."""
    problems: list[Problem] = []
    for page in sorted(docs.rglob("*.md")):
        meta, body, first = _front_matter(page.read_text(encoding="utf-8", errors="replace"))
        if not renders(meta, render_by_default):
            problems += unrendered_calls(body, shown(page), first)
    return problems


def write_project(config_file: Path, data: SiteData, out: Path) -> Project:
    """The repository's site as files (see the module's docstring); OUT is replaced."""
    config = load_config(config_file)
    here = config_file.resolve().parent
    docs = here / str(config.get("docs_dir") or "docs")
    if not docs.is_dir():
        raise UsageError(f"{config_file}: docs_dir {docs} is not a folder")
    macros = plugin_options(config, "macros")
    problems = check_pages(
        docs, lambda p: p.relative_to(here).as_posix(),
        bool((macros or {}).get("render_by_default", True)),
    )
    if problems:
        raise InvalidInput(problems)
    generated = generate(data)

    out = out.resolve()
    if out == here or here.is_relative_to(out) or docs.is_relative_to(out) or out.is_relative_to(docs):
        raise UsageError(f"{out}: the generated project would replace the repository's own files")
    refuse_inside_data(out, data.root.resolve(), "the generated project")
    if out.exists() and any(out.iterdir()) and not _generated_before(out):
        raise UsageError(f"{out}: not empty and not written by `maturity site generate`; "
                         "name an empty or new folder (it is replaced on every run)")
    shutil.rmtree(out, ignore_errors=True)
    target = out / "docs"
    shutil.copytree(docs, target)
    hand_written = sum(1 for _ in target.rglob("*.md"))
    for page in generated.pages:
        _write(target / page.src_uri, page.source().encode("utf-8"))
    for rel, content in generated.files():
        _write(target / rel, content)
    if macros is not None:
        module = str(macros.get("module_name") or "main")
        for candidate in (here / f"{module}.py", here / module):
            if candidate.is_file():
                shutil.copy2(candidate, out / candidate.name)
            elif candidate.is_dir():
                shutil.copytree(candidate, out / candidate.name)
    derived = derive_config(config, here, data, generated)
    _write(out / "mkdocs.yml", _dump(derived))
    site_dir = here / str(config.get("site_dir") or "site")
    return Project(out / "mkdocs.yml", site_dir, len(generated.pages), hand_written, here, docs,
                   data.root.resolve())


def derive_config(
    config: dict[str, Any], here: Path, data: SiteData, generated: Generated
) -> dict[str, Any]:
    """The config any engine builds the generated docs with (see the module's docstring)."""
    derived = {k: copy.deepcopy(v) for k, v in config.items() if k != "INHERIT"}
    derived["docs_dir"] = "docs"
    derived["site_dir"] = "site"
    plugins: list[Any] = []
    for name, options in _plugins(config):
        if name not in DONE_PLUGINS:
            plugins.append({name: options} if options else name)
    derived["plugins"] = plugins
    nav = derived.get("nav")
    if isinstance(nav, list):
        add_to_nav(nav, generated)
    derived["extra_css"] = [*(config.get("extra_css") or []), *(p for p in EXTRA_CSS
                                                                if p not in (config.get("extra_css") or []))]
    scripts = list(config.get("extra_javascript") or [])
    derived["extra_javascript"] = scripts + [p for p in EXTRA_JAVASCRIPT if p not in scripts]
    extra = dict(config.get("extra") or {})
    extra["maturity"] = {
        "root": str(data.root),
        "as_of": data.as_of.isoformat(),
        "notebooks": str(data.notebooks[0].parent) if data.notebooks else "",
    }
    derived["extra"] = extra
    watch = [str(here / str(w)) for w in config.get("watch") or []]
    watch += [str(data.root / d) for d in (ASSESSMENTS_DIR, RUBRICS_DIR, CAMPAIGNS_DIR)
              if (data.root / d).is_dir()]
    derived["watch"] = watch
    if config.get("hooks"):
        derived["hooks"] = [str(here / str(h)) for h in config["hooks"]]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        derived["theme"] = {**theme, "custom_dir": str(here / str(theme["custom_dir"]))}
    return derived


HEADER = "# Generated by `maturity site generate` from the repository's mkdocs.yml: do not edit.\n"


def _generated_before(out: Path) -> bool:
    """OUT holds what an earlier run wrote (its config starts with our header)."""
    try:
        with open(out / "mkdocs.yml", encoding="utf-8") as f:
            return f.readline() == HEADER
    except OSError:
        return False


def _a_site(folder: Path) -> bool:
    """A built site (a page at its top) or nothing yet: what ``-d`` may replace."""
    return not folder.exists() or not any(folder.iterdir()) or (folder / "index.html").is_file()


def check_site_dir(folder: Path) -> None:
    """``-d``: refused before anything is written when it holds something else than a site."""
    if not _a_site(folder.resolve()):
        raise UsageError(f"{folder.resolve()}: not empty and not a built site (no index.html); name "
                         "an empty or new folder, or an earlier site (it is replaced)")


def _dump(config: dict[str, Any]) -> bytes:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1 << 16  # no folded lines: a long nav title stays one plain scalar
    buffer = io.StringIO()
    buffer.write(HEADER)
    try:
        yaml.dump(config, buffer)
    except Exception as error:  # a value plain YAML cannot hold (mkdocs' !relative tag)
        raise UsageError(f"the site's config holds a value that cannot be written for another "
                         f"engine: {error}") from None
    return buffer.getvalue().encode("utf-8")


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def engine_command(engine: str, config: Path, strict: bool) -> list[str]:
    """The engine's own build command on the generated project."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; the engines are: {', '.join(ENGINES)}")
    command = [sys.executable, "-m", engine, "build", "-f", str(config)]
    if engine == "zensical":
        # --clean: never a page of the previous data from its cache. No --strict: its
        # link check reads Markdown link syntax inside raw HTML (a rubric item's text
        # "see [Policy](policy.md)", shown as text) as links to pages that do not exist.
        command.append("--clean")
    elif strict:
        command.append("--strict")
    return command


DATA_FOLDERS = ("assessments", "rubrics", "campaigns", "probes")


def refuse_inside_data(out: Path, root: Path, what: str) -> None:
    """OUT inside a folder the tool reads (assessments/, rubrics/, …) would turn the
    generated files into stray input there: refused before anything is written."""
    for name in DATA_FOLDERS:
        folder = (root / name).resolve()
        if out.is_relative_to(folder):
            raise UsageError(f"{out}: {what} would be written inside {name}/, which maturity reads as "
                             "input: name a folder outside assessments/, rubrics/, campaigns/ and probes/")


def _installed(engine: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(engine) is not None


def build(engine: str, project: Project, site_dir: Path | None, strict: bool = True) -> tuple[Path, str]:
    """Build the generated project with ``engine`` into ``site_dir`` (default: the
    repository's own ``site_dir``, replaced); returns it and the engine's output."""
    final = (site_dir or project.site_dir).resolve()
    for kept in (project.repository, project.docs, project.root):
        if final == kept or kept.is_relative_to(final) or final.is_relative_to(project.docs):
            raise UsageError(f"{final}: the built site would replace the repository's own files")
    refuse_inside_data(final, project.root, "the built site")
    check_site_dir(final)
    if not _installed(engine):
        raise SiteBuildFailed(f"the {engine} engine is not installed: {INSTALL}")
    out = project.config.parent
    command = engine_command(engine, project.config, strict)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "NO_COLOR": "1", "CLICOLOR": "0", "TERM": "dumb"}
    proc = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True, check=False)
    output = _ANSI.sub("", proc.stdout + proc.stderr)
    if proc.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-OUTPUT_LINES:])
        raise SiteBuildFailed(f"{engine} build failed (exit {proc.returncode}); the end of its "
                              f"output:\n{tail}")
    built = out / "site"
    if final != built:
        if final.exists():
            shutil.rmtree(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(final))
    return final, output
