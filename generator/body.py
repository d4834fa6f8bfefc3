"""The policy for the Markdown bodies of reviews and questions.

Bodies are written by colleagues, but often pasted from email or contracts. So formatting
Markdown works as usual, while:
- raw HTML is shown as text, never interpreted (`<b>` reads as "<b>"), outside code;
- links and images may only point to http, https, mailto, tel, relative paths and anchors;
  any other scheme (javascript:, data:, vbscript:…) is replaced by an inert "#blocked-link".
Code spans and fenced code blocks are left exactly as written: Markdown escapes them itself.
"""

from __future__ import annotations

import html
import re

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>", re.IGNORECASE)
# The destination of an inline link or image, or of a reference definition.
_DESTINATION = re.compile(r"(\]\(\s*<?|^ {0,3}\[(?!\^)[^\]\n]+\]:\s*<?)([^)>\n]*)",
                          re.MULTILINE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers ignore these inside a URL's scheme: "java\tscript:" is "javascript:".
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def sanitize_body(markdown: str) -> str:
    """The body with raw HTML made visible text and unsafe link schemes blocked."""
    return _outside_fences(markdown.splitlines(keepends=True))


def _outside_fences(lines: list[str]) -> str:
    """Rejoin the lines, sanitising only those outside fenced code blocks."""
    result = []
    fence = ""
    block: list[str] = []
    for line in lines:
        opened = _FENCE.match(line)
        if fence:
            result.append(line)
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
        elif opened:
            result.append(_clean_text("".join(block)))
            block = []
            fence = opened[1]
            result.append(line)
        else:
            block.append(line)
    result.append(_clean_text("".join(block)))
    return "".join(result)


def _clean_text(text: str) -> str:
    """Outside fences: keep code spans, neutralise tags and unsafe schemes elsewhere."""
    pieces = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(_clean_prose(text[last:span.start()]))
        pieces.append(span[0])
        last = span.end()
    pieces.append(_clean_prose(text[last:]))
    return "".join(pieces)


def _clean_prose(text: str) -> str:
    links = _AUTOLINK.findall(text)
    text = _AUTOLINK.sub("\0", text)
    text = _TAG_START.sub("&lt;", text)
    for link in links:
        text = text.replace("\0", link, 1)
    return _DESTINATION.sub(_check_scheme, text)


def _check_scheme(match: re.Match[str]) -> str:
    """Judge the destination as the browser will read it: entities decoded (Markdown passes
    "&#106;avascript:" through, and the browser decodes it), ignored characters dropped."""
    seen_by_browser = _IGNORED_IN_URLS.sub("", html.unescape(match[2])).lstrip("<")
    scheme = _SCHEME.match(seen_by_browser)
    if scheme is None or scheme[1].lower() in ALLOWED_SCHEMES:
        return match[0]
    return f"{match[1]}#blocked-link"
