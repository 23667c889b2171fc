"""The system page shows a probe's answer by its short label, the probe's question and
"found by probe at <commit>, <date>" (the example portfolio's invoice-ocr, rendered directly)."""

from __future__ import annotations

import datetime as dt
import re

from maturity.site.data import SiteData
from maturity.site.system_view import system_markdown
from tests.conftest import REPO


def test_the_example_system_page_shows_probe_evidence() -> None:
    data = SiteData.load(REPO, as_of=dt.date(2026, 11, 23))
    page = system_markdown(data, "invoice-ocr")
    row = re.search(r'<tr data-item="infrastructure.auto-scaling".*?</tr>', page, re.S)
    assert row is not None
    cell = row.group(0)
    assert ('<a href="https://git.example.com/finance-automation/invoice-ocr/-/blob/main/deploy/hpa.yaml#L2" '
            'rel="noopener nofollow">deploy/hpa.yaml:2</a>') in cell
    assert '<span class="mt-probe" data-probes="autoscaling">found by probe, 2026-11-23</span>' in cell
    assert "Do inference endpoints scale with load?" in cell
    person = re.search(r'<tr data-item="infrastructure.iac".*?</tr>', page, re.S)
    assert person is not None and "found by probe" not in person.group(0)  # a person's answer
