"""The live preview (`--skip-serve` leaves it out): `mkdocs serve`, one review's title edited,
the time until its page shows the new title, and every page that listed it checked."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import review_files
from .options import Options
from .processes import ENV, PYTHON
from .project import front_matter
from .report import Report, step
from .targets import SERVE_RATIO

POLL = 0.1
# Straight to 127.0.0.1, whatever http_proxy says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
BUILD_DONE = "Reloading browsers"  # what MkDocs' server logs when a rebuild has finished
NEW_TITLE = "Edited benchmark title 7f3a9c"


@dataclass
class ServeRun:
    start_s: float = 0.0
    edit_s: float | None = None
    review: str = ""
    checked: list[tuple[str, bool]] = field(default_factory=list)
    not_listing: list[str] = field(default_factory=list)  # pages that did not show it before
    site_files_with_title: int = 0  # files of the served site showing the title before
    stale: list[str] = field(default_factory=list)  # files still showing it after the edit
    rebuilt: str = ""  # "N of M" pages, as the server logged it


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
    """Serve figures, against the full build of the main search option."""
    main = options.searches[0]
    build_s = report.value(f"build_{main}_s") or 0.0
    step(f"mkdocs serve ({main}): edit one review's title, wait for its page")
    served = serve(project / f"mkdocs-{main}.yml", work, build_s)
    report.add("serve_start_s", "serve: first build served", served.start_s, "s")
    report.add("serve_edit_s", f"serve: edit of {served.review} served", served.edit_s, "s")
    report.add("serve_ratio", f"serve edit / full build ({main})",
               (served.edit_s or 0.0) / build_s if served.edit_s else None, "x", SERVE_RATIO)
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
    """`mkdocs serve` (file watching on: no --no-livereload), edit one review's title, time
    until its page shows the new title, then check every page that lists it."""
    path, front = edit_target(config.parent)
    run = ServeRun(review=front["id"])
    original = path.read_text(encoding="utf-8")
    started = time.monotonic()
    try:  # the review is restored once the server has stopped
        with _serving(config, work, max(300.0, 10 * expected_build_s)) as server:
            server.wait(lambda: fetch(server.base)[0] == 200)
            run.start_s = time.monotonic() - started
            listing = _before_edit(server, front, run)
            builds = server.logged().count(BUILD_DONE)
            path.write_text(original.replace(f"title: {front['title']}\n",
                                             f"title: {NEW_TITLE}\n", 1), encoding="utf-8")
            _after_edit(server, front, run, listing, builds)
    finally:
        path.write_text(original, encoding="utf-8")
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


def _after_edit(server: _Server, front: dict[str, Any], run: ServeRun, listing: list[str],
                builds: int) -> None:
    """Time until the edit is served, then whether every listing page and file shows it."""
    edited = time.monotonic()
    page = f"{server.base}deals/{front['id']}/"
    # Served: the rebuild has finished (the server tells browsers to reload) and shows it.
    server.wait(lambda: server.logged().count(BUILD_DONE) > builds
                and NEW_TITLE in fetch(page)[1])
    run.edit_s = time.monotonic() - edited
    old = front["title"]
    for dependent in listing:
        html = fetch(server.base + dependent)[1]
        run.checked.append((dependent, NEW_TITLE in html and old not in html))
    run.stale = files_containing(_served_site(server), old)
    rebuilt = re.findall(r"rebuilt (\d+ of \d+) pages", server.logged())
    run.rebuilt = rebuilt[-1] if rebuilt else "all"


def _served_site(server: _Server) -> Path:
    return next(server.scratch.glob("mkdocs_*"))  # the folder the server serves


def edit_target(project: Path) -> tuple[Path, dict[str, Any]]:
    """The newest review that links to a curated question by `ref` and has tags and both kinds
    of leverage (the edit with the most dependent pages), whose title is in no other."""
    fronts = [(path, front_matter(path)) for path in review_files(project)]
    titles = [front["title"] for _, front in fronts]
    newest_first = sorted((pf for pf in fronts if _fits(pf[1])),
                          key=lambda pf: (pf[1]["signed"], pf[1]["id"]), reverse=True)
    for path, front in newest_first:
        # A title inside another's would defeat the check for stale copies of it.
        if sum(front["title"] in title for title in titles) == 1:
            return path, front
    raise SystemExit("no review fits the serve edit (a ref, tags, proven and assumed leverage, "
                     "a title found in no other)")


def _fits(front: dict[str, Any]) -> bool:
    leverage = front.get("leverage", {})
    return bool(any(m.get("ref") for m in front.get("missed_questions", []))
                and front.get("tags") and leverage.get("proven") and leverage.get("assumed"))


def dependent_pages(front: dict[str, Any], counterparty_slug: str) -> list[str]:
    """Every page that shows the review's title, as site paths."""
    scenario = front["scenario"]
    pages = [f"scenarios/{scenario}/", f"counterparties/{counterparty_slug}/",
             f"archive/{front['signed'].year}/"]
    pages += [f"tags/{tag}/" for tag in front["tags"]]
    for kind in ("proven", "assumed"):
        for source in front["leverage"][kind]:
            pages += [f"patterns/leverage/{scope}-{source}-{kind}/"
                      for scope in ("all", scenario)]
    pages += [f"questions/{m['ref']}/" for m in front["missed_questions"] if m.get("ref")]
    pages += ["", f"brief/{scenario}/"]  # home and brief list the latest reviews
    return list(dict.fromkeys(pages))


def files_containing(site: Path, text: str) -> list[str]:
    """The served site's files (pages, search index, sitemap) that contain `text`."""
    needle = text.encode("utf-8")
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.suffix in (".html", ".json", ".xml") and needle in p.read_bytes())


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
