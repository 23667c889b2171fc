"""Files written into the built site: JSON and CSV exports, badges, rubric templates, schemas."""

from __future__ import annotations

from typing import Any

from maturity.site.badge import badge_svg
from maturity.site.data import SiteData
from maturity.site.portfolio_view import EXPORTS
from maturity.site.rubric_view import blank_yaml, template_path
from maturity.site.system_view import export_paths
from maturity.store.schema import SCHEMAS, schema_file, schema_text
from maturity.views.data import (
    compact_json,
    csv_rows,
    export_csv,
    export_json,
    gaps_dict,
    status_dict,
    system_export,
)
from maturity.views.text import target_text

SCHEMAS_DIR = "schemas"


def _json(data: Any) -> bytes:
    return (compact_json(data) + "\n").encode("utf-8")


def export_files(data: SiteData) -> dict[str, bytes]:
    """Site-relative path → content, for every export of the portfolio."""
    files: dict[str, bytes] = {}
    systems = []
    for st in data.statuses:
        record = status_dict(st)
        systems.append(system_export(st))
        paths = export_paths(st.system.id)
        files[paths["json"]] = _json({**record, "gaps": gaps_dict(data.gaps(st.system.id))})
        overall = st.score.overall
        note = ""
        if st.overdue:
            target = target_text(st.system, overall.level, st.as_of)  # "target level 2 by … (overdue)"
            note = target
        dims = st.score.dimensions.values()
        done = sum(d.scope_complete for d in dims)
        scope_note = f"{done} of {len(dims)} dimensions complete (every level in their scope counts)"
        note = f"{note}; {scope_note}" if note else scope_note
        files[paths["badge"]] = badge_svg(
            overall.level, overall.upper, note=note, complete=overall.scope_complete
        ).encode("utf-8")
    files[EXPORTS["json"]] = export_json(data.as_of, systems).encode("utf-8")
    files[EXPORTS["csv"]] = export_csv(csv_rows(data.statuses)).encode("utf-8")
    for rubric in data.rubrics:
        files[template_path(rubric)] = blank_yaml(rubric).encode("utf-8")
    for name in SCHEMAS:  # editors of any repository can point at the published copies
        files[f"{SCHEMAS_DIR}/{schema_file(name)}"] = schema_text(name).encode("utf-8")
    return files
