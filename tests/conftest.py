"""Fixtures shared by every test folder."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23"  # "today" for every test and every command a test runs


@pytest.fixture(autouse=True, scope="session")
def pinned_as_of() -> Iterator[None]:
    """Scores are computed as of a date (evidence ages, N/As expire, targets fall due):
    MATURITY_AS_OF pins it, so the example portfolio scores the same on any day."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MATURITY_AS_OF", AS_OF)
        yield


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository itself (read only: never write here from a test)."""
    return REPO


@pytest.fixture
def example_root(tmp_path: Path) -> Path:
    """A writable copy of the shipped rubrics and example assessments."""
    root = tmp_path / "portfolio"
    root.mkdir()
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    shutil.copytree(REPO / "assessments", root / "assessments")
    shutil.copytree(REPO / "campaigns", root / "campaigns")
    return root



def _running_loop() -> str | None:
    running = asyncio._get_running_loop()
    return None if running is None else repr(running)


@pytest.fixture(autouse=True)
def no_event_loop_left_running() -> Iterator[None]:
    """A test (or the code it runs) must not leave an event loop running in the main
    thread: later tests (Playwright's sync API, asyncio.run) would fail far from the cause.
    A loop a wider fixture holds (a module's browser) is checked when that fixture ends."""
    before = _running_loop()
    yield
    after = _running_loop()
    if after is not None and before is None:
        pytest.fail(f"this test left an event loop running in the main thread: {after}", pytrace=False)


@pytest.fixture(autouse=True, scope="module")
def no_event_loop_left_running_by_the_module() -> Iterator[None]:
    """Checked after the module's own fixtures are torn down (a session-scoped fixture
    holding a running loop, such as an open Playwright, is caught at the module that started it)."""
    before = _running_loop()
    yield
    after = _running_loop()
    if after is not None and before is None:
        pytest.fail(f"this module's tests or fixtures left an event loop running in the main thread: {after}",
                    pytrace=False)
