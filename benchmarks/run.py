"""Speed benchmarks. They print ratios, never pass/fail on seconds (machines differ).

- fast vs round-trip: loading a portfolio with the C safe parser (what every command
  and the site do) against parsing the same files in ruamel's round-trip mode (what
  only edits and error positions need). Higher is better.
- scaling: time for 4N systems over time for N. About 4 means linear.
- site build per system: `mkdocs build` time with 4N systems over N (if mkdocs is installed
  and --site is given; it takes minutes).

Usage: python benchmarks/run.py [--systems N] [--site]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from maturity.core.portfolio import portfolio_status
from maturity.store.load import load_portfolio
from maturity.store.yamlio import round_trip_yaml

REPO = Path(__file__).resolve().parents[1]


def make_portfolio(target: Path, systems: int) -> Path:
    """A portfolio of ``systems`` copies of the shipped examples, under fresh slugs.

    Each copy's snapshots move back by a few days (``n % 83``), so copies differ in what
    their charts show: the site's chart memo does not hide the cost of drawing them.
    """
    shutil.copytree(REPO / "rubrics", target / "rubrics")
    examples = sorted(p for p in (REPO / "assessments").iterdir() if p.is_dir())
    for n in range(systems):
        source = examples[n % len(examples)]
        folder = target / "assessments" / f"{source.name}-{n:04d}"
        folder.mkdir(parents=True)
        shift = dt.timedelta(days=n % 83)
        for path in source.glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            try:
                day = dt.date.fromisoformat(path.stem)
            except ValueError:  # system.yaml
                (folder / path.name).write_text(text, encoding="utf-8")
                continue
            moved = (day - shift).isoformat()
            text = text.replace(f"\ndate: {day.isoformat()}", f"\ndate: {moved}", 1)
            (folder / f"{moved}.yaml").write_text(text, encoding="utf-8")
    return target


def best_of(runs: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def load_and_score(root: Path) -> None:
    portfolio_status(load_portfolio(root))


def round_trip_all(root: Path) -> None:
    yaml = round_trip_yaml()
    for path in sorted(root.glob("**/*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--systems", type=int, default=100)
    parser.add_argument("--site", action="store_true", help="also time mkdocs build (slow)")
    args = parser.parse_args()
    n = args.systems
    with tempfile.TemporaryDirectory() as tmp:
        small = make_portfolio(Path(tmp) / "small", n)
        large = make_portfolio(Path(tmp) / "large", 4 * n)
        files = len(list(small.glob("assessments/**/*.yaml")))
        print(f"portfolio: {n} systems ({files} YAML files) and {4 * n} systems")
        t_fast = best_of(3, lambda: load_and_score(small))
        t_rt = best_of(3, lambda: round_trip_all(small))
        t_large = best_of(3, lambda: load_and_score(large))
        print(f"load+score {n} systems: {t_fast * 1000:.0f} ms ({t_fast / n * 1000:.2f} ms per system)")
        print(f"ratio round-trip parse only / fast load+validate+score: {t_rt / t_fast:.1f}x")
        print(f"ratio {4 * n} systems / {n} systems (4.0 = linear): {t_large / t_fast:.2f}")
        if args.site:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            times = []
            for root in (small, large):
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"),
                     "-d", str(root / "site")],
                    check=True, env={**env, "MATURITY_ROOT": str(root)},
                )
                times.append(time.perf_counter() - start)
            print(f"site build {n} systems: {times[0]:.1f} s; {4 * n} systems: {times[1]:.1f} s")
            print(f"ratio site build {4 * n} / {n} systems (4.0 = linear): {times[1] / times[0]:.2f}")


if __name__ == "__main__":
    main()
