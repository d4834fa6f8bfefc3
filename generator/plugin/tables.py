"""Tables that read on a phone: every body cell is labelled with its column's header, so the
stylesheet can show each row as a card of "Header: value" lines on a narrow screen. On a
390 px phone a six-column table put its key columns (Overdue by, Review, Owner, Value) off
screen and wrapped titles to one word a line.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]*>")


def label_cells(content: str) -> str:
    """The page's HTML with `data-label` on every body cell of its tables that have a header
    row (Python-Markdown's tables: no nesting, no spans)."""
    return _TABLE.sub(_labelled, content) if "<table>" in content else content


def _labelled(table: re.Match[str]) -> str:
    inner = table.group(1)
    head = _HEAD.search(inner)
    if head is None:
        return table.group(0)
    labels = [html.escape(html.unescape(_TAG.sub("", h)).strip(), quote=True)
              for h in _HEADER.findall(head.group(1))]
    body = _ROW.sub(lambda row: _label_row(row, labels), inner[head.end():])
    return f"<table>{inner[:head.end()]}{body}</table>"


def _label_row(row: re.Match[str], labels: list[str]) -> str:
    cells = iter(labels)
    return "<tr>" + _CELL.sub(lambda _: f'<td data-label="{next(cells, "")}"', row.group(1)) \
        + "</tr>"
