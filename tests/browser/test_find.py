"""The search page of `search: pagefind` (site_templates/assets/find.js) in Chromium.

The browser suite's project is built once more with the one setting changed. Each test drives
the page as a reader does: typing (the box has the focus on arrival), the keyboard alone, the
filters, "Show more", an address shared or reached with Back. The Tab fixture fails a test on
any dialog (XSS), script or console error, or request leaving 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO
from corpus import XSS, XSS_ATTR
from playwright.sync_api import Browser, Page, expect

from .conftest import CHROMIUM_ARGS, DESKTOP, BuiltSite, Tab, chromium_path, new_tab
from .test_a11y import blocking

sys.path.insert(0, str(REPO))  # the benchmarks package lives beside generator/

from benchmarks.browser import static_server

KESTREL = {"Kestrel managed Kubernetes hosting — 12-month SLA contract", "Kestrel hosting SLA",
           "Kestrel hosting renewal"}
PAGE_SIZE = 5  # results shown at first and added by "Show more" (PAGE_SIZE in find.js)
FRAGMENT = "/pagefind/fragment/"


@pytest.fixture(scope="module")
def find_url(built: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The browser suite's project built with `search: pagefind`, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("find") / "project"
    shutil.copytree(built.root, root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dealbook" in plugin:
            plugin["dealbook"]["search"] = "pagefind"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = root.parent / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(root / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    with static_server(site) as (url, _):
        yield url


@pytest.fixture
def find(browser: Browser, find_url: str) -> Iterator[Tab]:
    made = new_tab(browser, find_url, viewport=DESKTOP)
    yield made
    made.close()


def results(page: Page, query: str) -> list[str]:
    """The titles shown once the results of `query` (the whole of it) are in the page."""
    page.wait_for_function("q => document.querySelector('#db-find-results').dataset.query === q"
                           " && !document.querySelector('#db-find-results[aria-busy]')", arg=query)
    return page.locator(".db-find__title a").all_inner_texts()


def typed(tab: Tab, query: str, path: str = "find/") -> Page:
    """The search page with `query` typed into its box, which has the focus on arrival."""
    page = tab.goto(path)
    assert page.evaluate("document.activeElement.id") == "db-find-q"
    page.keyboard.type(query)
    return page


def total(page: Page) -> int:
    """How many results the status line announces."""
    counted = re.findall(r"\d+", page.locator("#db-find-status").inner_text().split(" for ")[0])
    return int(counted[-1]) if counted else 0


def fetched(tab: Tab, part: str) -> int:
    return sum(part in url for url in tab.requests)


def test_typing_finds_the_reviews_and_back_returns_to_them(find: Tab) -> None:
    page = typed(find, "Kestrel")
    # Only pages about Kestrel: not those that merely list a Kestrel deal as similar.
    assert set(results(page, "Kestrel")) == KESTREL
    expect(page.locator("#db-find-status")).to_have_text("3 results for “Kestrel”.")
    assert page.locator("#db-find-status").get_attribute("role") == "status"  # announced
    marks = page.locator(".db-find__excerpt mark").all_inner_texts()
    assert marks and {mark.lower() for mark in marks} == {"kestrel"}
    assert page.url.endswith("/find/?q=Kestrel")
    page.get_by_role("link", name="Kestrel hosting renewal").click()
    expect(page.locator("article h1")).to_contain_text("Kestrel hosting renewal")
    assert page.url.endswith("/deals/kestrel-2026/")
    page.go_back()
    expect(page.locator("#db-find-q")).to_have_value("Kestrel")
    assert set(results(page, "Kestrel")) == KESTREL


# The queries whose results the page shows, in order (each set on the list before its items).
RECORD_QUERIES = """() => {
  const list = document.querySelector('#db-find-results');
  window.shownQueries = [];
  new MutationObserver(() => window.shownQueries.push(list.dataset.query))
    .observe(list, {attributes: true, attributeFilter: ['data-query']});
}"""


def test_a_word_begun_waits_for_its_next_letter(find: Tab) -> None:
    page = find.goto("find/")
    # First the word alone, so its index is loaded: a first search on a busy machine can take
    # longer than the pause below, and results overtaken by a newer query are never shown.
    page.keyboard.type("Kestrel")
    assert set(results(page, "Kestrel")) == KESTREL
    page.evaluate(RECORD_QUERIES)
    page.keyboard.type(" r")
    narrowed = set(results(page, "Kestrel r"))  # after a pause, the whole query
    assert "Kestrel hosting renewal" in narrowed and narrowed <= KESTREL
    # "r" alone would fetch every word in r…: meanwhile the page searched "Kestrel".
    shown = page.evaluate("window.shownQueries")  # with prefixes typed on the way, as it goes
    assert shown[-2:] == ["Kestrel", "Kestrel r"]
    assert all(len(query.split()[-1]) > 1 for query in shown[:-1])
    page.keyboard.type("en")
    assert "Kestrel hosting renewal" in results(page, "Kestrel ren")
    page.locator("#db-find-q").fill("")
    expect(page.locator(".db-find__result")).to_have_count(0)
    expect(page.locator("#db-find-status")).to_have_text("")


# Pagefind's script with a search that keeps the page busy, as a broad query does among 10,000
# reviews ("val" takes a second there); every other export is Pagefind's own.
BUSY_PAGEFIND = """import * as pagefind from "./pagefind.js?unchanged";
export * from "./pagefind.js?unchanged";
export async function search(...query) {
  const answer = await pagefind.search(...query);
  for (const end = performance.now() + 400; performance.now() < end;);
  return answer;
}"""


def test_a_query_typed_past_while_the_page_was_busy_is_never_shown(find: Tab) -> None:
    find.page.route(re.compile(r".*/pagefind/pagefind\.js$"), lambda route: route.fulfill(
        body=BUSY_PAGEFIND, content_type="text/javascript"))
    page = find.goto("find/?q=Kestrel")  # Pagefind and its index loaded, as after a search
    assert set(results(page, "Kestrel")) == KESTREL
    page.locator("#db-find-q").fill("")
    expect(page.locator(".db-find__result")).to_have_count(0)
    page.evaluate(RECORD_QUERIES)
    before = fetched(find, FRAGMENT)
    page.keyboard.type("hos")
    page.wait_for_timeout(150)  # a pause: "hos" is searched, and the page is busy with it
    page.keyboard.type("ting")  # these keys wait for the page, then overtake "hos"
    shown = results(page, "hosting")
    assert page.evaluate("window.shownQueries") == ["hosting"]
    # Fragments only of the results shown, and none twice (the Kestrel ones were fetched).
    assert fetched(find, FRAGMENT) - before == len(set(shown) - KESTREL)


def test_filters_load_when_opened_and_narrow_the_results(find: Tab) -> None:
    page = typed(find, "hosting")
    results(page, "hosting")
    everything = total(page)
    assert fetched(find, "/pagefind/filter/") == 0  # the first query does not wait for them
    page.get_by_text("Filters:").click()
    year = page.locator("#db-find-facets input[data-facet='Year'][value='2026']")
    expect(year).to_be_visible()
    assert fetched(find, "/pagefind/filter/") > 0
    legends = page.locator("#db-find-facets legend").all_inner_texts()
    assert legends == ["Type", "Scenario", "Deal type", "Tag", "Year", "Category"]
    label = page.locator("#db-find-facets label", has=page.locator("[value='2026']"))
    expect(label).not_to_have_text("2026 (0)")  # the counts within these results
    count = int(label.inner_text().split("(")[1].rstrip(")"))
    year.check()
    expect(page.locator("#db-find-status")).to_contain_text("Year: 2026")
    results(page, "hosting")
    assert 0 < total(page) == count < everything
    assert all("2026" in facts for facts in page.locator(".db-find__facts").all_inner_texts())
    assert "year=2026" in page.url


def test_show_more_fetches_further_fragments_only_when_asked(find: Tab) -> None:
    page = find.goto("find/")
    # One query, a row of every review's leverage table.
    page.locator("#db-find-q").fill("capability")
    assert len(results(page, "capability")) == PAGE_SIZE
    assert fetched(find, FRAGMENT) == PAGE_SIZE  # one per result shown, none ahead
    status = page.locator("#db-find-status")
    expect(status).to_contain_text(f"Showing {PAGE_SIZE} of ")
    found = total(page)
    assert found > PAGE_SIZE
    page.get_by_role("button", name="Show more results").click()
    expect(page.locator(".db-find__result")).to_have_count(min(found, 2 * PAGE_SIZE))
    assert fetched(find, FRAGMENT) == min(found, 2 * PAGE_SIZE)
    # The focus moves to the first new result, for keyboard and screen-reader users.
    expect(page.locator(".db-find__result").nth(PAGE_SIZE).locator("a")).to_be_focused()
    for shown in range(3 * PAGE_SIZE, found + PAGE_SIZE, PAGE_SIZE):
        page.get_by_role("button", name="Show more results").click()
        expect(page.locator(".db-find__result")).to_have_count(min(shown, found))
    expect(page.get_by_role("button", name="Show more results")).to_be_hidden()
    expect(status).to_have_text(f"{found} results for “capability”.")


def test_no_results_says_so(find: Tab) -> None:
    page = typed(find, "zzyzx")
    assert results(page, "zzyzx") == []
    expect(page.locator("#db-find-status")).to_contain_text("No results for “zzyzx”.")
    expect(page.get_by_role("button", name="Show more results")).to_be_hidden()


def test_the_address_restores_a_search_with_its_filters(find: Tab) -> None:
    page = find.goto("find/?q=Kestrel&year=2026")
    expect(page.locator("#db-find-q")).to_have_value("Kestrel")
    assert results(page, "Kestrel") == ["Kestrel hosting renewal"]
    year = page.locator("#db-find-facets input[data-facet='Year'][value='2026']")
    expect(year).to_be_checked()
    year.uncheck()
    expect(page.locator("#db-find-status")).to_have_text("3 results for “Kestrel”.")
    assert page.url.endswith("/find/?q=Kestrel")
    page.go_back()
    expect(year).to_be_checked()
    expect(page.locator("#db-find-status")).to_have_text("1 result for “Kestrel”, Year: 2026.")


def test_keyboard_alone_searches_filters_and_opens_a_result(find: Tab) -> None:
    page = typed(find, "Kestrel")
    results(page, "Kestrel")
    focused = "() => document.activeElement.textContent || document.activeElement.id"
    links = page.locator(".db-find__title a").all_inner_texts()
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == links[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == links[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused) == "db-find-q"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # opens the filters
    review = page.locator("#db-find-facets input[data-facet='Type'][value='Review']")
    expect(review).to_be_visible()
    kinds = page.locator("#db-find-facets input[data-facet='Type']").evaluate_all(
        "els => els.map(e => e.value)")  # Brief, Checklist, Question, Review
    for _ in range(kinds.index("Review") + 1):
        page.keyboard.press("Tab")
    expect(review).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#db-find-status")).to_have_text("3 results for “Kestrel”, Type: Review.")
    for _ in range(kinds.index("Review") + 2):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == "db-find-q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("article h1")).to_contain_text(links[0])


def test_results_show_hostile_text_as_text(find: Tab) -> None:
    page = typed(find, "Pasted from email")  # only in the Orbit review's body
    assert results(page, "Pasted from email") == [f"Orbit rebuild {XSS}"]
    expect(page.locator(".db-find__excerpt")).to_contain_text(f"Pasted from email: {XSS}")
    expect(page.locator(".db-find__excerpt")).to_contain_text(XSS_ATTR)
    found = page.locator("#db-find-results")
    assert found.locator("script, img, [onerror]").count() == 0
    assert found.locator("mark").count() == 3


def test_without_javascript_the_page_says_where_to_browse(browser: Browser,
                                                          find_url: str) -> None:
    # A browser with scripting off: Playwright's own switch leaves <noscript> unrendered.
    off = browser.browser_type.launch(executable_path=chromium_path(), args=[
        *CHROMIUM_ARGS, "--blink-settings=scriptEnabled=false"])
    tab = new_tab(off, find_url, viewport=DESKTOP)
    try:
        page = tab.goto("find/")
        note = page.evaluate("document.querySelector('article noscript').innerText")
        assert note.startswith("Search needs JavaScript, which is off in this browser.")
        expect(page.locator("#db-find-q")).to_be_hidden()
        page.get_by_role("link", name="all reviews").click()
        assert page.url.endswith("/deals/")
        tab.close()
    finally:
        off.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_search_page(browser: Browser, find_url: str,
                                              scheme: str) -> None:
    tab = new_tab(browser, find_url, viewport=DESKTOP, color_scheme=scheme)
    try:
        page = tab.goto("find/?q=Kestrel")
        results(page, "Kestrel")
        page.get_by_text("Filters:").click()
        expect(page.locator("#db-find-facets fieldset").first).to_be_visible()
        found = Axe().run(page).response
        assert blocking(found) == []
        ours = [(violation["id"], node["target"]) for violation in found["violations"]
                for node in violation["nodes"] if "db-find" in str(node["target"])]
        assert ours == []  # nothing at any impact on the search form and its results
    finally:
        tab.close()
