"""The HTML tables the templates write reach the page as they are, without Python-Markdown
parsing them, and the page is the one Markdown's own table of the same cells made."""

from __future__ import annotations

import markdown

from generator.plugin.html_tables import HtmlTables

EXTENSIONS = ["tables", "md_in_html", "attr_list", "toc", "pymdownx.superfences"]
TABLE = ('<table>\n<thead>\n<tr>\n<th>Review</th>\n<th style="text-align: right;">Pulse</th>\n'
         '</tr>\n</thead>\n<tbody>\n<tr>\n<td><a href="../deals/a/">A &#42;b&#42;</a></td>\n'
         '<td style="text-align: right;">2</td>\n</tr>\n</tbody>\n</table>')
# The same table as the templates wrote it in Markdown before.
MARKDOWN_TABLE = "| Review | Pulse |\n|---|---:|\n| [A &#42;b&#42;](../deals/a/) | 2 |"
PAGE = "# Title\n\nSome *text*.\n\n{}\n\n## After\n\n- a list\n"


def convert(text: str, *, stashed: bool) -> tuple[str, list[str]]:
    md = markdown.Markdown(extensions=[*EXTENSIONS, *([HtmlTables()] if stashed else [])])
    return md.convert(text), list(md.htmlStash.rawHtmlBlocks)


def test_a_table_is_stashed_whole_and_the_page_is_unchanged() -> None:
    html, stash = convert(PAGE.format(TABLE), stashed=True)
    assert stash == [TABLE]
    assert html == convert(PAGE.format(MARKDOWN_TABLE), stashed=False)[0]
    assert "<em>text</em>" in html and 'id="after"' in html


def test_tables_at_the_start_and_end_of_a_page_and_two_in_a_row() -> None:
    layout = "{0}\n\n{0}\n\nBetween.\n\n{0}"
    html, stash = convert(layout.format(TABLE), stashed=True)
    assert stash == [TABLE] * 3
    assert html == convert(layout.format(MARKDOWN_TABLE), stashed=False)[0]


def test_what_is_not_such_a_table_is_left_to_markdown() -> None:
    asks_for_markdown = TABLE.replace("<table>", '<table markdown="1">', 1)
    nested = TABLE.replace("<td>", "<td><table>\n<tr><td>x</td></tr>\n</table>", 1)
    inline = f"Text {TABLE}"  # not after a blank line: not a block of its own
    fenced = f"```html\n{TABLE}\n```"  # code shows the table's source
    for text in (asks_for_markdown, nested, inline, fenced):
        html, stash = convert(text, stashed=True)
        assert TABLE not in stash, text
        assert html == convert(text, stashed=False)[0], text
