"""Tables written in HTML reach the page without Python-Markdown parsing them.

The templates write their long tables (a listing of hundreds of reviews) as HTML, which every
Markdown engine passes through as it is. Python-Markdown still parses such a block tag by tag
in pure Python to find where it ends: 0.06 s for a 665-row listing, most of what a preview
rebuild spends on the pages that list an edited review. This extension finds those tables
first and puts them in Markdown's own stash of raw HTML, as its HTML block parser would have;
the page's HTML is the same as a Markdown table of the same cells made
(tests/plugin/test_html_tables.py).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

# A table as the templates write it: a line `<table>` after a blank line (or first), a header
# row, and its own `</table>` line. Fenced code is already stashed when this runs (below).
_TABLE = re.compile(r"(?:(?<=\n\n)|\A)<table>\n<thead>\n<tr>\n<th>.*?\n</table>(?=\n|\Z)",
                    re.S)
# Run after superfences has stashed fenced code (25), before the HTML block parser (20).
_PRIORITY = 21


class _Stashed(Preprocessor):  # type: ignore[misc]  # Python-Markdown has no type hints
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "<table>\n<thead>" not in text:
            return lines
        return _TABLE.sub(self._stash, text).split("\n")

    def _stash(self, table: re.Match[str]) -> str:
        html = table.group(0)
        if html.count("<table") != 1 or "markdown=" in html:
            return html  # nested, or asking for Markdown inside: Markdown's own parser
        return f"{self.md.htmlStash.store(html)}\n"


class HtmlTables(Extension):  # type: ignore[misc]
    """Add to Python-Markdown: `markdown.Markdown(extensions=[HtmlTables()])`."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Stashed(md), "dealbook_html_tables", _PRIORITY)
