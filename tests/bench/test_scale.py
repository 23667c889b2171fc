"""The scale benchmark (benchmarks/) works end to end on a small portfolio, so that it
cannot rot between the times someone runs ``make bench``. Nothing here checks a time:
machines differ, and the benchmark only prints its ratios."""

from __future__ import annotations

import importlib.util
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO / "benchmarks"
MATURITY = Path(sys.executable).parent / "maturity"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MATURITY), "--root", str(root), "validate"],
                          capture_output=True, text=True, timeout=300)


def test_generated_portfolio_is_valid_varied_and_deterministic(tmp_path: Path) -> None:
    generate = _module("generate")
    big = generate.generate(tmp_path / "big", 8, 3, seed=7, examples=False)
    again = generate.generate(tmp_path / "again", 8, 3, seed=7, examples=False)
    small = generate.generate(tmp_path / "small", 4, 3, seed=7, examples=False)
    other = generate.generate(tmp_path / "other", 8, 3, seed=8, examples=False)

    proc = _validate(big)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = _tree(big)
    assert files == _tree(again), "the same seed makes the same portfolio"
    assert _tree(small).items() <= files.items(), "system n does not depend on how many systems there are"
    assert files != _tree(other)
    snapshots = [t.decode() for p, t in files.items() if re.search(r"/\d{4}-\d{2}-\d{2}\.yaml$", p)]
    assert len(snapshots) == 8 * 3
    assert len([p for p in files if p.endswith("/system.yaml")]) == 8
    text = "\n".join(snapshots)
    assert {"rubric: google-mlops@1", "rubric: azure-mlops@1"} <= set(re.findall(r"^rubric: \S+", text, re.M))
    for status in ("done", "partial", "todo", "na"):
        assert f"status: {status}" in text
    assert "evidence: [\"https://" in text and "note: " in text and "\nplan:\n" in text
    assert re.search(r"^  [a-z-]+\.[a-z-]+:   # ", text, re.M), "an item listed but not answered"
    assert max(dt for dt in re.findall(r"^date: (\S+)", text, re.M)) <= generate.END.isoformat()


@pytest.mark.site
def test_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    work, results, tables = tmp_path / "work", tmp_path / "results.json", tmp_path / "figures.md"
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--systems", "8", "--snapshots", "2",
         "--repeat", "1", "--probe-files", "200",
         "--keep", str(work), "--json", str(results), "--markdown", str(tables)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    # 8 × (system.yaml + 2 snapshots), plus the example portfolio the docs' pages name
    counted = re.search(r"8 systems × 2 snapshots = (\d+) files", out)
    assert counted and int(counted.group(1)) >= 24, out
    for name in ("validate / parse", "export / parse", "site / floor"):
        match = re.search(rf"^ratio {re.escape(name)}: (\S+)  \(target ≤ [\d.]+: (PASS|MISS)", out, re.M)
        assert match, f"no ratio line for {name}:\n{out}"
        assert math.isfinite(float(match.group(1))) and float(match.group(1)) > 0
    for key in ("validate", "export", "site"):
        match = re.search(rf"^peak memory {key}: (\d+) MiB", out, re.M)
        assert match and int(match.group(1)) > 0, out
    for key in ("validate", "export"):
        assert re.search(rf"^scaling {key} 8 / 2 systems: [\d.]+", out, re.M), out
    probe = r"^probe of a 200-file repository: [\d.]+ s  \(target < 2 s: (PASS|MISS); "
    assert re.search(probe, out, re.M), out
    assert re.search(r"^floor check: \d+ pages, same HTML and search index as the site: yes$", out, re.M), out
    figures = json.loads(results.read_text(encoding="utf-8"))
    assert figures["files"] >= 24 and figures["ratios"]["site / floor"]["value"] > 0
    assert re.search(r"^\| `maturity validate` \| [\d.]+ \| [\d.]+ \| \d+ \| the parse \| ",
                     tables.read_text(encoding="utf-8"), re.M)
    assert _validate(work / "portfolio").returncode == 0
