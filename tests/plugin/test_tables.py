"""Every body cell of a table with a header row carries its column's header as `data-label`,
which the stylesheet shows on a phone; nothing else of the page changes."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.plugin.tables import label_cells

TABLE = ('<p>Before</p>\n<table>\n<thead>\n<tr>\n<th>Review</th>\n'
         '<th style="text-align: right;">Overdue &amp; by</th>\n</tr>\n</thead>\n<tbody>\n'
         '<tr>\n<td><a href="../a/">A</a></td>\n<td style="text-align: right;">2</td>\n</tr>\n'
         '<tr>\n<td>B</td>\n<td>3</td>\n<td>extra</td>\n</tr>\n</tbody>\n</table>\n<p>After</p>')


def test_each_body_cell_is_labelled_with_its_columns_header() -> None:
    assert label_cells(TABLE) == TABLE.replace(
        '<td><a', '<td data-label="Review"><a').replace(
        '<td style="text-align: right;">2', '<td data-label="Overdue &amp; by" '
                                            'style="text-align: right;">2').replace(
        "<td>B", '<td data-label="Review">B').replace(
        "<td>3", '<td data-label="Overdue &amp; by">3').replace(
        "<td>extra", '<td data-label="">extra')


def test_a_page_or_table_without_a_header_row_is_left_as_it_is() -> None:
    page = "<p>No table</p>"
    assert label_cells(page) is page
    headless = "<table>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>"
    assert label_cells(headless) == headless
    unclosed = "<table>\n<thead><tr><th>A</th></tr></thead>\n<tr><td>1</td></tr>"
    assert label_cells(unclosed) == unclosed


# The labelling as first written, with lazy regular expressions: the specification the faster
# scan must match on any input.
_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]*>")


def _by_regex(content: str) -> str:
    def labelled(table: re.Match[str]) -> str:
        inner = table.group(1)
        head = _HEAD.search(inner)
        if head is None:
            return table.group(0)
        labels = [html.escape(html.unescape(_TAG.sub("", h)).strip(), quote=True)
                  for h in _HEADER.findall(head.group(1))]

        def row(found: re.Match[str]) -> str:
            cells = iter(labels)
            return "<tr>" + _CELL.sub(lambda _: f'<td data-label="{next(cells, "")}"',
                                      found.group(1)) + "</tr>"
        return f"<table>{inner[:head.end()]}{_ROW.sub(row, inner[head.end():])}</table>"
    return _TABLE.sub(labelled, content)


PIECES = ["<table>", "</table>", "<thead>", "</thead>", "<tbody>", "</tbody>", "<tr>", "</tr>",
          "<th>", '<th class="x">', "</th>", "<td>", '<td style="a">', "<tdx>", "</td>",
          "A", "&amp;", "<b>", "\n", "<tr class=\"y\">"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_scan_labels_exactly_as_the_regular_expressions_did(content: str) -> None:
    assert label_cells(content) == _by_regex(content)


ROW_PIECES = ["<td>x</td>\n", '<td style="a">y</td>', "<tr>", "</tr>", "<tdx>", "\n"]


@settings(max_examples=3000, deadline=None)
@given(st.integers(1, 4), st.lists(st.one_of(
    st.just("row"), st.sampled_from(ROW_PIECES)), max_size=12))
def test_tables_of_whole_rows_and_broken_ones_are_labelled_as_the_regexes_did(
        width: int, rows: list[str]) -> None:
    """Mostly rows of one cell per header (labelled in one pass over the table), with stray
    cells, rows and tags among them (labelled row by row)."""
    head = "<table>\n<thead>\n<tr>\n" + "".join(f"<th>H{i}</th>\n" for i in range(width))
    body = "".join("<tr>\n" + "<td>v</td>\n" * width + "</tr>\n" if row == "row" else row
                   for row in rows)
    content = f"<p>a</p>{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>\n<p>b</p>"
    assert label_cells(content) == _by_regex(content)


@pytest.mark.parametrize(("width", "body"), [
    (1, "<td>a</td>\n</tr>\n<tr><tr>\n<td>b</td>\n</tr>\n"),  # a cell before any row
    (1, "<tr></tr>\n<td>a</td>\n</tr>\n"),  # after an empty row
    (2, "<tr>\n<td>a</td></tr>\n<td>b</td>\n</tr>\n<tr>\n<td>c</td>\n<td>d</td>\n</tr>\n"),
])
def test_cells_outside_rows_are_left_unlabelled(width: int, body: str) -> None:
    """As many cells as headers for each row, but not every cell in a row: row by row."""
    head = "<table>\n<thead>\n<tr>\n" + "".join(f"<th>H{i}</th>\n" for i in range(width))
    content = f"{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"
    assert label_cells(content) == _by_regex(content)
