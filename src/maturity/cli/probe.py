"""probe: evidence from an ML system's own repository, proposed as answers."""

from __future__ import annotations

import datetime as dt
import json
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import as_of_option, root_option, settings
from maturity.cli.output import echo
from maturity.core.lookup import resolve_rubric
from maturity.core.model import UNASSESSED, Rubric, System
from maturity.core.probemap import ProbeMap, ProbeReport, build_report, writable
from maturity.core.probes import Index, Probe, ProbeResult, run_probe, run_probes
from maturity.core.repository import Repository
from maturity.errors import InvalidInput, NotFound, ProbeOutOfTime, UsageError
from maturity.store.checkout import ReadLimits, RepositoryReader
from maturity.store.edit import ProbeAnswer, add_probe_answers
from maturity.store.load import load_system
from maturity.store.probes import load_probe_files, read_probe_run
from maturity.store.rubrics import load_rubrics
from maturity.views.probes import probe_json, probe_md, probe_text, written_evidence

DEFAULT_RUBRIC = "google-mlops"


def _probe_map(maps: dict[str, ProbeMap], rubric: Rubric, rubrics: dict[str, Rubric]) -> ProbeMap:
    """The map of the rubric, else of the rubric it extends (an extension keeps its base's ids)."""
    seen: set[str] = set()
    current: Rubric | None = rubric
    while current is not None and current.ref not in seen:
        seen.add(current.ref)
        if current.id in maps:
            return maps[current.id]
        current = rubrics.get(current.extends) if current.extends else None
    known = ", ".join(sorted(maps)) or "none"
    raise NotFound(f"no probe map for rubric {rubric.ref} (maps: {known}): "
                   f"add probes/maps/{rubric.id}.yaml to say which probes propose which item")


@cli.command("probe")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@root_option
@click.option("--rubric", "rubric_ref", default=None, metavar="REF",
              help=f"Propose answers for this rubric (default: the system's, else {DEFAULT_RUBRIC}).")
@click.option("--system", "system_id", default=None, metavar="ID",
              help="Compare with this system's newest snapshot (its rubric, its repository: for links).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "md"]), default="text",
              show_default=True, help="Output format.")
@click.option("--write", is_flag=True, help="Add the proposals to the system's newest snapshot, "
              "for unassessed items only (needs --system).")
@click.option("--check", is_flag=True, help="Exit 1 when the repository disagrees with the system's "
              "answers (needs --system).")
@click.option("--from", "from_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              metavar="FILE.json", help="Read a probe run made elsewhere (CI's artifact) instead of PATH.")
@click.option("--untracked", is_flag=True, help="In a git checkout, read untracked files too "
              "(never ignored ones).")
@click.option("--max-files", type=click.IntRange(min=1), default=ReadLimits.max_files, show_default=True,
              help="Read at most this many files.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=ReadLimits.max_seconds,
              show_default=True, metavar="SECONDS", help="Stop reading after this long (what is left "
              "unread answers unknown).")
@as_of_option
def probe_cmd(
    path: Path | None, root: Path, rubric_ref: str | None, system_id: str | None, fmt: str,
    write: bool, check: bool, from_file: Path | None, untracked: bool, max_files: int,
    timeout: float, as_of: dt.date,
) -> None:
    """Read an ML system's repository and propose answers from what is in it.

    Each probe (data: probes/<id>.yaml, in the package and in ROOT/probes/) asks
    one question of the repository's files (read only: nothing is run, imported or
    rendered; a git checkout is read at its tracked files) and is found, with the
    file and line of each piece of evidence, not found, or unknown. A map per rubric
    turns found probes into proposals (done or partial); absence never proposes todo.

    With --system, compare with the system's newest snapshot: --write adds the
    proposals to its unassessed items (marked `source: probe`, with the probes and
    evidence: permalinks when system.yaml names `repository:`, else path:line);
    --check exits 1 on claim-not-seen (done, every mapped probe not found) or
    practice-not-claimed (todo, but its probes found it).

    \b
    Examples:
      maturity probe ../churn-model
      maturity probe ../churn-model --system customer-churn --format md
      maturity probe ../churn-model --system customer-churn --write
      maturity probe --from probe.json --system customer-churn --check
    """
    if (path is None) == (from_file is None):
        raise UsageError("give the repository to read (PATH) or a probe run to read back (--from FILE.json)")
    if (write or check) and system_id is None:
        raise UsageError("--write and --check compare with a system's snapshot: add --system ID")
    system: System | None = None
    if system_id is not None:
        portfolio, system = load_system(root, system_id)
        rubrics = dict(portfolio.rubrics)
    else:
        found_rubrics, problems = load_rubrics(root)
        if problems and (root / "rubrics").is_dir():
            raise InvalidInput(problems)
        rubrics = dict(found_rubrics)
    rubric = resolve_rubric(rubrics, rubric_ref or (system.current.rubric if system else DEFAULT_RUBRIC))
    if write and system is not None and rubric.ref != system.current.rubric:
        raise UsageError(f"--write adds answers to {system.id}'s newest snapshot, which uses "
                         f"{system.current.rubric}, not {rubric.ref}: leave --rubric out")
    files = load_probe_files(root, rubrics)
    if files.problems:
        raise InvalidInput(list(files.problems))
    probe_map = _probe_map(dict(files.maps), rubric, rubrics)
    answers = (
        {item: system.current.status(item) for item in rubric.item_ids} if system is not None else None
    )
    if from_file is not None:
        run = read_probe_run(from_file, files.probes, settings().today)
        report = build_report(run.repository, run.commit, run.results, probe_map, rubric.ref, answers,
                              system_id)
        report = replace(report, date=run.date or as_of.isoformat(), complete=run.complete)
        for ignored in run.ignored:
            echo(f"maturity: {from_file}: probe {ignored!r} is not known here; ignored", err=True)
    else:
        assert path is not None
        reader = RepositoryReader(path, untracked=untracked, limits=ReadLimits(
            max_files=max_files, max_seconds=timeout), clock=time.monotonic)
        results, finished = _run_within(files.ordered(), reader, timeout)
        report = build_report(str(path), reader.commit, results, probe_map, rubric.ref, answers, system_id)
        report = replace(report, date=as_of.isoformat(), complete=reader.complete and finished,
                         skipped=dict(reader.skipped.counts))
    repository = system.repository if system is not None else None
    if write:
        assert system is not None
        _write(root, system, report, repository)
    if fmt == "json":
        echo(json.dumps(probe_json(report, repository), indent=2, ensure_ascii=False))
    elif fmt == "md":
        echo(probe_md(report, repository), nl=False)
    else:
        echo(probe_text(report))
    if check and report.disagreements:
        raise SystemExit(1)


def _ring(signum: int, frame: object) -> None:
    raise ProbeOutOfTime


def _run_within(probes: Sequence[Probe], reader: RepositoryReader,
                seconds: float) -> tuple[tuple[ProbeResult, ...], bool]:
    """Every probe's outcome, and whether all of them finished within --timeout.

    A pattern can backtrack for hours on one hostile line (``a*a*a*b``, ``(a|a?)+b``:
    shapes no check of the probe file catches), and Python's regular expressions have no
    time limit of their own; an alarm interrupts the match, and the probe still running
    and every later one answer unknown (the run is then incomplete)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return run_probes(probes, reader), True  # pragma: no cover - Windows, or not the main thread
    index = Index(reader)
    results: list[ProbeResult] = []
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds + 1.0)  # the reader's own limit answers first
    try:
        for probe in probes:
            results.append(run_probe(probe, index))
    except ProbeOutOfTime:
        echo(f"maturity: probe {probes[len(results)].id!r} was still matching after --timeout "
             f"{seconds:g} s; it and the {len(probes) - len(results) - 1} probes after it answer unknown",
             err=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    finished = len(results) == len(probes)
    results += [ProbeResult(p, "unknown") for p in probes[len(results):]]
    return tuple(results), finished


def _write(root: Path, system: System, report: ProbeReport, repository: Repository | None) -> None:
    proposals = writable(report)
    checked = dt.date.fromisoformat(report.date or "")
    answers = [
        ProbeAnswer(item, p.status, p.probes, tuple(written_evidence(p, repository, report.commit)),
                    checked, report.commit)
        for item, p in sorted(proposals.items())
    ]
    date, written = add_probe_answers(root, system.id, answers)
    kept = sum(1 for item in report.proposals if report.answers.get(item, UNASSESSED) != UNASSESSED)
    echo(f"{system.id} {date}: {len(written)} proposal{'s' if len(written) != 1 else ''} written "
         f"as source: probe; {kept} answered item{'s' if kept != 1 else ''} left as they were", err=True)
    for answer in written:
        echo(f"  {answer.item} unassessed → {answer.status} ({', '.join(answer.probes)})", err=True)



CATALOGUE = Path("docs") / "reference" / "probes.md"


def catalogue_text() -> str:
    """The probe catalogue page as generated from the package's probe and map files."""
    from maturity.store.rubrics import builtin_rubrics
    from maturity.views.probes import probe_catalogue_md

    files = load_probe_files(None, builtin_rubrics())
    return probe_catalogue_md(files.ordered(), [files.maps[k] for k in sorted(files.maps)])


def write_catalogue(path: Path = CATALOGUE) -> None:
    """``make probes-page``: write the catalogue page (committed; a test keeps it current)."""
    path.write_text(catalogue_text(), "utf-8")
