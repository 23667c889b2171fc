"""mkdocs serve: a rebuild reads and scores again only the systems whose folder changed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from maturity.site.data import SiteCache, SiteData

AS_OF = dt.date(2026, 11, 23)


def test_a_rebuild_reads_again_only_the_changed_folder(example_root: Path) -> None:
    cache = SiteCache()
    first = SiteData.load(example_root, AS_OF, None, cache)
    folder = sorted((example_root / "assessments").iterdir())[0]
    snapshot = sorted(folder.glob("2*.yaml"))[-1]
    text = snapshot.read_text(encoding="utf-8")
    snapshot.write_text(text + "\n# edited\n", encoding="utf-8")
    second = SiteData.load(example_root, AS_OF, None, cache)
    before = {s.id: s for s in first.portfolio.systems}
    after = {s.id: s for s in second.portfolio.systems}
    assert after.keys() == before.keys()
    for system_id, system in after.items():
        if system_id == folder.name:
            assert system is not before[system_id]  # read again
        else:
            assert system is before[system_id]  # kept from the last build
    kept = {st.system.id: st for st in first.statuses}
    for st in second.statuses:
        assert (st is kept[st.system.id]) == (st.system.id != folder.name)
    assert [st.system.id for st in second.statuses] == [
        st.system.id for st in SiteData.load(example_root, AS_OF).statuses
    ]


def test_a_changed_answer_shows_and_a_removed_system_goes(example_root: Path) -> None:
    cache = SiteCache()
    SiteData.load(example_root, AS_OF, None, cache)
    folders = sorted(p for p in (example_root / "assessments").iterdir() if p.is_dir())
    shutil.rmtree(folders[1])
    edited = sorted(folders[0].glob("2*.yaml"))[-1]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("rubric:", "rubric_typo:", 1), encoding="utf-8")
    try:
        SiteData.load(example_root, AS_OF, None, cache)
    except Exception as error:  # the broken file is reported, as without a cache
        assert "rubric_typo" in str(error)
    else:
        raise AssertionError("the edit that breaks the file must be reported")
    edited.write_text(text, encoding="utf-8")
    again = SiteData.load(example_root, AS_OF, None, cache)
    assert folders[1].name not in {s.id for s in again.portfolio.systems}
