"""Rendering planned pages to Markdown through the Jinja2 templates in site_templates/.

Every value from front matter is untrusted text that lands in Markdown, which passes raw HTML
through. So `finalize` turns each printed value into inert text: HTML's special characters and
Markdown's syntax characters become numeric entities, which Markdown renders as the literal
character. Only values marked `Markup` (links and review bodies) pass as they are.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.base.body import marked_body
from generator.base.diagnostics import DealbookError
from generator.base.parallel import map_batch
from generator.base.text import lead_in, sentence
from generator.base.uris import LINKS_REMEMBERED, Page, relative_url
from generator.render.charts import bar_chart
from generator.render.packed import RenderedPages, Told, pack
from generator.render.rows import RenderedRows, row, unkeyed_names
from generator.render.strip import status_mix, status_strip
from generator.schema.fields import LABELS

_SYNTAX = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}|~^=!#"})
# Characters that start a block (list, quote) when they open a line.
_BLOCK_START = re.compile(r"^(\s*)([-+>]|\d+(?=[.)]))")


_SPACES = re.compile(r"\s+")


def md_text(value: object) -> Markup:
    """One line of untrusted text, safe to print anywhere in Markdown or HTML."""
    return Markup(_escaped(_plain(value)))


@functools.lru_cache(maxsize=1 << 17)
def _escaped(text: str) -> str:
    """Cached: titles, names and labels recur in many listings (280,000 calls at 1,000
    reviews)."""
    text = _SPACES.sub(" ", text).translate(_SYNTAX)
    return _BLOCK_START.sub(lambda m: m[1] + "".join(f"&#{ord(c)};" for c in m[2]), text)


def md_paragraphs(value: object) -> Markup:
    """Multi-line untrusted text as escaped paragraphs (blank lines separate them)."""
    paragraphs = re.split(r"\n\s*\n", _plain(value).strip())
    return Markup("\n\n".join(md_text(p.strip()) for p in paragraphs if p.strip()))


def joined(items: Iterable[object], separator: str = "; ") -> Markup:
    """Items on one line; links stay links, anything else is escaped. (An inline loop would
    let trim_blocks swallow the line break after it.)"""
    return Markup(separator.join(item if isinstance(item, Markup) else md_text(item)
                                 for item in items))


def body(markdown: str) -> Markup:
    """A review's or question's own Markdown, raw HTML shown as text, marked as a region that
    the page sanitiser cleans once rendered (base/body.py, render/sanitize.py). Any
    Markdown a writer wrote reaches a page through this filter, or escaped as a value."""
    return Markup(marked_body(markdown))


def code(value: object) -> Markup:
    """An inline code span: Markdown escapes HTML inside it, but entities would show as typed,
    so the text goes in as is, minus the backticks that could close the span."""
    return Markup("`{}`".format(re.sub(r"\s+", " ", _plain(value)).replace("`", "'")))


def doc_text(value: object) -> Markup:
    """Our own documentation text (the schema's): `backticked` words become code spans, the
    rest is escaped like any value, so neither shows as raw Markdown."""
    parts = _plain(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: nothing is code
        return md_text(value)
    return Markup("".join(code(part) if i % 2 else md_text(part)
                          for i, part in enumerate(parts)))


def fenced(text: str, language: str = "") -> Markup:
    """A fenced code block around text shown exactly as written; Markdown escapes its HTML,
    and the fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{text.rstrip()}\n{fence}")


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _finalize(value: object) -> str:
    """Every printed value: `Markup` as it is, anything else escaped. (This is the escaping:
    Jinja's autoescape would only HTML-escape these strings a second time, at a cost.)"""
    if type(value) is str:  # the common case, first
        return _escaped(value)
    return value if isinstance(value, Markup) else _escaped(_plain(value))


def money(value: float | None, currency: str | None) -> str:
    """`EUR 480,000`: grouping is fixed, not taken from the machine's locale."""
    if value is None:
        return ""
    amount = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{currency or ''} {amount}".strip()


@jinja2.pass_context
def link(context: Any, text: object, target_uri: str) -> Markup:
    """A Markdown link from the page being rendered to another page, relative so that MkDocs
    checks it and any other engine can follow it."""
    return Markup(f"[{md_text(text)}]({relative(context['page_uri'], target_uri)})")


@functools.lru_cache(maxsize=LINKS_REMEMBERED)
def relative(page_uri: str, target_uri: str) -> str:
    """`target_uri` as seen from `page_uri`. Both are clean site paths ("a/b.md"), so this
    skips posixpath.relpath's normalising, which cost 4 s of 22 at 1,000 reviews."""
    here = page_uri.split("/")[:-1]
    there = target_uri.split("/")
    shared = 0
    while shared < min(len(here), len(there) - 1) and here[shared] == there[shared]:
        shared += 1
    return "/".join([".."] * (len(here) - shared) + there[shared:])


@jinja2.pass_context
def deal_links(context: Any, deals: Sequence[Any], limit: int) -> Markup:
    """Links to the first `limit` reviews, the rest counted: "A, B and 3 more"."""
    shown = joined((link(context, d.title, context["to"].deal(d)) for d in deals[:limit]),
                   ", ")
    rest = len(deals) - limit
    return Markup(f"{shown} and {rest} more") if rest > 0 else shown


def then(head: object, tail: object) -> Markup:
    """`head: tail` for any two texts, with no doubled punctuation between them."""
    shown = tail if isinstance(tail, Markup) else md_text(tail)
    lead = lead_in(_plain(head))
    return Markup(f"{md_text(lead)}{' —' if lead.endswith(('?', '!')) else ':'} {shown}")


def as_sentence(value: object) -> Markup:
    """A text printed as a whole sentence, ending with a full stop unless it has one."""
    return md_text(sentence(_plain(value)))


# What every risk list shows for a risk nobody has mitigated yet.
NO_MITIGATION = Markup('<span class="db-state db-state--overdue">no mitigation yet</span>')

ROW_TEMPLATE = "_deal_row.md.j2"


@jinja2.pass_context
def deal_row(context: Any, deal: object) -> Markup:
    """One row of a review table. A review is listed on a dozen pages (scenario, tags,
    counterparty, year, patterns), and its row differs only by its two relative links: render
    it once per pair of links (RenderedRows)."""
    page_uri, to = context["page_uri"], context["to"]
    key = (id(deal), relative_url(page_uri, to.deal(deal)),
           relative_url(page_uri, to.counterparty(deal)))
    rows: RenderedRows = context["rendered_rows"]
    return rows.row(key, (deal,), lambda: Markup(
        context.environment.get_template(ROW_TEMPLATE)
        .render(d=deal, to=to, page_uri=page_uri).rstrip("\n")))


@jinja2.pass_context
def html_link(context: Any, text: object, target_uri: str) -> Markup:
    """`link` for HTML that Markdown passes through (a table written in HTML): the same text,
    and the address MkDocs would have made of the Markdown link."""
    address = Markup.escape(relative_url(context["page_uri"], target_uri))
    return Markup(f'<a href="{address}">{md_text(text)}</a>')


RIGHT = Markup(' style="text-align: right;"')  # what Markdown writes for a `---:` column


def label(key: str) -> str:
    """The display name of a vocabulary key."""
    return LABELS.get(key, key.replace("_", " ").capitalize())


@functools.lru_cache(maxsize=1)
def make_environment(templates_dirs: tuple[Path, ...], version: Hashable) -> jinja2.Environment:
    """A strict environment: unknown names fail, every printed value is escaped (by
    `finalize`). Cached for one `version` of the templates (their files' signature), so builds
    reuse the compiled templates; within it Jinja need not check a template's file each time
    it is used (a stat per page and per table row)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dirs),  # first match wins
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(body=body, paragraphs=md_paragraphs, label=label, money=money, joined=joined,
                       code=code, fenced=fenced, sentence=as_sentence, doc=doc_text,
                       drawn=bar_chart, strip=status_strip,
                       mix=status_mix)
    env.globals.update(link=link, a=html_link, RIGHT=RIGHT,
                       deal_row=deal_row, row=row, deal_links=deal_links, then=then,
                       no_mitigation=NO_MITIGATION)
    return env


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every template ahead of rendering (workers then inherit them all, included
    ones too). One that fails is left for rendering to report, with the page it was for."""
    for name in env.list_templates(extensions="j2"):
        try:
            env.get_template(name)
        except Exception:  # raised again, where it is reported, when a page uses the template
            continue


_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


def _with_title(meta: dict[str, Any], body: str) -> dict[str, Any]:
    """The meta with the page's title: its own first heading, whose values are already
    entity-escaped. MkDocs would take the title from the rendered heading *decoded*, and themes
    print titles unescaped (in <title>, in the header): a review titled
    "</title><script>…" would run."""
    heading = _HEADING.search(body)
    return {"title": heading[1].strip(), **meta} if heading else meta


class _Rendered:
    """The pages of the last build and their Markdown, for one template environment. A page
    is a function of its plan (template, meta, context) and the environment: a rebuild while
    serving renders again only the pages whose plan is not equal to the last one."""

    def __init__(self) -> None:
        self.env: jinja2.Environment | None = None
        self.pages: dict[str, tuple[Page, bytes]] = {}
        self.rows = RenderedRows()

    def reusable(self, env: jinja2.Environment) -> dict[str, tuple[Page, bytes]]:
        if env is not self.env:
            _check_rows(env)
            self.env, self.pages, self.rows = env, {}, RenderedRows()
        return self.pages


_RENDERED = _Rendered()


def _check_rows(env: jinja2.Environment) -> None:
    """Every template's row blocks read only what they are given (render/rows.py): a team's
    own template too, before a preview could reuse a row it should have made again."""
    assert env.loader is not None
    for name in env.list_templates(extensions="j2"):
        source, filename, _ = env.loader.get_source(env, name)
        if " row(" not in source:
            continue
        try:
            problems = list(unkeyed_names(source, env))
        except jinja2.TemplateSyntaxError:
            continue  # reported, with its line, when a page uses the template
        if problems:
            line, problem = problems[0]
            raise DealbookError(f"{filename or name}:{line}: {problem}")


def forget_renders() -> None:
    """Forget the last build's pages, for a process that builds once."""
    _RENDERED.env, _RENDERED.pages, _RENDERED.rows = None, {}, RenderedRows()


def render_pages(pages: Sequence[Page], env: jinja2.Environment,
                 told: Told | None = None) -> RenderedPages:
    """Markdown for every page, keyed by its URI, each with its front matter. `told` is given
    each page rendered anew (not the last build's) as soon as it is, with the pages rendered
    in this process: a preview's rebuild, which forks no worker anyway, has the page's HTML
    made meanwhile."""
    last = _RENDERED.reusable(env)
    todo = [page for page in pages if page.uri not in last or last[page.uri][0] != page]
    rows = _RENDERED.rows
    # Compiled here, once: workers inherit them, and so does the next rebuild while serving.
    for page in {page.template: page for page in todo}.values():
        with _reported(page):
            env.get_template(page.template)
    rows.in_process = told is not None
    if told is None:
        texts = map_batch(lambda page: _render_page(page, env, rows), todo)
    else:
        texts = []
        for page in todo:
            texts.append(_render_page(page, env, rows))
            told(page.uri, texts[-1])
    rows.next_build()
    last.update((page.uri, (page, text)) for page, text in zip(todo, texts, strict=True))
    _RENDERED.pages = {page.uri: last[page.uri] for page in pages}
    return RenderedPages({page.uri: _RENDERED.pages[page.uri][1] for page in pages})


def _render_page(page: Page, env: jinja2.Environment,
                 rows: RenderedRows) -> bytes:
    with _reported(page):
        body = env.get_template(page.template).render(page.context, page_uri=page.uri,
                                                      rendered_rows=rows)
    # JSON is YAML, and writes a hundred times faster than PyYAML's dumper.
    meta = json.dumps(_with_title(page.meta, body), ensure_ascii=False)
    return pack(f"---\n{meta}\n---\n\n{body}")


@contextmanager
def _reported(page: Page) -> Iterator[None]:
    """A template's error as a DealbookError naming the template's file and line."""
    try:
        yield
    except jinja2.TemplateError as exc:
        where, line = _template_position(exc, page.template)
        raise DealbookError(f"{where}:{line}: template error while rendering "
                            f"{page.uri}: {exc}") from None


def _template_position(exc: jinja2.TemplateError, template: str) -> tuple[str, int]:
    """Where in which template: a syntax error says; an error while rendering is found in
    the traceback, where Jinja puts each template's file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or template, exc.lineno
    position = (template, 0)
    trace = exc.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if code.co_filename.endswith(".j2"):
            position = (code.co_filename, trace.tb_lineno)  # the innermost template wins
        trace = trace.tb_next
    return position
