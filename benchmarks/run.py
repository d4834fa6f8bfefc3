"""The Dealbook benchmark: one command, every figure of the performance targets, on one machine.

    .venv/bin/python -m benchmarks.run --reviews 1000

generates a synthetic project (benchmarks/corpus.py) and measures, in this order: the YAML
floor, the core generator cold and warm, the full `mkdocs build` (Material search, and the
Pagefind option) with peak memory, the anchor build of the same pages as static Markdown, site
bytes, the search payload and time to first results in Chromium, and `mkdocs serve` edit-to-
refresh latency with a check of every dependent page. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .corpus import REPO, TODAY, make_corpus, question_files, review_files, write_config

PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-proxy-server"]
BUILD_TIMEOUT = 3600.0
SEARCH_TIMEOUT = 240.0  # seconds for the first results to show
POLL = 0.1
# Straight to 127.0.0.1, whatever http_proxy says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Targets of the issue (values compared with <=, except the browser time: <).
CORE_RATIO = 3.0
WARM_RATIO = 0.1
BUILD_RATIO = 1.2
PEAK_MEMORY = 1_000_000_000  # 1 GB; byte figures are shown in decimal units (kB, MB, GB)
GROWTH = 1.3
SERVE_RATIO = 0.2
SERVE_EDIT_S = {1000: 1.5, 10000: 5.0}  # edit to served, by corpus size (issue 22)
PAYLOAD = 300_000
RESULTS_MS = 200.0
REFERENCE_N = 100

# The core, timed in a fresh interpreter: imports first (not timed), then a cold build with
# empty caches, then the same call again with nothing changed.
CORE_SNIPPET = """
import json, resource, sys, time
from pathlib import Path
from generator.build import build_site
from generator.base.parallel import workers_for
from generator.read.settings import load_settings
settings = load_settings(Path(sys.argv[1]))
start, cpu = time.perf_counter(), time.process_time()
result = build_site(settings)
cold = time.perf_counter() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() - cpu + children.ru_utime + children.ru_stime
start = time.perf_counter()
again = build_site(settings)
warm = time.perf_counter() - start
errors = sum(1 for d in result.diagnostics if d.severity.name == "ERROR")
print(json.dumps({"cold": cold, "warm": warm, "pages": len(result.pages), "cpu": cpu,
                  "workers": workers_for(len(result.pages)),
                  "markdown_bytes": sum(len(p.encode()) for p in result.pages.values()),
                  "errors": errors, "same": again is result,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""
PROFILE_SNIPPET = """
import cProfile, pstats, sys
from pathlib import Path
from generator.build import build_site
from generator.read.settings import load_settings
settings = load_settings(Path(sys.argv[1]))
profile = cProfile.Profile()
profile.enable()
build_site(settings)
profile.disable()
pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(int(sys.argv[2]))
"""

# Where the cold time goes, phase by phase, without a profiler's overhead. It repeats the steps
# of generator.build._build (the names are the core's own).
PHASES_SNIPPET = """
import json, sys, time
from pathlib import Path
import generator.render.templates as render
from generator.link.audience import for_audience
from generator.build import how_to_context
from generator.read.cache import inputs_signature
from generator.render.calendar import render_calendar
from generator.link.playbook import link_playbook
from generator.check.load import read_corpus
from generator.pages.plan import plan_pages
from generator.link.questionbank import curation_advice
from generator.read.settings import load_settings
settings = load_settings(Path(sys.argv[1]))
phases = {}
def phase(name, call):
    start = time.perf_counter()
    value = call()
    phases[name] = time.perf_counter() - start
    return value
corpus = phase("load + validate (read_corpus)", lambda: read_corpus(settings))
playbook = phase("link (link_playbook, incl. similar deals and question bank)",
                 lambda: link_playbook(for_audience(corpus.deals, settings.audience),
                                       corpus.questions))
phase("curation advice", lambda: tuple(curation_advice(playbook.bank)))
how_to = how_to_context(settings)
plan = phase("summarize + plan pages (plan_pages: patterns, charts, briefs, bank)",
             lambda: plan_pages(playbook, settings, how_to))
def compiled():
    env = render.make_environment((settings.templates_dir,),
                                  inputs_signature(settings.templates_dir))
    for name in env.list_templates(extensions="j2"):
        env.get_template(name)
    return env
env = phase("compile templates", compiled)
pages = phase("render Markdown (render_pages)", lambda: render.render_pages(plan, env))
phase("calendar", lambda: render_calendar(playbook.deals, settings.today,
                                          playbook.renewed_by, settings.site_url))
print(json.dumps(phases))
"""


@dataclass
class Figure:
    """One measured figure, with its target when the issue sets one."""

    key: str
    label: str
    value: float | None
    unit: str
    target: float | None = None
    below: bool = False  # the target is "under" (<), not "at most" (<=)
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        if self.value is None:
            return "FAIL"
        if self.unit == "bool":
            ok = self.value == self.target
        else:
            ok = self.value < self.target if self.below else self.value <= self.target
        return "PASS" if ok else "FAIL"


@dataclass
class Report:
    reviews: int
    seed: int
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args: Any, **kwargs: Any) -> Figure:
        figure = Figure(*args, **kwargs)
        self.figures.append(figure)
        print(f"  {figure.label}: {fmt(figure.value, figure.unit)}"
              f"{'  ' + figure.verdict if figure.verdict else ''}", flush=True)
        return figure

    def get(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def value(self, key: str) -> float | None:
        found = self.get(key)
        return None if found is None else found.value


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "B":
        for size, name in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
            if value >= size:
                return f"{value / size:,.{1 if value < 100 * size else 0}f} {name}"
        return f"{value:,.0f} B"
    if unit == "bool":
        return "yes" if value else "NO"
    return f"{value:,.0f}{(' ' + unit) if unit else ''}"


def target_text(figure: Figure) -> str:
    if figure.target is None:
        return ""
    op = "<" if figure.below else "≤"
    if figure.unit == "bool":
        return "yes"
    return f"{op} {fmt(figure.target, figure.unit)}"


def step(message: str) -> None:
    print(f"· {message}", flush=True)


# --- the machine ---------------------------------------------------------------------------

def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kib / 1024 ** 2:.1f} GiB"
    system = platform.platform()
    with contextlib.suppress(OSError):
        found = re.search(r'PRETTY_NAME="(.*)"', Path("/etc/os-release").read_text())
        system = found[1] if found else system
    return {
        "CPU": cpu, "cores": str(os.cpu_count()), "RAM": ram, "OS": system,
        "Python": platform.python_version(), "MkDocs": _version("mkdocs"),
        "Material": _version("mkdocs-material"), "Pagefind": _version("pagefind"),
        "PyYAML": f"{_version('pyyaml')} (libyaml: {'yes' if _has_libyaml() else 'no'})",
        "Chromium": _chromium_version(),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _version(package: str) -> str:
    from importlib import metadata
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _has_libyaml() -> bool:
    return hasattr(yaml, "CSafeLoader")


def _chromium_version() -> str:
    try:
        done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return done.stdout.strip() or "unknown"


# --- running children ----------------------------------------------------------------------

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
            total = 0
            for entry in os.scandir("/proc"):
                if not entry.name.isdigit():
                    continue
                try:
                    stat = Path(entry.path, "stat").read_text()
                    fields = stat[stat.rindex(")") + 2:].split()
                    if int(fields[2]) == self.group:  # pgrp
                        total += _pss(Path(entry.path, "smaps_rollup").read_text())
                except (OSError, ValueError, IndexError):
                    continue
            self.peak = max(self.peak, total)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _pss(smaps_rollup: str) -> int:
    """Bytes of the `Pss:` line of /proc/PID/smaps_rollup."""
    line = next(line for line in smaps_rollup.splitlines() if line.startswith("Pss:"))
    return int(line.split()[1]) * 1024


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def must(child: Child, what: str) -> Child:
    if child.returncode != 0:
        tail = "\n".join(child.log.strip().splitlines()[-30:])
        raise SystemExit(f"{what} failed with exit code {child.returncode}:\n{tail}")
    return child


# --- the corpus ----------------------------------------------------------------------------

def commit(project: Path) -> bool:
    """Put the project under git with one commit, as a real Dealbook project is (reviews are
    dated from git history); fixed dates keep the pages identical run to run."""
    if shutil.which("git") is None:
        return False
    env = {**ENV, "GIT_AUTHOR_DATE": f"{TODAY}T12:00:00+00:00",
           "GIT_COMMITTER_DATE": f"{TODAY}T12:00:00+00:00"}
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=Benchmark", "-c", "user.email=bench@example.invalid",
                  "commit", "-q", "-m", "synthetic corpus"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    return True


def check(project: Path, work: Path) -> tuple[int, str]:
    child = run_child([str(Path(PYTHON).parent / "dealbook"), "check"], project,
                      work / "check.log")
    summary = child.log.strip().splitlines()[-1] if child.log.strip() else ""
    return child.returncode, summary


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    _, front, _ = text.split("---\n", 2)
    loaded: dict[str, Any] = yaml.load(front, Loader=getattr(yaml, "CSafeLoader",
                                                              yaml.SafeLoader))
    return loaded


# --- the measurements ----------------------------------------------------------------------

def yaml_floor(project: Path, rounds: int = 3) -> float:
    """Reading every review and question and parsing its front matter with libyaml: the least
    any generator must do. Best of `rounds`."""
    files = review_files(project) + question_files(project)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for path in files:
            text = path.read_text(encoding="utf-8")
            lines = text.split("\n")
            end = lines.index("---", 1)
            yaml.load("\n".join(lines[1:end]), Loader=loader)
        best = min(best, time.perf_counter() - start)
    return best


def core(project: Path, work: Path) -> dict[str, Any]:
    """build_site cold and warm, in a fresh interpreter so every cache starts empty."""
    child = must(run_child([PYTHON, "-c", CORE_SNIPPET, str(project / "mkdocs.yml")], project,
                           work / "core.log", env={**ENV, "PYTHONPATH": str(REPO)}),
                 "the core generator")
    found: dict[str, Any] = json.loads(child.log.strip().splitlines()[-1])
    return found


def profile(project: Path, work: Path, top: int = 15) -> str:
    child = must(run_child([PYTHON, "-c", PROFILE_SNIPPET, str(project / "mkdocs.yml"),
                            str(top)], project, work / "profile.log",
                           env={**ENV, "PYTHONPATH": str(REPO)}), "the profile")
    return child.log


def phases(project: Path, work: Path) -> dict[str, float]:
    """The cold core's time by phase (empty if the core's internals changed shape)."""
    child = run_child([PYTHON, "-c", PHASES_SNIPPET, str(project / "mkdocs.yml")], project,
                      work / "phases.log", env={**ENV, "PYTHONPATH": str(REPO)})
    if child.returncode != 0:
        return {}
    found: dict[str, float] = json.loads(child.log.strip().splitlines()[-1])
    return found


def mkdocs_build(config: Path, site: Path, work: Path, name: str) -> Child:
    if site.exists():
        shutil.rmtree(site)
    return must(run_child([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                           str(site)], config.parent, work / f"build-{name}.log"),
                f"mkdocs build ({name})")


def site_bytes(site: Path) -> tuple[int, int, int]:
    """(all bytes, HTML bytes, files) of a built site."""
    total = html = count = 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            count += 1
            if path.suffix == ".html":
                html += size
    return total, html, count


def best(runs: Sequence[Child]) -> Child:
    """The fastest of repeated runs, with the highest peak memory of them all."""
    fastest = min(runs, key=lambda r: r.seconds)
    return Child(fastest.seconds, max(r.peak_memory for r in runs), fastest.returncode,
                 fastest.log)


def prepare_anchor(project: Path, work: Path) -> tuple[Path, float]:
    """The anchor's project (its mkdocs.yml) and the time `dealbook render` took: the same
    pages as static Markdown, for plain MkDocs + Material with the same theme, overrides and
    extensions, the search plugin only, a one-entry nav."""
    anchor = work / "anchor"
    if anchor.exists():
        shutil.rmtree(anchor)
    # render writes the pages and assets to anchor/docs; its own mkdocs.yml is replaced below.
    render = must(run_child([str(Path(PYTHON).parent / "dealbook"), "render", str(anchor),
                             "--project", str(project)], project, work / "render.log"),
                  "dealbook render")
    css = "assets/dealbook.css"
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(project / "site_templates" / "overrides")
    anchor_config = {
        "site_name": config["site_name"], "docs_dir": "docs", "site_dir": "site",
        "theme": config["theme"], "plugins": ["search"],
        "markdown_extensions": config["markdown_extensions"], "extra_css": [css],
        "nav": ["index.md"],
    }
    (anchor / "mkdocs.yml").write_text(yaml.safe_dump(anchor_config, sort_keys=False),
                                       encoding="utf-8")
    return anchor / "mkdocs.yml", render.seconds


# --- the browser ---------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    requests: list[tuple[float, str]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        self.requests.append((time.perf_counter(), self.path.split("?")[0]))
        return super().send_head()


@contextlib.contextmanager
def static_server(site: Path) -> Iterator[tuple[str, list[tuple[float, str]]]]:
    """Serve a built site on 127.0.0.1; yields its base URL and the log of requested paths
    (every request, the search worker's included, which the page's own events may miss)."""
    requests: list[tuple[float, str]] = []
    handler = type("Handler", (_Quiet,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()


# Set up before typing: the time of the last keydown, and of the first moment after it when
# the engine's results for the whole query are in the page (`done` tells).
WATCH_JS = """([keys, done]) => {
  const shown = new Function('return (' + done + ')')();
  window.__keys = 0; window.__lastKey = 0; window.__results = 0;
  document.addEventListener('keydown', () => {
    window.__keys += 1; window.__lastKey = performance.now();
  }, true);
  const check = () => {
    if (!window.__results && window.__keys >= keys && shown()) {
      window.__results = performance.now();
    }
  };
  new MutationObserver(check).observe(document.documentElement,
                                      {childList: true, subtree: true, characterData: true});
}"""
# Material renders each answer of its worker into the same list: its first results after the
# last keystroke. Dealbook's search page (assets/find.js) marks its list with the query whose
# results it holds, titles and excerpts included, before it puts them in.
MATERIAL_DONE = "() => document.querySelector('.md-search-result__item')"
PAGEFIND_DONE = """() => {
  const list = document.querySelector('#db-find-results');
  return list && list.dataset.query === QUERY && list.querySelector('.db-find__result');
}"""
# Pagefind's own API, configured as the search page uses it, without its debounce: a first
# query to five results' data.
PAGEFIND_API_JS = """async query => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.options({noWorker: true});
  const start = performance.now();
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 5).map(result => result.data()));
  return [performance.now() - start, search.results.length];
}"""


@dataclass(frozen=True)
class SearchRun:
    payload: int  # bytes of search files fetched from page load to the first results
    payload_gzip: int  # the same with text files gzipped, as a compressing web server sends
    files: int
    after_typing: int  # of which requested after typing began
    ms: float | None  # last keystroke to the results of the whole query in the page
    largest: str
    api_ms: float | None = None  # Pagefind only: its API, first query, in a fresh page
    api_results: int = 0


def search_in_browser(site: Path, page_path: str, input_selector: str, done_js: str,
                      query: str, is_search_file: Callable[[str], bool],
                      api: bool = False) -> SearchRun:
    """Open the page in a fresh Chromium, click the search box, type the query as a reader
    does; time from the last keystroke to its results, and the search files fetched from the
    page load until then."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    done_js = done_js.replace("QUERY", json.dumps(query))
    api_ms: float | None = None
    api_results = 0
    with static_server(site) as (base, requests), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            loading = time.perf_counter()
            page.goto(base + page_path, wait_until="load")
            page.evaluate(WATCH_JS, [len(query), done_js])
            page.click(input_selector)
            typing = time.perf_counter()
            page.keyboard.type(query, delay=60)
            ms: float | None
            try:
                page.wait_for_function("() => window.__results > 0",
                                       timeout=SEARCH_TIMEOUT * 1000, polling=50)
                ms = float(page.evaluate("() => window.__results - window.__lastKey"))
            except PlaywrightError:  # no results in time: reported as not measured
                ms = None
            done = time.perf_counter()
            if api:
                fresh = browser.new_context().new_page()
                fresh.goto(base + page_path, wait_until="load")
                api_ms, api_results = fresh.evaluate(PAGEFIND_API_JS, query)
        finally:
            browser.close()
    fetched = {path: at for at, path in requests if loading <= at <= done}
    search = {path: at for path, at in fetched.items() if is_search_file(path)}
    sizes = {path: _size(site, path) for path in search}
    largest = max(sizes, key=lambda k: sizes[k], default="")
    gzipped = sum(_gzip_size(site, path) for path in search)
    return SearchRun(sum(sizes.values()), gzipped, len(sizes),
                     sum(s for p, s in sizes.items() if search[p] >= typing), ms,
                     f"{largest} ({fmt(sizes[largest], 'B')})" if largest else "",
                     api_ms, int(api_results))


def _file(site: Path, url_path: str) -> Path:
    path = site / urllib.request.url2pathname(url_path.lstrip("/"))
    return path / "index.html" if path.is_dir() else path


def _size(site: Path, url_path: str) -> int:
    path = _file(site, url_path)
    return path.stat().st_size if path.is_file() else 0


def _gzip_size(site: Path, url_path: str) -> int:
    """Text files as gzip (-6) would send them; Pagefind's own files are compressed already."""
    path = _file(site, url_path)
    if not path.is_file():
        return 0
    if path.suffix in (".js", ".css", ".json", ".html"):
        return len(gzip.compress(path.read_bytes(), 6))
    return path.stat().st_size


def busiest_counterparty(project: Path) -> str:
    """The counterparty with the most reviews (a name a reader would search for)."""
    counts: dict[str, int] = {}
    for path in review_files(project):
        name = front_matter(path)["counterparty"]
        counts[name] = counts.get(name, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k])


def _material_file(path: str) -> bool:
    return path.startswith("/search/") or "/workers/search" in path or "lunr" in path


def _pagefind_file(path: str) -> bool:
    """Pagefind's files, and the search page's own script and style (assets/find.*)."""
    return path.startswith(("/pagefind/", "/assets/find."))


def pagefind_debounce(site: Path) -> str:
    """The pause the search page waits after a keystroke before it searches."""
    script = site / "assets" / "find.js"
    found = re.search(r"TYPING_MS\s*=\s*(\d+)", script.read_text()) if script.is_file() else None
    return f"{found[1]} ms (TYPING_MS in assets/find.js)" if found else "unknown"


# --- mkdocs serve --------------------------------------------------------------------------

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


def edit_target(project: Path) -> tuple[Path, dict[str, Any]]:
    """The newest review that links to a curated question by `ref` and has tags and both kinds
    of leverage (the edit with the most dependent pages), whose title is in no other."""
    fronts = [(path, front_matter(path)) for path in review_files(project)]
    titles = [front["title"] for _, front in fronts]

    def fits(front: dict[str, Any]) -> bool:
        leverage = front.get("leverage", {})
        return bool(any(m.get("ref") for m in front.get("missed_questions", []))
                    and front.get("tags") and leverage.get("proven") and leverage.get("assumed"))

    newest_first = sorted((pf for pf in fronts if fits(pf[1])),
                          key=lambda pf: (pf[1]["signed"], pf[1]["id"]), reverse=True)
    for path, front in newest_first:
        # A title inside another's would defeat the check for stale copies of it.
        if sum(front["title"] in title for title in titles) == 1:
            return path, front
    raise SystemExit("no review fits the serve edit (a ref, tags, proven and assumed leverage, "
                     "a title found in no other)")


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
    # The other two edits a writer makes: (key, what, seconds to served, "N of M" rebuilt)
    edits: list[tuple[str, str, float, str]] = field(default_factory=list)
    differing: list[str] | None = None  # files of the served site unlike a clean build's


BUILD_DONE = "Reloading browsers"  # what MkDocs' server logs when a rebuild has finished


def files_containing(site: Path, text: str) -> list[str]:
    """The served site's files (pages, search index, sitemap) that contain `text`."""
    needle = text.encode("utf-8")
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.suffix in (".html", ".json", ".xml") and needle in p.read_bytes())


def serve(config: Path, work: Path, expected_build_s: float) -> ServeRun:
    """`mkdocs serve` (file watching on: no --no-livereload), edit one review's title, time
    until its page shows the new title, then check every page that lists it."""
    run = ServeRun()
    project = config.parent
    path, front = edit_target(project)
    run.review = front["id"]
    old = front["title"]
    new = "Edited benchmark title 7f3a9c"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    scratch = work / "tmp"
    scratch.mkdir(exist_ok=True)
    log = work / "serve.log"
    original = path.read_text(encoding="utf-8")
    deadline = max(300.0, 10 * expected_build_s)
    restore = {path: original}  # every file an edit changes, as it was
    with log.open("wb") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            [PYTHON, "-m", "mkdocs", "serve", "-f", str(config), "-a",
             f"127.0.0.1:{port}"], cwd=project, stdout=out, stderr=subprocess.STDOUT,
            env={**ENV, "TMPDIR": str(scratch)}, start_new_session=True, preexec_fn=_in_child)
    try:
        _wait(lambda: fetch(base)[0] == 200, process, deadline, log)
        run.start_s = time.monotonic() - started
        status, body = fetch(f"{base}deals/{front['id']}/")
        found = re.search(r'href="(?:\.\./)+counterparties/([^/"]+)/"', body)
        if status != 200 or old not in body or not found:
            raise SystemExit(f"serve: the review page deals/{front['id']}/ is not as built")
        before = {page: fetch(base + page)[1] for page in dependent_pages(front, found[1])}
        listing = [page for page, html in before.items() if old in html]
        run.not_listing = [page for page in before if page not in listing]
        site = next(scratch.glob("mkdocs_*"))  # the folder the server serves
        run.site_files_with_title = len(files_containing(site, old))
        builds = log.read_text(errors="replace").count(BUILD_DONE)
        path.write_text(original.replace(f"title: {old}\n", f"title: {new}\n", 1),
                        encoding="utf-8")
        edited = time.monotonic()
        page = f"{base}deals/{front['id']}/"
        # Served: the rebuild has finished (the server tells browsers to reload) and shows it.
        _wait(lambda: log.read_text(errors="replace").count(BUILD_DONE) > builds
              and new in fetch(page)[1], process, deadline, log)
        run.edit_s = time.monotonic() - edited
        for dependent in listing:
            html = fetch(base + dependent)[1]
            run.checked.append((dependent, new in html and old not in html))
        run.stale = files_containing(site, old)
        run.rebuilt = _last_rebuilt(log)
        for key, what, edited_path, old_text, new_text, shown in _more_edits(project, front,
                                                                              path):
            restore.setdefault(edited_path, edited_path.read_text(encoding="utf-8"))
            seconds = _edit_and_wait(edited_path, old_text, new_text, base + shown[0], shown[1],
                                     process, log, deadline)
            run.edits.append((key, what, seconds, _last_rebuilt(log)))
        run.differing = unlike_clean_build(config, site, base, work)
    finally:
        stop(process)
        for edited_path, text in restore.items():
            edited_path.write_text(text, encoding="utf-8")
    return run


MISSED_EDIT = "Which notice period applies to the renewal, benchmark 5d1e?"
WORDING_EDIT = " (benchmark wording 5d1e)"


def _more_edits(project: Path, front: dict[str, Any], path: Path
                ) -> list[tuple[str, str, Path, str, str, tuple[str, str]]]:
    """A missed question added to the edited review (by `ref`, so the question bank pages
    change) and the wording of the curated question it refers to: (key, what, file, old text,
    new text, (page, text that shows the edit there))."""
    refs = [m["ref"] for m in front["missed_questions"] if m.get("ref")]
    added = next(q for q in sorted(question_files(project)) if q.stem not in refs)
    missed = (f'missed_questions:\n  - question: "{MISSED_EDIT}"\n    category: '
              f'{front_matter(added)["category"]}\n    informs: "Notice"\n'
              f'    ref: {added.stem}\n')
    curated = project / "content" / "questions" / f"{refs[0]}.md"
    wording = front_matter(curated)["question"]
    return [("missed", "a missed question", path, "missed_questions:\n", missed,
             (f"deals/{front['id']}/", MISSED_EDIT)),
            ("wording", "a curated question's wording", curated, wording, wording + WORDING_EDIT,
             (f"questions/{refs[0]}/", WORDING_EDIT.strip(" ()")))]


def _edit_and_wait(path: Path, old: str, new: str, page: str, shown: str,
                   process: subprocess.Popen[bytes], log: Path, deadline: float) -> float:
    """Replace `old` (once in the file) and time until the rebuild is done and `page` shows
    `shown`."""
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise SystemExit(f"serve: {path} does not hold {old!r} exactly once")
    builds = log.read_text(errors="replace").count(BUILD_DONE)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    edited = time.monotonic()
    _wait(lambda: log.read_text(errors="replace").count(BUILD_DONE) > builds
          and shown in fetch(page)[1], process, deadline, log)
    return time.monotonic() - edited


def _last_rebuilt(log: Path) -> str:
    rebuilt = re.findall(r"rebuilt (\d+ of \d+) pages", log.read_text(errors="replace"))
    return rebuilt[-1] if rebuilt else "all"


def unlike_clean_build(config: Path, served: Path, base: str, work: Path) -> list[str]:
    """The files of the served site that a clean `mkdocs build` of the same content (same
    site_url) lacks, adds or writes otherwise; the search index compared entry by entry (a
    partial rebuild appends the entries of new pages at the end)."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["site_url"] = base
    clean_config = config.with_name("mkdocs-clean-check.yml")  # beside: same docs_dir
    clean_config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    clean = work / "site-clean-check"
    mkdocs_build(clean_config, clean, work, "clean-check")
    names = [{p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
             for site in (served, clean)]
    index = "search/search_index.json"

    def entries(site: Path) -> list[str]:
        return sorted(json.dumps(e, sort_keys=True)
                      for e in json.loads((site / index).read_text())["docs"])
    differing = sorted(names[0] ^ names[1]) + [
        name for name in sorted(names[0] & names[1])
        if ((served / name).read_bytes() != (clean / name).read_bytes() if name != index
            else entries(served) != entries(clean))]
    shutil.rmtree(clean)
    clean_config.unlink()
    return differing


def _wait(condition: Callable[[], bool], process: subprocess.Popen[bytes], timeout: float,
          log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
            raise SystemExit(f"mkdocs serve: gave up after {timeout:.0f} s "
                             f"(exit {process.poll()}):\n{tail}")
        time.sleep(POLL)


# --- the whole run -------------------------------------------------------------------------

@dataclass
class Options:
    reviews: int = 1000
    seed: int = 7
    search: str = "both"  # material, pagefind or both: which site configurations to build
    keep: Path | None = None
    skip_serve: bool = False
    serve_only: bool = False  # the corpus, then the live preview's figures only
    skip_browser: bool = False
    profile: int = 0  # print the top N functions of a profiled cold core build
    repeat: int = 1  # core runs and builds, the fastest kept (the machine may be shared)


def prepare(project: Path, n: int, seed: int) -> bool:
    """Generate the corpus unless the folder already holds one; True when generated. A kept
    corpus gets the current templates, method pages and configuration."""
    if (project / "content").exists():
        refresh(project)
        return False
    make_corpus(project, n, seed)
    commit(project)
    return True


def refresh(project: Path) -> None:
    """Replace a kept corpus's copies of the code it builds with (the reviews stay)."""
    for name in ("site_templates", "content/method"):
        shutil.rmtree(project / name)
        shutil.copytree(REPO / name, project / name)
    write_config(project)


def configure(project: Path, search: str) -> Path:
    """A copy of the project's mkdocs.yml for one search option, beside the original."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "dealbook" in entry:
            if search == "pagefind":
                entry["dealbook"]["search"] = "pagefind"
            else:
                entry["dealbook"].pop("search", None)
    path = project / f"mkdocs-{search}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def run_benchmark(options: Options) -> Report:
    report = Report(options.reviews, options.seed)
    work = options.keep or Path(tempfile.mkdtemp(prefix="dealbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        _measure(options, work.resolve(), report)
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return report


def _measure(options: Options, work: Path, report: Report) -> None:
    n = options.reviews
    project = work / "project"
    step(f"corpus: {n:,} reviews, seed {options.seed}, in {project}")
    start = time.perf_counter()
    made = prepare(project, n, options.seed)
    files = review_files(project)
    if len(files) != n:
        raise SystemExit(f"{project} holds {len(files)} reviews, not {n}: use another --keep")
    report.notes.append(f"corpus {'generated' if made else 'reused'} in "
                        f"{time.perf_counter() - start:.1f} s")
    size = sum(p.stat().st_size for p in files)
    report.add("reviews", "reviews", n, "")
    report.add("questions", "curated questions", len(question_files(project)), "")
    report.add("review_bytes", "review files, bytes per review", size / n, "B")
    code, summary = check(project, work)
    report.add("check_ok", f"dealbook check exits 0 ({summary})", float(code == 0), "bool",
               target=1.0)
    if options.serve_only:
        configure(project, options.search)
        serve_figures(project, work, report, options.search, 0.0)
        return

    step("YAML floor (read + libyaml parse of every front matter, best of 3), then the core "
         "generator in a fresh process, cold and warm; in rounds")
    floors, runs = [], []
    for _ in range(options.repeat):  # in rounds, like the builds below
        floors.append(yaml_floor(project))
        runs.append(core(project, work))
    floor = report.add("floor_s", "YAML floor", min(floors), "s").value
    found = min(runs, key=lambda r: r["cold"])
    found["warm"] = min(r["warm"] for r in runs)
    report.add("core_cold_s", f"core cold ({found['pages']:,} pages)", found["cold"], "s")
    report.add("core_ratio", "core cold / YAML floor", found["cold"] / (floor or 1e-9), "x",
               CORE_RATIO)
    report.add("core_warm_s", "core warm (nothing changed)", found["warm"], "s")
    report.add("warm_ratio", "core warm / core cold", found["warm"] / found["cold"], "x",
               WARM_RATIO)
    report.add("core_rss", "core peak RSS", found["rss"], "B")
    report.notes.append(f"the core parsed and rendered in {found['workers']} processes "
                        f"({found['cpu']:.2f} s of CPU for {found['cold']:.2f} s cold)")
    if found["errors"] or not found["same"]:
        report.notes.append(f"core: {found['errors']} errors; warm returned the cached result: "
                            f"{found['same']}")

    step("anchor: dealbook render, then plain MkDocs + Material, one-entry nav")
    anchor_config, render_s = prepare_anchor(project, work)
    report.notes.append(f"dealbook render took {render_s:.1f} s (not part of the anchor time)")
    configs = ["material", "pagefind"] if options.search == "both" else [options.search]
    sites = {search: work / f"site-{search}" for search in configs}
    builds: dict[str, list[Child]] = {name: [] for name in ("anchor", *configs)}
    # Round by round, so that a machine slowing down or speeding up over the minutes this
    # takes weighs on the anchor and the builds alike.
    for _ in range(options.repeat):
        builds["anchor"].append(mkdocs_build(anchor_config, anchor_config.parent / "site",
                                             work, "anchor"))
        for search in configs:
            builds[search].append(mkdocs_build(configure(project, search), sites[search], work,
                                               search))
    anchor = best(builds["anchor"])
    report.add("anchor_s", "anchor build (same pages, static Markdown)", anchor.seconds, "s")
    report.add("anchor_rss", "anchor peak memory", anchor.peak_memory, "B")

    for search in configs:
        step(f"full mkdocs build, search: {search}")
        site = sites[search]
        built = best(builds[search])
        report.add(f"build_{search}_s", f"full build ({search})", built.seconds, "s")
        report.add(f"build_{search}_ratio", f"full build ({search}) / anchor",
                   built.seconds / anchor.seconds, "x", BUILD_RATIO)
        report.add(f"build_{search}_rss", f"full build ({search}) peak memory", built.peak_memory,
                   "B", PEAK_MEMORY)
        total, html, count = site_bytes(site)
        report.add(f"site_{search}_bytes", f"site bytes ({search}, {count:,} files)", total, "B")
        report.add(f"site_{search}_per_review", f"site bytes per review ({search})", total / n,
                   "B")
        report.add(f"html_{search}_per_review", f"HTML bytes per review ({search})", html / n,
                   "B")
    main = configs[0]
    per_review = report.value(f"site_{main}_per_review") or 0.0
    if n == REFERENCE_N:
        reference = per_review
    else:
        step(f"reference: the same build at {REFERENCE_N} reviews (seed {options.seed})")
        small = work / f"reference-{REFERENCE_N}"
        prepare(small, REFERENCE_N, options.seed)
        site = work / f"site-reference-{REFERENCE_N}"
        mkdocs_build(configure(small, main), site, work, f"reference-{REFERENCE_N}")
        reference = site_bytes(site)[0] / REFERENCE_N
    report.add("reference_per_review", f"site bytes per review at {REFERENCE_N} ({main})",
               reference, "B")
    report.add("growth", f"bytes per review at {n:,} / at {REFERENCE_N}",
               per_review / reference, "x", GROWTH)

    if not options.skip_browser:
        query = busiest_counterparty(project)
        report.notes.append(f"search query typed: '{query}'")
        if "material" in sites:
            step(f"Material search in Chromium: '{query}'")
            site = sites["material"]
            found_run = search_in_browser(site, "", "input.md-search__input", MATERIAL_DONE,
                                          query, _material_file)
            report.add("material_payload", "Material search: bytes for a first query",
                       found_run.payload, "B")
            report.add("material_payload_gzip", "Material search: the same, gzipped",
                       found_run.payload_gzip, "B")
            report.add("material_ms", "Material search: last keystroke to results",
                       found_run.ms, "ms")
            report.notes.append(f"Material search fetched {found_run.files} files, largest "
                                f"{found_run.largest}")
        if "pagefind" in sites:
            step(f"Pagefind search in Chromium on /find/: '{query}'")
            site = sites["pagefind"]
            found_run = search_in_browser(site, "find/", "#db-find-q",
                                          PAGEFIND_DONE, query, _pagefind_file, api=True)
            report.add("pagefind_payload", "Pagefind: bytes for a first query",
                       found_run.payload, "B", PAYLOAD)
            report.add("pagefind_payload_gzip", "Pagefind: the same, JS and CSS gzipped",
                       found_run.payload_gzip, "B")
            report.add("pagefind_after_typing", "Pagefind: of which fetched after typing",
                       found_run.after_typing, "B")
            report.add("pagefind_ms", "Pagefind UI: last keystroke to results", found_run.ms,
                       "ms", RESULTS_MS, below=True)
            report.add("pagefind_api_ms", "Pagefind API: first query to 5 results",
                       found_run.api_ms, "ms")
            report.notes.append(f"Pagefind fetched {found_run.files} files, largest "
                                f"{found_run.largest}; its UI waits {pagefind_debounce(site)} "
                                "after a keystroke before it searches; the "
                                f"API query found {found_run.api_results} results")

    if not options.skip_serve:
        serve_figures(project, work, report, main, report.value(f"build_{main}_s") or 0.0)

    if options.profile:
        step(f"profile of a cold core build (cProfile, top {options.profile} by cumulative time)")
        found_phases = phases(project, work)
        total = sum(found_phases.values())
        report.notes.append("core cold by phase (fresh process, no profiler), total "
                            f"{total:.2f} s:\n" + "\n".join(
                                f"    {name:<72} {seconds:6.2f} s"
                                for name, seconds in found_phases.items()))
        report.notes.append("profile:\n" + _profile_table(profile(project, work,
                                                                   options.profile)))


def serve_figures(project: Path, work: Path, report: Report, main: str, build_s: float) -> None:
    """The live preview's figures: three edits, each timed to served, and their correctness
    (`build_s` is the full build's time, 0 when not measured)."""
    step(f"mkdocs serve ({main}): three edits (a review's title, a missed question, a curated "
         "question's wording), each timed until served; then the served site against a clean "
         "build")
    # Without a full build's time, its likely time bounds the waits (about 60 ms a review).
    served = serve(project / f"mkdocs-{main}.yml", work, build_s or 0.06 * report.reviews)
    report.add("serve_start_s", "serve: first build served", served.start_s, "s")
    report.add("serve_edit_s", f"serve: edit of {served.review}'s title served (rebuilt "
               f"{served.rebuilt})", served.edit_s, "s", SERVE_EDIT_S.get(report.reviews))
    if build_s:
        report.add("serve_ratio", f"serve edit / full build ({main})",
                   (served.edit_s or 0.0) / build_s if served.edit_s else None, "x",
                   SERVE_RATIO)
    for key, what, seconds, rebuilt in served.edits:
        report.add(f"serve_edit_{key}_s",
                   f"serve: edit of {what} served (rebuilt {rebuilt})", seconds, "s",
                   SERVE_EDIT_S.get(report.reviews))
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


def _profile_table(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line.replace(str(REPO) + "/", "") for line in lines[start - 4:]
                     if line.strip())


def print_report(report: Report, facts: dict[str, str]) -> None:
    print()
    print(f"Dealbook benchmark: {report.reviews:,} reviews, seed {report.seed}")
    print()
    for key, value in facts.items():
        print(f"  {key:<13} {value}")
    print()
    rows = [("figure", "value", "target", "")] + [
        (f.label, fmt(f.value, f.unit), target_text(f), f.verdict) for f in report.figures]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for i, row in enumerate(rows):
        print(f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}"
              .rstrip())
        if i == 0:
            print("  " + "-" * (sum(widths) + 10))
    print()
    for note in report.notes:
        print(f"  note: {note}")
    verdicts = [f.verdict for f in report.figures if f.verdict]
    print()
    print(f"  targets: {verdicts.count('PASS')} PASS, {verdicts.count('FAIL')} FAIL")


def parse(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Measure Dealbook against its performance targets on a synthetic corpus.")
    parser.add_argument("--reviews", type=int, default=1000, help="number of reviews (N)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--search", choices=("material", "pagefind", "both"), default="both",
                        help="which site configurations to build and search (default both)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep the corpus and sites (a corpus already "
                             "there is reused)")
    parser.add_argument("--skip-serve", action="store_true", help="no mkdocs serve figures")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium figures")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the mkdocs serve figures (no floor, core, builds, browser)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="run the core and each build R times (builds in rounds with "
                             "the anchor) and keep the fastest (default 1)")
    parser.add_argument("--profile", type=int, default=0, metavar="TOP",
                        help="also print the TOP functions of a profiled cold core build")
    args = parser.parse_args(argv)
    if args.reviews < 1 or args.repeat < 1:
        parser.error("--reviews and --repeat must be at least 1")
    if args.serve_only and (args.skip_serve or args.search == "both"):
        parser.error("--serve-only needs --search material or pagefind, and no --skip-serve")
    return Options(args.reviews, args.seed, args.search, args.keep, args.skip_serve,
                   args.serve_only, args.skip_browser, args.profile, args.repeat)


CODE = ("generator", "site_templates", "mkdocs.yml", "content/method")


def code_version() -> str:
    """The commit measured, and whether the code the benchmark runs has local changes."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                                  timeout=60, check=False).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", *CODE)
    return f"commit {commit}" + (" with local changes to the measured code" if changed else "")


def code_snapshot() -> dict[str, tuple[int, int]]:
    """Every file of the measured code with its mtime and size, to notice edits mid-run."""
    found = {}
    for name in CODE:
        top = REPO / name
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                found[str(path.relative_to(REPO))] = (info.st_mtime_ns, info.st_size)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    options = parse(argv)
    facts = machine()
    facts["code"] = code_version()
    before = code_snapshot()
    print(f"$ python -m benchmarks.run {' '.join(argv if argv is not None else sys.argv[1:])}")
    started = time.perf_counter()
    report = run_benchmark(options)
    facts["load average"] += f" at start; {' '.join(f'{x:.2f}' for x in os.getloadavg())} at end"
    facts["run took"] = f"{time.perf_counter() - started:.0f} s"
    after = code_snapshot()
    edited = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if edited:
        report.notes.append("WARNING: the measured code changed during the run, so figures "
                            f"mix versions: {', '.join(edited)}")
    print_report(report, facts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
