"""Site fixtures: real ``mkdocs build --strict`` runs (once per session each), a local
HTTP server for the built site, and headless Chromium driven by Playwright."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from maturity.store.load import load_portfolio

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
HOSTILE_ID = "hostile-example"
XSS = "window.__xss"


@dataclass(frozen=True)
class Built:
    """A site built for real from one portfolio folder."""

    root: Path  # holds rubrics/ and assessments/
    site: Path
    as_of: dt.date
    seconds: float
    log: str

    def html(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / rel).read_text(encoding="utf-8"), "html.parser")


def newest_snapshot_date(root: Path) -> dt.date:
    portfolio = load_portfolio(root)
    return max(s.current.date for s in portfolio.systems)


def build_site(repo: Path, root: Path, out: Path, notebooks: Path, as_of: dt.date) -> Built:
    """``mkdocs build --strict`` of the repository's site on the portfolio in ``root``."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MATURITY_ROOT": str(root),
        "MATURITY_AS_OF": as_of.isoformat(),
        "MATURITY_NOTEBOOKS": str(notebooks),
    }
    work = out.parent / (out.name + "-cwd")  # mkdocs-jupyter's cache lands here, not in the repo
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "-f", str(repo / "mkdocs.yml"), "-d", str(out)],
        cwd=work, env=env, capture_output=True, text=True, timeout=600,
    )
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return Built(root, out, as_of, seconds, proc.stdout + proc.stderr)


def copy_portfolio(repo: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copytree(repo / "rubrics", dest / "rubrics")
    shutil.copytree(repo / "assessments", dest / "assessments")
    shutil.copytree(repo / "campaigns", dest / "campaigns")
    return dest


@pytest.fixture(scope="session")
def built(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped example portfolio, built once; "today" pinned to its newest snapshot."""
    base = tmp_path_factory.mktemp("examples")
    root = copy_portfolio(repo, base / "portfolio")
    empty = base / "no-notebooks"  # exists but holds no notebook
    empty.mkdir()
    return build_site(repo, root, base / "site", empty, newest_snapshot_date(root))


def write_hostile_system(root: Path) -> None:
    """A system whose every text field tries to run script or a template."""
    folder = root / "assessments" / HOSTILE_ID
    folder.mkdir()
    meta = {
        "name": "</title><script>window.__xss=1</script> Hostile {{ 7*7 }} {% raw %}",
        "owner": "<img src=x onerror=\"window.__xss=2\"> [owner](javascript:alert(1))",
        "description": "*emph* <iframe src=\"javascript:alert(1)\"></iframe> {{ config }}",
        "target_level": 2,
        "tags": ["<b>bold</b>", "{{ 7*7 }}"],
    }
    snapshot = {
        "rubric": "google-mlops@1",
        "date": "2026-01-10",
        "assessors": ["<svg onload=\"window.__xss=3\">"],
        "summary": "[click me](javascript:alert(1)) <script>window.__xss=4</script>",
        "declared": {"data": 3},
        "answers": {
            "data.centralized-storage": {
                "status": "done",
                "note": "<script>window.__xss=5</script>",
                "evidence": [
                    "https://example.org/a?b=<c>&d=\"e\"",
                    "notes/x\" onmouseover=\"window.__xss=6\".md",
                ],
            },
            "data.versioning": {"status": "na", "note": "[click](javascript:alert(1)) {{ 7*7 }}"},
            "data.catalog": {"status": "todo", "note": "a | pipe ``code`` **bold**"},
        },
        "plan": [
            {"item": "data.catalog", "priority": 1,
             "task": "<img src=x onerror=\"window.__xss=7\">", "owner": "{{ 7*7 }}"},
        ],
    }
    (folder / "system.yaml").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    rubric = (root / "rubrics" / "google-mlops.yaml").read_text(encoding="utf-8")
    rubric = rubric.replace("id: google-mlops\n", "id: hostile-rubric\n", 1).replace(
        "title: ", "title: <img src=x onerror=window.__xss=8> {{ 7*7 }} ", 1
    )
    (root / "rubrics" / "hostile-rubric.yaml").write_text(rubric, encoding="utf-8")
    (folder / "2026-01-10.yaml").write_text(json.dumps(snapshot, indent=2), encoding="utf-8")


@pytest.fixture(scope="session")
def hostile(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The examples plus a hostile system, built once."""
    base = tmp_path_factory.mktemp("hostile")
    root = copy_portfolio(repo, base / "portfolio")
    write_hostile_system(root)
    load_portfolio(root)  # the hostile system is valid input: the site must cope with it
    empty = base / "no-notebooks"
    empty.mkdir()
    return build_site(repo, root, base / "site", empty, newest_snapshot_date(root))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1 at a free port, from a daemon thread."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(built: Built) -> Iterator[str]:
    server, url = serve(built.site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def hostile_url(hostile: Built) -> Iterator[str]:
    server, url = serve(hostile.site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright; a browser that cannot start fails the test.

    One per test module: Playwright's sync API runs its event loop in the main thread while
    it is open, so a browser kept for the session would break every later asyncio.run (and
    a second sync_playwright, e.g. a module that imports this fixture, refuses to start)."""
    from playwright.sync_api import Error, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (make chromium, or "
            "apt-get install -y chromium) to run the browser tests", pytrace=False,
        )
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            pytest.fail(f"Chromium ({CHROMIUM}) did not start: {error}", pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts(repo: Path) -> Path:
    """Screenshots go to test-artifacts/site/ (git-ignored)."""
    folder = repo / "test-artifacts" / "site"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
