"""Probes: declarative questions about a repository, answered from its files' text.

A probe (``probes/<id>.yaml``) is data: an id, a version, a question, a why, and one
matcher tree combining ``files``, ``content``, ``python_deps``, ``imports`` and
``workflow_steps`` with ``all`` / ``any`` / ``not``. This module holds the model and
the matching rules as pure functions over a ``Checkout``: the paths of a repository
and a way to get a file's text (the store reads the files, with its limits). Nothing
here touches the file system, the clock or the environment.

Outcomes: ``found`` (with every evidence location), ``not-found``, or ``unknown``
(the read was incomplete where the probe looks, so absence says nothing).
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Protocol

Outcome = Literal["found", "not-found", "unknown"]
OUTCOMES: tuple[Outcome, ...] = ("found", "not-found", "unknown")
MATCHER_KINDS = ("files", "content", "python_deps", "imports", "workflow_steps")
COMBINATORS = ("all", "any", "not")
MAX_EVIDENCE = 20  # locations kept per matcher: enough to show, bounded on a huge repository
MAX_LINE = 4096  # characters of a line that patterns see: no pattern runs on a 10 MB line


@dataclass(frozen=True, order=True)
class Location:
    """One piece of evidence: a file of the repository and a line in it (1-based)."""

    path: str
    line: int = 1


# --------------------------------------------------------------------------- matchers


@dataclass(frozen=True)
class Files:
    """Some file matches one of the globs (and none of ``exclude``)."""

    globs: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    """Some line of a file matching one of the globs (and none of ``exclude``) matches the
    regular expression."""

    globs: tuple[str, ...]
    pattern: str
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class PythonDeps:
    """A Python dependency file names one of these packages (names or fnmatch patterns)."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Imports:
    """A Python file or a notebook's code cell imports one of these modules (or a submodule)."""

    modules: tuple[str, ...]


@dataclass(frozen=True)
class WorkflowSteps:
    """A CI step (GitHub Actions ``uses:``/``run:``, GitLab/Azure scripts, Jenkinsfile
    lines) matches the regular expression."""

    pattern: str


@dataclass(frozen=True)
class All:
    matchers: tuple[Matcher, ...]


@dataclass(frozen=True)
class Any:
    matchers: tuple[Matcher, ...]


@dataclass(frozen=True)
class Not:
    matcher: Matcher


Matcher = Files | Content | PythonDeps | Imports | WorkflowSteps | All | Any | Not


@dataclass(frozen=True)
class Probe:
    """One question about a repository and how to answer it from its files."""

    id: str
    version: int
    question: str
    why: str
    match: Matcher
    path: str = ""  # the probe file, as shown in messages


@dataclass(frozen=True)
class ProbeResult:
    probe: Probe
    outcome: Outcome
    evidence: tuple[Location, ...] = ()


# --------------------------------------------------------------------------- globs

_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def glob_regex(glob: str, name_only: bool = False) -> re.Pattern[str]:
    """A glob as a regular expression over ``/``-separated paths.

    ``*`` and ``?`` stay inside one folder, ``**/`` is any number of folders (none
    too), ``[…]`` is a class. A glob without ``/`` matches a file name at any depth
    (``Dockerfile*``); one with ``/`` is anchored at the repository's top.
    """
    key = ("name:" if name_only else "path:") + glob
    cached = _GLOB_CACHE.get(key)
    if cached is not None:
        return cached
    body = glob.lstrip("/")
    anchored = "/" in glob
    out: list[str] = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "[" and "]" in body[i + 2:]:
            end = body.index("]", i + 2)
            inner = body[i + 1:end]
            negate = inner.startswith("!")
            inner = inner[1:] if negate else inner
            out.append("[" + ("^" if negate else "") + inner.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    prefix = "" if anchored or name_only else "(?:[^/]+/)*"
    compiled = re.compile(prefix + "".join(out) + r"\Z", re.IGNORECASE if not anchored else 0)
    _GLOB_CACHE[key] = compiled
    return compiled


# --------------------------------------------------------------------------- the checkout


class Checkout(Protocol):
    """What the matching rules see of a repository (the store provides it)."""

    @property
    def paths(self) -> Sequence[str]:
        """Every readable regular file, relative, with ``/``, sorted."""
        ...

    def text(self, path: str) -> str | None:
        """The file's text, or ``None`` when it was not read (binary, too large, a limit)."""
        ...

    @property
    def complete(self) -> bool:
        """False when a limit (file count, total time) left part of the repository unread."""
        ...


@dataclass(frozen=True)
class Dependency:
    name: str  # normalised (PEP 503)
    location: Location


@dataclass(frozen=True)
class Step:
    text: str
    location: Location


def normalise(name: str) -> str:
    """A Python distribution name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lines_of(text: str) -> list[str]:
    """The file's lines, each cut at ``MAX_LINE`` characters."""
    return [line[:MAX_LINE] for line in text.splitlines()]


# Dependency files and how each names packages
_REQ_FILE = re.compile(
    r"(?:^|/)(?:[^/]*requirements[^/]*\.(?:txt|in)|requirements/[^/]+\.(?:txt|in))\Z", re.I
)
_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@ ]|$)")
_QUOTED_REQ = re.compile(
    r"""["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]"']*\])?\s*(?:[<>=!~;][^"']*)?["']"""
)
_ENV_ITEM = re.compile(
    r"^\s*-\s*(?:conda-forge::|pip::)?([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~ ]|$)"
)
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=")
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_IMPORT = re.compile(r"^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import\b|import\s+([A-Za-z_][\w., ]*))")

_DEP_TABLES = re.compile(
    r"^(?:tool\.poetry(?:\.group\.[^.]+)?\.(?:dev-)?dependencies|packages|dev-packages|"
    r"project\.optional-dependencies|dependency-groups|tool\.uv)$"
)


def _requirement_lines(path: str, text: str) -> Iterator[Dependency]:
    for number, line in enumerate(lines_of(text), 1):
        stripped = line.split("#", 1)[0]
        if stripped.lstrip().startswith("-"):
            continue  # -r other.txt, -e ., --index-url
        match = _REQ_NAME.match(stripped)
        if match:
            yield Dependency(normalise(match.group(1)), Location(path, number))


def _quoted_lines(path: str, text: str) -> Iterator[Dependency]:
    """``setup.py`` (read as text, never run), and PEP 621 arrays: quoted requirement strings."""
    for number, line in enumerate(lines_of(text), 1):
        for match in _QUOTED_REQ.finditer(line.split("#", 1)[0] if path.endswith(".toml") else line):
            yield Dependency(normalise(match.group(1)), Location(path, number))


def _toml_lines(path: str, text: str) -> Iterator[Dependency]:
    """``pyproject.toml`` and ``Pipfile``: keys of dependency tables and quoted
    requirements in ``dependencies = [...]`` arrays (the file must parse as TOML)."""
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return
    table = ""
    in_array = False
    for number, line in enumerate(lines_of(text), 1):
        code = line.split("#", 1)[0]
        header = _TOML_TABLE.match(line)
        if header:
            table, in_array = header.group(1).strip().strip('"'), False
            continue
        key = _TOML_KEY.match(code)
        if key and not in_array:
            name = key.group(1)
            if name in ("dependencies", "requires", "optional-dependencies") or (
                table == "project.optional-dependencies") or table == "dependency-groups":
                in_array = "[" in code and "]" not in code.split("[", 1)[1]
                for match in _QUOTED_REQ.finditer(code.split("=", 1)[1]):
                    yield Dependency(normalise(match.group(1)), Location(path, number))
                continue
            if _DEP_TABLES.match(table) and name.lower() != "python":
                yield Dependency(normalise(name), Location(path, number))
            continue
        if in_array:
            for match in _QUOTED_REQ.finditer(code):
                yield Dependency(normalise(match.group(1)), Location(path, number))
            if "]" in code:
                in_array = False


def _setup_cfg_lines(path: str, text: str) -> Iterator[Dependency]:
    in_requires = False
    for number, line in enumerate(lines_of(text), 1):
        code = line.split("#", 1)[0]
        if re.match(r"^\s*\[", code):
            in_requires = False
            continue
        key = re.match(r"^(\S[^=]*?)\s*=\s*(.*)$", code)
        if key and not code[:1].isspace():
            in_requires = key.group(1) in ("install_requires", "tests_require", "setup_requires")
            rest = key.group(2)
            if in_requires and rest.strip():
                match = _REQ_NAME.match(rest)
                if match:
                    yield Dependency(normalise(match.group(1)), Location(path, number))
            continue
        if in_requires and code.strip():
            match = _REQ_NAME.match(code)
            if match:
                yield Dependency(normalise(match.group(1)), Location(path, number))


def _environment_lines(path: str, text: str) -> Iterator[Dependency]:
    for number, line in enumerate(lines_of(text), 1):
        match = _ENV_ITEM.match(line.split("#", 1)[0])
        if match:
            yield Dependency(normalise(match.group(1)), Location(path, number))


def dependency_reader(path: str) -> Callable[[str, str], Iterator[Dependency]] | None:
    """How the dependency file at ``path`` names packages, or ``None`` for other files."""
    name = path.rsplit("/", 1)[-1]
    if _REQ_FILE.search(path):
        return _requirement_lines
    if name == "pyproject.toml" or name == "Pipfile":
        return _toml_lines
    if name == "setup.py":
        return _quoted_lines
    if name == "setup.cfg":
        return _setup_cfg_lines
    if re.fullmatch(r"(?:environment|conda)[^/]*\.ya?ml", name, re.I):
        return _environment_lines
    return None


def imported_modules(path: str, text: str) -> Iterator[tuple[str, Location]]:
    """Every module a ``*.py`` file imports (read as text, never run), with its line."""
    for number, line in enumerate(lines_of(text), 1):
        match = _IMPORT.match(line)
        if not match:
            continue
        if match.group(1):
            yield match.group(1), Location(path, number)
        else:
            for part in match.group(2).split(","):
                name = part.strip().split(" ", 1)[0]
                if name:
                    yield name, Location(path, number)


def notebook_modules(path: str, text: str) -> Iterator[tuple[str, Location]]:
    """Every module a notebook's code cells import, at the line of the ``.ipynb`` file
    where that source line is written (nbformat writes one JSON string a line)."""
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError):
        return
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        return
    raw = lines_of(text)
    cursor = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        lines = source if isinstance(source, list) else str(source or "").splitlines()
        for code in lines:
            if not isinstance(code, str):
                continue
            for module, _ in imported_modules(path, code):
                encoded = json.dumps(code.rstrip("\n"))[1:-1]
                found = next((i for i in range(cursor, len(raw)) if encoded and encoded in raw[i]), None)
                if found is not None:
                    cursor = found
                yield module, Location(path, (found if found is not None else 0) + 1)


_GITHUB_WORKFLOW = re.compile(r"^\.github/workflows/[^/]+\.ya?ml\Z")
_CI_YAML = re.compile(r"(?:^|/)(?:\.gitlab-ci\.ya?ml|azure-pipelines[^/]*\.ya?ml|\.gitlab/ci/[^/]+\.ya?ml|"
                      r"\.github/actions/[^/]+/action\.ya?ml|bitbucket-pipelines\.yml|\.circleci/config\.yml)\Z")
_JENKINS = re.compile(r"(?:^|/)Jenkinsfile[^/]*\Z")
_STEP_KEY = re.compile(
    r"^(\s*)(?:-\s+)?(uses|run|script|before_script|after_script|bash|pwsh|powershell|task|image)\s*:\s?(.*)$"
)


def is_ci_file(path: str) -> bool:
    return bool(_GITHUB_WORKFLOW.match(path) or _CI_YAML.search(path) or _JENKINS.search(path))


def ci_steps(path: str, text: str) -> Iterator[Step]:
    """The step lines of a CI file: ``uses:``/``run:`` (with a ``run: |`` block's lines),
    GitLab ``script:`` lists, Azure ``script:``/``bash:``/``task:``; every line of a Jenkinsfile."""
    lines = lines_of(text)
    if _JENKINS.search(path):
        for number, line in enumerate(lines, 1):
            if line.strip() and not line.lstrip().startswith("//"):
                yield Step(line.strip(), Location(path, number))
        return
    block_indent: int | None = None
    for number, line in enumerate(lines, 1):
        if block_indent is not None:
            indent = len(line) - len(line.lstrip())
            if not line.strip():
                continue
            if indent > block_indent:
                body = line.strip()
                yield Step(body[2:] if body.startswith("- ") else body, Location(path, number))
                continue
            block_indent = None
        match = _STEP_KEY.match(line)
        if not match:
            continue
        indent, key, rest = len(match.group(1)), match.group(2), match.group(3).strip()
        if rest and not rest.startswith(("|", ">")):
            yield Step(rest.strip("'\""), Location(path, number))
        lists = key in ("script", "before_script", "after_script")  # GitLab: a list of lines follows
        if rest.startswith(("|", ">")) or (not rest and lists):
            # a block scalar or a script list; a bare ``run:`` is a mapping (a job named run)
            block_indent = indent + (2 if line.lstrip().startswith("- ") else 0)


# --------------------------------------------------------------------------- the index


class Index:
    """What the matching rules ask of a checkout, computed once per repository."""

    def __init__(self, checkout: Checkout) -> None:
        self.checkout = checkout
        self._globs: dict[str, tuple[str, ...]] = {}
        self._lines: dict[str, list[str] | None] = {}
        self._joined: dict[str, str | None] = {}

    def selected(self, globs: tuple[str, ...], exclude: tuple[str, ...]) -> list[str]:
        """The paths matching one of ``globs`` and none of ``exclude``, sorted."""
        dropped = {p for g in exclude for p in self.matching(g)}
        return sorted({p for g in globs for p in self.matching(g)} - dropped)

    def matching(self, glob: str) -> tuple[str, ...]:
        found = self._globs.get(glob)
        if found is None:
            if "/" in glob:
                regex = glob_regex(glob)
                head = re.split(r"[*?\[]", glob.lstrip("/"), maxsplit=1)[0]  # the literal start
                found = tuple(p for p in self.checkout.paths if p.startswith(head) and regex.match(p))
            else:  # a file name at any depth: only the names need matching
                regex = glob_regex(glob, name_only=True)
                found = tuple(p for p, name in self._names if regex.match(name))
            self._globs[glob] = found
        return found

    @cached_property
    def _names(self) -> tuple[tuple[str, str], ...]:
        return tuple((p, p.rsplit("/", 1)[-1]) for p in self.checkout.paths)

    def lines(self, path: str) -> list[str] | None:
        if path not in self._lines:
            text = self.checkout.text(path)
            self._lines[path] = None if text is None else lines_of(text)
        return self._lines[path]

    def joined(self, path: str) -> str | None:
        """The file's lines (each cut at ``MAX_LINE``) as one text, to ask a pattern once
        whether a file can match at all before asking it line by line."""
        if path not in self._joined:
            lines = self.lines(path)
            self._joined[path] = None if lines is None else "\n".join(lines)
        return self._joined[path]

    def _texts(self, predicate: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
        for path in self.checkout.paths:
            if predicate(path):
                text = self.checkout.text(path)
                if text is not None:
                    yield path, text

    @cached_property
    def dependencies(self) -> tuple[Dependency, ...]:
        found: list[Dependency] = []
        for path, text in self._texts(lambda p: dependency_reader(p) is not None):
            reader = dependency_reader(path)
            assert reader is not None
            found += reader(path, text)
        return tuple(found)

    @cached_property
    def imports(self) -> Mapping[str, tuple[Location, ...]]:
        found: dict[str, list[Location]] = {}
        for path, text in self._texts(lambda p: p.endswith((".py", ".ipynb"))):
            read = notebook_modules if path.endswith(".ipynb") else imported_modules
            for module, location in read(path, text):
                found.setdefault(module, []).append(location)
        return {m: tuple(locations) for m, locations in found.items()}

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for path, text in self._texts(is_ci_file) for s in ci_steps(path, text))


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Match:
    found: bool
    evidence: tuple[Location, ...] = ()
    # where the matcher looked but could not read: absence there says nothing
    blind: bool = False


def _bounded(locations: Iterable[Location]) -> tuple[Location, ...]:
    out: list[Location] = []
    for location in locations:
        if location not in out:
            out.append(location)
            if len(out) >= MAX_EVIDENCE:
                break
    return tuple(out)


_PATTERNS: dict[tuple[str, int], re.Pattern[str]] = {}


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    found = _PATTERNS.get((pattern, flags))
    if found is None:
        found = _PATTERNS[pattern, flags] = re.compile(pattern, flags)
    return found


def _match(matcher: Matcher, index: Index) -> _Match:
    if isinstance(matcher, Files):
        paths = index.selected(matcher.globs, matcher.exclude)
        return _Match(bool(paths), _bounded(Location(p) for p in paths))
    if isinstance(matcher, Content):
        regex = compiled(matcher.pattern)
        hits: list[Location] = []
        blind = False
        anywhere = compiled(matcher.pattern, re.MULTILINE)
        for path in index.selected(matcher.globs, matcher.exclude):
            text = index.joined(path)
            if text is None:
                blind = True
                continue
            if not anywhere.search(text):
                continue
            lines = index.lines(path) or []
            hits += (Location(path, n) for n, line in enumerate(lines, 1) if regex.search(line))
            if len(hits) >= MAX_EVIDENCE:
                break
        return _Match(bool(hits), _bounded(hits), blind)
    if isinstance(matcher, PythonDeps):
        patterns = [normalise(n) for n in matcher.names]
        hits = [
            d.location for d in index.dependencies if any(fnmatch.fnmatchcase(d.name, p) for p in patterns)
        ]
        return _Match(bool(hits), _bounded(sorted(hits)))
    if isinstance(matcher, Imports):
        hits = [
            location
            for module, locations in index.imports.items()
            if any(module == m or module.startswith(m + ".") for m in matcher.modules)
            for location in locations
        ]
        return _Match(bool(hits), _bounded(sorted(hits)))
    if isinstance(matcher, WorkflowSteps):
        regex = compiled(matcher.pattern)
        hits = [s.location for s in index.steps if regex.search(s.text)]
        return _Match(bool(hits), _bounded(hits))
    if isinstance(matcher, All):
        parts = [_match(m, index) for m in matcher.matchers]
        found = all(p.found for p in parts)
        return _Match(found, _bounded(e for p in parts for e in p.evidence) if found else (),
                      any(p.blind for p in parts if not p.found))
    if isinstance(matcher, Any):
        parts = [_match(m, index) for m in matcher.matchers]
        return _Match(any(p.found for p in parts), _bounded(e for p in parts if p.found for e in p.evidence),
                      all(p.blind for p in parts) if parts else False)
    inner = _match(matcher.matcher, index)
    return _Match(not inner.found, (), inner.blind)


def run_probe(probe: Probe, index: Index) -> ProbeResult:
    """The outcome of one probe on the indexed checkout."""
    result = _match(probe.match, index)
    if result.found:
        return ProbeResult(probe, "found", result.evidence)
    if result.blind or not index.checkout.complete:
        return ProbeResult(probe, "unknown")
    return ProbeResult(probe, "not-found")


def run_probes(probes: Iterable[Probe], checkout: Checkout) -> tuple[ProbeResult, ...]:
    """Every probe's outcome on one checkout, in the order given."""
    index = Index(checkout)
    return tuple(run_probe(p, index) for p in probes)


# --------------------------------------------------------------------------- building


def matcher_from(raw: Mapping[str, object]) -> Matcher:
    """A matcher tree from a probe file's ``match:`` (already checked by the schema)."""
    ((kind, value),) = raw.items()
    if kind == "all":
        return All(tuple(matcher_from(m) for m in _list(value)))
    if kind == "any":
        return Any(tuple(matcher_from(m) for m in _list(value)))
    if kind == "not":
        return Not(matcher_from(_mapping(value)))
    if kind == "files":
        if isinstance(value, Mapping):
            return Files(_strings(value["files"]), _strings(value.get("exclude")))
        return Files(_strings(value))
    if kind == "content":
        spec = _mapping(value)
        return Content(_strings(spec["files"]), str(spec["pattern"]), _strings(spec.get("exclude")))
    if kind == "python_deps":
        return PythonDeps(_strings(value))
    if kind == "imports":
        return Imports(_strings(value))
    if kind == "workflow_steps":
        return WorkflowSteps(str(value))
    raise ValueError(f"unknown matcher {kind!r}")


def _list(value: object) -> list[Mapping[str, object]]:
    return list(value) if isinstance(value, list) else []


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def patterns_of(matcher: Matcher) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every regular expression of a matcher tree, with where it is written (for checks)."""
    yield from _patterns(matcher, ())


def _patterns(matcher: Matcher, where: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(matcher, Content):
        yield (*where, "content", "pattern"), matcher.pattern
    elif isinstance(matcher, WorkflowSteps):
        yield (*where, "workflow_steps"), matcher.pattern
    elif isinstance(matcher, All | Any):
        kind = "all" if isinstance(matcher, All) else "any"
        for i, m in enumerate(matcher.matchers):
            yield from _patterns(m, (*where, kind, str(i)))
    elif isinstance(matcher, Not):
        yield from _patterns(matcher.matcher, (*where, "not"))


@dataclass(frozen=True)
class ProbeSet:
    """The probes in force: the package's, with a repository's own added or replacing by id."""

    probes: Mapping[str, Probe] = field(default_factory=dict)

    def ordered(self) -> tuple[Probe, ...]:
        return tuple(self.probes[k] for k in sorted(self.probes))
