"""Search in Chromium (`--skip-browser` leaves it out): the site served on 127.0.0.1, the search
box clicked and the busiest counterparty typed as a reader does; the search files fetched until
the results show, and the time from the last keystroke to them. Material's lunr search and
Dealbook's Pagefind page alike."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .corpus import review_files
from .options import Options
from .project import front_matter
from .report import Report, fmt, step
from .targets import PAYLOAD, RESULTS_MS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-proxy-server"]
SEARCH_TIMEOUT = 240.0  # seconds for the first results to show

# JavaScript run in the page. Set up before typing: the time of the last keydown, and of the
# first moment after it when the engine's results for the whole query are in the page (`done`
# tells).
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


@dataclass(frozen=True)
class _Session:
    """What a browser session saw: when the page began loading, typing began and the results
    showed, the time to results in the page, and the Pagefind API's figures."""

    loading: float
    typing: float
    done: float
    ms: float | None
    api_ms: float | None
    api_results: int


def measure_search(options: Options, project: Path, sites: dict[str, Path],
                   report: Report) -> None:
    """Search figures for each site built, for the counterparty with the most reviews."""
    query = busiest_counterparty(project)
    report.notes.append(f"search query typed: '{query}'")
    if "material" in sites:
        _measure_material(sites["material"], query, report)
    if "pagefind" in sites:
        _measure_pagefind(sites["pagefind"], query, report)


def _measure_material(site: Path, query: str, report: Report) -> None:
    step(f"Material search in Chromium: '{query}'")
    found = search_in_browser(site, "", "input.md-search__input", MATERIAL_DONE, query,
                              _material_file)
    report.add("material_payload", "Material search: bytes for a first query", found.payload,
               "B")
    report.add("material_payload_gzip", "Material search: the same, gzipped",
               found.payload_gzip, "B")
    report.add("material_ms", "Material search: last keystroke to results", found.ms, "ms")
    report.notes.append(f"Material search fetched {found.files} files, largest "
                        f"{found.largest}")


def _measure_pagefind(site: Path, query: str, report: Report) -> None:
    step(f"Pagefind search in Chromium on /find/: '{query}'")
    found = search_in_browser(site, "find/", "#db-find-q", PAGEFIND_DONE, query,
                              _pagefind_file, api=True)
    report.add("pagefind_payload", "Pagefind: bytes for a first query", found.payload, "B",
               PAYLOAD)
    report.add("pagefind_payload_gzip", "Pagefind: the same, JS and CSS gzipped",
               found.payload_gzip, "B")
    report.add("pagefind_after_typing", "Pagefind: of which fetched after typing",
               found.after_typing, "B")
    report.add("pagefind_ms", "Pagefind UI: last keystroke to results", found.ms, "ms",
               RESULTS_MS, below=True)
    report.add("pagefind_api_ms", "Pagefind API: first query to 5 results", found.api_ms, "ms")
    report.notes.append(f"Pagefind fetched {found.files} files, largest {found.largest}; its "
                        f"UI waits {pagefind_debounce(site)} after a keystroke before it "
                        f"searches; the API query found {found.api_results} results")


def search_in_browser(site: Path, page_path: str, input_selector: str, done_js: str,
                      query: str, is_search_file: Callable[[str], bool],
                      api: bool = False) -> SearchRun:
    """Open the page in a fresh Chromium, click the search box, type the query as a reader
    does; time from the last keystroke to its results, and the search files fetched from the
    page load until then."""
    done_js = done_js.replace("QUERY", json.dumps(query))
    with static_server(site) as (base, requests):
        seen = _type_query(base + page_path, input_selector, done_js, query, api)
    fetched = {path: at for at, path in requests if seen.loading <= at <= seen.done}
    search = {path: at for path, at in fetched.items() if is_search_file(path)}
    sizes = {path: _size(site, path) for path in search}
    largest = max(sizes, key=lambda k: sizes[k], default="")
    gzipped = sum(_gzip_size(site, path) for path in search)
    return SearchRun(sum(sizes.values()), gzipped, len(sizes),
                     sum(s for p, s in sizes.items() if search[p] >= seen.typing), seen.ms,
                     f"{largest} ({fmt(sizes[largest], 'B')})" if largest else "",
                     seen.api_ms, int(seen.api_results))


def _type_query(url: str, input_selector: str, done_js: str, query: str, api: bool
                ) -> _Session:
    """One Chromium session on `url`: the query typed, 60 ms per key, until its results."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    api_ms, api_results = None, 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            loading = time.perf_counter()
            page.goto(url, wait_until="load")
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
                fresh.goto(url, wait_until="load")
                api_ms, api_results = fresh.evaluate(PAGEFIND_API_JS, query)
        finally:
            browser.close()
    return _Session(loading, typing, done, ms, api_ms, api_results)


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
