"""Sharing a batch of independent work between this process and forked workers, one per core.

The workers inherit the batch (parsed content, compiled templates), so only results travel,
through a file each: no thread of this process has to stop its work to collect them. Forking is
safe in a process that runs a single thread, on Linux: `mkdocs build`, `dealbook` and the first
build of `mkdocs serve` qualify. Anywhere else, and for small batches, this process does all the
work; a rebuild while serving re-parses only what changed.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, NoReturn, TypeVar

from generator.base.diagnostics import DealbookError

Item = TypeVar("Item")
Result = TypeVar("Result")

# Each process takes at least this many items: below it, a worker costs more than it saves.
MIN_SHARE = 150
# A worker copies the parts of this process's memory that it reads (up to 300 MB at 10,000
# reviews), so however many cores there are, at most this many processes share a batch.
MAX_PROCESSES = 4
# The signals a thread holds back, as `signal.pthread_sigmask` gives and takes them.
_Mask = set[int | signal.Signals]
# Each process takes chunks of (at least) this many items, one after the other, until none is
# left: so all finish within a chunk of each other.
CHUNK = 50


def map_batch(work: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """`[work(item) for item in items]`, shared among worker processes when that pays.
    Results come back in order; an exception in `work` is raised here."""
    workers = workers_for(len(items))
    if workers == 1:
        return [work(item) for item in items]
    size = max(CHUNK, -(-len(items) // _Chunks.MOST))
    spans = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    chunks = _Chunks(len(spans))
    forked: list[_Worker] = []
    # Out of the collector's sight: collecting would write to every object a worker
    # inherited, and so copy the whole of this process's memory into each worker.
    gc.freeze()
    try:
        for _ in range(workers - 1):
            # Ctrl-C between a fork and the append would leave a worker no one waits for.
            with _signals_held() as mask:
                forked.append(_Worker(work, items, spans, chunks, mask))
        done = {chunk: _chunk(work, items, spans[chunk]) for chunk in chunks.take()}
        done.update(found for worker in forked for found in worker.results())
    except BaseException:  # an error, or Ctrl-C: no process need finish the batch
        chunks.close()
        raise
    finally:
        for worker in forked:  # none is left a zombie
            worker.wait()
        chunks.release()
        gc.unfreeze()
    return [result for chunk in range(len(spans)) for result in done[chunk]]


def workers_for(count: int) -> int:
    """How many processes share a batch of `count` items (1: the calling process alone)."""
    return max(1, min(cores(), MAX_PROCESSES, count // MIN_SHARE)) if _may_fork() else 1


def cores() -> int:
    """The CPUs this process may run on (its affinity, which `taskset` and schedulers set)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def _may_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def _chunk(work: Callable[[Item], Result], items: Sequence[Item], span: range) -> list[Result]:
    return [work(items[index]) for index in span]


@contextmanager
def _signals_held() -> Iterator[_Mask]:
    """Every signal (Ctrl-C included) waits until the block is done; yields the mask before."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    try:
        yield mask
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


class _Chunks:
    """The numbers of the chunks not taken yet, in a pipe that every process reads. A read of
    a few bytes from a pipe is atomic, so each chunk goes to one process; and no lock is held
    that a killed worker could leave locked."""

    BYTES = 4
    # All are written before anyone reads, so they must fit the least a pipe holds: one page
    # (a user with many pipes open gets no more). Bigger batches get bigger chunks.
    MOST = 4096 // BYTES

    def __init__(self, count: int) -> None:
        self._numbers, write = os.pipe()
        with open(write, "wb") as numbers:  # closed: once the pipe is empty, reads say so
            numbers.write(b"".join(n.to_bytes(self.BYTES, "little") for n in range(count)))

    def take(self) -> Iterator[int]:
        """The number of each chunk this process takes, until none is left."""
        while number := os.read(self._numbers, self.BYTES):
            yield int.from_bytes(number, "little")

    def close(self) -> None:
        """Leave no chunk for anyone."""
        for _ in self.take():
            pass

    def release(self) -> None:
        os.close(self._numbers)


class _Worker:
    """A forked process that takes chunks until none is left and writes each chunk's results,
    as a pickle, to a file this process reads once the worker is done."""

    def __init__(self, work: Callable[[Item], Result], items: Sequence[Item],
                 spans: Sequence[range], chunks: _Chunks, mask: _Mask) -> None:
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 - results() closes it
        self._status: int | None = None
        self._pid = os.fork()
        if self._pid == 0:
            _serve(work, items, spans, chunks, self._output, mask)

    def wait(self) -> int:
        """The worker's exit code, once it has exited (minus the signal that killed it)."""
        if self._status is None:
            self._status = os.waitstatus_to_exitcode(os.waitpid(self._pid, 0)[1])
        return self._status

    def results(self) -> list[tuple[int, list[Any]]]:
        """(number, results) of each chunk the worker did; its error is raised here."""
        status = self.wait()
        with self._output as output:
            output.seek(0)
            records = list(_records(output)) if status >= 0 else []  # not if killed
        for number, found in records:
            if number is None:
                error, where = found
                error.add_note(f"(raised in a worker process of the build)\n{where}")
                raise error
        if status != 0:
            raise DealbookError("a worker process of the build stopped without its results "
                                "(killed for lack of memory? or is "
                                f"{tempfile.gettempdir()} full?); free some memory or disk "
                                "space and build again")
        return records


def _records(output: IO[bytes]) -> Iterator[tuple[Any, Any]]:
    """The pickles in a worker's file, up to one cut short (the disk was full)."""
    while True:
        try:
            yield pickle.load(output)
        except (EOFError, pickle.UnpicklingError):
            return


def _serve(work: Callable[[Item], Result], items: Sequence[Item], spans: Sequence[range],
           chunks: _Chunks, output: IO[bytes], mask: _Mask) -> NoReturn:
    """A worker's life: chunks until none is left, then out without running anything of
    the parent's (exit handlers, buffered output). Signals reach it again once inside."""
    status = 1
    try:
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            for number in chunks.take():
                pickle.dump((number, _chunk(work, items, spans[number])), output,
                            pickle.HIGHEST_PROTOCOL)
            status = 0
        except BaseException as exc:  # every error, Ctrl-C included, goes back to the build
            pickle.dump((None, (_picklable(exc), traceback.format_exc())), output,
                        pickle.HIGHEST_PROTOCOL)
        output.flush()
    finally:
        os._exit(status)


def _picklable(error: BaseException) -> BaseException:
    """The error itself, or one with its text when it cannot be pickled."""
    try:
        pickle.dumps(error)
    except Exception:  # any failure to pickle it
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
