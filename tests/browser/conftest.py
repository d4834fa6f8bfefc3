"""Browser fixtures: one real build, served on 127.0.0.1, driven by Debian's Chromium.

The site is built once per session with `mkdocs build --strict`, as CI runs it, from the shipped
content plus the XSS fixture reviews of tests/corpus.py and one more review (BREAKOUT). A stdlib
HTTP server serves it on a free port of 127.0.0.1 (Material's search does not work from
file://). Chromium is launched once; every test gets a fresh context that records requests,
console errors and dialogs. A request that would leave 127.0.0.1 fails at once, so an offline
run cannot hang on it, and fails the test.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, TODAY, Project, review
from corpus import write_corpus
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Playwright cannot download its own browser here; these flags keep Debian's Chromium quiet and
# offline (see PLATFORM-NOTES "Offline and the browser").
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
# A title that closes <title> early; see test_site.test_a_title_cannot_close_the_title_element.
BREAKOUT = "</title><script>alert(2)</script>"
# Local schemes a page may use besides the test server.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def chromium_path() -> str:
    """Debian's Chromium, or a failure (not a skip: CI must notice a missing browser)."""
    found = shutil.which("chromium") or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if found is None:
        pytest.fail("The browser tests need Debian's Chromium, which is not installed: "
                    "run `make chromium` (apt-get install chromium).", pytrace=False)
    return found


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the project: mkdocs.yml, content/, site_templates/
    site: Path  # the built site


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped project plus the XSS corpus, built with `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("browser") / "project"
    root.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("content", "site_templates"):
        shutil.copytree(REPO / folder, root / folder)
    project = Project(root)
    write_corpus(project)
    project.add_deal("title-breakout.md", review(id="title-breakout", title=BREAKOUT,
                                                 counterparty="Breakout Co"))
    config_file = root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dealbook" in plugin:
            plugin["dealbook"] = {**(plugin["dealbook"] or {}), "today": TODAY.isoformat()}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = root.parent / "site"
    build_site(root, site)
    return BuiltSite(root, site)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser drops connections it no longer needs (a page left mid-load): not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def base_url(built: BuiltSite) -> Iterator[str]:
    """http://127.0.0.1:<free port>/ serving the built site, for the whole session."""
    with serving(built.site) as url:
        yield url


def build_site(root: Path, site: Path) -> None:
    """`mkdocs build --strict` of the project in `root` into `site`, as CI runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(site)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """http://127.0.0.1:<free port>/ serving `folder` while in the block."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Chromium, once per session. Every request except to 127.0.0.1 goes to a proxy that is
    not there, so it fails at once instead of waiting on the network; the tab still records
    it, and the test fails on it."""
    executable = chromium_path()
    nowhere = {"server": f"http://127.0.0.1:{closed_port()}", "bypass": "127.0.0.1"}
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                              proxy=nowhere)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@dataclass
class Tab:
    """A page in its own context, with what it asked for, logged and opened."""

    page: Page
    context: BrowserContext
    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Page:
        """Open a site path such as 'deals/x/' and wait until its scripts have run."""
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.ok, (path, response and response.status)
        return self.page

    def url(self, path: str) -> str:
        return self.base_url + path

    def external_requests(self) -> list[str]:
        return [url for url in self.requests
                if not url.startswith((self.base_url, *LOCAL_SCHEMES))]

    def close(self) -> None:
        """Close the context, then check what every test must hold."""
        self.context.close()
        assert self.dialogs == [], "a page opened a dialog (XSS?)"
        assert self.external_requests() == [], "a page asked for something outside 127.0.0.1"
        assert self.page_errors == [], "a script failed"
        assert self.console_errors == [], "the console shows errors"


def new_tab(browser: Browser, base_url: str, **context_options: Any) -> Tab:
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    tab = Tab(page, context, base_url)
    context.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", lambda message: tab.console_errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: tab.page_errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message} at {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return tab


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    """A fresh desktop-sized context. After the test: no dialog, nothing fetched from outside
    127.0.0.1, no script error, no console error."""
    made = new_tab(browser, base_url, viewport=DESKTOP)
    yield made
    made.close()
