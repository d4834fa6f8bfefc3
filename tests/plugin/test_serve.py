"""Live preview: a real `mkdocs serve` on 127.0.0.1 picks up new, edited and deleted reviews.

The server runs as a child process in its own process group; the fixture always stops it, and
every wait is bounded, so a broken rebuild fails the test with the server's log instead of hanging.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Project, review
from corpus import write_corpus

sys.path.insert(0, str(REPO))  # the benchmarks package lives beside generator/
from benchmarks.serve import stop
from generator.read.settings import read_config

START_TIMEOUT = 60.0  # seconds until the first build is served
CHANGE_TIMEOUT = 45.0  # seconds for one change to show
TEST_BUDGET = 240.0  # seconds for the whole test, server start included
POLL = 0.2

EDITED_TITLE = "Serve test edited title 7f3a"
NEW_TITLE = "Serve test new review 5b2e"
NEW_ID = "serve-new-5b2e"
NEW_TAG = "serve-tag-5b2e"
MISSED = "Who measures uptime for the renewal (serve test 3c9d)?"
BODY_EDIT = "Edited body 3c9d."
REWORDED = "Who measures the SLA, and when does its clock stop (serve test 3c9d)?"
RELOADED = "Reloading browsers"  # MkDocs logs it when a rebuild has finished

# Straight to 127.0.0.1, whatever http_proxy says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Predicate = Callable[[int, str], bool]


def fetch(url: str) -> tuple[int, str]:
    """(HTTP status, body); status 0 and the error when nothing answered."""
    try:
        with OPENER.open(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:  # refused, reset, timed out (URLError is an OSError)
        return 0, repr(exc)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def heading(body: str) -> str:
    """What a page is, for failure messages: its <title>, or its start."""
    found = re.search(r"<title>(.*?)</title>", body, re.S)
    return found[1].strip() if found else body[:200]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path
    started: float

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def site_dir(self) -> Path:
        """The folder MkDocs serves from: its temp folder, made inside the test's TMPDIR."""
        (found,) = (self.log.parent / "tmp").glob("mkdocs_*")
        return found

    def get(self, page: str) -> tuple[int, str]:
        return fetch(self.base + page)

    def wait_for(self, page: str, predicate: Predicate, timeout: float = CHANGE_TIMEOUT) -> str:
        """Poll until predicate(status, body) holds; the last body, or fail with the log."""
        deadline = time.monotonic() + timeout
        while True:
            status, body = self.get(page)
            if predicate(status, body):
                return body
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve exited with {self.process.returncode} while waiting "
                            f"for {page!r}; server log:\n{self.log_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"{page!r} was not as expected after waiting {timeout:.0f} s "
                            f"(last status {status}, {heading(body)!r}); "
                            f"server log:\n{self.log_text()}")
            time.sleep(POLL)


def in_child() -> None:
    """Run in the server process before exec: make Ctrl-C work, die with the test run."""
    # A runner started in the background ignores SIGINT, and children inherit that; Python
    # only turns SIGINT into KeyboardInterrupt (MkDocs' clean shutdown) when it is not ignored.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform == "linux":  # PR_SET_PDEATHSIG: killed even if pytest itself is killed
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)


# `mkdocs serve`, its rebuilds sharing their pages with a standby worker whatever the cores.
# Once the server runs, a page takes 20 ms longer to render: the worker surely converts some
# pages while the generator renders the next.
SERVE = """
import sys, threading, time
import generator.base.parallel as parallel
import generator.render.templates as templates
parallel.cores = lambda: 2
render = templates._render_page
def slower(*args):
    if threading.active_count() > 1:
        time.sleep(0.02)
    return render(*args)
templates._render_page = slower
from mkdocs.__main__ import cli
cli(["serve", *sys.argv[1:]])
"""


@pytest.fixture
def server(project: Project, tmp_path: Path) -> Iterator[Server]:
    write_corpus(project)
    # The server watches the templates folder; a private copy keeps edits made to the working
    # tree's templates while the suite runs from triggering rebuilds in the middle of the test.
    templates = shutil.copytree(REPO / "site_templates", tmp_path / "site_templates")
    project.write_config(templates_dir=str(templates))
    # The shipped nav, as a real site has it: the home page and the listing pages are then
    # in Material's search index, which a partial rebuild must keep whole.
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text())
    config["nav"] = read_config(REPO / "mkdocs.yml")["nav"]
    (project.root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    port = free_port()
    log = tmp_path / "serve.log"
    scratch = tmp_path / "tmp"  # MkDocs builds into a temp folder; keep it inside tmp_path
    scratch.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1",
           "TMPDIR": str(scratch)}
    # No --no-livereload: in MkDocs 1.6 it also switches off file watching, i.e. rebuilding.
    command = [sys.executable, "-c", SERVE, "-f", str(project.root / "mkdocs.yml"),
               "-a", f"127.0.0.1:{port}"]
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   cwd=project.root, start_new_session=True,
                                   preexec_fn=in_child)
    try:
        running = Server(process, f"http://127.0.0.1:{port}/", log, started)
        running.wait_for("", lambda status, _: status == 200, timeout=START_TIMEOUT)
        print(f"server up in {time.monotonic() - started:.1f} s")
        yield running
    finally:
        stopping = time.monotonic()
        stop(process)
        print(f"server stopped in {time.monotonic() - stopping:.1f} s "
              f"(exit {process.returncode})")


def mentions(*texts: str) -> Predicate:
    return lambda status, body: status == 200 and all(t in body for t in texts)


def full_build(project: Project, site_url: str) -> Path:
    """A clean `mkdocs build` of the project as the server sees it (same site_url)."""
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text())
    config["site_url"] = site_url
    full = project.root / "full.yml"  # beside mkdocs.yml: same docs_dir; not watched
    full.write_text(yaml.safe_dump(config))
    site = project.root.parent / "full-site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(full),
                           "-d", str(site)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert done.returncode == 0, done.stderr
    return site


def assert_same_site(served: Path, built: Path) -> None:
    """Every file of a full build, and no other, with the same bytes; the search index with the
    same entries (a partial rebuild appends the entries of new pages at the end)."""
    def files(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert files(served) == files(built)
    index = "search/search_index.json"
    differing = [name for name in sorted(files(built)) if name != index
                 and (served / name).read_bytes() != (built / name).read_bytes()]
    assert not differing
    entries = [sorted(json.loads((site / index).read_text())["docs"],
                      key=lambda e: json.dumps(e, sort_keys=True)) for site in (served, built)]
    assert entries[0] == entries[1]


def test_serve_rebuilds_every_dependent_page(server: Server, project: Project) -> None:
    deals = project.root / "content" / "deals"

    # Before: the pages the changes will touch, as first built.
    old_title = "Kestrel hosting renewal"
    dependents = ["scenarios/vendor_sla/", "tags/hosting/", "counterparties/kestrel-cloud/", ""]
    for page in ["deals/kestrel-2026/", *dependents]:
        server.wait_for(page, mentions(old_title), timeout=0)
    orbit_listed_on = ("scenarios/client_fixed_scope/", "tags/hosting/", "")
    for page in orbit_listed_on:
        server.wait_for(page, mentions("deals/orbit/", "Orbit rebuild"), timeout=0)
    server.wait_for("scenarios/partner_revshare/", lambda s, b: s == 200 and NEW_ID not in b,
                    timeout=0)
    server.wait_for(f"deals/{NEW_ID}/", lambda status, _: status == 404, timeout=0)

    # (1) Edit a review's title: its page and every page listing it show the new title.
    edited = deals / "kestrel-2026.md"
    text = edited.read_text(encoding="utf-8")
    assert text.count(old_title) == 1
    start = time.monotonic()
    edited.write_text(text.replace(old_title, EDITED_TITLE), encoding="utf-8")
    server.wait_for("deals/kestrel-2026/", mentions(EDITED_TITLE))
    print(f"edit shown in {time.monotonic() - start:.1f} s")
    for page in dependents:
        status, body = server.get(page)
        assert status == 200 and EDITED_TITLE in body and old_title not in body, page
    # The pages it changed were converted by the server and its standby worker, some of them
    # while the generator rendered the others.
    assert re.search(r"\d+ generated pages converted ahead of MkDocs, in 2 processes "
                     r"\([1-9]\d* by the standby worker as they were rendered\)",
                     server.log_text())
    # The reviews listing it as similar were rebuilt, yet the search kept their entries: the
    # list is left out of the index (step 4 checks the index against a full build's).
    assert re.search(r"rebuilt \d+ of \d+ pages \([1-9]\d* with their search entries as "
                     r"before\)", server.log_text())

    # (2) Add a review with a new tag: its page, its tag page and its scenario page appear.
    start = time.monotonic()
    project.add_deal("serve-new.md", review(
        id=NEW_ID, title=NEW_TITLE, counterparty="Serve Partner 5b2e", deal_type="partner",
        scenario="partner_revshare", tags=[NEW_TAG], signed=date(2026, 9, 1),
        reviewed=date(2026, 9, 3)))
    server.wait_for(f"deals/{NEW_ID}/", mentions(NEW_TITLE))
    print(f"new review shown in {time.monotonic() - start:.1f} s")
    for page in (f"tags/{NEW_TAG}/", "scenarios/partner_revshare/"):
        status, body = server.get(page)
        assert status == 200 and NEW_TITLE in body and f"deals/{NEW_ID}/" in body, page

    # (3) Delete a review: its page is gone and its scenario page no longer lists it.
    start = time.monotonic()
    (deals / "orbit.md").unlink()
    server.wait_for("deals/orbit/", lambda status, _: status == 404)
    print(f"deletion shown in {time.monotonic() - start:.1f} s")
    for page in orbit_listed_on:
        status, body = server.get(page)
        assert status == 200 and "deals/orbit/" not in body and "Orbit rebuild" not in body, page

    # (3b) Add a missed question to a review, then reword the curated question it refers to:
    # neither changes the home page, whose search entries must stay all the same.
    start = time.monotonic()
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\nplaybook_updates:", f"\nmissed_questions:\n- question: "
                                   f"'{MISSED}'\n  category: success_criteria\n  informs: Notice"
                                   "\n  ref: sla-measured\nplaybook_updates:", 1), encoding="utf-8")
    server.wait_for("deals/kestrel-2026/", mentions(MISSED))
    print(f"missed question shown in {time.monotonic() - start:.1f} s")
    question = project.root / "content" / "questions" / "sla-measured.md"
    wording = "How is the SLA measured, and who stops the clock?"
    text = question.read_text(encoding="utf-8")
    assert text.count(wording) == 1
    question.write_text(text.replace(wording, REWORDED), encoding="utf-8")
    server.wait_for("questions/sla-measured/", mentions(REWORDED))
    for page in ("questions/", "bank/categories/success_criteria/", "brief/vendor_sla/"):
        status, body = server.get(page)
        assert status == 200 and REWORDED in body and wording not in body, page

    # (3c) Edit a review's body only: just its page is rebuilt; every other page's search
    # entries, the home page's too, stay in the index.
    body = deals / "kestrel-2025.md"
    text = body.read_text(encoding="utf-8")
    body.write_text(text.replace("signed.\n", f"signed. {BODY_EDIT}\n", 1), encoding="utf-8")
    server.wait_for("deals/kestrel-2025/", mentions(BODY_EDIT))

    # (4) The preview rebuilt only what changed, yet equals a full build of the same content.
    rebuilt = [(int(n), int(m)) for n, m in re.findall(r"rebuilt (\d+) of (\d+) pages",
                                                        server.log_text())]
    assert len(rebuilt) == 6 and all(n < m / 2 for n, m in rebuilt), rebuilt
    # Complete rebuilds, so no "dirty build ... inaccurate navigation" alarm (plugin.py).
    assert "'dirty' build" not in server.log_text()
    assert_same_site(server.site_dir(), full_build(project, server.base))

    # (5) A new title of a page in the nav reaches every sidebar: everything is rebuilt.
    method = project.root / "content" / "method" / "debrief.md"
    reloads = server.log_text().count(RELOADED)
    method.write_text(method.read_text().replace("# Running the debrief", "# Debrief 4e8a", 1))
    server.wait_for("deals/kestrel-2025/", mentions("Debrief 4e8a"))
    server.wait_for("", lambda *_: server.log_text().count(RELOADED) > reloads)  # all written
    assert_same_site(server.site_dir(), full_build(project, server.base))

    # (6) A layout change (mkdocs.yml) reaches pages whose content did not change.
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Test", "site_name: Renamed 9c1d"))
    for page in ("deals/kestrel-2025/", "method/debrief/"):
        server.wait_for(page, mentions("Renamed 9c1d"))

    assert server.process.poll() is None, server.log_text()
    elapsed = time.monotonic() - server.started
    print(f"server start and changes took {elapsed:.1f} s")
    assert elapsed < TEST_BUDGET, f"took {elapsed:.0f} s; server log:\n{server.log_text()}"


BANNER = 'id="dealbook-preview-problems"'
BROKEN = "The last change broke the build"


def shows_problem(*texts: str) -> Predicate:
    """A page of the last good site, with the banner naming the problem."""
    return lambda status, body: status == 200 and BANNER in body and all(t in body for t in texts)


def test_a_broken_rebuild_keeps_the_last_good_site_and_says_why(
        server: Server, project: Project, tmp_path: Path) -> None:
    deals = project.root / "content" / "deals"
    page, title = "deals/kestrel-2026/", "Kestrel hosting renewal"
    assert BANNER not in server.wait_for(page, mentions(title), timeout=0)

    # (1) A review beyond the bounds: left out, named with its line on every page, no crash.
    (deals / "far.md").write_text(
        "---\nid: far\ntitle: Far\ncounterparty: Far Co\nowner: Dana\ndeal_type: client\n"
        "scenario: client_fixed_scope\nsigned: 2026-03-01\nreviewed: 2026-03-03\n"
        "renewal_date: 9999-12-31\n---\n", encoding="utf-8")
    server.wait_for(page, shows_problem(
        "content/deals/far.md:10:15: error: renewal_date must be between 1970-01-01 and "
        "2199-12-31 (got &#x27;9999-12-31&#x27;)", title))
    (deals / "far.md").unlink()
    server.wait_for(page, lambda status, body: status == 200 and BANNER not in body)

    # (2) A template error: the last good pages stay, with the reason and the template line.
    template = tmp_path / "site_templates" / "deal.md.j2"
    good = template.read_text(encoding="utf-8")
    template.write_text(good + "{{ no_such_value }}\n", encoding="utf-8")
    server.wait_for(page, shows_problem(
        BROKEN, f"deal.md.j2:{good.count(chr(10)) + 1}: template error while rendering "
        "deals/kestrel-2026.md: &#x27;no_such_value&#x27; is undefined", title))
    # A second change while broken (a full rebuild, which empties the folder first): the last
    # good site is still all there.
    edited = deals / "kestrel-2026.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace(title, EDITED_TITLE),
                      encoding="utf-8")
    failures = server.log_text().count("the rebuild failed")
    server.wait_for("", lambda *_: server.log_text().count("the rebuild failed") > failures)
    for shown in (page, "", "scenarios/vendor_sla/"):
        server.wait_for(shown, shows_problem(BROKEN, title), timeout=0)
    assert "Traceback" not in server.log_text()

    # (3) Fixed: the edit is served, the banner is gone.
    template.write_text(good, encoding="utf-8")
    body = server.wait_for(page, mentions(EDITED_TITLE))
    assert BANNER not in body, server.log_text()

    # (4) A bad plugin option in mkdocs.yml: the same, and recovery once it is fixed.
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"today: '{project.today}'", "today: '2026-02-30'"),
                      encoding="utf-8")
    server.wait_for(page, shows_problem(
        BROKEN, "dealbook option &#x27;today&#x27; is not a real date", EDITED_TITLE))
    config.write_text(text, encoding="utf-8")
    server.wait_for(page, lambda status, body: status == 200 and BANNER not in body
                    and EDITED_TITLE in body)
    assert server.process.poll() is None, server.log_text()
