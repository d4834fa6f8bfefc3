"""The body policy: Markdown formatting works, raw HTML shows as text, unsafe links are blocked,
code is left alone."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.body import sanitize_body


def html(body: str) -> str:
    return markdown.markdown(sanitize_body(body), extensions=["fenced_code", "tables"])


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', "<iframe src=//evil></iframe>",
    "<svg onload=alert(1)>", "<!-- <script>alert(1)</script> -->",
    '<div style="position:fixed">x</div>',
])
def test_raw_html_is_shown_as_text(payload: str) -> None:
    out = html(f"Pasted: {payload}")
    assert "<script" not in out and "<img" not in out and "<iframe" not in out
    assert "<svg" not in out and "<a " not in out and "<div" not in out and "<!--" not in out
    assert "&lt;" in out


@pytest.mark.parametrize("link", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x]( javascript :alert(1))",
    "[x](jav&#x61;script:alert(1))", "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))", "[x](java\tscript:alert(1))",
    "[x](<javascript:alert(1)>)", "![i](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))", "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)>",
])
def test_unsafe_link_schemes_are_blocked(link: str) -> None:
    out = html(link)
    assert re.search(r'(href|src)="#blocked-link', out), out
    assert not re.search(r'(href|src)="[^"#]', out), out


def test_safe_markdown_keeps_working() -> None:
    out = html("**bold** [site](https://example.com/a:b) [page](../x.md#a:b) "
               "[mail](mailto:a@b.example) <https://example.com/auto>\n\n"
               "> a quote\n\n| a | b |\n|---|---|\n| 1 < 2 | 3 |\n\n[^1]: See: footnote\n")
    for kept in ('<strong>bold</strong>', 'href="https://example.com/a:b"',
                 'href="../x.md#a:b"', 'href="mailto:a@b.example"',
                 'href="https://example.com/auto"', "<blockquote>", "<td>1 &lt; 2</td>",
                 "See: footnote"):
        assert kept in out


def test_code_is_left_exactly_as_written() -> None:
    body = "Use `<b>` or `[x](javascript:y)`.\n\n```html\n<script>alert(1)</script>\n```\n"
    assert sanitize_body(body) == body
    out = html(body)
    assert "<code>&lt;b&gt;</code>" in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "<script" not in out
