"""End to end in Chromium: the built site as a reader uses it, served on 127.0.0.1.

Every test runs in a fresh context (see conftest.py); after it, no dialog may have opened and no
request may have left 127.0.0.1. Expected reviews come from the front matter read with PyYAML, not
through the generator. Screenshots of key pages go to test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from corpus import XSS, XSS_ATTR
from playwright.sync_api import Browser, Page, expect

from .conftest import BREAKOUT, DESKTOP, BuiltSite, Tab, new_tab

REVIEW = "deals/kestrel-managed-hosting-sla/"
QUESTION = "questions/sla-measurement-method/"
PATTERN = "patterns/leverage/"
PHONE = {"width": 375, "height": 740}


def published(built: BuiltSite) -> list[dict[str, Any]]:
    """Front matter of the reviews an internal build publishes: final and not restricted."""
    fronts = [yaml.safe_load(p.read_text(encoding="utf-8").split("---\n")[1])
              for p in sorted((built.root / "content" / "deals").rglob("*.md"))]
    return [f for f in fronts
            if f.get("status", "final") != "draft" and f.get("visibility") != "restricted"]


def linked_reviews(page: Page) -> set[str]:
    """Ids of the reviews the article links to."""
    hrefs = page.locator("article a[href]").evaluate_all("els => els.map(e => e.href)")
    return {m.group(1) for h in hrefs if (m := re.search(r"/deals/([^/]+)/$", h))}


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_home_loads_offline_without_errors(tab: Tab, artifacts: Path) -> None:
    page = tab.goto("")
    expect(page.locator("article h1").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert tab.console_errors == []
    assert tab.page_errors == []
    assert tab.requests, "no request was recorded"
    assert tab.external_requests() == []
    shot(page, artifacts, "home")


def search(page: Page, words: str) -> None:
    """Type into Material's search box as a reader does (it reacts to key events only)."""
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():  # narrow screens: a button opens the search box
        opener.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(words)


def test_search_finds_a_review_by_its_counterparty(tab: Tab) -> None:
    page = tab.goto("")
    search(page, "Brightwell Mutual")
    review = "/deals/brightwell-claims-intake-redesign/"
    hit = page.locator(f".md-search-result__item a[href*='{review}']")
    hit.first.click()
    # Search links carry the words to highlight: ...?h=brightwell+mutual
    expect(page).to_have_url(re.compile(r"/deals/brightwell-claims-intake-redesign/\?h="))
    expect(page.locator("article dl.db-card")).to_contain_text("Brightwell Mutual Insurance")


def test_search_finds_a_question_by_a_word_in_it(tab: Tab) -> None:
    page = tab.goto("")
    search(page, "runbooks")  # "What does the incumbent still hold — data, runbooks, ..."
    hit = page.locator(".md-search-result__item a[href*='/questions/incumbent-handover/']")
    hit.first.click()
    expect(page).to_have_url(re.compile(r"/questions/incumbent-handover/\?h=runbooks"))
    expect(page.locator("article h1")).to_contain_text("What does the incumbent still hold")


def test_tag_page_lists_the_reviews_with_that_tag(tab: Tab, built: BuiltSite) -> None:
    expected = {f["id"] for f in published(built) if "fixed-price" in (f.get("tags") or [])}
    assert len(expected) >= 3
    page = tab.goto("tags/fixed-price/")
    expect(page.locator("article table")).to_be_visible()
    assert linked_reviews(page) == expected


def test_scenario_page_lists_the_reviews_of_that_scenario(tab: Tab, built: BuiltSite) -> None:
    expected = {f["id"] for f in published(built) if f["scenario"] == "vendor_sla"}
    assert {"kestrel-2025", "kestrel-2026", "kestrel-managed-hosting-sla"} <= expected
    page = tab.goto("scenarios/vendor_sla/")
    expect(page.locator("article table")).to_be_visible()
    assert linked_reviews(page) == expected


def test_review_links_to_similar_deals_and_questions(tab: Tab, artifacts: Path) -> None:
    page = tab.goto(REVIEW)
    shot(page, artifacts, "review")
    similar = page.locator("h2#similar-past-deals + ul a")
    assert similar.count() >= 2
    target = similar.first.get_attribute("href") or ""
    similar.first.click()
    expect(page).to_have_url(urljoin(tab.url(REVIEW), target))
    # The similar deal lists this review back, and that link works too.
    back = page.locator(f"article a[href$='{REVIEW.removeprefix('deals/')}']")
    expect(back.first).to_be_visible()
    back.first.click()
    expect(page).to_have_url(tab.url(REVIEW))

    question = page.locator("h2#missed-questions ~ * a[href*='questions/']").first
    question.scroll_into_view_if_needed()
    question.click()
    expect(page).to_have_url(re.compile(r"/questions/[a-z0-9-]+/$"))
    expect(page.locator("article h1")).to_be_visible()
    # The question page names this review among those that missed it.
    expect(page.locator(f"article a[href$='{REVIEW.removeprefix('deals/')}']").first
           ).to_be_visible()


def test_question_page_shows_its_card_and_misses(tab: Tab, built: BuiltSite,
                                                artifacts: Path) -> None:
    source = built.root / "content" / QUESTION.removesuffix("/")
    text = source.with_suffix(".md").read_text(encoding="utf-8")
    wording = yaml.safe_load(text.split("---\n")[1])["question"]
    page = tab.goto(QUESTION)
    expect(page.locator("article h1")).to_contain_text(wording)
    expect(page.locator("article dl.db-card")).to_be_visible()
    expect(page.locator("article table").first).to_be_visible()
    shot(page, artifacts, "question")


def test_charts_and_tables_are_visible(tab: Tab, artifacts: Path) -> None:
    page = tab.goto(PATTERN)
    charts = page.locator("article .db-chart svg")
    assert charts.count() >= 1
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50, box
        bars = chart.locator(".bar rect")
        assert bars.count() > 0, f"chart {i} has no bars"
        sizes = bars.evaluate_all("els => els.map(e => e.getBoundingClientRect())"
                                  ".map(r => r.width * r.height)")
        assert any(size > 0 for size in sizes), f"chart {i}: every bar is empty"
    tables = page.locator("article table")
    assert tables.count() >= 1
    for i in range(tables.count()):
        tables.nth(i).scroll_into_view_if_needed()
        expect(tables.nth(i)).to_be_visible()
        assert tables.nth(i).locator("tbody tr").count() >= 1
    shot(page, artifacts, "pattern-leverage")


def overflow(page: Page) -> dict[str, int]:
    return dict(page.evaluate("""() => ({
        viewport: window.innerWidth,
        html: document.documentElement.scrollWidth,
        body: document.body.scrollWidth})"""))


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Tab]:
    """Like `tab`, at a phone's width, with touch."""
    made = new_tab(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield made
    made.close()


@pytest.mark.parametrize("path", ["", REVIEW, PATTERN, "scenarios/vendor_sla/"])
def test_phone_width_has_no_horizontal_overflow(phone: Tab, artifacts: Path, path: str) -> None:
    page = phone.goto(path)
    sizes = overflow(page)
    assert sizes["html"] <= sizes["viewport"] and sizes["body"] <= sizes["viewport"], sizes
    if path == "":
        shot(page, artifacts, "home-phone")


def test_phone_navigation_opens_from_the_menu_button(phone: Tab) -> None:
    page = phone.goto("")
    drawer = page.locator("nav.md-nav--primary")
    link = drawer.get_by_role("link", name="Briefs", exact=True)
    expect(link).not_to_be_in_viewport()
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(link).to_be_in_viewport()
    link.click()
    expect(page).to_have_url(phone.url("brief/"))


def pages_with_payloads(built: BuiltSite) -> list[str]:
    """Every built page whose HTML carries one of the corpus's XSS payloads, in any form."""
    marker = "alert(1)"
    pages = [p.parent.relative_to(built.site).as_posix() + "/"
             for p in sorted(built.site.rglob("index.html"))
             if marker in p.read_text(encoding="utf-8")]
    return [p.removeprefix("./") for p in pages]


SCRUTINY = """() => ({
    scripts: [...document.scripts].filter(s => s.textContent.includes("alert(")).length,
    handlers: [...document.querySelectorAll("*")].filter(e => [...e.attributes]
        .some(a => a.name.startsWith("on"))).map(e => e.outerHTML.slice(0, 120)),
    images: document.querySelectorAll("img[onerror], img[src='x']").length,
    jsLinks: [...document.querySelectorAll("a[href]")]
        .filter(a => a.href.trim().toLowerCase().startsWith("javascript:"))
        .map(a => a.outerHTML.slice(0, 120)),
})"""


def test_xss_payloads_stay_text(tab: Tab, built: BuiltSite) -> None:
    pages = pages_with_payloads(built)
    assert {"deals/orbit/", "counterparties/img-src-x-onerror-alert-1/", "tags/hosting/",
            "scenarios/client_fixed_scope/"} <= set(pages)
    for path in pages:
        page = tab.goto(path)
        found = page.evaluate(SCRUTINY)
        assert found == {"scripts": 0, "handlers": [], "images": 0, "jsLinks": []}, path
        assert tab.dialogs == [], path
        # The payloads show as the text they are: in the content, the header and the title.
        if path == "deals/orbit/":
            title = f"Orbit rebuild {XSS}"
            expect(page.locator("article h1")).to_contain_text(title)
            expect(page.locator("article dl.db-card")).to_contain_text(XSS_ATTR)
            assert page.locator(".md-header__topic[data-md-component='header-topic']"
                                ).inner_text().strip() == title
            assert page.title() == f"{title} - Dealbook"
        elif path.startswith("counterparties/img-"):
            expect(page.locator("article h1")).to_contain_text(XSS_ATTR)

    # Search renders titles and excerpts from the index; they must stay text as well.
    page = tab.goto("")
    search(page, "Orbit rebuild")
    expect(page.locator(".md-search-result__item").first).to_contain_text(XSS)
    assert page.evaluate(SCRUTINY)["scripts"] == 0


def test_a_title_cannot_close_the_title_element(browser: Browser, base_url: str) -> None:
    own = new_tab(browser, base_url, viewport=DESKTOP)
    try:
        page = own.goto("deals/title-breakout/")
        assert own.dialogs == []
        assert page.title() == f"{BREAKOUT} - Dealbook"
    finally:
        own.context.close()


PHONE_390 = {"width": 390, "height": 844}
UPDATES = "patterns/playbook-updates/"


@pytest.fixture
def phone_390(browser: Browser, base_url: str) -> Iterator[Tab]:
    made = new_tab(browser, base_url, viewport=PHONE_390, is_mobile=True, has_touch=True)
    yield made
    made.close()


def test_tables_are_cards_on_a_phone(phone_390: Tab, artifacts: Path) -> None:
    """Every column of a row is on screen, labelled; titles keep the screen's width."""
    page = phone_390.goto(UPDATES)
    row = page.locator("article table").last.locator("tbody tr").first
    row.scroll_into_view_if_needed()
    cells = row.locator("td").evaluate_all("""els => els.map(e => {
        const r = e.getBoundingClientRect();
        return {label: e.dataset.label, left: r.left, right: r.right, width: r.width,
                before: getComputedStyle(e, '::before').content}; })""")
    assert [c["label"] for c in cells] == ["Change", "Owner", "Review", "Due", "Overdue by"]
    for cell in cells:
        assert cell["left"] >= 0 and cell["right"] <= PHONE_390["width"], cell
        assert cell["width"] > 250, cell  # a card line, not a squeezed column
        assert cell["before"] == f'"{cell["label"]}: "', cell
    sizes = overflow(page)
    assert sizes["html"] <= sizes["viewport"], sizes
    row.screenshot(path=str(artifacts / "table-card-phone.png"))
    page.set_viewport_size(DESKTOP)  # a desktop keeps the table
    assert row.locator("td").first.evaluate("e => getComputedStyle(e).display") == "table-cell"


def test_chart_text_and_legend_read_on_a_phone(phone_390: Tab, artifacts: Path) -> None:
    page = phone_390.goto("patterns/follow-through/")
    chart = page.locator("article .db-chart").first
    chart.scroll_into_view_if_needed()
    smallest = chart.locator("svg text").evaluate_all(
        "els => Math.min(...els.filter(e => e.textContent.trim())"
        ".map(e => e.getBoundingClientRect().height))")
    assert smallest >= 9, smallest  # px on screen; it was 6
    legend = chart.locator("ul.db-legend li")
    assert legend.all_inner_texts() == [
        "All scenarios", "Client project, fixed scope", "Vendor with a service level agreement",
        "Revenue-share partnership", "Client retainer"]
    for i in range(legend.count()):
        box = legend.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    chart.screenshot(path=str(artifacts / "chart-follow-through-phone.png"))
    friction = phone_390.goto("patterns/friction/").locator("article .db-chart ul.db-legend")
    assert friction.locator("li").all_inner_texts() == ["Internal", "External", "Process"]


def test_checklist_boxes_tick_and_stay_ticked_in_this_browser(tab: Tab,
                                                             artifacts: Path) -> None:
    page = tab.goto("bank/checklists/vendor_sla/")
    boxes = page.locator("article .task-list-item input[type=checkbox]")
    assert boxes.count() > 3 and boxes.first.is_enabled()
    boxes.nth(1).focus()  # Material hides the input behind its drawn box: the keyboard
    page.keyboard.press("Space")  # reaches it as a reader's Tab would
    expect(boxes.nth(1)).to_be_checked()
    page.reload()
    expect(boxes.nth(1)).to_be_checked()
    expect(boxes.first).not_to_be_checked()
    assert boxes.nth(1).get_attribute("aria-label")  # named after its question
    shot(page, artifacts, "checklist-ticked")
    page.get_by_role("button", name="Clear the ticks").click()
    page.reload()
    expect(boxes.nth(1)).not_to_be_checked()


def test_search_ranks_the_review_named_above_one_tagged(tab: Tab) -> None:
    """Kestrel's review is tagged auto-renewal; Lumen's title names Lumen."""
    page = tab.goto("")
    search(page, "lumen renewal")
    first = page.locator(".md-search-result__item").first
    expect(first).to_contain_text("Lumen observability platform")
