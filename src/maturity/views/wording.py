"""The one wording of every value an output shows: numbers, levels, changes, statuses,
dates, links and escaped user text.

The terminal, the Markdown report, the pull-request comment, the site and the notebooks
all call these functions, so a credit of 7/3 reads ``2.33`` and a rise reads ``▲ up``
wherever it shows. JSON keeps numbers as numbers (``json_number``), rounded the same way.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from fractions import Fraction
from urllib.parse import quote, unquote, urlsplit

from maturity.core import inert
from maturity.core.links import evidence_kind, repo_target
from maturity.core.model import UNASSESSED, Rubric
from maturity.core.repository import Repository
from maturity.core.scoring import Score
from maturity.views.permalink import label_of, permalink, short_label

DECIMALS = 2  # every credit, threshold and mean is shown to two decimals at most
NOTHING = "–"  # a cell with no value (no level, no target)

# --------------------------------------------------------------------------- numbers


def json_number(value: Fraction | int | float) -> int | float:
    """A number for JSON: an int when whole, else rounded to ``DECIMALS`` (7/3 → 2.33)."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, DECIMALS)


def number(value: Fraction | int | float) -> str:
    """A number for people: ``2``, ``2.5``, ``2.33`` (7/3), the same in every output."""
    return str(json_number(value))


def percent(value: Fraction | int | float) -> str:
    """A fraction as a percentage: 0.75 → ``75 %``."""
    return f"{number(Fraction(value) * 100)} %"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 item``, ``3 items`` (``words`` for an irregular plural)."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def credit_text(credit: Fraction | int, applicable: int, unassessed: int = 0) -> str:
    """Credit of the applicable items: ``7/3`` credit of 4 reads ``2.33/4``; ``(+2?)`` for
    two unassessed items."""
    unknown = f" (+{unassessed}?)" if unassessed else ""
    return f"{number(credit)}/{applicable}{unknown}"


# --------------------------------------------------------------------------- levels


def level_span(level: int, upper: int) -> str:
    """``1``, or ``1–2`` when unassessed items could lift the level (every table cell)."""
    return str(level) if level == upper else f"{level}–{upper}"


def level_words(level: int, upper: int) -> str:
    """``level 1``, or ``level 1, up to 2`` (a title, a roadmap, a sentence)."""
    return f"level {level}" if level == upper else f"level {level}, up to {upper}"


def level_range(level: int, upper: int, unassessed: int = 0, what: str = "item") -> str:
    """``level 1``, or ``level 1, up to 2 — 7 items unassessed`` when incomplete (``what``:
    ``column`` for a grid, whose columns are answered)."""
    if level == upper:
        return level_words(level, upper)
    return f"{level_words(level, upper)} — {plural(unassessed, what)} unassessed"


def unanswered(method: str) -> str:
    """What a score's unassessed count counts: items, or a grid's columns."""
    return "column" if method == "grid" else "item"


# --------------------------------------------------------------------------- points


def points_text(value: Fraction | int) -> str:
    """A points score: ``2.0``, ``2.5``, ``2.33`` (a decimal point always, so a score never
    reads as a level)."""
    text = number(value)
    return text if "." in text else f"{text}.0"


def band_name(rubric: Rubric, score: Fraction) -> str:
    """The name of the band a score falls in: the band's own name, else its level's name."""
    band = rubric.scoring.band(score)
    if band is not None and band.name:
        return band.name
    level = rubric.min_level if band is None else band.level
    return rubric.level_info(level).name


def band_text(rubric: Rubric, score: Fraction) -> str:
    """``2.0 — a first pass at basic productionization``: a score and its band."""
    return f"{points_text(score)} — {band_name(rubric, score)}"


def score_words(rubric: Rubric, score: Score) -> str:
    """A points score and its band (``2.0 — …``, or ``1.5 — …, up to 3.0 — …`` while
    items are unassessed); ``""`` for the other methods."""
    if score.points is None:
        return ""
    low, high = score.points
    if low == high:
        return band_text(rubric, low)
    return f"{band_text(rubric, low)}, up to {band_text(rubric, high)}"


def score_span(score: Score) -> str:
    """A points score as a table cell: ``2.0``, or ``1.5–3.0`` while items are unassessed."""
    if score.points is None:
        return NOTHING
    low, high = score.points
    return points_text(low) if low == high else f"{points_text(low)}–{points_text(high)}"


def answer_label(rubric: Rubric, status: str) -> str:
    """A status as a reader sees it: a scale answer's label, else ``status_label``."""
    step = rubric.scoring.step(status)
    return step.label if step is not None else status_label(status)


def range_span(value: tuple[int, int] | None) -> str:
    """A (level, upper) range as a cell, or ``—`` when there is none (a new dimension)."""
    return "—" if value is None else level_span(*value)


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Direction:
    """Which way a level moved: one arrow and one word for every output."""

    key: str  # up, down, upper-up, upper-down, same, new, gone (CSS classes and data-*)
    arrow: str
    word: str

    @property
    def text(self) -> str:
        return f"{self.arrow} {self.word}" if self.arrow else self.word


UP = Direction("up", "▲", "up")
DOWN = Direction("down", "▼", "down")
UPPER_UP = Direction("upper-up", "▲", "upper bound")
UPPER_DOWN = Direction("upper-down", "▼", "upper bound")
SAME = Direction("same", "", "still")
NEW = Direction("new", "", "new")
GONE = Direction("gone", "", "gone")


def direction(before: tuple[int, int] | None, after: tuple[int, int] | None) -> Direction:
    """From one (level, upper) range to another: the level decides, then the upper bound."""
    if before == after:
        return SAME
    if before is None:
        return NEW
    if after is None:
        return GONE
    if after[0] != before[0]:
        return UP if after[0] > before[0] else DOWN
    return UPPER_UP if after[1] > before[1] else UPPER_DOWN


def change_span(before: tuple[int, int] | None, after: tuple[int, int] | None) -> str:
    """``1 → 2``, or the one range when nothing moved."""
    if before == after:
        return range_span(after)
    return f"{range_span(before)} → {range_span(after)}"


@dataclass(frozen=True)
class Trend:
    """The overall level since the previous snapshot: ``▲ +1``, ``▼ -1``, ``= ±0``."""

    key: str  # up, down, flat, new
    delta: int | None  # None: the first snapshot

    @property
    def text(self) -> str:
        if self.delta is None:
            return "first snapshot"
        if self.delta == 0:
            return "= ±0"
        return f"{UP.arrow if self.delta > 0 else DOWN.arrow} {self.delta:+d}"


def trend(delta: int | None) -> Trend:
    if delta is None:
        return Trend("new", None)
    return Trend("flat" if delta == 0 else "up" if delta > 0 else "down", delta)


# --------------------------------------------------------------------------- statuses

STATUS_LABELS = {
    "done": "done",
    "partial": "partial",
    "todo": "to do",
    "na": "n/a",
    UNASSESSED: "unassessed",
}
STATUS_ICONS = {"done": "✓", "partial": "◐", "todo": "✗", "na": "–", UNASSESSED: "?"}


def status_label(status: str) -> str:
    """``to do`` for ``todo``: what a reader sees (the YAML keeps the id)."""
    return STATUS_LABELS.get(status, status)


def status_text(status: str) -> str:
    """``✗ to do``: the icon, then the label (chips, terminal, Markdown alike)."""
    icon = STATUS_ICONS.get(status, "")
    return f"{icon} {status_label(status)}" if icon else status_label(status)


def status_change(before: str, after: str) -> str:
    """``✗ to do → ✓ done``, or the one status when it did not move."""
    return status_text(after) if before == after else f"{status_text(before)} → {status_text(after)}"


# --------------------------------------------------------------------------- dates


def date_text(day: dt.date | None) -> str:
    """``2026-11-23`` (ISO, everywhere), or ``—`` for no date."""
    return "—" if day is None else day.isoformat()


# --------------------------------------------------------------------------- links

_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


@dataclass(frozen=True)
class Link:
    """A piece of evidence: its text, and where it leads when that is safe to follow."""

    text: str
    href: str | None  # percent-encoded; None: shown as text only
    external: bool  # http(s), as opposed to a path in the repository
    label: str = ""  # the short label shown (the text itself when short)

    @property
    def shown(self) -> str:
        return self.label or self.text


SHORT_LINK = 48  # a link longer than this is shown by a short label


def short_url(url: str) -> str:
    """``host/…/last`` for a long link (the whole link stays its target and title)."""
    if len(url) <= SHORT_LINK:
        return url
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    tail = unquote(segments[-1]) if segments else ""
    anchor = f"#{parts.fragment}" if parts.fragment and len(parts.fragment) < 16 else ""
    middle = "/…/" if len(segments) > 1 else "/"
    return f"{parts.hostname or ''}{middle}{tail}{anchor}" if tail else (parts.hostname or url)


def evidence_link(evidence: str, repository: Repository | None = None) -> Link:
    """Evidence as a link when the one link policy (``core.links``) allows it: http(s)
    URLs, percent-encoded so each stays one link; a repository path, and anything
    else, as text (the site does not publish the repository's files).

    ``repo:path#L10`` leads to its permalink in the system's ``repository`` and reads
    ``path:10``; a permalink into that repository reads the same; another long link reads
    ``host/…/last``."""
    text = evidence.strip()
    kind = evidence_kind(text)
    if kind == "repo":
        target = repo_target(text)
        if target is None:
            return Link(text, None, False)
        href = permalink(repository, *target)
        return Link(text, None if href is None else quote(href, safe=_URL_SAFE), True,
                    short_label(*target))
    if kind == "url":
        label = label_of(repository, text) if repository is not None else None
        return Link(text, quote(text, safe=_URL_SAFE), True, label or short_url(text))
    # A path in the assessment repository (``docs/runbook.md``) is not published with the
    # site: a link to it would be dead. It is shown as text, never a link.
    return Link(text, None, False)


# --------------------------------------------------------------------------- Markdown

# Inline syntax, escaped wherever it stands (a backslash works in GFM and Python-Markdown)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#])")
# Block syntax at the start of the text: a list item (``- ``, ``+ ``, ``1. ``)
_MD_LEADING = re.compile(r"^([-+]|\d+[.)])(?=\s|$)")
# No backslash escape in Python-Markdown (``|`` only with tables): numeric references
# read the same in both, and a reference never splits a table cell
_MD_ENTITIES = {"{": "&#123;", "}": "&#125;", "~": "&#126;", "|": "&#124;"}
_MD_ENTITY = re.compile("[{}~|]")
_MENTION = re.compile(r"(?<!\w)@(?=\w)")  # @name, not name@domain or rubric@1
_NOT_IN_CODE = re.compile(r"[`|\r\n]|^\s|\s$")


def md(text: object) -> str:
    """User text made inert in Markdown (GitHub and Python-Markdown alike): one line, HTML
    escaped, Markdown syntax escaped, no attribute list (``{#id}``), and no ``@name`` that
    would notify someone from a pull-request comment. Plain words stay as they are."""
    flat = inert.escape(" ".join(str(text).split()), one_line=True)
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    escaped = _MD_LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], escaped)
    escaped = _MD_ENTITY.sub(lambda m: _MD_ENTITIES[m.group(0)], escaped)
    return _MENTION.sub("@\u2060", escaped)  # a word joiner: reads the same, mentions no one


def md_code(text: str) -> str:
    """An identifier (an id, a rubric reference, a git revision) in a code span, where
    Markdown and HTML are inert; text a code span cannot hold (a backtick, a pipe, a
    line break) becomes escaped text instead."""
    return f"`{text}`" if text and not _NOT_IN_CODE.search(text) else md(text)


def md_link(evidence: str) -> str:
    """Evidence in Markdown: an http(s) link as an autolink (percent-encoded, so it stays
    one link), anything else as escaped text."""
    link = evidence_link(evidence)
    return f"<{link.href}>" if link.external and link.href else md(link.text)


def stale_warning(system_id: str, newest: dt.date, as_of: dt.date, limit: int) -> str | None:
    """Why answering into the newest snapshot may be the wrong thing (or None when it is fresh)."""
    age = (as_of - newest).days
    if age <= limit:
        return None
    return (f"{system_id}'s newest snapshot ({newest}) is {age} days old, older than the "
            f"{limit}-day stale limit: answers for today belong in a new snapshot "
            f"(`maturity reassess {system_id}`, then set them there)")
