"""End to end: a real `mkdocs build`, then assertions on the HTML it wrote.

Expectations come from the content's front matter read here with plain PyYAML, not through the
generator, so a generator bug cannot hide itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from conftest import REPO, Project, review
from corpus import write_corpus

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(project_root: Path, site: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MKDOCS, "build", *flags, "-f",
                           str(project_root / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=ENV, timeout=300)


class Links(HTMLParser):
    """The href of every <a> in the page's main content."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "article" or self.depth:
            self.depth += 1 if tag not in ("br", "img", "input", "hr", "meta") else 0
        if self.depth and tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("br", "img", "input", "hr", "meta"):
            self.depth -= 1


def content_links(site: Path, page: str) -> list[str]:
    """Site paths (e.g. 'deals/x/') that the page's content links to."""
    parser = Links()
    parser.feed((site / page / "index.html").read_text())
    base = f"http://site/{page}"
    targets = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        if url.startswith("http://site/"):
            targets.append(url.removeprefix("http://site/"))
    return targets


def front_matter(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text().split("---\n")[1])


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = build(REPO, site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def reviews() -> list[dict]:  # type: ignore[type-arg]
    return [front_matter(p) for p in sorted((REPO / "content/deals").rglob("*.md"))]


def test_every_final_review_has_a_page_and_drafts_none(shipped_site: Path,
                                                       reviews: list[dict]) -> None:  # type: ignore[type-arg]
    drafts = [r["id"] for r in reviews if r.get("status") == "draft"]
    assert drafts, "the sample content should show a draft"
    for r in reviews:
        page = shipped_site / "deals" / r["id"] / "index.html"
        assert page.exists() == (r.get("status") != "draft"), r["id"]
    everything = "".join(p.read_text() for p in shipped_site.rglob("*.html"))
    for draft in drafts:
        assert f"deals/{draft}/" not in everything


def test_file_addresses_are_refused_with_a_hint(project: Project, tmp_path: Path) -> None:
    """The pages link to folder addresses (deals/acme/): a site of .html addresses would have
    broken links, so the build says what to change instead."""
    write_corpus(project)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    done = build(project.root, tmp_path / "site")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "'use_directory_urls: false' does not work with the dealbook plugin" in done.stderr
    assert "hint: remove 'use_directory_urls' from mkdocs.yml" in done.stderr


def test_every_internal_link_resolves(shipped_site: Path) -> None:
    pages = [p.parent.relative_to(shipped_site).as_posix() + "/"
             for p in shipped_site.rglob("index.html")]
    broken = [(page, target) for page in pages for target in
              content_links(shipped_site, page.removeprefix("./"))
              if not (shipped_site / target / "index.html").exists()
              and not (shipped_site / target).is_file()]
    assert broken == []


def test_similar_deals_link_back(shipped_site: Path, reviews: list[dict]) -> None:  # type: ignore[type-arg]
    final = [r["id"] for r in reviews if r.get("status") != "draft"]
    pairs = 0
    for deal_id in final:
        html = (shipped_site / "deals" / deal_id / "index.html").read_text()
        section = html.split('id="similar-past-deals"')[1].split("</h2>", 1)[1]
        similar_part = section.split("Reviews that list this one")[0]
        parser = Links()
        parser.feed(f"<article>{similar_part}</article>")
        for href in (h for h in parser.hrefs if h.startswith("../")):
            other = href.split("/")[1]
            back = (shipped_site / "deals" / other / "index.html").read_text()
            assert f"../{deal_id}/" in back.split("Reviews that list this one")[1], (deal_id,
                                                                                    other)
            pairs += 1
    assert pairs >= len(final)


@pytest.mark.parametrize("kind,key,page", [
    ("tags", "fixed-price", "tags/{}"), ("scenario", "vendor_sla", "scenarios/{}"),
    ("scenario", "client_retainer", "scenarios/{}"),
])
def test_listing_pages_list_exactly_their_reviews(
        shipped_site: Path, reviews: list[dict], kind: str, key: str, page: str) -> None:  # type: ignore[type-arg]
    expected = {r["id"] for r in reviews if r.get("status") != "draft" and (
        key in (r.get("tags") or []) if kind == "tags" else r["scenario"] == key)}
    assert expected, f"sample content should have reviews for {key}"
    listed = {t.split("/")[1] for t in content_links(shipped_site, page.format(key) + "/")
              if t.startswith("deals/") and t != "deals/"}
    assert listed == expected


def test_search_indexes_reviews_questions_and_nav_pages_not_listings(
        shipped_site: Path, reviews: list[dict]) -> None:  # type: ignore[type-arg]
    """Material's index is downloaded whole: the listing pages behind the nav, which only
    repeat review titles, stay out of it."""
    index = json.loads((shipped_site / "search/search_index.json").read_text())
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    review = next(r for r in reviews if r.get("status") != "draft")
    question = front_matter(next((REPO / "content/questions").glob("*.md")))["id"]
    assert {f"deals/{review['id']}/", f"questions/{question}/", "patterns/renewals/",
            "method/debrief/", "how-to-write-a-review/"} <= pages
    listings = {"tags/", "counterparties/", "archive/", "scenarios/", "bank/categories/"}
    assert not {p for p in pages if any(p.startswith(f) and p != f for f in listings)}
    assert "scenarios/" in pages and "tags/" in pages  # the nav's own directory pages stay
    # Nor the closing sections that only list other pages; the page keeps them, unmarked.
    sections = {doc["location"].partition("#")[2] for doc in index["docs"]}
    assert {"what-worked", "why-it-matters"} <= sections
    assert not sections & {"similar-past-deals", "missed-in-reviews", "related-questions"}
    page = (shipped_site / "deals" / review["id"] / "index.html").read_text()
    assert '<h2 id="similar-past-deals">' in page and "data-search-exclude" not in page


def test_search_index_holds_briefs_and_checklists_and_no_chart_markup(
        shipped_site: Path) -> None:
    index = json.loads((shipped_site / "search/search_index.json").read_text())
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"brief/vendor_sla/", "brief/deal-types/vendor/",
            "bank/checklists/vendor_sla/"} <= pages
    # Charts' tick values, fractions and coordinates are nobody's search words.
    charted = [doc for doc in index["docs"] if doc["location"].startswith("patterns/")]
    assert charted and not any(re.search(r"\d\.\d{4}|Pygal", doc["text"] + doc["title"])
                               for doc in charted)
    # A tag weighs as much as a title, not a thousand times more (plugin.py).
    assert index["config"]["fields"]["tags"] == {"boost": 1000.0}


def test_home_has_a_card_per_scenario_and_no_external_requests(shipped_site: Path) -> None:
    html = (shipped_site / "index.html").read_text()
    cards = html.split('class="grid cards"')[1].split("</ul>")[0]
    assert cards.count("<li>") == 4
    assert "fonts.googleapis" not in html and "cdn." not in html


def test_question_pages_link_to_their_reviews_and_back(shipped_site: Path,
                                                       reviews: list[dict]) -> None:  # type: ignore[type-arg]
    refs = {(m["ref"], r["id"]) for r in reviews if r.get("status") != "draft"
            for m in r.get("missed_questions") or [] if m.get("ref")}
    assert len(refs) >= 10
    for question_id, deal_id in refs:
        assert f"deals/{deal_id}/" in content_links(shipped_site, f"questions/{question_id}/")
        assert f"questions/{question_id}/" in content_links(shipped_site, f"deals/{deal_id}/")


def test_a_bad_review_is_left_out_with_a_warning(project: Project, tmp_path: Path) -> None:
    write_corpus(project)
    project.add_deal("broken.md", review(id="broken", deal_type="supplier"))
    before = {p: p.read_bytes() for p in (project.root / "content").rglob("*") if p.is_file()}
    plain = build(project.root, tmp_path / "plain")
    assert plain.returncode == 0
    assert ("WARNING -  content/deals/broken.md:6:12: error: deal_type must be one of client, "
            "vendor, partner (got 'supplier')") in plain.stderr
    assert not (tmp_path / "plain/deals/broken").exists()
    assert (tmp_path / "plain/deals/orbit/index.html").exists()
    strict = build(project.root, tmp_path / "strict", "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    content = sorted(p for p in (project.root / "content").rglob("*") if p.is_file())
    assert content == sorted(p for p in before if p.is_file())
    assert all(p.read_bytes() == before[p] for p in content), "content/ must never change"


def test_checklist_page_has_print_styles(shipped_site: Path) -> None:
    html = (shipped_site / "bank/checklists/vendor_sla/index.html").read_text()
    assert 'href="../../../assets/dealbook.css"' in html
    assert html.count('type="checkbox"') >= 10
    css = (shipped_site / "assets/dealbook.css").read_text()
    print_rules = css.split("@media print")[1]
    for hidden in (".md-header", ".md-sidebar", ".md-search", ".md-footer"):
        assert hidden in print_rules.split("display: none")[0]


def test_every_curated_question_is_on_its_category_page(shipped_site: Path) -> None:
    for path in sorted((REPO / "content/questions").glob("*.md")):
        q = front_matter(path)
        links = content_links(shipped_site, f"bank/categories/{q['category']}/")
        assert f"questions/{q['id']}/" in links, q["id"]
        assert f"questions/{q['id']}/" in content_links(shipped_site, "questions/")


def test_sample_content_shows_every_kind_of_match(shipped_site: Path) -> None:
    pages = "".join((shipped_site / "questions" / p.stem / "index.html").read_text()
                    for p in (REPO / "content/questions").glob("*.md"))
    for how in ("ref", "same wording", "near wording"):
        assert re.search(f"<td[^>]*>{how}</td>", pages), how
    files = "".join(page.read_text()  # ready-to-save question files, one page per category
                    for page in (shipped_site / "bank/candidates").glob("*/index.html"))
    assert files.count('<div class="highlight"') >= 10


def test_pattern_pages_have_charts_tables_and_links(shipped_site: Path) -> None:
    charts = {"leverage": 5, "friction": 1, "follow-through": 1, "renewals": 1}
    for page, count in charts.items():
        html = (shipped_site / "patterns" / page / "index.html").read_text()
        assert html.count('class="pygal-chart"') == count, page
        assert "<table>" in html
        for chart in html.split('class="pygal-chart"')[1:]:
            assert "<script" not in chart.split("</svg>")[0], page
    leverage = content_links(shipped_site, "patterns/leverage/")
    assert any(t.startswith("patterns/leverage/all-") for t in leverage)
    assert (shipped_site / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    for brief in ("vendor_sla", "client_retainer", "deal-types/partner"):
        html = (shipped_site / "brief" / brief / "index.html").read_text()
        assert "Questions to ask" in html and "Closing and follow-through" in html
