"""Charts as static SVG, made at build time with pygal: no JavaScript, no network.

Text and guides use Material's colour variables, so a chart inlined in a page follows the
light or dark scheme; series colours are mid-tones legible on both. pygal stamps each chart
with a random id and the day's date; both are replaced so the same figures give the same bytes.
"""

from __future__ import annotations

import functools
from xml.etree import ElementTree

import pygal
from markupsafe import Markup, escape
from pygal.style import Style

from generator.pages.chart import BarChart

SERIES_COLOURS = ("#3f7fd8", "#e0772b", "#2a9d8f", "#a259c4", "#a67c00")
_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="var(--md-default-fg-color, #333)",
    foreground_strong="var(--md-default-fg-color, #000)",
    foreground_subtle="var(--md-default-fg-color--lightest, #ccc)",
    opacity="1",
    opacity_hover="1",
    colors=SERIES_COLOURS,
    font_family="inherit",
    label_font_size=16,
    major_label_font_size=16,
    value_font_size=14,
)
# The drawing is this wide, and never shown wider: text stays at its size on a desktop and
# shrinks least on a phone (~0.65 at 390 px; a 720-wide chart's 13 px text was 6 px there).
WIDTH = 560


@functools.lru_cache(maxsize=64)
def bar_chart(planned: BarChart) -> Markup:
    """A planned bar chart drawn as inline SVG, with its title and legend as HTML. Kept: a
    preview's rebuild renders again the pattern pages around a chart whose figures an edit
    seldom changes (drawing one is 10-20 ms)."""
    chart_id, title, stacked, percent = (planned.chart_id, planned.title, planned.stacked,
                                         planned.percent)
    kind = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
    # pygal draws the first label at the bottom; reverse so charts read like their tables.
    labels = list(reversed(planned.labels))
    series = [(name, list(reversed(values))) for name, values in planned.series]
    totals = [sum(v or 0 for v in column) for column in zip(*(v for _, v in series), strict=True)] \
        if stacked else [v or 0 for _, values in series for v in values]
    top = 100 if percent else max([1, *totals])
    # Title and legend are HTML around the drawing: they wrap and keep the page's text size
    # on any screen, where pygal's legend below the plot cut off every row past its first.
    chart = kind(
        js=[], style=_STYLE, width=WIDTH, height=max(180, 40 + 36 * len(labels) * (
            1 if stacked else max(1, len(series)) * 0.8)),  # bars taller than their values
        show_legend=False, print_values=True, show_y_guides=False,
        range=(0, top), y_labels=_ticks(top, percent), value_formatter=_formatter(percent),
        margin=8, margin_right=28, spacing=6, truncate_label=-1,  # room for "100%" at the end
    )
    chart.uuid = chart_id
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, list(values))
    legend = "".join(
        f'<li><span class="db-swatch" style="background: {colour}"></span>{escape(name)}</li>'
        for (name, _), colour in zip(series, SERIES_COLOURS, strict=False))
    return Markup(f'<p class="db-chart-title">{escape(title)}</p>'
                  f"{_clean(chart.render_tree(), title)}"
                  + (f'<ul class="db-legend">{legend}</ul>' if len(series) > 1 else ""))


def _ticks(top: float, percent: bool) -> list[int]:
    step = 20 if percent else max(1, round(top / 5))
    return list(range(0, int(top) + step, step))


def _formatter(percent: bool):  # type: ignore[no-untyped-def]
    if percent:
        return lambda v: f"{v:.0f}%" if v is not None else "n/a"
    return lambda v: f"{v:g}" if v else ""


def _clean(root: ElementTree.Element, title: str) -> str:
    """Drop pygal's comments (generation date, links) and its inline tooltip script, and
    mark the chart as an image kept out of search. One line, so Markdown keeps it a single
    raw HTML block."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.endswith("script"):
                parent.remove(child)
    heading = root.find("title")
    if heading is not None:
        heading.text = title  # else pygal's "Pygal", once the title is left to the page
    root.set("role", "img")
    root.set("aria-label", title)
    # Its text is tick values, fractions and coordinates: no search index may hold it (the
    # marks are Material's and Pagefind's); the page's own tables carry the figures.
    root.set("data-search-exclude", "")
    root.set("data-pagefind-ignore", "all")
    return " ".join(ElementTree.tostring(root, encoding="unicode").splitlines())
