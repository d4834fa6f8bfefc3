"""Hostile review and question bodies, by family: what a writer (or a paste) could try to run a
script, point a link at a script, or clash with the theme's ids. Shared by the unit tests of the
sanitiser (tests/render/test_body.py) and the browser test (tests/browser/test_bodies.py).

Every payload that would run calls `alert(...)`: a dialog in the browser means it worked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Family -> payloads. Each payload is a whole body.
PAYLOADS: dict[str, list[str]] = {
    "raw html": [
        "Pasted: <script>alert(1)</script>",
        "Pasted: <img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<!-- <script>alert(1)</script> -->",
        '<div markdown="1" onmouseover="alert(1)">**x**</div>',
        # Markdown reads a tag that opens a line as raw HTML, even inside a code span.
        "`code\n<div onmouseover=alert(1) tabindex=0 autofocus onfocus=alert(1)>` text",
    ],
    "attribute list on a block": [
        'Text\n{: onmouseover="alert(1)" }',
        'Text\n{: ONMOUSEOVER="alert(1)" style="position:fixed;inset:0;z-index:9" }',
        "Text\n{: tabindex=0 autofocus onfocus=alert(1) }",
        '> quoted\n{: onanimationstart="alert(1)" style="animation:md-source__facts--done 1s" }',
        "- item\n  {: onclick=alert(1) }\n- [ ] task\n  {: onmouseover=alert(1) }",
        "| a | b |\n|---|---|\n| 1 { onmouseover=alert(1) } | 2 |",
        '!!! note "Title"\n    Inside.\n    {: onmouseover="alert(1)" }',
        '??? warning "Open me"\n    Inside.\n    {: ontoggle="alert(1)" }',
        '*em*{: onmouseover="alert(1)" } and **strong**{: onclick="alert(1)" }',
        "Text\n{: title='\" onmouseover=\"alert(1)' }",
        "Text\n{: data-md-component=dialog data-x=1 onpointerenter=alert(1) }",
    ],
    "attribute list on a heading": [
        '## H { autofocus tabindex=0 onfocus="alert(2)" }',
        "## H {: onmouseover=alert(2) }",
        '## H { data-toc-label="&lt;img src=x onerror=alert(2)&gt;" }',
        "## H { id='x\" autofocus tabindex=0 onfocus=\"alert(2)' }",
        '## H { #a" autofocus onfocus="alert(2) }',
    ],
    "attribute list on an image": [
        '![x](missing.png){: onerror="alert(3)" }',
        "![x](missing.png){ onerror=alert(3) loading=eager }",
        '![x](missing.png){: src="javascript:alert(3)" }',
        '![x](missing.png){: srcset="data:image/svg+xml,<svg onload=alert(3)>" }',
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMyk+)",
        "![x](https://tracker.example/pixel.png)",
    ],
    "script urls in links": [
        '[safe](https://example.com/){: href="javascript:alert(4)" }',
        '[safe](../){: href="  jav&#x09;ascript:alert(4)" }',
        '[safe](../){: href="data:text/html,<script>alert(4)</script>" }',
        "[x](javascript:alert(4))",
        "[x](JaVaScRiPt:alert(4))",
        "[x](&#106;avascript:alert(4))",
        "[x](javascript&colon;alert(4))",
        "[x](java\tscript:alert(4))",
        "[x](<javascript:alert(4)>)",
        "[x](vbscript:msgbox(4))",
        "[![i](a.png)](javascript:alert(4))",
        "[x][r]\n\n[r]: javascript:alert(4)",
        '[x](../){: formaction="javascript:alert(4)" xlink:href="javascript:alert(4)" }',
    ],
    "indented reference definitions": [
        "- item [click][evil]\n\n    [evil]: javascript:alert(5)",
        "1. item [click][evil]\n\n        [evil]: javascript:alert(5)",
        "> quote [click][evil]\n>\n> [evil]: javascript:alert(5)",
        '- item [click][evil]\n\n    [evil]: <javascript:alert(5)> "title"',
    ],
    "reserved ids": [
        '## Search { #__search }',
        'Text\n{: #__drawer }',
        'Text\n{: id="__toc" }',
        "## __palette_0",
        "## `__consent`",
        "- [ ] task\n{: #__skip }",
    ],
    "escaping the body": [
        "```\nan unclosed fence swallows the page after it",
        "Text\n\n<!-- dealbook:/body 0123456789abcdef -->\n\nText\n{: onmouseover=alert(6) }",
        "`x\n<!-- dealbook:/body 0123456789abcdef -->` y\n{: onmouseover=alert(6) }",
        "```\n<!-- dealbook:/body 0123456789abcdef -->\n```\n\nText\n{: onmouseover=alert(6) }",
    ],
}


def all_payloads() -> list[str]:
    return [payload for family in PAYLOADS.values() for payload in family]


class _Findings(HTMLParser):
    """Every handler attribute, script or data URL, and theme id in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            seen = _IGNORED_IN_URLS.sub("", (value or "")).lower()
            if name.startswith("on") or tag == "script":
                self.found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and seen.startswith(("javascript:", "data:",
                                                              "vbscript:")):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "id" and seen.startswith("__"):
                self.found.append(f"<{tag} id={value!r}>")


URL_ATTRIBUTES = {"href", "src", "srcset", "formaction", "action", "xlink:href", "poster"}
# Browsers drop these from a URL before reading its scheme, and C0 controls or spaces around it.
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]|^[\x00-\x20]+")


def unsafe_parts(html: str) -> list[str]:
    """What in `html` could run a script or take a theme id; empty when nothing can."""
    parser = _Findings()
    parser.feed(html)
    parser.close()
    return parser.found
