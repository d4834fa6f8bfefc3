"""The live preview (`--skip-serve` leaves it out, `--serve-only` measures only it): `mkdocs
serve`, three edits a writer makes (a review's title, a missed question, a curated question's
wording), each timed until its page shows it; every page that listed the old title checked, and
the served site compared with a clean build (what is edited and checked: edits.py); then a
second start, with the page cache the first left. Each edit is made, undone and made again
until timed TIMES times, and reported by the median: one rebuild on this noisy machine varied
by a third from run to run."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .builds import forget_page_cache
from .edits import (
    NEW_TITLE,
    Edit,
    dependent_pages,
    edit_target,
    files_containing,
    more_edits,
    title_edit,
    unlike_clean_build,
)
from .options import Options
from .processes import ENV, PYTHON
from .project import configure
from .report import Report, step
from .targets import SERVE_EDIT_S, SERVE_RATIO

POLL = 0.02  # seconds between looks: an edit is timed at most this late
# Straight to 127.0.0.1, whatever http_proxy says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
BUILD_DONE = "Reloading browsers"  # what MkDocs' server logs when a rebuild has finished
TIMES = 5  # each edit timed: made, undone, made, undone, made (odd: it ends made)


@dataclass
class ServeRun:
    start_s: float = 0.0  # the page cache cold
    restart_s: float = 0.0  # the same again, the page cache warm
    edit_times: list[float] = field(default_factory=list)  # the title edit's, TIMES of them
    review: str = ""
    checked: list[tuple[str, bool]] = field(default_factory=list)
    not_listing: list[str] = field(default_factory=list)  # pages that did not show it before
    site_files_with_title: int = 0  # files of the served site showing the title before
    stale: list[str] = field(default_factory=list)  # files still showing it after the edit
    rebuilt: str = ""  # "N of M" pages, as the server logged it
    # The other two edits a writer makes: (key, what, seconds to served each time, "N of M"
    # rebuilt)
    edits: list[tuple[str, str, list[float], str]] = field(default_factory=list)
    differing: list[str] | None = None  # files of the served site unlike a clean build's

    @property
    def edit_s(self) -> float | None:
        return statistics.median(self.edit_times) if self.edit_times else None


@dataclass(frozen=True)
class _Server:
    """A running `mkdocs serve`: its process, base URL, log and the folder it serves from."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path
    scratch: Path
    deadline: float

    def logged(self) -> str:
        return self.log.read_text(errors="replace")

    def wait(self, condition: Callable[[], bool]) -> None:
        """Until `condition` holds; the run stops if the server exits or takes too long."""
        deadline = time.monotonic() + self.deadline
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(self.logged().splitlines()[-20:])
                raise SystemExit(f"mkdocs serve: gave up after {self.deadline:.0f} s "
                                 f"(exit {self.process.poll()}):\n{tail}")
            time.sleep(POLL)


def measure_serve(options: Options, project: Path, work: Path, report: Report) -> None:
    """Serve figures for the main search option, against its full build when it was timed."""
    main = options.searches[0]
    build_s = report.value(f"build_{main}_s") or 0.0
    step(f"mkdocs serve ({main}): three edits (a review's title, a missed question, a curated "
         "question's wording), each timed until served; then the served site against a clean "
         "build")
    # Without a full build's time, its likely time bounds the waits (about 60 ms a review).
    served = serve(configure(project, main), work, build_s or 0.06 * options.reviews)
    target = SERVE_EDIT_S.get(options.reviews)
    report.add("serve_start_s", "serve: first build served", served.start_s, "s")
    report.add("serve_restart_s", "serve: first build served again, page cache warm",
               served.restart_s, "s")
    report.add("serve_restart_ratio", "serve: first build served again / first time",
               served.restart_s / served.start_s, "x")
    report.add("serve_edit_s", f"serve: edit of {served.review}'s title served (rebuilt "
               f"{served.rebuilt}; {_spread(served.edit_times)})", served.edit_s, "s", target)
    if build_s:
        report.add("serve_ratio", f"serve edit / full build ({main})",
                   (served.edit_s or 0.0) / build_s if served.edit_s else None, "x",
                   SERVE_RATIO)
    for key, what, times, rebuilt in served.edits:
        report.add(f"serve_edit_{key}_s", f"serve: edit of {what} served (rebuilt {rebuilt}; "
                   f"{_spread(times)})", statistics.median(times), "s", target)
    _add_checks(served, report)


def _spread(times: list[float]) -> str:
    """How the median was found: "median of 5, 1.62-2.31 s"."""
    return f"median of {len(times)}, {min(times):.2f}-{max(times):.2f} s"


def _add_checks(served: ServeRun, report: Report) -> None:
    """Whether the served site is what a build makes: like a clean one, nothing stale."""
    report.add("serve_same_as_build", "serve: after the three edits, the served site "
               "equals a clean build", float(served.differing == []), "bool", target=1.0)
    if served.differing:
        report.notes.append(f"serve: UNLIKE a clean build: {', '.join(served.differing[:20])}")
    fresh = sum(ok for _, ok in served.checked)
    report.add("serve_dependents", f"serve: dependent pages up to date ({fresh} of "
               f"{len(served.checked)})", float(fresh == len(served.checked) > 0), "bool",
               target=1.0)
    stale = [page for page, ok in served.checked if not ok]
    report.notes.append(f"serve checked {', '.join(p or '(home)' for p, _ in served.checked)}"
                        + (f"; STALE: {', '.join(stale)}" if stale else ""))
    report.add("serve_site_fresh", "serve: no file of the served site shows the old title "
               f"({served.site_files_with_title} did before)",
               float(not served.stale and served.site_files_with_title > 0), "bool",
               target=1.0)
    report.notes.append(f"serve rebuilt {served.rebuilt} pages for the edit"
                        + (f"; STALE files: {', '.join(served.stale[:20])}"
                           if served.stale else ""))
    if served.not_listing:
        report.notes.append("pages that did not show the title before the edit (not "
                            f"checked): {', '.join(served.not_listing)}")


def serve(config: Path, work: Path, expected_build_s: float) -> ServeRun:
    """`mkdocs serve` (file watching on: no --no-livereload): a review's title edited and timed
    until served (TIMES times), every page that listed it checked; the two other edits timed
    the same way; then the served site compared with a clean build. Every edited file is
    restored."""
    path, front = edit_target(config.parent)
    run = ServeRun(review=front["id"])
    restore: dict[Path, str] = {}  # every file an edit changes, as it was
    deadline = max(300.0, 10 * expected_build_s)
    forget_page_cache(config.parent)
    started = time.monotonic()
    try:  # the files are restored once the server has stopped
        with _serving(config, work, deadline) as server:
            server.wait(lambda: fetch(server.base)[0] == 200)
            run.start_s = time.monotonic() - started
            listing = _before_edit(server, front, run)
            run.edit_times = _timed(server, title_edit(path, front), restore)
            _check_title(server, front, run, listing)
            for edit in more_edits(config.parent, path, front):
                times = _timed(server, edit, restore)
                run.edits.append((edit.key, edit.what, times, _last_rebuilt(server)))
            run.differing = unlike_clean_build(config, _served_site(server), server.base, work)
    finally:
        for edited, text in restore.items():
            edited.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with _serving(config, work, deadline) as server:  # the content as first served
        server.wait(lambda: fetch(server.base)[0] == 200)
        run.restart_s = time.monotonic() - started
    return run


@contextlib.contextmanager
def _serving(config: Path, work: Path, deadline: float) -> Iterator[_Server]:
    """`mkdocs serve` on a free port, building into work/tmp; stopped in every case."""
    port = free_port()
    scratch = work / "tmp"
    scratch.mkdir(exist_ok=True)
    log = work / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [PYTHON, "-m", "mkdocs", "serve", "-f", str(config), "-a",
             f"127.0.0.1:{port}"], cwd=config.parent, stdout=out, stderr=subprocess.STDOUT,
            env={**ENV, "TMPDIR": str(scratch)}, start_new_session=True, preexec_fn=_in_child)
    try:
        yield _Server(process, f"http://127.0.0.1:{port}/", log, scratch, deadline)
    finally:
        stop(process)


def _before_edit(server: _Server, front: dict[str, Any], run: ServeRun) -> list[str]:
    """The dependent pages that show the review's title, as served before the edit."""
    old = front["title"]
    status, body = fetch(f"{server.base}deals/{front['id']}/")
    found = re.search(r'href="(?:\.\./)+counterparties/([^/"]+)/"', body)
    if status != 200 or old not in body or not found:
        raise SystemExit(f"serve: the review page deals/{front['id']}/ is not as built")
    before = {page: fetch(server.base + page)[1] for page in dependent_pages(front, found[1])}
    listing = [page for page, html in before.items() if old in html]
    run.not_listing = [page for page in before if page not in listing]
    run.site_files_with_title = len(files_containing(_served_site(server), old))
    return listing


def _timed(server: _Server, edit: Edit, restore: dict[Path, str]) -> list[float]:
    """Seconds to served of the edit made, undone, made again, ... TIMES times; it ends made."""
    return [_edit_and_wait(server, edit.undone() if i % 2 else edit, restore)
            for i in range(TIMES)]


def _edit_and_wait(server: _Server, edit: Edit, restore: dict[Path, str]) -> float:
    """Make the edit (its file kept in `restore` as it first was) and time until served: the
    rebuild has finished (the server tells browsers to reload) and the page shows it."""
    text = edit.path.read_text(encoding="utf-8")
    if text.count(edit.old) != 1:
        raise SystemExit(f"serve: {edit.path} does not hold {edit.old!r} exactly once")
    restore.setdefault(edit.path, text)
    builds = server.logged().count(BUILD_DONE)
    edit.path.write_text(text.replace(edit.old, edit.new, 1), encoding="utf-8")
    edited = time.monotonic()
    page = server.base + edit.page
    server.wait(lambda: server.logged().count(BUILD_DONE) > builds
                and edit.served(fetch(page)[1]))
    return time.monotonic() - edited


def _check_title(server: _Server, front: dict[str, Any], run: ServeRun,
                 listing: list[str]) -> None:
    """Whether every page that listed the old title, and every file, shows the new one."""
    old = front["title"]
    for dependent in listing:
        html = fetch(server.base + dependent)[1]
        run.checked.append((dependent, NEW_TITLE in html and old not in html))
    run.stale = files_containing(_served_site(server), old)
    run.rebuilt = _last_rebuilt(server)


def _last_rebuilt(server: _Server) -> str:
    """The last "N of M" pages the server logged it rebuilt."""
    rebuilt = re.findall(r"rebuilt (\d+ of \d+) pages", server.logged())
    return rebuilt[-1] if rebuilt else "all"


def _served_site(server: _Server) -> Path:
    return next(server.scratch.glob("mkdocs_*"))  # the folder the server serves


def fetch(url: str) -> tuple[int, str]:
    try:
        with OPENER.open(url, timeout=600) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError as exc:
        return 0, repr(exc)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _in_child() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # so Ctrl-C stops MkDocs cleanly


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C the server's process group, then kill it if it does not stop."""
    for sig, grace in ((signal.SIGINT, 15), (signal.SIGKILL, 15)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
