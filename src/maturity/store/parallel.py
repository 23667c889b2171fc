"""Work on many system folders with every core the process may use.

Checking one system folder needs nothing from the others, so a large portfolio is
split into contiguous chunks of folders, each checked by a forked worker process,
and the results come back in folder order. Workers return only small, picklable
results (problems, text); the parent keeps the order, so the output is the same
with one process or many.

Small portfolios (fewer than ``MIN_FOLDERS``), a single core, a platform without
``fork``, or ``MATURITY_JOBS=1`` run in the calling process: starting workers costs
more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_FOLDERS = 64
_CHUNKS_PER_WORKER = 4  # a few chunks each, so that a slow chunk does not hold the rest

_work: Callable[[Any], Any] | None = None  # set before forking: the workers inherit it


def jobs(wanted: int | None = None) -> int:
    """How many processes to use: ``wanted`` (``Settings.jobs``, from ``MATURITY_JOBS``),
    else the cores this process may run on."""
    if wanted is not None:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    assert _work is not None
    return [_work(item) for item in chunk]


def map_folders(work: Callable[[T], R], items: Sequence[T], processes: int | None = None) -> list[R]:
    """``[work(i) for i in items]``, spread over up to ``processes`` forked processes (default:
    every core) when that pays."""
    global _work
    count = min(jobs(processes), len(items))
    if (
        count < 2
        or len(items) < MIN_FOLDERS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [work(item) for item in items]
    size = -(-len(items) // (count * _CHUNKS_PER_WORKER))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    _work = work
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_run_chunk, chunks) for result in chunk]
    finally:
        _work = None
