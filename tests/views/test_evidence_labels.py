"""Evidence as short labels: ``repo:path#L10`` and permalinks read ``path:10``, long links
``host/…/last``; the link itself stays the target."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

from maturity.core.repository import Repository
from maturity.site.data import SiteData
from maturity.site.system_view import system_markdown
from maturity.views.wording import evidence_link
from tests.conftest import REPO

GITLAB = Repository("https://git.example.com/finance-automation/invoice-ocr", "main", "gitlab")
GITHUB = Repository("https://github.com/acme/fraud", None, "github")


def test_repo_evidence_links_to_the_permalink_by_its_short_label() -> None:
    link = evidence_link("repo:train/tune.py#L12", GITLAB)
    assert link.shown == "train/tune.py:12"
    assert unquote(link.href or "") == "https://git.example.com/finance-automation/invoice-ocr/-/blob/main/train/tune.py#L12"
    link = evidence_link("repo:src/a b.py", GITHUB)
    assert link.shown == "src/a b.py" and link.href == "https://github.com/acme/fraud/blob/HEAD/src/a%20b.py"


def test_repo_evidence_without_a_repository_is_text() -> None:
    link = evidence_link("repo:train/tune.py#L12")
    assert link.href is None and link.shown == "train/tune.py:12"


def test_long_links_read_short_and_short_ones_stay() -> None:
    permalink = "https://git.example.com/finance-automation/invoice-ocr/-/blob/main/deploy/hpa.yaml#L2"
    assert evidence_link(permalink, GITLAB).shown == "deploy/hpa.yaml:2"
    assert evidence_link(permalink).shown == "git.example.com/…/hpa.yaml#L2"
    assert evidence_link(permalink).href == permalink
    assert evidence_link("https://example.com/a").shown == "https://example.com/a"
    assert evidence_link("docs/runbook.md").shown == "docs/runbook.md"


def test_the_example_system_shows_repo_evidence_as_a_permalink() -> None:
    data = SiteData.load(REPO, as_of=dt.date(2026, 11, 23))
    page = system_markdown(data, "invoice-ocr")
    row = re.search(r'<tr data-item="training.advanced-hpo".*?</tr>', page, re.S)
    assert row is not None
    assert ('<a href="https://git.example.com/finance-automation/invoice-ocr/-/blob/main/train/tune.py#L12" '
            'rel="noopener nofollow" title="repo:train/tune.py#L12">train/tune.py:12</a>') in row.group(0)
