"""Finding things by name: "did you mean", the listing of valid names, the rubric resolver.

Every unknown name (system, rubric, item, dimension) gets the same hint, whichever
command, loader or notebook parameter met it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from maturity.core.model import Rubric
from maturity.errors import NotFound


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'monitoring'?)`` for the closest choice, or ``""`` when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def listing(choices: Iterable[str]) -> str:
    """The choices sorted and joined by commas, or ``none``."""
    names = sorted(choices)
    return ", ".join(names) if names else "none"


LISTED = 12  # more known names than this are counted, not listed


def unknown(kind: str, name: object, known: Iterable[str], where: str = "") -> str:
    """The one wording of an unknown name: ``unknown system 'x' (did you mean 'y'?)``
    when one is close, else ``unknown system 'x' (known: a, b)`` (``(known: 1,000
    systems)`` past a dozen); ``where`` follows the name (`` in rubric google-mlops@1``)."""
    names = sorted(set(known))
    hint = suggest(name, names) if isinstance(name, str) else ""
    if hint:
        return f"unknown {kind} {name!r}{where}{hint}"
    shown = listing(names) if len(names) <= LISTED else f"{len(names):,} {kind}s"
    return f"unknown {kind} {name!r}{where} (known: {shown})"


def find_rubric(rubrics: Mapping[str, Rubric], ref: str) -> Rubric | None:
    """The one rule of a rubric reference: ``id@version`` names that version, a bare
    ``id`` its newest one; ``None`` when there is no such rubric."""
    text = ref.strip()
    if text in rubrics:
        return rubrics[text]
    same = [r for r in rubrics.values() if r.id == text]
    return max(same, key=lambda r: r.version) if same else None


def resolve_rubric(rubrics: Mapping[str, Rubric], ref: str) -> Rubric:
    """``find_rubric``, or ``NotFound`` (with "did you mean" and the known references)."""
    found = find_rubric(rubrics, ref)
    if found is not None:
        return found
    text = ref.strip()
    known = sorted(rubrics) + sorted({r.id for r in rubrics.values()})
    raise NotFound(f"unknown rubric {ref!r}{suggest(text, known)} (known: {listing(rubrics)}; "
                   "an id alone means its newest version)")
