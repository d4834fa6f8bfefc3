"""Running the commands measured: wall time, and peak memory of the whole process group."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
DEALBOOK = str(Path(PYTHON).parent / "dealbook")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
BUILD_TIMEOUT = 3600.0


@dataclass(frozen=True)
class Child:
    seconds: float
    peak_memory: int  # bytes: see run_child
    returncode: int
    log: str


def run_child(command: Sequence[str], cwd: Path, log: Path, timeout: float = BUILD_TIMEOUT,
              env: dict[str, str] | None = None) -> Child:
    """Run one command; its wall time and its peak memory: the larger of the peak RSS of the
    largest single process (os.wait4: exactly this child and the descendants it waited for)
    and the memory of its process group sampled every 0.2 s (a build, its forked workers and
    the indexer it runs are alive at the same time)."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   env=env or ENV, start_new_session=True)
        timer = threading.Timer(timeout, _kill_group, (process.pid,))
        timer.start()
        sampler = _GroupMemory(process.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            sampler.stop()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Child(seconds, max(usage.ru_maxrss * 1024, sampler.peak), process.returncode,
                 log.read_text(encoding="utf-8", errors="replace"))


class _GroupMemory(threading.Thread):
    """The largest total memory of the processes in one process group, sampled. Each process
    counts its proportional set size (PSS): pages that forked workers share with the build
    count once, not once per process as a sum of RSS would; for a lone process PSS is its RSS
    less its share of libraries mapped by others too."""

    def __init__(self, group: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.group, self.every, self.peak = group, every, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every):
            self.peak = max(self.peak, sum(_group_pss(entry.path, self.group)
                                           for entry in os.scandir("/proc")
                                           if entry.name.isdigit()))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _group_pss(proc: str, group: int) -> int:
    """The PSS bytes of the process at /proc/PID if it is in `group`, else (or if gone) 0."""
    try:
        stat = Path(proc, "stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) != group:  # pgrp
            return 0
        return _pss(Path(proc, "smaps_rollup").read_text())
    except (OSError, ValueError, IndexError, StopIteration):
        return 0


def _pss(smaps_rollup: str) -> int:
    """Bytes of the `Pss:` line of /proc/PID/smaps_rollup."""
    line = next(line for line in smaps_rollup.splitlines() if line.startswith("Pss:"))
    return int(line.split()[1]) * 1024


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def must(child: Child, what: str) -> Child:
    """The child, if it succeeded; else the run stops with the end of its log."""
    if child.returncode != 0:
        tail = "\n".join(child.log.strip().splitlines()[-30:])
        raise SystemExit(f"{what} failed with exit code {child.returncode}:\n{tail}")
    return child


def best(runs: Sequence[Child]) -> Child:
    """The fastest of repeated runs, with the highest peak memory of them all."""
    fastest = min(runs, key=lambda r: r.seconds)
    return Child(fastest.seconds, max(r.peak_memory for r in runs), fastest.returncode,
                 fastest.log)
