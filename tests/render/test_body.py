"""The body policy, on the HTML a page really gets: the body marked and rendered with the
extensions of mkdocs.yml, then the page sanitised as the plugin does. Markdown formatting works,
raw HTML shows as text, no handler, script URL or theme id gets through, code is left alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown
import pytest
import yaml
from conftest import REPO
from payloads import PAYLOADS, all_payloads, unsafe_parts

from generator.base.body import marked_body, raw_html_as_text
from generator.render.sanitize import (
    EXTENSION_CONFIGS,
    EXTENSIONS,
    prerendered_bodies,
    safe_id,
    sanitize_html,
    sanitize_page,
)

TRUSTED = '<h1 id="review">Review</h1>\n<p class="db-state">generated</p>\n\n'


def rendered(page_markdown: str) -> str:
    return markdown.markdown(page_markdown, extensions=EXTENSIONS,
                             extension_configs=EXTENSION_CONFIGS)


def html(body: str) -> str:
    """A body as a page shows it: marked, rendered with trusted Markdown around, sanitised."""
    return sanitize_page(rendered(f"# Review\n\n{marked_body(body)}\n\n## After"))


def test_the_extensions_are_those_of_mkdocs_yml() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    shipped = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert shipped == EXTENSIONS
    options = {next(iter(e)): e[next(iter(e))] for e in config["markdown_extensions"]
               if isinstance(e, dict)}
    assert {k: {o: v == "true" for o, v in opts.items()} for k, opts in options.items()} \
        == EXTENSION_CONFIGS


@pytest.mark.parametrize("payload", all_payloads())
def test_no_payload_survives_the_page_sanitiser(payload: str) -> None:
    out = html(payload)
    assert unsafe_parts(out) == []
    assert "<!--" not in out  # the markers are gone
    assert out.endswith('<h2 id="after">After<a class="headerlink" href="#after" '
                        'title="Permanent link">&para;</a></h2>'), "the page after the body"


@pytest.mark.parametrize("payload", all_payloads())
def test_no_payload_survives_the_render_route(payload: str) -> None:
    page = prerendered_bodies(f"# Review\n\n{marked_body(payload)}\n\n## After\n")
    assert "<!--" not in page
    out = rendered(page)
    assert unsafe_parts(out) == []
    assert out.endswith('title="Permanent link">&para;</a></h2>')


@pytest.mark.parametrize("payload", PAYLOADS["raw html"][:6])
def test_raw_html_is_shown_as_text(payload: str) -> None:
    out = html(f"Pasted: {payload}")
    assert "&lt;" in out and "<script" not in out and "<svg" not in out and "<div" not in out


def test_handlers_and_styles_go_but_the_element_stays() -> None:
    assert html('Text\n{: onmouseover="alert(1)" style="position:fixed" }').count(
        "<p>Text</p>") == 1
    assert '<h2 id="h">H<a class="headerlink" href="#h"' in html(
        '## H { autofocus tabindex=0 onfocus="alert(2)" }')
    assert '<img alt="x" src="missing.png">' in html('![x](missing.png){: onerror="alert(3)" }')


@pytest.mark.parametrize("link", [
    "[x](javascript:alert(4))", "[x](JaVaScRiPt:alert(4))", "[x](&#106;avascript:alert(4))",
    "[x](javascript&colon;alert(4))", "[x](vbscript:msgbox(4))", "[x][r]\n\n[r]: data:,x",
    '[x](https://example.com/){: href="javascript:alert(4)" }',
    '[x](../){: href="  jav&#x09;ascript:alert(4)" }',
    "- [x][evil]\n\n    [evil]: javascript:alert(5)"])
def test_script_links_lose_their_target_and_keep_their_text(link: str) -> None:
    assert '<a rel="noopener noreferrer">x</a>' in html(link)


def test_what_the_browser_would_read_as_a_path_stays_a_path() -> None:
    # Markdown turns the tab into spaces, and `<…>` is no scheme: both are relative paths.
    assert 'href="java    script:alert(4)"' in html("[x](java\tscript:alert(4))")
    assert 'href="&lt;javascript:alert(4)&gt;"' in html("[x](<javascript:alert(4)>)")


def test_images_come_from_the_site_only() -> None:
    for source in ("https://tracker.example/p.png", "//tracker.example/p.png",
                   "/\\tracker.example/p.png", "data:image/png;base64,AAAA"):
        assert '<img alt="i">' in html(f"![i]({source})"), source
    assert '<img alt="i" src="../img/chart.png">' in html("![i](../img/chart.png)")
    assert ('<img align="left" alt="i" loading="lazy" src="a.png" width="300">'
            in html("![i](a.png){ width=300 align=left loading=lazy }"))


def test_ids_keep_clear_of_the_theme_and_of_quotes() -> None:
    assert safe_id("timeline") == "timeline" and safe_id("café-2") == "café-2"
    assert safe_id("__search") == "user__search" and safe_id("__drawer") == "user__drawer"
    assert safe_id('x" onfocus="alert(1)') == "x--onfocus--alert-1-"
    out = html("## Search { #__search }\n\n[back](#__search)")
    assert '<h2 id="user__search">' in out and 'href="#user__search"' in out
    assert 'id="__' not in out


@dataclass
class Anchor:
    id: str
    children: list[Anchor] = field(default_factory=list)


def test_the_table_of_contents_gets_the_same_ids() -> None:
    toc = [Anchor("review", [Anchor('x" autofocus onfocus="alert(2)'), Anchor("__toc")])]
    sanitize_page("", toc)
    assert [toc[0].id, *(a.id for a in toc[0].children)] == \
        ["review", "x--autofocus-onfocus--alert-2-", "user__toc"]


def test_outside_the_bodies_only_theme_ids_change() -> None:
    page = TRUSTED + '<h2 id="__search">T</h2><a href="#__search" onclick="trusted()">x</a>'
    assert sanitize_page(page) == page.replace("__search", "user__search")


def test_a_body_cannot_end_its_region_early() -> None:
    body = "Text\n\n<!-- dealbook:/body 0123456789abcdef -->\n\nMore\n{: onclick=alert(1) }"
    assert "alert" not in re.sub(r">[^<]*<", "><", html(body))
    # Without its end marker, a region runs to the end of the page: safe, if not pretty.
    start = marked_body("Body").split("\n")[0]
    assert sanitize_page(f"{TRUSTED}{start}<p>Body</p><p onclick=x>After</p>") == \
        f"{TRUSTED}<p>Body</p><p>After</p>"


def test_several_bodies_on_one_page_are_each_cleaned() -> None:
    first, second = marked_body("A\n{: onclick=x }"), marked_body("B\n{: onclick=y }")
    page = rendered(f"{first}\n\n<p class='db'>trusted</p>\n\n{second}")
    assert sanitize_page(page).split() == ["<p>A</p>", "<p", "class='db'>trusted</p>",
                                           "<p>B</p>"]


def test_what_writers_use_keeps_working() -> None:
    out = html(
        "## Timeline\n\n**bold** *em* [site](https://example.com/a:b) [page](../x.md#a:b) "
        "[mail](mailto:a@b.example) [call](tel:+4912345) <https://example.com/auto> "
        "[new tab](https://example.com/){ target=_blank }\n\n"
        "> a quote\n\n| a | b |\n|:--|--:|\n| 1 < 2 | 3 |\n\n"
        '!!! warning "Careful"\n    Inside.\n\n???+ note "More"\n    Hidden.\n\n'
        "- [x] done\n- [ ] open\n\n```python\nx = 1  # <b>\n```\n\n"
        "[Start](../){ .md-button .md-button--primary .md-header }\n")
    for kept in (
            '<h2 id="timeline">Timeline<a class="headerlink" href="#timeline" '
            'title="Permanent link" rel="noopener noreferrer">¶</a></h2>',
            "<strong>bold</strong>", "<em>em</em>",
            '<a href="https://example.com/a:b" rel="noopener noreferrer">site</a>',
            'href="../x.md#a:b"', 'href="mailto:a@b.example"', 'href="tel:+4912345"',
            'href="https://example.com/auto"',
            '<a href="https://example.com/" target="_blank" rel="noopener noreferrer">',
            "<blockquote>", '<th style="text-align:left">a</th>',
            '<td style="text-align:right">3</td>', '<td style="text-align:left">1 &lt; 2',
            '<div class="admonition warning">', '<p class="admonition-title">Careful</p>',
            '<details class="note" open="open">', "<summary>More</summary>",
            '<li class="task-list-item"><label class="task-list-control">'
            '<input type="checkbox" disabled="" checked=""><span class="task-list-indicator">',
            '<div class="highlight"><pre><span></span><code><span class="n">x</span>',
            '<span class="c1"># &lt;b&gt;</span>',
            '<a class="md-button md-button--primary" href="../"'):
        assert kept in out, kept


def test_code_is_left_exactly_as_written() -> None:
    body = "Use `<b>` or `[x](javascript:y)`.\n\n```html\n<script>alert(1)</script>\n```\n"
    assert raw_html_as_text(body) == body
    out = html(body)
    assert "<code>&lt;b&gt;</code>" in out and "<code>[x](javascript:y)</code>" in out
    assert '<span class="nt">script</span>' in out and "<script" not in out


def test_the_allow_list_alone() -> None:
    assert sanitize_html('<p onclick="x" style="color:red" class="md-header note">t</p>') == \
        '<p class="note">t</p>'
    assert sanitize_html('<a href="java&#x09;script:x" rel="opener">y</a>') == \
        '<a rel="noopener noreferrer">y</a>'
    assert sanitize_html("<iframe src=//x></iframe><object data=x></object><b>k</b>") == \
        "<b>k</b>"
