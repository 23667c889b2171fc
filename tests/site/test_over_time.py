"""The example site over time: overdue targets, aged answers, campaigns, roll-ups,
broken evidence, each against the package's own answers as of the build's date."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.core.campaign import campaign_progress, campaign_status
from maturity.core.portfolio import portfolio_status, roll_up
from maturity.store.linkresults import LinkResult, LinkTarget, write_results
from maturity.store.load import load_portfolio

from .conftest import Built, build_site, copy_portfolio

pytestmark = pytest.mark.site


def test_overdue_targets_on_the_portfolio_the_home_page_and_the_badges(built: Built) -> None:
    statuses = portfolio_status(load_portfolio(built.root), built.as_of)
    overdue = {st.system.id for st in statuses if st.overdue}
    assert "techcorp-support-chatbot" in overdue  # "level 2 by 2026-08-15", still level 1
    rows = built.html("portfolio.html").select("table[data-mt=heatmap] tr[data-overdue=true]")
    assert {r["data-system"] for r in rows} == overdue
    cards = {label.get_text(strip=True): card for card in built.html("index.html").select(".mt-card")
             for label in card.find_all("div", recursive=False)[1:2]}
    card = cards["Overdue (target date passed)"]  # its count, then the systems it counts, linked
    assert card.select_one(".mt-card-n").get_text(strip=True) == str(len(overdue))
    linked = [re.fullmatch(r"(?:\.\./)*systems/([^/]+)\.html", str(a["href"])) for a in card.select("a")]
    assert all(linked) and sorted(m.group(1) for m in linked if m) == sorted(overdue)
    for st in statuses:
        title = re.search(r"<title>(.*?)</title>", (built.site / f"badges/{st.system.id}.svg").read_text())
        assert title is not None and ("overdue" in title.group(1)) is st.overdue
        page = built.html(f"systems/{st.system.id}.html")
        assert bool(page.select(".mt-summary [data-overdue=true]")) is st.overdue


def test_an_expired_na_is_shown_as_aged_on_the_system_page(built: Built) -> None:
    """Customer Churn's real-time features were not applicable until 2026-09-30."""
    page = built.html("systems/customer-churn.html")
    aged = page.select(".mt-aged li[data-finding=na-expired]")
    assert [li["data-item"] for li in aged] == ["data.realtime-features"]
    row = page.select_one("tr[data-item='data.realtime-features']")
    assert row is not None and row["data-status"] == "unassessed" and row["data-aged"] == "na-expired"


def test_a_campaign_page_and_the_home_page_list(built: Built) -> None:
    portfolio = load_portfolio(built.root)
    assert portfolio.campaigns
    for campaign in portfolio.campaigns:
        status = campaign_status(portfolio, campaign, built.as_of)
        page = built.html(f"campaigns/{campaign.id}.html")
        facts = page.select_one("[data-campaign]")
        assert facts is not None
        assert (int(facts["data-in-scope"]), int(facts["data-met"])) == (status.in_scope, status.met)
        spec = page.select_one("figure[data-chart=campaign] script.mt-chart-spec")
        assert spec is not None
        points = campaign_progress(portfolio, campaign, built.as_of)
        drawn = json.loads(spec.get_text())
        deadline = {"year": campaign.deadline.year, "month": campaign.deadline.month,
                    "date": campaign.deadline.day}  # a DateTime: Vega-Lite reads no string date there
        assert drawn["layer"][-1]["encoding"]["x"]["datum"] == deadline
        values = drawn["data"]["values"]
        assert [(r["date"], r["in_scope"], r["met"]) for r in values] == [
            (p.date.isoformat(), p.in_scope, p.met) for p in points]
        rows = page.select("table[data-mt=campaign-short] tr[data-system]")
        short = [(r["data-system"], r["data-gap"]) for r in rows]
        assert short == [(e.system.id, str(e.gap)) for e in status.short]
        rubrics = {e.rubric.ref for e in status.systems}
        assert len(rubrics) > 1  # the example campaign spans both rubrics
    listed = built.html("index.html").select("ul.mt-campaigns li[data-campaign]")
    assert [li["data-campaign"] for li in listed] == sorted(c.id for c in portfolio.campaigns)
    link = listed[0].select_one("a")
    assert link is not None and (built.site / link["href"]).is_file()


def test_roll_ups_by_owner_and_by_tag(built: Built) -> None:
    statuses = portfolio_status(load_portfolio(built.root), built.as_of)
    page = built.html("portfolio.html")
    for by in ("owner", "tag"):
        rows = page.select(f"table[data-mt=rollup][data-by={by}] tr[data-group]")
        want = roll_up(statuses, by)  # type: ignore[arg-type]
        assert [(r["data-group"], int(r["data-overdue"])) for r in rows] == [(g.key, g.overdue) for g in want]


def test_broken_evidence_is_marked_with_the_date_it_was_checked(repo: Path, tmp_path: Path) -> None:
    """With build/links.json present, the system page marks the broken evidence."""
    root = copy_portfolio(repo, tmp_path / "portfolio")
    portfolio = load_portfolio(root)
    system = next(s for s in portfolio.systems if any(a.evidence for a in s.current.answers.values()))
    item, answer = next((i, a) for i, a in system.current.answers.items() if a.evidence)
    checked = dt.date(2026, 11, 2)
    target = LinkTarget(answer.evidence[0], "x.yaml", 1, 1, system.id, item)
    write_results([LinkResult(target, False, "404 Not Found", 404, answer.evidence[0], checked)],
                  root / "build" / "links.json", today=checked)
    (tmp_path / "nb").mkdir()
    built = build_site(repo, root, tmp_path / "site", tmp_path / "nb", dt.date(2026, 11, 23))
    row = built.html(f"systems/{system.id}.html").select_one(f"tr[data-item='{item}']")
    assert row is not None
    marks = row.select(".mt-broken")
    assert len(marks) == 1 and marks[0]["data-broken"] == "2026-11-02"
    assert "404 Not Found" in marks[0].get_text()
    assert json.loads((root / "build" / "links.json").read_text())["summary"]["broken"] == 1


def _mkdocs(repo: Path, root: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` as ``build_site`` runs it, with more environment, not asserted."""
    work = out.parent / (out.name + "-cwd")
    work.mkdir(parents=True, exist_ok=True)
    nb = out.parent / (out.name + "-nb")
    nb.mkdir(exist_ok=True)
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MATURITY_ROOT": str(root),
            "MATURITY_AS_OF": "2026-11-23", "MATURITY_NOTEBOOKS": str(nb), **env}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"),
               "-d", str(out)]
    return subprocess.run(command, cwd=work, env=full, capture_output=True, text=True, timeout=600)


def test_committed_link_results_are_not_trusted_unless_named(repo: Path, tmp_path: Path) -> None:
    """A build/links.json that came with the repository (a pull request can forge one) is
    ignored, with a warning that fails the strict build; named explicitly, it is used."""
    root = copy_portfolio(repo, tmp_path / "portfolio")
    portfolio = load_portfolio(root)
    system = next(s for s in portfolio.systems if any(a.evidence for a in s.current.answers.values()))
    item, answer = next((i, a) for i, a in system.current.answers.items() if a.evidence)
    target = LinkTarget(answer.evidence[0], "x.yaml", 1, 1, system.id, item)
    results = root / "build" / "links.json"
    forged = LinkResult(target, False, "forged: 404 Not Found", 404, None, dt.date(2026, 11, 2))
    write_results([forged], results, today=dt.date(2026, 11, 2))
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "add", "-f", "build/links.json"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "forged"], cwd=root, check=True)

    refused = _mkdocs(repo, root, tmp_path / "site")
    assert refused.returncode != 0
    assert "ignoring build/links.json: it comes with the repository" in refused.stderr
    assert "Traceback" not in refused.stderr

    named = _mkdocs(repo, root, tmp_path / "site2", MATURITY_LINKS_FILE=str(results))
    assert named.returncode == 0, named.stderr
    page = (tmp_path / "site2" / "systems" / f"{system.id}.html").read_text(encoding="utf-8")
    assert "forged: 404 Not Found" in page
