"""Every check and edit is linear in its input: a large input against a small one (a ratio).

Each test builds the same kind of hostile file at two sizes, ``SCALE`` times apart, and
times the work on each (CPU time of this process, the best of a few runs, so a busy
machine does not decide). Linear work takes about ``SCALE`` times as long; work that is
quadratic in the size takes about ``SCALE**2`` (64 times). The bound sits between.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from maturity.core.diff import diff_portfolios
from maturity.store.edit import reassess, set_answer
from maturity.store.load import portfolio_at_leniently
from maturity.store.validate import validate
from tests.workflow.portfolios import commit_all, init_repo

BASE = Path(__file__).parent / "base"
SNAPSHOT = "assessments/demo/2026-01-10.yaml"
SCALE = 8
BOUND = 2 * SCALE  # linear: about SCALE (less, with the fixed costs); quadratic: SCALE**2


def _cpu(work: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return max(best, 1e-3)


def _portfolio(into: Path, extra: str, after: str = "answers:\n") -> Path:
    root = into
    shutil.copytree(BASE, root)
    path = root / SNAPSHOT
    path.write_text(path.read_text("utf-8").replace(after, after + extra, 1), "utf-8")
    return root


def _unknown_items(count: int) -> str:
    return "".join(f"  x.unknown-{n}: done\n" for n in range(count))


def _comments(count: int) -> str:
    return "  # the same comment line\n" * count  # alike lines: the worst case of a line diff


def _ratio(small: Callable[[], object], large: Callable[[], object]) -> float:
    return _cpu(large) / _cpu(small)


def test_validate_is_linear_in_unknown_items(tmp_path: Path) -> None:
    small = _portfolio(tmp_path / "small", _unknown_items(500))
    large = _portfolio(tmp_path / "large", _unknown_items(500 * SCALE))
    assert len(validate(large)) == 500 * SCALE  # one problem per unknown item, each found
    ratio = _ratio(lambda: validate(small), lambda: validate(large))
    assert ratio < BOUND, f"validate: {SCALE}x the unknown items took {ratio:.1f}x as long"


def _set_back_and_forth(root: Path) -> Callable[[], object]:
    def work() -> None:
        set_answer(root, "demo", "data.monitored", "done")
        set_answer(root, "demo", "data.monitored", "todo")
    return work


def test_set_is_linear_in_comment_lines(tmp_path: Path) -> None:
    small = _portfolio(tmp_path / "small", _comments(500), after="  data.monitored: todo\n")
    large = _portfolio(tmp_path / "large", _comments(500 * SCALE), after="  data.monitored: todo\n")
    before = (large / SNAPSHOT).read_text("utf-8")
    ratio = _ratio(_set_back_and_forth(small), _set_back_and_forth(large))
    assert (large / SNAPSHOT).read_text("utf-8") == before  # every comment kept, byte for byte
    assert ratio < BOUND, f"set: {SCALE}x the comment lines took {ratio:.1f}x as long"


def _reassess_again(root: Path) -> Callable[[], object]:
    def work() -> None:
        (root / "assessments/demo/2026-02-01.yaml").unlink(missing_ok=True)
        reassess(root, "demo", dt.date(2026, 2, 1), ["Alice"])
    return work


def test_reassess_is_linear_in_comment_lines(tmp_path: Path) -> None:
    small = _portfolio(tmp_path / "small", _comments(500), after="  data.monitored: todo\n")
    large = _portfolio(tmp_path / "large", _comments(500 * SCALE), after="  data.monitored: todo\n")
    ratio = _ratio(_reassess_again(small), _reassess_again(large))
    assert (large / "assessments/demo/2026-02-01.yaml").read_text("utf-8").count("same comment line") == 4000
    assert ratio < BOUND, f"reassess: {SCALE}x the comment lines took {ratio:.1f}x as long"


def _repository(into: Path, count: int) -> Path:
    root = _portfolio(into, "".join(f"  x.unknown-{n}: done  # {n}\n" for n in range(count)))
    init_repo(root)
    commit_all(root, "base")
    path = root / SNAPSHOT
    path.write_text(path.read_text("utf-8").replace("data.monitored: todo", "data.monitored: done"), "utf-8")
    commit_all(root, "head")
    return root


def _diff(root: Path) -> Callable[[], object]:
    def work() -> None:
        before, _ = portfolio_at_leniently(root, "HEAD~1")
        after, _ = portfolio_at_leniently(root, "HEAD")
        diff_portfolios(before, after, "HEAD~1", "HEAD", dt.date(2026, 11, 23))
    return work


def test_diff_between_revisions_is_linear_in_the_snapshot(tmp_path: Path) -> None:
    small = _repository(tmp_path / "small", 300)
    large = _repository(tmp_path / "large", 300 * SCALE)
    ratio = _ratio(_diff(small), _diff(large))
    assert ratio < BOUND, f"diff: {SCALE}x the snapshot took {ratio:.1f}x as long"
