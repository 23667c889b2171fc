"""Plain data (JSON-ready dicts, CSV rows) built from scores, for every output format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from maturity.core.gaps import Gaps
from maturity.core.model import Profile, Rubric, RubricMapping, System
from maturity.core.portfolio import SystemStatus
from maturity.core.scoring import Finding, Score, SnapshotScore, Tally
from maturity.views.wording import band_name, json_number


def tally_dict(t: Tally) -> dict[str, Any]:
    return {
        "level": t.level,
        "items": len(t.items),
        "applicable": t.applicable,
        "done": t.done,
        "partial": t.partial,
        "todo": t.todo,
        "na": t.na,
        "unassessed": t.unassessed,
        "credit": json_number(t.credit),
        "required": json_number(t.required),
        "met": t.met,
        "met_upper": t.met_upper,
    }


def score_dict(score: Score, levels: bool = True, rubric: Rubric | None = None) -> dict[str, Any]:
    """A level range; for the points method also ``score: {low, high}`` (exact values
    rounded as every number is) and, given the rubric, the ``band`` names of both ends."""
    out: dict[str, Any] = {
        "level": score.level,
        "upper": score.upper,
        "scope": list(score.scope),
        "complete": score.scope_complete,
    }
    if score.points is not None:
        low, high = score.points
        out["score"] = {"low": json_number(low), "high": json_number(high)}
        if rubric is not None:
            out["band"] = {"low": band_name(rubric, low), "high": band_name(rubric, high)}
    if levels:
        out["unassessed"] = score.unassessed
        if score.method == "levels":  # the points and grid methods have no per-level tallies
            out["levels"] = [tally_dict(t) for t in score.tallies]
    return out


def snapshot_score_dict(
    system: System, scored: SnapshotScore, via: RubricMapping | None = None,
    profile: Profile | None = None,
) -> dict[str, Any]:
    """The shape of ``maturity score --format json`` (PRODUCT.md), with more detail.

    Scored through a mapping (``score --as``), ``via`` names it (``<from>--<to>``) and
    ``assessed`` the rubric the snapshot was assessed against.
    """
    out = {
        "system": system.id,
        "name": system.name,
        "date": scored.snapshot.date.isoformat(),
        "rubric": scored.rubric.ref,
        "target": system.target_level,
        "overall": score_dict(scored.overall, rubric=scored.rubric),
        "dimensions": {d: score_dict(s, rubric=scored.rubric) for d, s in scored.dimensions.items()},
        "as_of": scored.as_of.isoformat(),
        "findings": [finding_dict(f) for f in scored.findings],
    }
    if scored.rubric.method != "levels":
        out["method"] = scored.rubric.method
    if profile is not None and via is None:
        out["profile"] = {"id": profile.id, "beyond": list(profile.beyond(scored.snapshot))}
    if via is not None:
        out["via"] = via.name
        out["assessed"] = via.source
        out["target"] = None
    return out


def finding_dict(f: Finding) -> dict[str, Any]:
    """A declared-level finding with its levels; an ageing one (``evidence-expired``,
    ``na-expired``) naming its ``item``, its date (checked, or until) and what it counts as."""
    out: dict[str, Any] = {"kind": f.kind, "dimension": f.dimension}
    if f.item is not None:
        out.update(item=f.item, date=f.date.isoformat() if f.date else None, counts_as=f.counts_as)
    else:
        out.update(declared=f.declared, level=f.level, upper=f.upper)
    out.update(items=list(f.items), message=f.message)
    return out


def gaps_dict(gaps: Gaps) -> dict[str, Any]:
    return {
        "system": gaps.system.id,
        "date": gaps.snapshot.date.isoformat(),
        "rubric": gaps.score.rubric.ref,
        "target": gaps.target,
        "overall": score_dict(gaps.score.overall, levels=False),
        "needed": gaps.needed,
        "overall_levels": [
            {"level": g.level, "met": g.met, "needed": g.needed, "open": len(g.open)}
            for g in gaps.overall
        ],
        "dimensions": {
            d.id: {
                "level": d.level,
                "upper": d.upper,
                "needed": d.needed,
                "levels": [
                    {
                        "level": lg.level,
                        "met": lg.met,
                        "needed": lg.needed,
                        "open": [
                            {"item": o.item.id, "text": o.item.text, "status": o.status, "note": o.note}
                            for o in lg.open
                        ],
                    }
                    for lg in d.levels
                ],
            }
            for d in gaps.dimensions
        },
    }


def compact_json(data: Any) -> str:
    """JSON without spaces, by json's C encoder (one with an indent takes the pure-Python
    encoder, most of an export's time at scale): the exports' one encoding."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def status_dict(status: SystemStatus) -> dict[str, Any]:
    """One system in the portfolio export."""
    out = snapshot_score_dict(status.system, status.score)
    out.update(
        owner=status.system.owner,
        description=status.system.description,
        tags=list(status.system.tags),
        target_date=status.system.target_date.isoformat() if status.system.target_date else None,
        stale=status.stale,
        overdue=status.overdue,
        expired_evidence=status.expired_evidence,
        age_days=status.age_days,
        trend=status.trend,
        history=[
            {
                "date": h.snapshot.date.isoformat(),
                "rubric": h.rubric.ref,
                "overall": score_dict(h.overall, levels=False),
                "dimensions": {d: score_dict(s, levels=False) for d, s in h.dimensions.items()},
            }
            for h in status.history
        ],
    )
    return out


CSV_FIELDS = (
    "system", "name", "owner", "rubric", "date", "dimension", "level", "upper",
    "target", "unassessed", "stale", "trend", "target_date", "overdue", "expired_evidence",
)


# What starts a formula: = + - @ (and their full-width forms, which spreadsheets fold to
# them), after any whitespace, tab, line break or invisible character a spreadsheet skips.
_FORMULA = re.compile(
    "^[\t\r]|"  # OWASP: a leading tab or carriage return, whatever follows
    "^[\\s\u00a0\u200b-\u200f\u2060\ufeff\x00-\x1f]*"  # what a spreadsheet skips
    "[=+\\-@\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66]"  # plain, full-width, small, minus
)


def inert_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text, never runs (OWASP's CSV injection advice).

    Text starting with ``=``, ``+``, ``-``, ``@`` is a formula to Excel, LibreOffice
    and Google Sheets, and so is text where they follow spaces, tabs, line breaks or
    invisible characters (which spreadsheets skip), or where they are written in
    their full-width forms (＝＋－＠, which some fold to the plain ones): such a cell
    gets a leading ``'``, which they display as nothing. Numbers stay numbers.
    """
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def csv_rows(statuses: tuple[SystemStatus, ...]) -> list[dict[str, Any]]:
    """One row per system and dimension, plus an ``overall`` row per system.

    Every cell passes ``inert_cell``: a name like ``=HYPERLINK(...)`` stays text.
    """
    rows = []
    for st in statuses:
        scored = st.score
        base = {
            "system": st.system.id,
            "name": st.system.name,
            "owner": st.system.owner,
            "rubric": scored.rubric.ref,
            "date": scored.snapshot.date.isoformat(),
            "target": "" if st.target is None else st.target,
            "stale": str(st.stale).lower(),
            "trend": st.trend,
            "target_date": st.system.target_date.isoformat() if st.system.target_date else "",
            "overdue": str(st.overdue).lower(),
            "expired_evidence": st.expired_evidence,
        }
        for dim, score in [("overall", scored.overall), *scored.dimensions.items()]:
            row = {**base, "dimension": dim, "level": score.level, "upper": score.upper,
                   "unassessed": score.unassessed}
            rows.append({key: inert_cell(value) for key, value in row.items()})
    return rows


# --------------------------------------------------------------------------- the export


def json_text(data: Any) -> str:
    """JSON for a person to read (one system's score, gaps): two-space indent, text as
    written (not ``\\u`` escapes)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def system_export(status: SystemStatus) -> str:
    """One system's record of the portfolio export, as one line of compact JSON
    (``export_json`` puts the records together)."""
    return compact_json(status_dict(status))


def export_json(as_of: dt.date, records: Sequence[str]) -> str:
    """The portfolio export, the one writer of ``maturity export --format json`` and the
    site's ``portfolio.json``: ``{"as_of":"YYYY-MM-DD","systems":[...]}``, compact, one
    system's ``system_export`` record a line, in the order given (lowest level first)."""
    head = compact_json({"as_of": as_of.isoformat()})[:-1]
    if not records:
        return head + ',"systems":[]}\n'
    return head + ',"systems":[\n' + ",\n".join(records) + "\n]}\n"


def export_csv(rows: Iterable[dict[str, Any]]) -> str:
    """The portfolio export as CSV (``csv_rows``), the one writer of the CLI and the site."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
