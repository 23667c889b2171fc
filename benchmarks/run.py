"""Scale benchmark: prints speed and memory ratios, never fails on seconds (machines differ).

Generates a realistic portfolio (benchmarks/generate.py: N systems × K quarterly
snapshots, both shipped rubrics), then, in one run and interleaved (A, B, C, A, B, C…),
times each of these as a child process, and takes the median over the repeats:

- the baseline: a bare PyYAML C-loader parse of every YAML file ``maturity validate``
  reads (benchmarks/yaml_parse.py);
- ``maturity validate`` and ``maturity export --format json`` on the same files;
- ``maturity validate`` and ``export`` on the first N/4 systems: the scaling ratio
  (4.0 = linear; more means work that grows faster than the portfolio);
- ``mkdocs build --strict`` of the real site (the repository's mkdocs.yml, on the
  generated portfolio through MATURITY_ROOT);
- ``maturity site build --engine zensical`` of the same site (generate, then Zensical
  with ``--clean``), printed as a ratio to the MkDocs build (no target: for choosing
  an engine);
- the floor: the same pages built by Material alone (benchmarks/floor.py: same theme,
  extensions, search and nav, no macros, notebooks or hooks; each page's finished
  article, cut from the real build, put in place by a hook that bypasses Markdown).
  The run checks that the floor builds the same HTML and search index as the site.

It prints each measurement (wall and CPU seconds, peak memory: see
benchmarks/measure.py), the ratios with the targets of issue 13 beside them (set for
1,000 systems × 8 snapshots, about 9,000 files) and PASS or MISS.

The product is a black box here: only its console script and ``mkdocs build`` run.

Usage: python benchmarks/run.py [--systems N] [--snapshots K] [--repeat R] [--quick]
                                [--no-site] [--keep DIR] [--json FILE] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import floor
import generate
import measure
import probe_repo
from measure import Sample

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
AS_OF = generate.END  # scores and staleness as of the newest possible snapshot: same every day

PARSE_RATIO_TARGET = 0.5  # validate and export, each against the bare parse
SITE_RATIO_TARGET = 1.25  # the site build against the floor
MEMORY_TARGET_MIB = 1024  # peak memory of validate, export and the site build
PROBE_FILES = 5000  # `maturity probe` on a generated repository of this many files
PROBE_TARGET_S = 2.0  # issue 19: under 2 s on the 2-core machine
QUICK = {"systems": 100, "snapshots": 8, "repeat": 1}


@dataclass
class Task:
    key: str
    label: str
    command: list[str]
    samples: list[Sample] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return float(statistics.median(getattr(s, attribute) for s in self.samples))

    def median_tree_rss(self) -> float | None:
        """Median peak tree RSS in MiB (None where /proc could not be sampled)."""
        values = [s.tree_rss_mib for s in self.samples if s.tree_rss_mib is not None]
        return float(statistics.median(values)) if values else None


def console_script(name: str) -> str:
    """The console script installed next to this interpreter (the project's venv)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        sys.exit(f"no `{name}` command: run `make install` first")
    return found


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(ram / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.date.today().isoformat(),
        "load_at_start": round(os.getloadavg()[0], 1),
    }


def portfolio_size(root: Path) -> tuple[int, int]:
    """YAML files under assessments/ and their total size in bytes."""
    files = list(root.glob("assessments/*/*.yaml"))
    return len(files), sum(p.stat().st_size for p in files)


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--systems", type=int, help="systems in the portfolio (default 1000)")
    parser.add_argument("--snapshots", type=int, help="snapshots per system (default 8)")
    parser.add_argument("--repeat", type=int, help="interleaved runs of each measurement; the median is kept "
                        "(default 3)")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK['systems']} systems × {QUICK['snapshots']} snapshots, one run")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--probe-files", type=int, default=PROBE_FILES,
                        help=f"files of the repository `maturity probe` reads (default {PROBE_FILES})")
    parser.add_argument("--no-site", dest="site", action="store_false", help="skip the site and floor builds")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (portfolio, sites, logs)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--markdown", type=Path,
                        help="also write the figures as Markdown tables (for docs/performance.md)")
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else {"systems": 1000, "snapshots": 8, "repeat": 3}
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        bench(args, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="maturity-bench-") as tmp:
            bench(args, Path(tmp))


def bench(args: argparse.Namespace, work: Path) -> None:
    info = machine()
    for folder in ("portfolio", "portfolio-quarter"):  # from an earlier run with --keep
        shutil.rmtree(work / folder, ignore_errors=True)
    portfolio = generate.generate(work / "portfolio", args.systems, args.snapshots, args.seed)
    files, size = portfolio_size(portfolio)
    print(f"scale benchmark: {args.systems} systems × {args.snapshots} snapshots = {files} files, "
          f"{size / 1e6:.1f} MB (seed {args.seed}); median of {args.repeat} interleaved run(s)")
    print(f"machine: {info['cores']} cores ({info['cpu']}), {info['ram_gib']} GiB RAM, "
          f"Python {info['python']}, {info['platform']}; load average {info['load_at_start']} at start",
          flush=True)
    quarter = args.systems // 4
    small = generate.generate(work / "portfolio-quarter", quarter, args.snapshots, args.seed) \
        if quarter >= 2 else None
    shutil.rmtree(work / "probe-repo", ignore_errors=True)
    probe_repo.generate(work / "probe-repo", args.probe_files)
    (work / "probe-root").mkdir(exist_ok=True)
    tasks = make_tasks(args, work, portfolio, small)
    figures: dict[str, Any] = {
        "systems": args.systems, "snapshots": args.snapshots, "files": files,
        "megabytes": round(size / 1e6, 1), "seed": args.seed, "repeat": args.repeat,
        "quarter": quarter if small is not None else None, "machine": info,
    }

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MATURITY_ROOT": str(portfolio),
           "MATURITY_AS_OF": AS_OF.isoformat(), "MATURITY_NOTEBOOKS": str(work / "no-notebooks")}
    for folder in ("no-notebooks", "cwd", "logs"):  # publish no notebooks; mkdocs-jupyter's cache
        (work / folder).mkdir(exist_ok=True)      # lands in cwd/, not in the repository
    for run in range(1, args.repeat + 1):
        line = [f"run {run}/{args.repeat}:"]
        for task in tasks:
            if task.key == "floor" and "floor_pages" not in figures:  # made from the first real build
                made = floor.prepare(REPO / "mkdocs.yml", work / "site", work / "floor")
                figures["floor_pages"] = made.pages
            sample = measure.run(task.command, env=env, cwd=work / "cwd",
                                 log=work / "logs" / f"{task.key}-{run}.log")
            task.samples.append(sample)
            line.append(f"{task.key} {sample.wall:.2f} s")
        print("  ".join(line), flush=True)
        figures |= summary(tasks, args.probe_files)
        if args.json is not None:  # after every run: a long run stopped early still leaves figures
            args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    if args.site:
        found = floor.differences(work / "site", work / "floor" / "site")
        figures["floor_same"] = not found
        figures["floor_differences"] = found[:20]
    figures["load_at_end"] = round(os.getloadavg()[0], 1)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(report(tasks, figures))
    if args.markdown is not None:
        args.markdown.write_text(markdown(figures), encoding="utf-8")


def make_tasks(args: argparse.Namespace, work: Path, portfolio: Path, small: Path | None) -> list[Task]:
    """What each run measures, in the order it measures it."""
    maturity = console_script("maturity")
    as_of = AS_OF.isoformat()

    def export(root: Path, out: str) -> list[str]:
        return [maturity, "--root", str(root), "export", "--format", "json", "-o", str(work / out),
                "--as-of", as_of]

    tasks = [
        Task("parse", "PyYAML C-loader parse (baseline)",
             [sys.executable, str(HERE / "yaml_parse.py"), str(portfolio)]),
        Task("validate", "maturity validate", [maturity, "--root", str(portfolio), "validate"]),
        Task("export", "maturity export --format json", export(portfolio, "portfolio.json")),
    ]
    tasks += [
        Task("startup", "maturity --version (start-up floor)", [maturity, "--version"]),
        Task("probe", f"maturity probe, {args.probe_files:,}-file repository",
             [maturity, "probe", str(work / "probe-repo"), "--root", str(work / "probe-root"),
              "--format", "json"]),
    ]
    if small is not None:
        quarter = args.systems // 4
        tasks += [
            Task("validate-quarter", f"maturity validate, {quarter} systems",
                 [maturity, "--root", str(small), "validate"]),
            Task("export-quarter", f"maturity export, {quarter} systems",
                 export(small, "portfolio-quarter.json")),
        ]
    if args.site:
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
        tasks += [
            Task("site", "mkdocs build (the site)",
                 [*mkdocs, "-f", str(REPO / "mkdocs.yml"), "-d", str(work / "site")]),
            Task("floor", "mkdocs build (the floor: Material alone)",
                 [*mkdocs, "-f", str(work / "floor" / "mkdocs.yml"), "-d", str(work / "floor" / "site")]),
        ]
        if importlib.util.find_spec("zensical") is not None:
            tasks.append(Task(
                "zensical", "maturity site build --engine zensical",
                [maturity, "site", "build", "--engine", "zensical", "-f", str(REPO / "mkdocs.yml"),
                 "--out", str(work / "zensical-src"), "-d", str(work / "zensical-site")]))
    return tasks


def _rounded(wall: float, cpu: float, max_rss_mib: float, tree_rss_mib: float | None) -> dict[str, Any]:
    return {"wall": round(wall, 3), "cpu": round(cpu, 3), "max_rss_mib": round(max_rss_mib),
            "tree_rss_mib": None if tree_rss_mib is None else round(tree_rss_mib)}


RATIOS = (("validate", "parse", PARSE_RATIO_TARGET), ("export", "parse", PARSE_RATIO_TARGET),
          ("site", "floor", SITE_RATIO_TARGET))


def summary(tasks: Sequence[Task], probe_files: int = PROBE_FILES) -> dict[str, Any]:
    """Medians, every sample, and the ratios with their targets and verdicts."""
    by_key = {t.key: t for t in tasks}
    out: dict[str, Any] = {
        "median": {t.key: {"label": t.label, **_rounded(t.median("wall"), t.median("cpu"),
                                                        t.median("max_rss_mib"), t.median_tree_rss())}
                   for t in tasks},
        "samples": {t.key: [_rounded(s.wall, s.cpu, s.max_rss_mib, s.tree_rss_mib) for s in t.samples]
                    for t in tasks},
        "ratios": {},
        "memory": {},
        "scaling": {},
    }
    for key, base, target in RATIOS:
        if key in by_key and base in by_key:
            value = by_key[key].median("wall") / by_key[base].median("wall")
            cpu = by_key[key].median("cpu") / by_key[base].median("cpu")
            out["ratios"][f"{key} / {base}"] = {
                "value": round(value, 3), "cpu": round(cpu, 3), "target": target,
                "verdict": verdict(value, target)}
    if "zensical" in by_key and "site" in by_key:  # no target: for choosing an engine
        out["engines"] = {"zensical / site": {
            "value": round(by_key["zensical"].median("wall") / by_key["site"].median("wall"), 3),
            "cpu": round(by_key["zensical"].median("cpu") / by_key["site"].median("cpu"), 3)}}
    for key in ("validate", "export", "site"):
        if key in by_key:
            peak = by_key[key].median("max_rss_mib")
            out["memory"][key] = {"value": round(peak), "target": MEMORY_TARGET_MIB,
                                  "verdict": verdict(peak, MEMORY_TARGET_MIB)}
    if "probe" in by_key and "startup" in by_key:
        wall = by_key["probe"].median("wall")
        out["probe"] = {"files": probe_files, "wall": round(wall, 3),
                        "cpu": round(by_key["probe"].median("cpu"), 3), "target_s": PROBE_TARGET_S,
                        "verdict": verdict(wall, PROBE_TARGET_S),
                        "startup_ratio": round(wall / by_key["startup"].median("wall"), 3)}
    for key in ("validate", "export"):
        if f"{key}-quarter" in by_key:
            quarter = by_key[f"{key}-quarter"]
            out["scaling"][key] = {
                "value": round(by_key[key].median("wall") / quarter.median("wall"), 3),
                "cpu": round(by_key[key].median("cpu") / quarter.median("cpu"), 3)}
    return out


def report(tasks: Sequence[Task], figures: dict[str, Any]) -> str:
    lines = [f"{'median of ' + str(figures['repeat']) + ' run(s)':<44}{'wall s':>9}{'CPU s':>9}"
             f"{'peak RSS MiB':>15}{'tree RSS MiB':>15}"]
    for task in tasks:
        m = figures["median"][task.key]
        tree = "n/a" if m["tree_rss_mib"] is None else str(m["tree_rss_mib"])
        lines.append(f"{task.label:<44}{m['wall']:>9.2f}{m['cpu']:>9.2f}{m['max_rss_mib']:>15}{tree:>15}")
    lines.append("")
    for name, r in figures["ratios"].items():
        lines.append(f"ratio {name}: {r['value']:.2f}  (target ≤ {r['target']:.2f}: {r['verdict']}; "
                     f"CPU time ratio {r['cpu']:.2f})")
    for name, r in figures.get("engines", {}).items():
        lines.append(f"engine ratio {name}: {r['value']:.2f}  (no target; CPU time ratio {r['cpu']:.2f}; "
                     "Zensical's own threads count in wall time only)")
    for key, m in figures["memory"].items():
        lines.append(f"peak memory {key}: {m['value']} MiB  (target ≤ {m['target']} MiB: {m['verdict']})")
    for key, r in figures["scaling"].items():
        lines.append(f"scaling {key} {figures['systems']} / {figures['quarter']} systems: {r['value']:.2f}  "
                     f"(4.00 = linear; CPU time ratio {r['cpu']:.2f})")
    if "probe" in figures:
        p = figures["probe"]
        lines.append(f"probe of a {p['files']:,}-file repository: {p['wall']:.2f} s  (target < "
                     f"{p['target_s']:.0f} s: {p['verdict']}; CPU {p['cpu']:.2f} s; "
                     f"{p['startup_ratio']:.2f}× the start-up floor)")
    if "floor_same" in figures:
        found = figures["floor_differences"]
        same = "yes" if not found else f"NO, {len(found)} differ: " + "; ".join(found[:5])
        lines.append(f"floor check: {figures['floor_pages']} pages, "
                     f"same HTML and search index as the site: {same}")
    lines.append(f"load average: {figures['machine']['load_at_start']} at start, "
                 f"{figures['load_at_end']} at end ({figures['machine']['cores']} cores)")
    if (figures["systems"], figures["snapshots"]) != (1000, 8):
        lines.append("(the targets are set for 1,000 systems × 8 snapshots)")
    return "\n".join(lines)


BASES = {"validate": "parse", "export": "parse", "site": "floor", "zensical": "site"}
LABELS = {
    "parse": "bare PyYAML C-loader parse", "validate": "`maturity validate`",
    "export": "`maturity export --format json`", "site": "`mkdocs build` (the site)",
    "floor": "the floor (Material alone)", "zensical": "`maturity site build --engine zensical`",
}


def markdown(figures: dict[str, Any]) -> str:
    """The figures as the Performance page shows them."""
    m = figures["machine"]
    rows = [
        f"{figures['systems']:,} systems × {figures['snapshots']} snapshots: {figures['files']:,} files, "
        f"{figures['megabytes']} MB; median of {figures['repeat']} interleaved runs; measured "
        f"{m['date']} on {m['cores']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, Python {m['python']}, "
        f"load average {m['load_at_start']} at start and {figures['load_at_end']} at end.",
        "",
        "| what | wall s | CPU s | peak MiB | against | ratio | CPU ratio | target |",
        "|---|--:|--:|--:|---|--:|--:|---|",
    ]
    for key, label in LABELS.items():
        if key not in figures["median"]:
            continue
        med = figures["median"][key]
        cells = [label, f"{med['wall']:.1f}", f"{med['cpu']:.1f}", str(med["max_rss_mib"])]
        ratio = figures["ratios"].get(f"{key} / {BASES.get(key)}")
        engine = figures.get("engines", {}).get(f"{key} / {BASES.get(key)}")
        if engine is not None:
            cells += ["the site (MkDocs)", f"{engine['value']:.2f}", f"{engine['cpu']:.2f}", "none"]
        elif ratio is None:
            cells += ["", "", "", ""]
        else:
            cells += [f"the {BASES[key]}", f"{ratio['value']:.2f}", f"{ratio['cpu']:.2f}",
                      f"≤ {ratio['target']:.2f}: {ratio['verdict']}"]
        rows.append("| " + " | ".join(cells) + " |")
    rows += ["", "| peak memory | MiB | target |", "|---|--:|---|"]
    rows += [f"| {LABELS[key]} | {mem['value']} | ≤ {mem['target']}: {mem['verdict']} |"
             for key, mem in figures["memory"].items()]
    if "probe" in figures:
        p = figures["probe"]
        rows += ["", f"`maturity probe` on a generated {p['files']:,}-file git repository: {p['wall']:.2f} s "
                 f"(target under {p['target_s']:.0f} s: {p['verdict']}), {p['startup_ratio']:.2f}× the "
                 "command's start-up alone."]
    if figures["scaling"]:
        scaling = ", ".join(f"{key} {r['value']:.2f} (CPU {r['cpu']:.2f})"
                            for key, r in figures["scaling"].items())
        rows += ["", f"Scaling, {figures['systems']:,} systems over {figures['quarter']:,} "
                 f"(4.00 is linear): {scaling}."]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
