"""The Markdown source of review and question bodies, before Markdown sees it.

Bodies are written by colleagues, but often pasted from email or contracts. Their *rendered*
HTML is what is made safe, by an allow-list (generator/render/sanitize.py): whatever Markdown
extension produced an attribute or a URL, it is judged there. Two things happen here, at the
source, because only here can they happen:
- raw HTML is shown as text (`<b>` reads as "<b>"), outside code: writers paste mail and
  expect to see what they pasted, not a sanitised remnant of it;
- the body is wrapped in markers that tell the page sanitiser where it starts and ends.
  Each carries a digest of the body it wraps, which the body cannot contain, so a body can
  never close its own region early, neither in this Markdown (`dealbook render` looks for the
  regions here) nor in the HTML (where raw HTML, comments included, is text anyway).
Code spans and fenced code blocks are left exactly as written: Markdown escapes them itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>", re.IGNORECASE)
# Markdown reads a tag that opens a line as raw HTML before it looks for code spans.
_TAG_OPENS_LINE = re.compile(r"(\n {0,3})<(?=[A-Za-z/!?])")
# The markers are comments, which Markdown passes through as they are when on their own line.
# A region: the start marker, the body (group 2), the end marker with the same digest (group 1)
# or, should Markdown ever have swallowed the end marker, the end of the page.
BODY_REGION = re.compile(r"<!-- dealbook:body ([0-9a-f]{16}) -->(.*?)"
                         r"(?:<!-- dealbook:/body \1 -->|\Z)", re.DOTALL)


def marked_body(markdown: str) -> str:
    """The body with raw HTML made visible text, between the markers of a body region."""
    text = raw_html_as_text(markdown).strip("\n")
    if not text.strip():
        return ""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
    return f"<!-- dealbook:body {digest} -->\n\n{text}\n\n<!-- dealbook:/body {digest} -->"


def raw_html_as_text(markdown: str) -> str:
    """The body with every raw HTML tag or comment outside code shown as text."""
    return outside_fences(markdown, _clean_text)


def outside_fences(markdown: str, change: Callable[[str], str]) -> str:
    """The text with `change` applied to each run of lines outside fenced code blocks."""
    result = []
    fence = ""
    block: list[str] = []
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence:
            result.append(line)
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
        elif opened:
            result.append(change("".join(block)))
            block = []
            fence = opened[1]
            result.append(line)
        else:
            block.append(line)
    result.append(change("".join(block)))
    return "".join(result)


def _clean_text(text: str) -> str:
    """Outside fences: keep code spans (but for a tag that opens one of their lines, which
    would leave a raw element open over the rest of the page), show tags as text elsewhere."""
    pieces = []
    last = 0
    for span in CODE_SPAN.finditer(text):
        pieces.append(_clean_prose(text[last:span.start()]))
        pieces.append(_TAG_OPENS_LINE.sub(r"\1&lt;", span[0]))
        last = span.end()
    pieces.append(_clean_prose(text[last:]))
    return "".join(pieces)


def _clean_prose(text: str) -> str:
    links = _AUTOLINK.findall(text)
    text = _AUTOLINK.sub("\0", text)
    text = _TAG_START.sub("&lt;", text)
    for link in links:
        text = text.replace("\0", link, 1)
    return text
