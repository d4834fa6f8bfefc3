"""What the HTML of a review or question body may contain: an allow-list, applied by nh3
(Rust's ammonia) to the rendered HTML, so no Markdown extension (`attr_list` writes any
attribute onto paragraphs, headings, images and links) can smuggle a handler, a script URL or
a clashing id past it.

Bodies are rendered as part of a generated page, among trusted Markdown; their regions are
marked (generator/base/body.py). `sanitize_page` cleans each region of a rendered page and removes
the markers. `dealbook render` writes Markdown for engines that do not run our plugin, so there
`prerendered_bodies` replaces each region by its HTML, rendered and cleaned the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

import markdown
import nh3

from generator.base.body import BODY_REGION

# Everything Python-Markdown and the extensions of mkdocs.yml write for a body.
TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
        "label", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
        "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"},
              "img": {"src", "alt", "width", "height"}, "input": {"checked", "disabled"},
              "details": {"open"}, "ol": {"start"},
              "th": {"style"}, "td": {"style"}}  # style: the tables' alignment, nothing else
_ALIGN = {"align": {"left", "center", "right"}}
VALUES = {"a": {"target": {"_blank"}}, "input": {"type": {"checkbox"}},
          "img": {"loading": {"lazy", "eager"}, "align": {"left", "right"}},
          "th": _ALIGN, "td": _ALIGN}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Classes the extensions write (admonitions, details, task lists, permalinks, highlighted
# code) and Material's buttons; any other class is dropped, so a body cannot borrow the
# theme's layout (`md-header`, `md-dialog`) to dress up as part of the page.
CLASSES = {
    "admonition", "admonition-title", "inline", "end", "task-list", "task-list-item",
    "task-list-control", "task-list-indicator", "headerlink", "md-button", "md-button--primary",
    "highlight", "highlighttable", "linenos", "linenodiv", "code", "filename", "hll", "normal",
    "special", "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"}
_CODE_CLASS = re.compile(r"language-[\w+#.-]+")
_TOKEN_CLASS = re.compile(r"[a-z]{1,3}[0-9]?")  # Pygments' token classes: k, nf, s2, ...
# Material's own elements all have ids starting with "__" (__search, __drawer, __toc, ...): a
# body's or a title's id that starts so is prefixed, never a second element with that id.
RESERVED_ID = "__"
ID_PREFIX = "user"
_UNSAFE_IN_ID = re.compile(r"[^\w.:-]")
_SCHEME_OR_HOST = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|[/\\]{2})")
_BROWSER_IGNORES = re.compile(r"[\t\n\r]|^[\x00-\x20]+")
_RESERVED_OUTSIDE = re.compile(r'(\sid="|\shref="#)(?=__)')
# The Markdown extensions of the shipped mkdocs.yml (a test keeps them equal), for `render`.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tasklist"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}


def safe_id(value: str) -> str:
    """An id as a body may have it: the characters of a slug (a quote would break out of the
    theme's table of contents, which prints ids unescaped), and never one of Material's."""
    value = _UNSAFE_IN_ID.sub("-", value)
    return ID_PREFIX + value if value.startswith(RESERVED_ID) else value


def _attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's last word on an allowed attribute: ids, classes, same-page links, image sources."""
    if name == "id":
        return safe_id(value)
    if name == "class":
        return " ".join(c for c in value.split() if _allowed_class(tag, c)) or None
    if name == "href" and value.startswith("#"):
        return "#" + safe_id(value[1:])
    if name == "src" and _SCHEME_OR_HOST.match(_BROWSER_IGNORES.sub("", value)):
        return None  # images come from the site itself: a reader's browser asks no one else
    return value


def _allowed_class(tag: str, name: str) -> bool:
    return (name in CLASSES or _CODE_CLASS.fullmatch(name) is not None
            or (tag == "span" and _TOKEN_CLASS.fullmatch(name) is not None))


_CLEANER = nh3.Cleaner(
    tags=TAGS, attributes=ATTRIBUTES, tag_attribute_values=VALUES, url_schemes=URL_SCHEMES,
    attribute_filter=_attribute, filter_style_properties={"text-align"},
    # On every link: one that opens a new tab (`target=_blank`) gets no handle on this one.
    link_rel="noopener noreferrer")


def sanitize_html(html: str) -> str:
    """A body's rendered HTML, keeping only what the allow-list above allows."""
    return _CLEANER.clean(html)


class Anchor(Protocol):
    """An entry of a page's table of contents (MkDocs' AnchorLink)."""

    id: str

    @property
    def children(self) -> Sequence[Anchor]: ...


def sanitize_page(html: str, toc: Iterable[Anchor] = ()) -> str:
    """A rendered page with every body region sanitised and its markers gone. Outside the
    regions, ids and same-page links keep clear of the theme's ids. The table of contents'
    ids are changed the same way, in place: the theme prints them unescaped."""
    _safe_anchors(toc)
    if "<!-- dealbook:body " not in html:
        return _RESERVED_OUTSIDE.sub(rf"\1{ID_PREFIX}", html)
    pieces = []
    last = 0
    for region in BODY_REGION.finditer(html):
        pieces.append(_RESERVED_OUTSIDE.sub(rf"\1{ID_PREFIX}", html[last:region.start()]))
        pieces.append(sanitize_html(region[2]))
        last = region.end()
    pieces.append(_RESERVED_OUTSIDE.sub(rf"\1{ID_PREFIX}", html[last:]))
    return "".join(pieces)


def _safe_anchors(toc: Iterable[Anchor]) -> None:
    for anchor in toc:
        anchor.id = safe_id(anchor.id)
        _safe_anchors(anchor.children)


def prerendered_bodies(page: str) -> str:
    """A generated page's Markdown with each body region replaced by its sanitised HTML, for
    engines that do not run our plugin. (In such a page, a body's headings are not in the
    engine's table of contents: it only lists Markdown headings.)"""
    return BODY_REGION.sub(lambda region: _prerendered(region[2]), page)


def _prerendered(body: str) -> str:
    renderer = _markdown()
    html = sanitize_html(renderer.reset().convert(body))
    return f'<div class="dealbook-body">\n{html}\n</div>'


@functools.cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
