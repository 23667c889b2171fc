"""The four places where two edges used to say different things (issue 18), each pinned
by comparing what the two edges output for the same portfolio."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from maturity.cli import cli
from maturity.core.campaign import campaign_status
from maturity.core.gaps import compute_gaps
from maturity.core.mapping import as_rubric
from maturity.core.roadmap import build_roadmap
from maturity.site import embeds
from maturity.site.data import SiteData
from maturity.site.exports import export_files
from maturity.site.jinja import render
from maturity.site.portfolio_view import EXPORTS
from maturity.store.load import load_portfolio
from maturity.views.campaign import campaign_text
from maturity.views.terminal import inert_terminal
from tests.workflow.test_upgrade import MAPPING, SNAPSHOT, V1, V2

LATER = dt.date(2028, 1, 1)  # evidence has aged, some N/As have expired


def test_roadmap_macro_and_system_page_score_on_the_same_date(repo: Path) -> None:
    """``{{ roadmap("x") }}`` and the system page's roadmap are the same, as of the build
    date, for every example system (they used to differ for 3 of 9 as of 2028-01-01)."""
    data = SiteData.load(repo, LATER)
    differed_before = 0
    for st in data.statuses:
        macro = embeds.roadmap_markdown(st)
        page = render("embed/roadmap.md", roadmap=data.roadmap(st.system.id))
        assert macro == page, st.system.id
        old = render("embed/roadmap.md", roadmap=build_roadmap(compute_gaps(st.system, st.rubric)))
        differed_before += old != page
    assert differed_before >= 1  # the test would have caught the drift


def test_cli_export_json_is_the_sites_portfolio_json(repo: Path) -> None:
    """One export writer: ``maturity export --format json --as-of D`` is byte for byte the
    site's ``portfolio.json`` built as of D, ``as_of`` in the envelope of both."""
    day = dt.date(2026, 11, 23)
    result = CliRunner().invoke(cli, ["--root", str(repo), "export", "--format", "json",
                                      "--as-of", day.isoformat()])
    assert result.exit_code == 0, result.output
    site = export_files(SiteData.load(repo, day))[EXPORTS["json"]].decode("utf-8")
    assert result.output == site
    systems = [p for p in (repo / "assessments").iterdir() if p.is_dir()]
    assert json.loads(site)["as_of"] == "2026-11-23" and len(json.loads(site)["systems"]) == len(systems)


def test_campaign_status_escapes_a_hostile_title(example_root: Path) -> None:
    """``maturity campaign status`` prints through the CLI's one output path: a title's
    escape sequences reach the terminal as visible text, as every other command prints
    them, never as control characters."""
    campaign = example_root / "campaigns" / "level-2-everywhere.yaml"
    text = campaign.read_text(encoding="utf-8")
    title = "Every ML system at level 2"
    campaign.write_text(text.replace(f"title: {title}", 'title: "\\e]0;owned\\a\\e[31mRed\\e[0m"'),
                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(example_root), "campaign", "status",
                                      "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    portfolio = load_portfolio(example_root)
    status = campaign_status(portfolio, portfolio.campaigns[0], dt.date(2026, 11, 23))
    assert "\x1b" in campaign_text(status)  # the view has the raw title; the edge escapes it
    assert result.output == inert_terminal(campaign_text(status))


def test_score_as_and_upgrade_translate_an_answer_alike(tmp_path: Path) -> None:
    """One translation rule: the snapshot ``score --as`` (and the crosswalk, the notebooks)
    sees through a mapping is the one ``upgrade`` writes, ``checked`` and ``until`` kept."""
    (tmp_path / "rubrics" / "mappings").mkdir(parents=True)
    (tmp_path / "rubrics" / "team-mlops@1.yaml").write_text(V1, encoding="utf-8")
    (tmp_path / "rubrics" / "team-mlops.yaml").write_text(V2, encoding="utf-8")
    (tmp_path / "rubrics" / "mappings" / "team-mlops@1--team-mlops@2.yaml").write_text(MAPPING)
    system = tmp_path / "assessments" / "fraud"
    system.mkdir(parents=True)
    (system / "system.yaml").write_text("name: Fraud\nowner: Risk ML\n", encoding="utf-8")
    dated = SNAPSHOT.replace(
        'note: "MRO-1, passed"}', 'note: "MRO-1, passed", checked: 2026-01-15}'
    ).replace("monitoring.concept-drift: {status: todo, note: labels arrive late}",
              "monitoring.concept-drift: {status: done, checked: 2025-12-01}")
    (system / "2026-03-01.yaml").write_text(dated, encoding="utf-8")
    before = load_portfolio(tmp_path).system("fraud")
    seen = as_rubric(load_portfolio(tmp_path), before.current, "team-mlops@2").snapshot

    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "upgrade", "fraud", "--date", "2026-03-02"])
    assert result.exit_code == 0, result.output
    written = load_portfolio(tmp_path).system("fraud").current
    assert written.rubric == seen.rubric == "team-mlops@2"
    renamed = "governance.model-risk-approval"
    assert seen.answers[renamed].checked == written.answers[renamed].checked == dt.date(2026, 1, 15)
    assert seen.answers["monitoring.drift"].checked == dt.date(2025, 12, 1)  # the oldest of the two
    assert written.answers["monitoring.drift"].checked == dt.date(2025, 12, 1)
    for item_id, answer in seen.answers.items():
        mine = written.answers[item_id]
        assert (mine.status, mine.evidence, mine.note, mine.until) == (
            answer.status, answer.evidence, answer.note, answer.until), item_id
        if answer.checked is not None:
            assert mine.checked == answer.checked, item_id

