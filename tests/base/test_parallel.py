"""Work shared among forked workers: the same results as in one process, errors included.

Each case runs in a fresh interpreter, as `mkdocs build` does: forking is only done in a
process with a single thread, and the test session has others (the browser tests' servers).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Project, review

import generator.base.parallel as parallel

# Every batch is shared among three processes, one item at a time, whatever the machine's cores.
# `meet()` holds each process at its first item until all three have one: a process waiting
# there takes no other item, so every process surely gets a share, however the machine schedules
# them. The timeout only turns a bug into a failure instead of a hang.
PRELUDE = """
import json, multiprocessing, os, sys, threading
import generator.base.parallel as parallel
parallel.MIN_SHARE = 1
parallel.CHUNK = 1
parallel.cores = lambda: 3
_all_three = multiprocessing.get_context("fork").Barrier(3)
_met = []
def meet():
    if not _met:
        _met.append(True)
        _all_three.wait(timeout=60)
"""


def run(code: str, *args: str, spread: bool = True) -> Any:
    """The JSON a snippet prints on its last line, run with or without workers."""
    prelude = PRELUDE if spread else "import json, os, sys\n"
    done = subprocess.run([sys.executable, "-c", prelude + code, *args], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_work_is_shared_with_workers_and_comes_back_in_order() -> None:
    found = run("""
def work(n):
    meet()
    return [n * n, os.getpid()]
print(json.dumps([os.getpid(), parallel.map_batch(work, range(9))]))
""")
    parent, results = found
    assert [square for square, _ in results] == [n * n for n in range(9)]
    processes = {pid for _, pid in results}
    assert parent in processes and len(processes) == 3


def test_a_batch_of_many_chunks_comes_back_whole_and_in_order() -> None:
    found = run("""
print(json.dumps(parallel.map_batch(lambda n: n, range(20_000)) == list(range(20_000))))
""")
    assert found is True


def test_this_process_hands_over_the_gil_promptly_while_sharing_and_only_then() -> None:
    # Its own share runs with the short switch interval, so the thread reading the workers'
    # results is not held off for 5 ms a read; after the batch, even a failed one, the
    # process's own interval is back.
    found = run("""
sys.setswitchinterval(0.004)
def work(n):
    meet()
    return [os.getpid(), sys.getswitchinterval()]
during = parallel.map_batch(work, range(9))
after = sys.getswitchinterval()
def fail(n):
    raise ValueError(n)
try:
    parallel.map_batch(fail, range(9))
except ValueError:
    pass
print(json.dumps([os.getpid(), during, after, sys.getswitchinterval()]))
""")
    parent, during, after, after_failure = found
    mine = [interval for pid, interval in during if pid == parent]
    assert mine and mine == pytest.approx([parallel._SWITCH_INTERVAL] * len(mine))
    assert [after, after_failure] == pytest.approx([0.004, 0.004])


def test_processes_are_bounded_by_cores_cap_and_batch_size() -> None:
    found = run("""
parallel.MIN_SHARE = 150
counts = []
for cores, items in [(8, 10_000), (3, 10_000), (8, 450), (8, 299), (1, 10_000)]:
    parallel.cores = lambda: cores
    counts.append(parallel.workers_for(items))
print(json.dumps(counts))
""")
    assert found == [parallel.MAX_PROCESSES, 3, 3, 1, 1]


def raised(failure: str) -> str:
    """The error (its type and message) that a batch of 30 items raises, every process having
    some; `failure` is run for each item, with `parent` the calling process's id and `first`
    the id of the worker that took item 0."""
    return str(run(f"""
import signal
from generator.base.diagnostics import DealbookError
parent = os.getpid()
first = multiprocessing.get_context("fork").Value("i", 0)
def work(n):
    if n == 0:
        first.value = os.getpid()
    meet()
    {failure}
    return n
try:
    parallel.map_batch(work, range(30))
except Exception as exc:
    print(json.dumps(f"{{type(exc).__name__}}: {{exc}}"))
"""))


def test_an_error_in_a_worker_is_raised_in_the_caller() -> None:
    assert raised("if os.getpid() != parent: raise DealbookError('deal.md.j2:3: "
                  "template error')") == "DealbookError: deal.md.j2:3: template error"


def test_an_error_in_the_callers_own_share_is_raised() -> None:
    assert raised("if os.getpid() == parent: raise DealbookError('failed in the build')"
                  ) == "DealbookError: failed in the build"


def test_an_error_in_the_first_chunk_is_raised() -> None:
    assert raised("if os.getpid() == first.value: raise DealbookError('failed in the build')"
                  ) == "DealbookError: failed in the build"


def test_an_error_that_cannot_be_pickled_arrives_as_text() -> None:
    found = raised("if os.getpid() != parent: raise ValueError('no', threading.Lock())")
    assert found.startswith("RuntimeError: ValueError: ('no', <unlocked _thread.lock")


def test_a_result_that_cannot_be_pickled_is_an_error_not_a_hang() -> None:
    found = raised("if os.getpid() != parent: return threading.Lock()")
    assert found.startswith("TypeError: cannot pickle '_thread.lock' object")


def test_a_killed_worker_is_a_build_error_that_says_what_to_do() -> None:
    # SIGKILL, as the kernel sends when memory runs out.
    found = raised("if os.getpid() != parent: os.kill(os.getpid(), signal.SIGKILL)")
    assert found.startswith("DealbookError: a worker process of the build stopped without "
                            "its results")
    assert "build again" in found


def test_ctrl_c_stops_every_process_and_leaves_no_worker_behind() -> None:
    code = PRELUDE + """
import signal, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # pytest may run us with it ignored
def work(n):
    if n == 0:
        print("started", flush=True)
    time.sleep(0.1)
    return n
try:
    parallel.map_batch(work, range(300))
except KeyboardInterrupt:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        print("interrupted, no child left")
"""
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                          start_new_session=True) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "started\n"
        os.killpg(child.pid, signal.SIGINT)  # as the terminal does: to every process
        rest, _ = child.communicate(timeout=30)
    assert rest == "interrupted, no child left\n" and child.returncode == 0


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def test_workers_die_with_a_killed_build() -> None:
    # As when the kernel kills the build for lack of memory: nothing could tell the workers.
    code = PRELUDE + """
import time
def work(n):
    meet()
    os.write(1, f"{os.getpid()}\\n".encode())  # one write: three processes share the pipe
    time.sleep(120)
parallel.map_batch(work, range(30))
"""
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                          start_new_session=True) as child:
        assert child.stdout is not None
        pids = [int(child.stdout.readline()) for _ in range(3)]
        os.kill(child.pid, signal.SIGKILL)  # the build only
        child.wait(timeout=30)
    workers = [pid for pid in pids if pid != child.pid]
    assert len(workers) == 2
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def test_work_meanwhile_is_done_by_this_process_while_the_workers_start() -> None:
    # The job's result, its process, and how many items each process took after it.
    found = run("""
done = []
def job():
    done.append("job")
    return os.getpid()
def work(n):
    meet()
    done.append(n)
    return os.getpid()
with parallel.meanwhile(job) as later:
    before = list(done)
    pids = parallel.map_batch(work, range(9))
print(json.dumps([os.getpid(), before, later.result(), done[0], pids]))
""")
    parent, before, job_pid, first_done_here, pids = found
    assert before == [] and job_pid == parent and first_done_here == "job"
    assert parent in pids and len(set(pids)) == 3


def test_work_meanwhile_without_a_shared_batch_is_done_at_the_end_and_not_after_a_failure(
        ) -> None:
    done: list[str] = []

    def job() -> int:
        done.append("job")
        return 7

    with parallel.meanwhile(job) as later:
        parallel.map_batch(len, ["one item: not shared"])
        assert done == []
    assert done == ["job"] and later.result() == 7
    with pytest.raises(ValueError), parallel.meanwhile(lambda: done.append("again")) as later:
        raise ValueError("the block failed")
    assert done == ["job"] and not later.done()
    parallel.map_batch(len, ["a later batch does not do it either"])
    assert done == ["job"]


def test_an_error_in_work_meanwhile_is_kept_for_its_owner_and_the_batch_completes() -> None:
    found = run("""
def job():
    raise ValueError("calendar failed")
def work(n):
    meet()
    return n
with parallel.meanwhile(job) as later:
    results = parallel.map_batch(work, range(9))
print(json.dumps([results, repr(later.exception())]))
""")
    assert found == [list(range(9)), "ValueError('calendar failed')"]


def test_a_process_with_threads_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_SHARE", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 3)
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        pids = parallel.map_batch(lambda _: os.getpid(), range(10))
    finally:
        stop.set()
        waiting.join()
    assert set(pids) == {os.getpid()}


BUILD = """
from pathlib import Path
from generator.build import build_site
from generator.read.settings import load_settings
result = build_site(load_settings(Path(sys.argv[1])))
print(json.dumps({"pages": list(result.pages.items()),
                  "diagnostics": [str(d) for d in result.diagnostics]}))
"""


def test_a_build_with_workers_equals_one_without(project: Project) -> None:
    for folder in ("deals", "questions", "plans", "logs"):  # all read in one batch
        shutil.copytree(REPO / "content" / folder, project.root / "content" / folder,
                        dirs_exist_ok=True)
    project.add_deal("broken.md", review(id="broken", signed="last spring"))
    config = str(project.root / "mkdocs.yml")
    spread = run(BUILD, config)
    alone = run(BUILD, config, spread=False)
    assert spread == alone
    assert any("broken.md" in d and "signed" in d for d in spread["diagnostics"])
    assert len(spread["pages"]) > 100


# A standby worker forked while the process runs one thread, then a thread started, as the
# server's are; `there` and `here` each note their process. The worker and this process each
# hold their first item until the other has one, so both surely share the work.
STANDBY = """
import multiprocessing, threading
import generator.base.parallel as parallel
parallel.cores = lambda: 2
held = {"state": "at the fork"}
_both = multiprocessing.get_context("fork").Barrier(2)
_taken = multiprocessing.get_context("fork").Event()  # the worker has an item
_met = []
def meet():
    if not _met:
        _met.append(True)
        _both.wait(timeout=60)
def there(held, item):
    meet()
    return [os.getpid(), held["state"], item]
def here(index):
    meet()
    return [os.getpid(), "here", index]
def after_the_worker(index):
    _taken.wait(timeout=60)
    return [os.getpid(), "here", index]
def dying(held, item):
    _taken.set()
    os._exit(1)
def failing(held, item):
    _taken.set()
    raise ValueError(item)
_release = multiprocessing.get_context("fork").Event()
def plain(held, item):
    if item == 1:  # the worker holds the second item until this process has ended the stream
        _taken.set()
        _release.wait(timeout=60)
    return [os.getpid(), held["state"], item]
def held_first(held, item):
    return _release.wait(timeout=20) if item[0] == 0 else True
standby = parallel.Standby()
standby.start(held)
held["state"] = "changed since"
stop = threading.Event()
threading.Thread(target=stop.wait, daemon=True).start()
"""


def test_a_standby_worker_shares_work_that_comes_once_threads_run() -> None:
    found = run(STANDBY + """
first = standby.share(there, range(40), here)
again = standby.share(there, range(40, 50), lambda index: here(40 + index))
print(json.dumps([os.getpid(), standby.ready, first, again, parallel._may_fork()]))
""", spread=False)
    parent, ready, first, again, may_fork = found
    assert ready and not may_fork
    assert [item for _, _, item in first] == list(range(40))
    assert [item for _, _, item in again] == list(range(40, 50))
    theirs = [state for pid, state, _ in first if pid != parent]
    # The worker took some, from the front, with what it held at the fork; this process the rest.
    assert theirs and set(theirs) == {"at the fork"} and first[0][0] != parent
    assert {state for pid, state, _ in first if pid == parent} == {"here"}


def test_a_stream_is_taken_as_it_comes_and_what_the_worker_has_not_started_is_left() -> None:
    found = run(STANDBY + """
standby.stream(plain)
for item in range(4):
    standby.put(item)
_taken.wait(timeout=60)
threading.Timer(1.0, _release.set).start()  # once collected() has ended the stream
first = standby.collected()
again = standby.share(plain, range(10, 13), lambda index: [os.getpid(), "here", 10 + index])
print(json.dumps([os.getpid(), standby.ready, first, again]))
""", spread=False)
    parent, ready, first, again = found
    assert ready and sorted(first) == ["0", "1"]  # items 2 and 3 are this process's to do
    assert [item for _, _, item in first.values()] == [0, 1]
    assert {(pid != parent, state) for pid, state, _ in first.values()} == {(True, "at the fork")}
    assert [item for _, _, item in again] == [10, 11, 12]


def test_handing_the_worker_items_never_waits_for_it() -> None:
    # A megabyte an item fills the pipe at once: only a worker that reads while it works lets
    # this process go on putting items while the worker holds the first.
    found = run(STANDBY + """
standby.stream(held_first)
for item in range(20):
    standby.put((item, "x" * 1_000_000))
_release.set()
print(json.dumps([standby.ready, standby.collected().get(0)]))
""", spread=False)
    assert found == [True, True]


@pytest.mark.parametrize("there", ["dying", "failing"])
def test_when_the_standby_worker_dies_or_fails_this_process_does_its_share(there: str) -> None:
    found = run(STANDBY + f"""
results = standby.share({there}, range(10), after_the_worker)
print(json.dumps([os.getpid(), standby.ready, results]))
""", spread=False)
    parent, ready, results = found
    assert not ready and results == [[parent, "here", index] for index in range(10)]


def test_no_standby_is_forked_in_a_process_with_threads() -> None:
    found = run("""
import multiprocessing, threading
import generator.base.parallel as parallel
parallel.cores = lambda: 2
threading.Thread(target=threading.Event().wait, daemon=True).start()
standby = parallel.Standby()
standby.start(None)
print(json.dumps([standby.ready, standby.share(None, range(3), lambda index: -index),
                  multiprocessing.active_children() == []]))
""", spread=False)
    assert found == [False, [0, -1, -2], True]


def test_a_stopped_standby_worker_exits() -> None:
    found = run(STANDBY + """
(worker,) = multiprocessing.active_children()
standby.stop()
print(json.dumps([standby.ready, worker.is_alive(), worker.exitcode]))
""", spread=False)
    assert found == [False, False, 0]


def test_work_the_standby_worker_cannot_know_is_done_here() -> None:
    # Defined after the fork: the worker cannot unpickle it, and says so.
    found = run(STANDBY + """
def later(held, item):
    return [0, "later", item]
results = standby.share(later, range(10), lambda index: [os.getpid(), "here", index])
print(json.dumps([os.getpid(), standby.ready, results]))
""", spread=False)
    parent, ready, results = found
    assert not ready and results == [[parent, "here", index] for index in range(10)]
