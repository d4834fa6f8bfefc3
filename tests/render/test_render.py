"""Rendering: the fixture corpus gives the expected Markdown, and no value escapes as markup.

Regenerate the golden pages after a deliberate change with:
    .venv/bin/pytest tests/render/test_render.py --update-golden
"""

from __future__ import annotations

import html as html_lib
import posixpath
import shutil
from collections.abc import Mapping
from pathlib import Path

import markdown
import pytest
from conftest import REPO, Project
from corpus import XSS, XSS_ATTR, write_corpus
from hypothesis import given
from hypothesis import strategies as st

from generator.base.diagnostics import DealbookError
from generator.build import build_site
from generator.render.packed import pack, unpack
from generator.render.sanitize import sanitize_page
from generator.render.templates import md_paragraphs, md_text, relative

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "render"


@pytest.fixture
def pages(project: Project) -> dict[str, str]:
    write_corpus(project)
    project.pin_file_dates()
    result = build_site(project.settings)
    assert result.diagnostics == ()
    return result.pages


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "md_in_html", "attr_list"])


@pytest.mark.parametrize("payload", [
    XSS, XSS_ATTR, "*bold* _em_ `code` [x](javascript:alert(1)) ![i](x.png)",
    "| cell | split |", "# heading", "- list", "1. ordered", "> quote", "a &amp; b",
    "{: .attr } ~~del~~ ==mark== ^sup^", "<!-- comment -->", "line\nbreak",
])
def test_escaped_text_renders_as_the_same_text(payload: str) -> None:
    html = to_html(f"Value: {md_text(payload)}")
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<em>" not in html and "<code>" not in html and "<table>" not in html
    # The browser shows the entities as the characters the author typed.
    shown = html_lib.unescape(html.removeprefix("<p>").removesuffix("</p>"))
    assert shown == "Value: " + payload.replace("\n", " ")


def test_paragraphs_keep_blank_line_breaks_and_escape_each() -> None:
    assert md_paragraphs("first *a*\nsame\n\n# second") == \
        "first &#42;a&#42; same\n\n&#35; second"


def test_pages_match_golden(pages: Mapping[str, str], update_golden: bool) -> None:
    if update_golden:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for uri, text in pages.items():
            (GOLDEN / uri).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / uri).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for uri, text in pages.items():
        assert text == expected[uri], uri


def test_drafts_are_never_rendered(pages: Mapping[str, str]) -> None:
    assert "deals/secret-draft.md" not in pages
    assert not any("Unfinished draft" in text or "Hidden Co" in text for text in pages.values())


def test_counterparty_spellings_merge_into_one_page(pages: Mapping[str, str]) -> None:
    page = pages["counterparties/kestrel-cloud.md"]
    assert "2 deals with Kestrel Cloud" in page
    assert "kestrel-2025.md" in page and "kestrel-2026.md" in page


def test_review_page_sections(pages: Mapping[str, str]) -> None:
    page = pages["deals/kestrel-2025.md"]
    sections = [line for line in page.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Outcome", "## What worked", "## Leverage", "## Missed questions", "## Blind spots",
        "## Friction", "## Playbook updates", "## Follow-through", "## Relationship", "## Risks",
        "## Timeline", "## Similar past deals"]
    assert "[How is uptime measured?](../questions/sla-measured.md)" in page
    assert 'db-state--done">done<' in page and 'db-state--overdue">overdue<' in page
    assert "EUR 120,000" in page


def test_similar_deals_link_both_ways(pages: Mapping[str, str]) -> None:
    renewal = pages["deals/kestrel-2026.md"]
    assert ("[Kestrel hosting SLA](kestrel-2025.md) (2025-06-02): same scenario; "
            "same counterparty; shared tag: hosting; close value") in renewal
    assert ("Reviews that list this one as similar:\n\n"
            "- [Kestrel hosting SLA](kestrel-2025.md) (2025-06-02)") in renewal


def test_question_page_lists_the_reviews_that_missed_it(pages: Mapping[str, str]) -> None:
    page = pages["questions/sla-measured.md"]
    assert "[Kestrel hosting SLA](../deals/kestrel-2025.md)" in page
    assert "How is uptime measured?" in page
    assert "Not yet missed" in pages["questions/who-signs.md"]


def test_hostile_values_stay_text(pages: Mapping[str, str]) -> None:
    html = sanitize_page(to_html(pages["deals/orbit.md"].split("---\n", 2)[2]))
    assert "<script" not in html and "<img" not in html and "<em>" not in html
    assert 'href="javascript' not in html
    assert "&#60;script&#62;alert(1)&#60;/script&#62;" in html
    assert "no mitigation yet" in html


@given(st.lists(st.sampled_from(["deals", "bank", "checklists", "a", "b"]), max_size=3),
       st.lists(st.sampled_from(["deals", "bank", "checklists", "a", "b"]), max_size=3),
       st.sampled_from(["index.md", "x.md", "y.md#anchor"]))
def test_relative_links_agree_with_relpath(here: list[str], there: list[str], name: str) -> None:
    page, target = "/".join([*here, "page.md"]), "/".join([*there, name])
    assert relative(page, target) == posixpath.relpath(target, "/".join(here) or ".")


@pytest.mark.parametrize(("edit", "complaint"), [
    ("{% if deal.title %}", "Unexpected end of template"),
    ("{{ deal.no_such_field }}", "no_such_field"),
], ids=["syntax", "undefined"])
def test_a_template_error_names_the_template_and_line(project: Project, tmp_path: Path,
                                                      edit: str, complaint: str) -> None:
    templates = shutil.copytree(REPO / "site_templates", tmp_path / "templates")
    project.write_config(templates_dir=str(templates))
    write_corpus(project)
    deal = templates / "deal.md.j2"
    lines = deal.read_text().splitlines()
    deal.write_text("\n".join([*lines[:2], edit, *lines[2:]]) + "\n")
    with pytest.raises(DealbookError) as raised:
        build_site(project.settings)
    message = str(raised.value)
    assert message.startswith(f"{deal}:") and "template error while rendering deals/" in message
    assert complaint in message
    if complaint != "Unexpected end of template":  # a syntax error is found at the end
        assert message.startswith(f"{deal}:3:")


def test_pages_are_held_packed_and_read_as_text(project: Project) -> None:
    """Held packed, the pages take a fraction of their text's memory; read, each is its
    text, and the same Markdown packs to the same bytes (what the live preview compares)."""
    write_corpus(project)
    result = build_site(project.settings)
    packed = result.pages.packed
    assert packed.keys() == set(result.pages) and len(result.pages) > 50
    texts = {uri: result.pages[uri] for uri in result.pages}
    assert all(unpack(data) == texts[uri] and pack(texts[uri]) == data
               for uri, data in packed.items())
    assert any("—" in text for text in texts.values())
    assert sum(map(len, packed.values())) * 2 < sum(len(t.encode()) for t in texts.values())
