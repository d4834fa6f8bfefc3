"""The Pagefind option: one setting swaps Material's whole-file index for Pagefind's fragments,
indexing reviews and questions with their facets as filters, and leaving out the sections that
only repeat other pages. The search page itself is tested in the browser (browser/test_find.py).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Project
from corpus import write_corpus

from generator.plugin.pagefind import indexed_content

REVIEW = {"Type": ["Review"], "Tag": ["sla"]}
SIMILAR = '<h2 id="similar-past-deals">Similar past deals</h2><ul><li>Other deal</li></ul>'


def build(project: Project, site: Path, hash_seed: str) -> Path:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(project.root / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                               "PYTHONHASHSEED": hash_seed})
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus built with `search: pagefind`."""
    project = Project(tmp_path_factory.mktemp("pagefind") / "project")
    shutil.copytree(REPO / "content" / "method", project.root / "content" / "method")
    write_corpus(project)
    project.write_config(search="pagefind")
    return build(project, project.root.parent / "site", "1")


def contents(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


# Pagefind 1.5 writes its filter index out of a hash map seeded anew on every run, so the
# filter files come out in another order, under other names, with the two files that name them
# (Pagefind issue #638: its fragments were made stable in 1.3, "filter/metadata indexes" not).
PAGEFINDS_OWN = re.compile(r"pagefind/(filter/en_\w+\.pf_filter|pagefind\.en_\w+\.pf_meta|"
                           r"pagefind-entry\.json)")


def test_two_builds_differ_only_where_pagefind_orders_at_random(
        site: Path, tmp_path: Path) -> None:
    """Every page, asset and chart, and Pagefind's fragments and word index, are
    byte-identical from one build to the next, whatever Python's hash seed."""
    again = contents(build(Project(site.parent / "project"), tmp_path / "again", "2"))
    first = contents(site)
    differ = {path for path in first.keys() | again.keys()
              if first.get(path) != again.get(path)}
    assert {p for p in differ if not PAGEFINDS_OWN.fullmatch(p)} == set()
    assert sum(p.startswith("pagefind/fragment/") for p in first) == 14  # one per indexed page
    assert sum(p.startswith("pagefind/filter/") for p in first) == sum(
        p.startswith("pagefind/filter/") for p in again)


def fragments(site: Path) -> dict[str, dict[str, object]]:
    """Pagefind's fragments by page URL: what a browser fetches for each result shown."""
    found = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        fragment = json.loads(data)
        found[fragment["url"]] = fragment
    return found


def test_search_pagefind_builds_a_fragment_index(site: Path) -> None:
    assert not (site / "search" / "search_index.json").exists()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    # 2 questions, 3 reviews, and what is read before a negotiation: 6 briefs, 3 checklists
    assert sum(language["page_count"] for language in entry["languages"].values()) == 14
    review = (site / "deals" / "kestrel-2025" / "index.html").read_text()
    assert "<div data-pagefind-body>" in review
    for facet in ("Type:Review", "Scenario:Vendor with a service level agreement",
                  "Deal type:Vendor / SLA", "Tag:hosting", "Tag:sla", "Year:2025"):
        name, value = facet.split(":")
        assert f'<span data-pagefind-filter="{name}">{value}</span>' in review
    question = (site / "questions" / "sla-measured" / "index.html").read_text()
    assert '<span data-pagefind-filter="Category">Success criteria</span>' in question
    listing = (site / "scenarios" / "vendor_sla" / "index.html").read_text()
    assert "data-pagefind-body" not in listing
    assert 'href="../../find/"' in review


def test_the_search_page_is_ours_on_pagefinds_api(site: Path) -> None:
    find = (site / "find" / "index.html").read_text()
    assert '<script type="module" src="../assets/find.js"></script>' in find
    assert 'href="../assets/find.css"' in find and "<noscript>" in find
    assert "pagefind-ui" not in find
    script = (site / "assets" / "find.js").read_text()
    assert 'import(new URL("pagefind/pagefind.js",ROOT)' in script
    assert "innerHTML" not in script  # every text from the index goes in as text
    # Published minified: a reader fetches it before a first search.
    source = (REPO / "site_templates" / "assets" / "find.js").read_text()
    comment = source.splitlines()[0]
    assert comment.startswith("// ") and comment[3:] not in script
    assert len(script) < 0.75 * len(source) and "\n  " not in script
    assert (site / "assets" / "find.css").is_file()


def test_sections_that_repeat_other_pages_are_not_indexed(site: Path) -> None:
    by_url = fragments(site)
    review = by_url["/deals/kestrel-2025/"]
    assert "Kestrel hosting SLA" in str(review["content"])
    # The renewal is listed among its similar deals, and the SLA question's misses list both.
    assert "Kestrel hosting renewal" not in str(review["content"])
    assert "Kestrel" not in str(by_url["/questions/sla-measured/"]["content"])
    # Its facts are indexed, their names (on every review) are not.
    assert "hosting" in str(review["content"]) and "Counterparty" not in str(review["content"])
    page = (site / "deals" / "kestrel-2025" / "index.html").read_text()
    assert '<div data-pagefind-ignore><h2 id="similar-past-deals">' in page


def test_the_last_repeating_section_is_ignored_to_the_end() -> None:
    own = '<h2 id="similar-past-deals">Similar past deals</h2><p>The author\'s own notes</p>'
    marked = indexed_content(f"<p>Body</p>{own}<p>More</p>{SIMILAR}", REVIEW)
    assert f"<p>More</p><div data-pagefind-ignore>{SIMILAR}</div>" in marked
    own = own.replace("<h2 ", "<h2 data-pagefind-ignore ")  # a heading, but not the end
    assert f"<p>Body</p>{own}<p>More</p><div" in marked


def test_a_question_ignores_its_misses_and_related_questions() -> None:
    misses = ('<h2 id="missed-in-reviews">Missed in reviews<a class="headerlink" href="#m">'
              '&para;</a></h2><table></table><h2 id="related-questions">Related</h2><ul></ul>')
    marked = indexed_content(f"<p>Why it matters</p>{misses}", {"Type": ["Question"]})
    assert marked.startswith("<div data-pagefind-body><p>Why it matters</p>"
                             '<div data-pagefind-ignore><h2 id="missed-in-reviews">')
    assert marked.count("<div data-pagefind-ignore>") == 1 and "<ul></ul></div>" in marked


def test_a_page_without_such_a_section_is_indexed_whole() -> None:
    marked = indexed_content("<h3>Pricing</h3><p>Signed</p>", REVIEW)
    assert marked.startswith("<div data-pagefind-body><h3>Pricing</h3><p>Signed</p>"
                             "<div hidden data-pagefind-ignore>")
    assert "<div data-pagefind-ignore>" not in indexed_content(SIMILAR, {"Type": ["Question"]})


def test_the_labels_every_review_repeats_are_not_indexed() -> None:
    page = ('<h1 id="t">Kestrel SLA</h1><dl class="db-card"><dt>Value</dt><dd>EUR 1</dd></dl>'
            '<h2 id="outcome">Outcome</h2><table><thead><tr><th>Risk</th></tr></thead>'
            '<tbody><tr><td>Churn</td></tr></tbody></table><h3 id="p">Pricing</h3>')
    marked = indexed_content(page + SIMILAR, REVIEW)
    for label in ('<dt data-pagefind-ignore>Value</dt>', '<thead data-pagefind-ignore><tr>',
                  '<h2 data-pagefind-ignore id="outcome">'):
        assert label in marked
    for text in ('<h1 data-pagefind-weight="10" id="t">', "<dd>EUR 1</dd>",
                 "<tbody><tr><td>Churn</td>", '<h3 id="p">'):
        assert text in marked
    assert f"<div data-pagefind-ignore>{SIMILAR}</div>" in marked  # not marked twice


def test_filter_labels_are_shown_as_written(site: Path) -> None:
    by_url = fragments(site)
    filters = by_url["/deals/orbit/"]["filters"]
    # A comma or colon in a label is the label's: no escaping backslash reaches the reader.
    assert filters["Scenario"] == ["Client project, fixed scope"]  # type: ignore[index]
    assert "\\" not in json.dumps([f["filters"] for f in by_url.values()])


def test_briefs_and_checklists_are_found(site: Path) -> None:
    by_url = fragments(site)
    assert by_url["/brief/vendor_sla/"]["filters"] == {  # type: ignore[comparison-overlap]
        "Type": ["Brief"], "Scenario": ["Vendor with a service level agreement"]}
    assert by_url["/bank/checklists/vendor_sla/"]["filters"]["Type"] == [  # type: ignore[index]
        "Checklist"]
    # Found by their title and introduction; the reviews and questions they list are not
    # indexed again there ("Kestrel" finds Kestrel's reviews, not every brief naming them).
    assert "Print this page" in str(by_url["/bank/checklists/vendor_sla/"]["content"])
    for url in ("/bank/checklists/vendor_sla/", "/brief/vendor_sla/"):
        content = str(by_url[url]["content"])
        assert "How is the SLA measured" not in content and "Kestrel" not in content


def test_charts_and_weights(site: Path) -> None:
    page = (site / "patterns" / "friction" / "index.html").read_text()
    charts = re.findall(r'<svg [^>]*class="pygal-chart"[^>]*>', page)
    assert charts and all('data-pagefind-ignore="all"' in c for c in charts)
    review = (site / "deals" / "kestrel-2025" / "index.html").read_text()
    assert '<h1 data-pagefind-weight="10"' in review
    assert review.count('data-pagefind-weight="7"') == 2  # its counterparty and its tags
    for fragment in fragments(site).values():
        assert "pygal" not in str(fragment) and "0.0833" not in str(fragment)
