"""Sharing a batch of independent work between this process and forked workers, one per core.

The standard library's process pool, with the fork context: the workers are forked when the
batch starts, so they inherit it (parsed content, compiled templates) and only chunk numbers
and their results travel. Forking is safe in a process that runs a single thread, on Linux:
`mkdocs build`, `dealbook` and the first build of `mkdocs serve` qualify. Anywhere else, and
for small batches, this process does all the work; a rebuild while serving re-parses only what
changed. For work that comes once threads run (a rebuild of `mkdocs serve` converting its
pages), a `Standby` worker is forked beforehand.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Lock
from typing import Any, TypeVar, cast

from generator.base.diagnostics import DealbookError

Item = TypeVar("Item")
Result = TypeVar("Result")

# Each process takes at least this many items: below it, a worker costs more than it saves.
MIN_SHARE = 150
# A worker copies the parts of this process's memory that it reads (up to 300 MB at 10,000
# reviews), so however many cores there are, at most this many processes share a batch.
MAX_PROCESSES = 4
# The pool hands out chunks of this many items, one after the other, until none is left: so
# all workers finish within a chunk of each other.
CHUNK = 50
# The signals a thread holds back, as `signal.pthread_sigmask` gives and takes them.
_Mask = set[int | signal.Signals]
# prctl(2): the signal a process gets when the one that forked it dies.
_PR_SET_PDEATHSIG = 1
# While a batch is shared, the pool's thread that reads the workers' results waits at most this
# long for the GIL that this process's own share holds (Python's default: 5 ms). A worker's
# result of 1 MB comes through a 64 kB pipe, a read at a time: at 5 ms a read the worker waited
# on its pipe half the time (rendering at 10,000 reviews took 10.6-11.5 s, now 7.9 s).
_SWITCH_INTERVAL = 0.0001

# How long a standby worker that was told to stop may take before it is killed.
_STANDBY_EXIT_S = 2.0
# How long this process waits for the lock the standby worker takes for an instant: longer
# means the worker died holding it.
_STANDBY_LOCK_S = 5.0

# The batch being shared: set before the workers are forked, so they inherit it, not a pickle.
_batch: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
# Work this process does while the workers take a batch's first chunks (see `meanwhile`).
_spare: list[tuple[Callable[[], Any], Future[Any]]] = []


@contextmanager
def meanwhile(job: Callable[[], Result]) -> Iterator[Future[Result]]:
    """Within the block, `job` is done at the start of the first batch shared, by this
    process, while the workers start on it: work that must be done in this process anyway
    (compiling templates, the calendar) overlaps theirs, and this process then takes fewer
    chunks. Done at the end of the block when no batch was shared, not at all if the block
    fails. Its result, or its error, is in the future given."""
    later: Future[Result] = Future()
    _spare.append((job, later))
    try:
        yield later
    finally:
        _spare[:] = [spare for spare in _spare if spare[1] is not later]
    if not later.done():
        _do(job, later)


def _do(job: Callable[[], Result], later: Future[Result]) -> None:
    try:
        later.set_result(job())
    except Exception as error:  # the block's owner gets it from the future
        later.set_exception(error)


def map_batch(work: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """`[work(item) for item in items]`, shared among worker processes when that pays.
    Results come back in order; an exception in `work` is raised here."""
    workers = workers_for(len(items))
    if workers == 1:
        return [work(item) for item in items]
    global _batch
    _batch = (work, items)
    # Out of the collector's sight: collecting would write to every object a worker
    # inherited, and so copy the whole of this process's memory into each worker.
    gc.freeze()
    try:
        return _share(len(items), workers)
    except BrokenProcessPool:
        raise DealbookError("a worker process of the build stopped without its results "
                            "(killed for lack of memory?); free some memory and build "
                            "again") from None
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


def _share(count: int, workers: int) -> list[Any]:
    """The results of the batch's items: this process and a pool of `workers - 1` share its
    chunks, the pool from the first, this process from the last (any the pool has not
    started), so that only the pool's results are pickled."""
    spans = [range(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
    # Ctrl-C between a fork and the pool noting its process would leave a worker no one waits
    # for, so every signal waits while the pool forks them all at the first submit. One that
    # came meanwhile arrives when they are unblocked: by then the pool is ours to shut down.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    interval = sys.getswitchinterval()
    sys.setswitchinterval(_SWITCH_INTERVAL)
    try:
        pool = ProcessPoolExecutor(workers - 1, multiprocessing.get_context("fork"),
                                   _start_worker, (mask, os.getpid()))
        with pool:  # waits for every worker to exit: none is left a zombie
            try:
                chunks: list[Future[list[Any]]] = [pool.submit(_chunk, span) for span in spans]
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                while _spare:
                    _do(*_spare.pop(0))
                mine: dict[int, list[Any]] = {}
                for number in reversed(range(len(chunks))):
                    if not chunks[number].cancel():  # the pool has started it, and all before
                        break
                    mine[number] = _run(spans[number])
                return [result for number, chunk in enumerate(chunks)
                        for result in (mine[number] if number in mine else chunk.result())]
            except BaseException:  # an error, or Ctrl-C: no process need finish the batch
                pool.shutdown(cancel_futures=True)
                raise
    finally:
        sys.setswitchinterval(interval)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


class Standby:
    """A worker process forked while this process still runs a single thread, that shares
    work coming once threads run, when forking is no longer safe: `mkdocs serve` forks it
    after its first build, and its rebuilds share the pages they convert with it. The worker
    keeps this process's memory as it was at the fork; `held`, given then, is what the work it
    is handed may rely on, and nothing that changed since.

    Work is handed over as a stream: `stream(there)`, then items one at a time (`put`) while
    the worker takes them from the front, as they come; `collected()` ends it, giving the
    results of the items the worker took, the others left to this process."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._lock: Lock | None = None  # guards _ends, in memory shared with the worker
        self._ends: Any = None  # the next item from the front, one past the last put
        self._streaming = False

    @property
    def ready(self) -> bool:
        return self._connection is not None

    def start(self, held: Any) -> None:
        """Fork the worker, when this process may and there is a core for it."""
        if self._process is not None or cores() < 2 or not _may_fork():
            return
        context = multiprocessing.get_context("fork")
        mine, theirs = context.Pipe()
        lock, ends = context.Lock(), context.RawArray("q", 2)
        # As in map_batch: the worker inherits a frozen heap, which its collections leave alone.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
        gc.freeze()
        try:
            process = context.Process(target=_stand_by, name="dealbook-standby", daemon=True,
                                      args=(theirs, held, lock, ends, mask, os.getpid()))
            process.start()
        finally:
            gc.unfreeze()
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        theirs.close()
        self._process, self._connection, self._lock, self._ends = process, mine, lock, ends

    def share(self, there: Callable[[Any, Item], Result], items: Sequence[Item],
              here: Callable[[int], Result]) -> list[Result]:
        """`[here(index) for index in range(len(items))]`, except that the worker gives
        `there(held, items[index])` for the items it takes: it takes them from the front and
        this process from the back, one at a time, until none is left. When the worker fails
        or dies, this process does what it has not given, and the worker is stopped."""
        self.stream(there)
        for item in items:
            self.put(item)
        results: dict[int, Result] = {}
        while self.ready and (index := self._from_back()) is not None:
            results[index] = here(index)
        results.update(self.collected())
        return [results[index] if index in results else here(index)
                for index in range(len(items))]

    def stream(self, there: Callable[[Any, Item], Any]) -> None:
        """Start handing the worker items, for it to give `there(held, item)` of each."""
        if self._streaming:
            self.collected()
        if self.ready:
            self._ends[0] = self._ends[1] = 0  # the worker waits for a message
            self._streaming = self._send(("stream", there))

    def put(self, item: Any) -> None:
        """The stream's next item; its index counts from 0. Nothing when no stream is open."""
        if not self._streaming:
            return
        if not self._locked(self._grow):
            return
        self._send(("item", item))

    def collected(self) -> dict[int, Any]:
        """End the stream: the results of the items the worker took, by index; the items it
        has not started are left undone; none, and the worker stopped, when it failed."""
        if not self._streaming:
            return {}
        self._streaming = False
        if not self._locked(self._cancel) or not self._send(("end",)):
            return {}
        return self._given()

    def _from_back(self) -> int | None:
        """The last item not taken yet, for this process; None when none is left."""
        return self._locked(self._take_last)

    def _grow(self) -> bool:
        self._ends[1] += 1
        return True

    def _cancel(self) -> bool:
        self._ends[1] = self._ends[0]
        return True

    def _take_last(self) -> int | None:
        front, back = int(self._ends[0]), int(self._ends[1])
        if back <= front:
            return None
        self._ends[1] = back - 1
        return back - 1

    def _locked(self, change: Callable[[], Result]) -> Result | None:
        """`change()` of the ends, holding the lock the worker takes for an instant; None,
        and the worker stopped, when it holds it too long (killed while it held it)."""
        if self._lock is None:
            return None
        if not self._lock.acquire(timeout=_STANDBY_LOCK_S):
            self.stop()
            return None
        try:
            return change()
        finally:
            self._lock.release()

    def _send(self, message: tuple[Any, ...]) -> bool:
        """Whether the message went; the worker is stopped when it cannot."""
        assert self._connection is not None, "only while the worker is ready"
        try:
            self._connection.send(message)
        except (OSError, ValueError, pickle.PicklingError):
            self.stop()
            return False
        return True

    def _given(self) -> dict[int, Any]:
        """The worker's results, by item; none, and the worker stopped, when it failed."""
        assert self._connection is not None
        try:
            done, results = self._connection.recv()
        except (OSError, EOFError, pickle.UnpicklingError):
            done, results = False, None
        if not done:
            self.stop()
            return {}
        return cast(dict[int, Any], results)

    def stop(self) -> None:
        """Tell the worker to exit, and kill it if it does not."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        self._streaming = False
        if process is None or connection is None:
            return
        with suppress(OSError):
            connection.send(None)
        connection.close()
        process.join(_STANDBY_EXIT_S)
        if process.is_alive():
            process.kill()
            process.join()


def _stand_by(connection: Connection, held: Any, lock: Lock, ends: Any, mask: _Mask,
              parent: int) -> None:
    """The standby worker: each stream's items, taken as they come, until told to stop. A
    thread receives the messages, so that this process never waits on a full pipe while the
    worker works."""
    _start_worker(mask, parent)
    messages: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(connection, messages), daemon=True).start()
    work: Callable[[Any, Any], Any] | None = None
    done: dict[int, Any] = {}
    failed, count = False, 0  # failed: this stream's results are the caller's to make
    while (message := messages.get()) is not None:
        kind = message[0]
        if kind == "stream":
            work, done, failed, count = message[1], {}, False, 0
        elif kind == "item":
            index, count = count, count + 1
            if failed or work is None or not _take(lock, ends, index):
                continue
            try:
                done[index] = work(held, message[1])
            except Exception:  # any: the caller does this item, and the rest
                failed = True
        elif kind == "end":
            try:
                connection.send((work is not None and not failed, done))
            except Exception:  # a result that cannot be pickled, say: the caller makes them
                connection.send((False, None))
        else:  # a message that could not be unpickled: items may be miscounted from here
            failed = True


def _receive(connection: Connection, messages: queue.SimpleQueue[tuple[Any, ...] | None]
             ) -> None:
    """In the standby worker: every message, as it comes; None once told to stop or the
    build's process is gone."""
    while True:
        try:
            message = connection.recv()
        except EOFError:
            message = None
        except Exception:  # any: work this process cannot unpickle is the caller's to do
            message = ("unreadable",)
        messages.put(message)
        if message is None:
            return


def _take(lock: Lock, ends: Any, index: int) -> bool:
    """In the standby worker: whether item `index` is its own to do (not taken from the back
    by the caller, nor cancelled), noting that it is."""
    with lock:
        if not ends[0] <= index < ends[1]:
            return False
        ends[0] = index + 1
        return True


def _start_worker(mask: _Mask, parent: int) -> None:
    """A worker ignores Ctrl-C (the build cancels what is left and waits for the chunks under
    way) and dies with the build, were the build killed: nothing else would end a worker
    waiting for its next chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _run(span: range) -> list[Any]:
    """The results of the shared batch's items in `span`."""
    assert _batch is not None, "no batch is shared"
    work, items = _batch
    return [work(items[index]) for index in span]


def _chunk(span: range) -> list[Any]:
    """In a worker: `_run`, its error sent back as a pickle, or as text if it cannot be."""
    try:
        return _run(span)
    except Exception as error:
        raise _picklable(error) from None


def _picklable(error: BaseException) -> BaseException:
    """The error itself, or one with its text when it cannot be pickled."""
    try:
        pickle.dumps(error)
    except Exception:  # any failure to pickle it
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
