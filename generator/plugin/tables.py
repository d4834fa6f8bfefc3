"""Tables that read on a phone: every body cell is labelled with its column's header, so the
stylesheet can show each row as a card of "Header: value" lines on a narrow screen. On a
390 px phone a six-column table put its key columns (Overdue by, Review, Owner, Value) off
screen and wrapped titles to one word a line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]*>")


def label_cells(content: str) -> str:
    """The page's HTML with `data-label` on every body cell of its tables that have a header
    row (Python-Markdown's tables: no nesting, no spans)."""
    if "<table>" not in content:
        return content
    parts, pos = [], 0
    for start, inner, end, after in _spans(content, "<table>", "</table>"):
        parts += [content[pos:start], _labelled(content[start:after], content[inner:end])]
        pos = after
    parts.append(content[pos:])
    return "".join(parts)


def _spans(text: str, opening: str, closing: str) -> Iterator[tuple[int, int, int, int]]:
    """Where each `opening…closing` starts, its inside starts and ends, and it ends: what the
    lazy pattern `opening(.*?)closing` matches, found with `str.find`. The regex stepped
    through every character (a listing of 10,000 reviews has 70,000 rows in its tables)."""
    pos = 0
    while (start := text.find(opening, pos)) >= 0:
        inner = start + len(opening)
        end = text.find(closing, inner)
        if end < 0:
            return
        pos = end + len(closing)
        yield start, inner, end, pos


def _labelled(table: str, inner: str) -> str:
    head = next(_spans(inner, "<thead>", "</thead>"), None)
    if head is None:
        return table
    _, head_inner, head_end, body_start = head
    labels = [html.escape(html.unescape(_TAG.sub("", h)).strip(), quote=True)
              for h in _HEADER.findall(inner[head_inner:head_end])]
    opened = [f'<td data-label="{label}"' for label in labels]
    body = inner[body_start:]
    parts, pos = [inner[:body_start]], 0
    for _, row, row_end, after in _spans(body, "<tr>", "</tr>"):
        lead, *cells = _CELL.split(body[row:row_end])
        given = opened[:len(cells)] + ['<td data-label=""'] * (len(cells) - len(opened))
        parts += [body[pos:row], lead, *(o + c for o, c in zip(given, cells, strict=True)), "</tr>"]
        pos = after
    parts.append(body[pos:])
    return f"<table>{''.join(parts)}</table>"
