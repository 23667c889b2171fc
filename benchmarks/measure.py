"""Run one command as a child process and measure it: wall time, CPU time, peak memory.

Peak memory is measured two ways, both for the whole process tree (a site build forks
workers to draw charts):

- ``max_rss``: the kernel's high-water mark of the resident set, from ``os.wait4`` on
  the child. The kernel keeps it exactly (no sampling can miss a spike); it is the
  largest single process of the tree (the child or any descendant it waited for), as
  ``/usr/bin/time -v`` reports it. The memory targets are checked against this.
- ``tree_pss``: the sum over the tree of each process's proportional set size (pages
  shared between a parent and its forked workers counted once), sampled every 0.5 s
  from /proc/PID/smaps_rollup. What the tree as a whole holds, to a sample's accuracy;
  ``None`` where /proc does not offer it.

``resource.getrusage(RUSAGE_CHILDREN)`` cannot give either: its ``ru_maxrss`` is the
largest child of the whole benchmark so far, so it never goes down between commands.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.5  # reading smaps_rollup of a 1 GB process costs milliseconds
MIB = 1024 * 1024


class CommandFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the child and every descendant it waited for
    max_rss: int  # bytes: the largest process's high-water mark
    tree_pss: int | None  # bytes: the largest sampled sum over the tree

    @property
    def max_rss_mib(self) -> float:
        return self.max_rss / MIB

    @property
    def tree_pss_mib(self) -> float | None:
        return None if self.tree_pss is None else self.tree_pss / MIB


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _pss(pid: int) -> int | None:
    """Proportional set size of one process in bytes, or None when unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def tree_pss(pid: int) -> int | None:
    """Sum of PSS over ``pid`` and all its descendants (None if /proc lacks smaps_rollup)."""
    total, seen, pending = 0, False, [pid]
    while pending:
        current = pending.pop()
        pss = _pss(current)
        if pss is not None:
            total += pss
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
            total = tree_pss(self.pid)
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
        tree_pss=sampler.peak,
    )
