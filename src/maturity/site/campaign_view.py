"""A campaign's page (``templates/campaign.md``) and the home page's list of campaigns."""

from __future__ import annotations

from typing import Any

from maturity.core.campaign import campaign_progress
from maturity.site.charts import campaign_spec, spec_json
from maturity.site.data import SiteData, campaign_page, html_path
from maturity.site.jinja import Article, render, render_article
from maturity.site.system_view import system_url


def campaign_url(campaign_id: str, base: str = "") -> str:
    return base + html_path(campaign_page(campaign_id))


def campaign_article(data: SiteData, campaign_id: str, base: str = "") -> Article:
    """The whole page as HTML with its table of contents (the generated page)."""
    return render_article("campaign.md", **campaign_context(data, campaign_id, base))


def campaign_markdown(data: SiteData, campaign_id: str, base: str = "") -> str:
    """The whole page as Markdown (the page's file, for an engine that reads files)."""
    return render("campaign.md", **campaign_context(data, campaign_id, base))


def campaign_context(data: SiteData, campaign_id: str, base: str = "") -> dict[str, Any]:
    """Facts, progress per quarter (a chart and a table), who is short."""
    status = data.campaign(campaign_id)
    points = campaign_progress(data.portfolio, status.campaign, data.as_of)
    c = status.campaign
    chart = spec_json(campaign_spec(points, c.deadline, c.level)) if points else ""
    return dict(
        status=status, points=points, chart=chart, as_of=data.as_of,
        system_url=lambda system_id: system_url(system_id, base),
    )


def campaigns_html(data: SiteData, base: str = "") -> str:
    """Every campaign with its deadline and how many systems meet it (the home page)."""
    return render("campaigns.html", campaigns=data.campaigns,
                  campaign_url=lambda campaign_id: campaign_url(campaign_id, base))
