"""The link-check results file: written whole and sorted, read back, refused when broken."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from maturity.store.linkresults import (
    LinkResult,
    LinkResultsError,
    LinkTarget,
    read_results,
    write_results,
)

DAY = datetime.date(2026, 8, 3)


def target(evidence: str, line: int = 1) -> LinkTarget:
    return LinkTarget(evidence, "assessments/demo/2026-08-01.yaml", line, 5, "demo", "data.catalog")


# --------------------------------------------------------------------------- the results file


def result(evidence: str, line: int, ok: bool, why: str, status: int | None = None) -> LinkResult:
    final = evidence if evidence.startswith("http") else None
    return LinkResult(target(evidence, line), ok, why, status, final, DAY)


def test_results_round_trip(tmp_path: Path) -> None:
    """What ``write_results`` writes, ``read_results`` reads back, keyed by evidence,
    each citation kept; the file is sorted and written whole."""
    web = "https://example.org"
    links = [f"{web}/missing", "docs/runbook.md", f"{web}/ok", f"{web}/missing"]
    results = [
        result(links[0], 1, False, "404 Not Found", 404),
        result(links[1], 2, True, "exists"),
        result(links[2], 3, True, "200 OK", 200),
        result(links[3], 4, False, "404 Not Found", 404),
    ]
    file = tmp_path / "build" / "links.json"
    write_results(results, file, today=DAY)
    assert sorted(p.name for p in file.parent.iterdir()) == ["links.json"]  # no staging file left

    document = json.loads(file.read_text())
    assert list(document["links"]) == sorted(set(links))
    assert document["summary"] == {"links": 3, "broken": 1}
    assert document["checked"] == "2026-08-03"

    read = read_results(file)
    missing = read[f"{web}/missing"]
    assert (missing.ok, missing.why, missing.status, missing.checked) == (
        False, "404 Not Found", 404, DAY
    )
    assert [c.line for c in missing.cited] == [1, 4]
    assert missing.cited[0] == target(f"{web}/missing", 1)
    assert read["docs/runbook.md"].ok and read["docs/runbook.md"].final_url is None

    before = file.read_bytes()
    write_results(list(reversed(results)), file, today=DAY)
    assert file.read_bytes() == before  # stable order, whatever the order of the results


def test_missing_results_file_reads_as_empty(tmp_path: Path) -> None:
    """No results file yet (links never checked): nothing is marked."""
    assert read_results(tmp_path / "links.json") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "not a link-check results file"),
        ('{"format": "maturity-link-check", "version": 99, "links": {}}', "format version 99"),
        ('{"format": "maturity-link-check", "version": 1, "links": []}', "'links' is not an object"),
        (
            '{"format": "maturity-link-check", "version": 1, "links": {"x": {"ok": "yes"}}}',
            "link 'x': 'cited' is missing",
        ),
        (
            '{"format": "maturity-link-check", "version": 1, "links": {"x": {"ok": true, "why": "",'
            ' "status": null, "final_url": null, "checked": "yesterday", "cited": []}}}',
            "'checked' is not a date",
        ),
    ],
)
def test_broken_results_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    """A results file that is not one raises LinkResultsError naming the file."""
    file = tmp_path / "links.json"
    file.write_text(text)
    with pytest.raises(LinkResultsError, match=message) as raised:
        read_results(file)
    assert str(file) in str(raised.value)


def test_results_file_that_is_not_a_regular_file(tmp_path: Path) -> None:
    """A folder or a FIFO in the results file's place is an error, and never blocks."""
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    for name in ("folder", "fifo"):
        with pytest.raises(LinkResultsError, match="not a regular file"):
            read_results(tmp_path / name)
