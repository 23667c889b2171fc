"""Run one command as a child process and measure it: wall time, CPU time, peak memory.

Peak memory is measured two ways, both covering the process tree (a site build forks
workers to draw charts):

- ``max_rss``: the kernel's high-water mark of the resident set, from ``os.wait4`` on
  the child. The kernel keeps it exactly (no sampling can miss a spike) and for free;
  it is the largest single process of the tree (the child, or any descendant it waited
  for), as ``/usr/bin/time -v`` reports it. The memory targets are checked against it.
- ``tree_rss``: the largest sum over the tree of each process's resident set, sampled
  every 0.5 s from /proc/PID/statm. An upper bound of what the tree holds at once
  (pages a forked worker shares with its parent count in both); ``None`` without /proc.
  It shows work split over processes that ``max_rss`` alone would hide.

Why not the alternatives: ``resource.getrusage(RUSAGE_CHILDREN)`` gives the largest
child of the whole benchmark so far, so its ``ru_maxrss`` never goes down between
commands; summing proportional set sizes (/proc/PID/smaps_rollup) counts shared pages
once, but reading it walks the page tables under the process's mmap lock: at 10 Hz on
a 1 GB build it cost the sampler 8 % of a core, and it holds up the build's own memory
calls (worse on a busy machine, where the sampler can be preempted holding the lock).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.5
MIB = 1024 * 1024


class CommandFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the child and every descendant it waited for
    max_rss: int  # bytes: the largest process's high-water mark
    tree_rss: int | None  # bytes: the largest sampled sum over the tree

    @property
    def max_rss_mib(self) -> float:
        return self.max_rss / MIB

    @property
    def tree_rss_mib(self) -> float | None:
        return None if self.tree_rss is None else self.tree_rss / MIB


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss(pid: int) -> int | None:
    """Resident set size of one process in bytes (None when it is gone). /proc/PID/statm
    reads the kernel's counters: no page-table walk, no lock the process needs."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return None


def tree_rss(pid: int) -> int | None:
    """Sum of RSS over ``pid`` and all its descendants (None when /proc has none of them)."""
    total, seen, pending = 0, False, [pid]
    while pending:
        current = pending.pop()
        rss = _rss(current)
        if rss is not None:
            total += rss
            seen = True
        pending += _children(current)
    return total if seen else None


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak: int | None = None
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            total = tree_rss(self.pid)
            if total is not None:
                self.peak = total if self.peak is None else max(self.peak, total)


def run(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    log: Path | None = None,
) -> Sample:
    """Run ``command`` to its end and measure it; raise ``CommandFailed`` on a non-zero exit.

    Output goes to ``log`` (or is dropped): never to a pipe, which could fill up while
    this process waits in ``wait4``.
    """
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), env=dict(env) if env else None, cwd=cwd,
                                stdout=out, stderr=subprocess.STDOUT)
        sampler = _Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log is not None and not isinstance(out, int):
            out.close()
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:] if log else ""
        raise CommandFailed(f"{' '.join(command)} exited with {proc.returncode}\n{tail}")
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss * 1024,  # KiB on Linux
        tree_rss=sampler.peak,
    )
