"""Sharing a batch of independent work between this process and forked workers, one per core.

The workers inherit the batch (parsed content, compiled templates), so only results cross a
pipe. Forking is safe in a process that runs a single thread, on Linux: `mkdocs build`,
`dealbook` and the first build of `mkdocs serve` qualify. Anywhere else, and for small
batches, this process does all the work; a rebuild while serving re-parses only what changed.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from .diagnostics import DealbookError

Item = TypeVar("Item")
Result = TypeVar("Result")

# Each process takes at least this many items: below it, a worker costs more than it saves.
MIN_SHARE = 150
# A worker copies the parts of this process's memory that it reads (up to 300 MB at 10,000
# reviews), so however many cores there are, at most this many processes share a batch.
MAX_PROCESSES = 4
# The batch goes out in chunks of this many items, and a worker sends each chunk's results back
# at once, so they never pile up in it (at 10,000 reviews the pages are 150 MB).
CHUNK = 50

# The batch being mapped, for the forked workers to find (fork copies it; nothing is pickled).
_batch: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def map_batch(work: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """`[work(item) for item in items]`, shared among worker processes when that pays.
    Results come back in order; an exception in `work` is raised here."""
    workers = workers_for(len(items))
    if workers == 1:
        return [work(item) for item in items]
    global _batch
    _batch = (work, items)
    starts = range(0, len(items), CHUNK)
    # Out of the collector's sight: collecting would write to every object a worker
    # inherited, and so copy the whole of this process's memory into each worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers - 1,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_chunk, start) for start in starts]
            # This process works too, from the last chunk back, until it meets the workers:
            # it owns the memory that a worker copies as it reads.
            mine = {}
            try:
                for start, future in zip(reversed(starts), reversed(futures), strict=True):
                    if not future.cancel():
                        break
                    mine[start] = _chunk(start)
            except BaseException:  # an error, or Ctrl-C: the workers need not finish the batch
                pool.shutdown(cancel_futures=True)
                raise
            return [result for start, future in zip(starts, futures, strict=True)
                    for result in (mine[start] if start in mine else future.result())]
    except BrokenProcessPool:
        raise DealbookError("a worker process of the build was killed (out of memory?); "
                            "free some memory and build again") from None
    finally:
        _batch = None
        gc.unfreeze()


def workers_for(count: int) -> int:
    """How many processes share a batch of `count` items (1: the calling process alone)."""
    return max(1, min(cores(), MAX_PROCESSES, count // MIN_SHARE)) if _may_fork() else 1


def cores() -> int:
    """The CPUs this process may run on (its affinity, which `taskset` and schedulers set)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def _may_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def _chunk(start: int) -> list[Any]:
    """The results of one chunk of the batch."""
    assert _batch is not None
    work, items = _batch
    return [work(item) for item in items[start:start + CHUNK]]
