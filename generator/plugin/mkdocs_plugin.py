"""The MkDocs side of Dealbook: an adapter that adds the generated pages to the build, makes
`mkdocs serve` rebuild only the pages an edit changes (the bookkeeping is in preview.py) and
keep serving the last good site, with a banner, when a rebuild fails (banner.py), keeps
a big build's memory down, and tells the search (Material's or Pagefind) what to index.

This is the only module that imports MkDocs.
"""

from __future__ import annotations

import datetime
import logging
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, cast

import rjsmin
from mkdocs.commands import serve
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page

from generator.base.diagnostics import DealbookError, Severity
from generator.base.uris import FIND_URI, PLANS_URI, page_url
from generator.build import BuildResult, build_site, release_caches
from generator.plugin.banner import (
    PreviewProblems,
    describe,
    kept_on_failure,
    logged_errors,
    with_banner,
)
from generator.plugin.pagefind import build_index, indexed_content
from generator.plugin.preview import PageLedger, merge_search_entries
from generator.plugin.search import without_repeats
from generator.plugin.tables import label_cells
from generator.read import source
from generator.read.cache import inputs_signature
from generator.read.settings import Settings, settings_from_options
from generator.render.sanitize import sanitize_page
from generator.render.shipped import shipped_files, template_dirs

log = logging.getLogger("mkdocs.plugins.dealbook")
build_log = logging.getLogger("mkdocs.commands.build")
ASSETS = "assets"  # under templates_dir: published as they are, scripts minified
CSS_URI = f"{ASSETS}/dealbook.css"
JS_URI = f"{ASSETS}/checklist.js"  # tickable checklists; does nothing on other pages
SITE_URL_VARIABLE = "DEALBOOK_SITE_URL"  # the published address, when mkdocs.yml has none
TAGS_BOOST = 1e3  # Material's boost of a title (and, by default, 1e6 of a tag)


class DealbookConfig(base.Config):
    deals_dir = c.Type(str, default="deals")
    questions_dir = c.Type(str, default="questions")
    templates_dir = c.Type(str, default="site_templates")
    today = c.Optional(c.Type((str, datetime.date)))
    scenarios = c.Type(dict, default={})
    audience = c.Choice(("public", "internal", "restricted"), default="internal")
    search = c.Choice(("material", "pagefind"), default="material")


class GeneratedPage(File):
    """A generated page that tells a dirty build (a preview rebuild) whether to rebuild it."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class DealbookPlugin(BasePlugin[DealbookConfig]):
    settings: Settings

    def __init__(self) -> None:
        # Defining on_startup keeps this instance, and so the ledger, across serve rebuilds.
        self.ledger = PageLedger()
        self.dirty = False  # this build only rebuilds modified pages
        self.layout_files: list[Path] = []  # what every page's HTML depends on
        self.layout: object = None  # their signature at the last build
        self.rebuilt: set[str] = set()  # URLs of the pages this build wrote
        self.outputs: list[str] = []  # every file this build writes
        self.live: set[str] = set()  # URLs of every page of this build
        self.nav_titles: tuple[tuple[str, str | None], ...] = ()  # as the last build had them
        self.nav_urls: set[str] = set()  # the pages the nav names
        self.search_entries: list[dict[str, Any]] = []
        self.serving = False  # a server rebuilds: keep the caches between builds
        self.parked: dict[str, bytes] = {}  # generated pages' HTML, compressed, by URL
        self.result: BuildResult | None = None  # from on_pre_build to on_files
        self.problems = PreviewProblems()  # shown on every served page
        self.site_dir = Path()
        self.with_plans = False  # this build has the plans index (never a public one)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"

    @event_priority(100)  # first: the search plugins must know whether they are needed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = settings_from_options(
                dict(self.config), root=Path(config.config_file_path).parent,
                docs_dir=Path(config.docs_dir), site_url=config.site_url or "")
        except DealbookError as exc:
            raise PluginError(str(exc)) from None
        if not source.HAS_LIBYAML:
            log.warning(source.NO_LIBYAML)
        address = os.environ.get(SITE_URL_VARIABLE, "").strip()
        if address and not config.site_url:
            # 404.html is served at any missing address, so its links start from site_url;
            # without it, from the server's root, which on a GitHub Pages project site
            # (https://<owner>.github.io/<repo>/) is another site. CI sets the variable.
            config.site_url = address.rstrip("/") + "/"
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        _add_overrides(config, self.settings)
        if JS_URI not in config.extra_javascript:
            config.extra_javascript.append(JS_URI)
        search = config.plugins.get("material/search")
        if self.settings.search == "pagefind" and search is not None:
            search.config.enabled = False
        elif search is not None and "tags" not in search.config.fields:
            # Material weighs a tag a thousand times a title: a review tagged "auto-renewal"
            # came before the review titled "Lumen…" for "lumen renewal". As much as the title.
            search.config.fields["tags"] = {"boost": TAGS_BOOST}
        self.layout_files = _layout_files(config)
        self.site_dir = Path(config.site_dir)
        self.layout = inputs_signature(*self.layout_files)
        self.rebuilt = set()
        self.parked = {}
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read all content before MkDocs walks content/, which follows every folder link."""
        try:
            self.result = build_site(self.settings)
        except DealbookError as exc:
            raise PluginError(str(exc)) from None
        blocking = self.result.tree.blocking
        if blocking:
            raise PluginError("\n".join([d.format() for d in blocking] + [
                "dealbook: the build stops here: MkDocs would follow these links, out of the "
                "project or round a loop, and publish what it finds"]))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Swap the review and question sources for the pages generated from them, and leave
        out the files that must not be published as they are."""
        result, self.result = self.result, None
        assert result is not None, "on_pre_build reads the content"
        # Content problems are warnings to MkDocs: a plain build leaves the bad file out and
        # goes on, --strict fails at the end after listing all of them.
        for diagnostic in result.diagnostics:
            log.warning(diagnostic.format())
        self.problems.content = tuple(d.format() for d in result.diagnostics
                                      if d.severity is Severity.ERROR)
        for advice in result.advice:
            log.info(advice.format())
        sources = tuple(f"{self._relative(d)}/" for d in (self.settings.deals_dir,
                                                           self.settings.questions_dir,
                                                           self.settings.plans_dir))
        refused = result.tree.refused
        for file in [f for f in files if f.src_uri.startswith(sources) or f.src_uri in refused]:
            files.remove(file)
        self.with_plans = PLANS_URI in result.pages
        changed = self.ledger.changed(result.pages)
        for uri, markdown in result.pages.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                log.warning(f"{self._relative(Path(existing.abs_src_path or uri))}: replaced by "
                            f"the page Dealbook generates at {uri}; rename or remove the file")
                files.remove(existing)
            # Generated pages need no nav entry; listing pages are named in mkdocs.yml's nav.
            page = cast(GeneratedPage, GeneratedPage.generated(
                config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
            page.changed = uri in changed
            files.append(page)
        for uri, content in result.files.items():
            files.append(File.generated(config, uri, content=content))
        if not self.serving:
            release_caches()  # a one-off build reuses nothing: free the parsed content
        for uri, path in shipped_files(self.settings, ASSETS).items():
            files.append(_asset(config, path, uri))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.settings.search == "pagefind":
            nav.items.insert(1, Link("Search", FIND_URI.removesuffix(".md") + "/"))
        if self.with_plans:  # after Briefs: plans are what a team prepares from them
            briefs = next((i for i, item in enumerate(nav.items) if item.title == "Briefs"), 0)
            nav.items.insert(briefs + 1, Link("Plans", page_url(PLANS_URI)))
        self.nav_urls = {page.url for page in nav.pages}
        if not (self.serving or self.dirty):
            return nav  # a one-off full build: every page is read and rendered anyway
        # Every page's sidebar shows the nav's titles. A dirty build skips pages, which then
        # have no title: read the nav pages' sources (a few dozen), and when a title or the
        # nav itself changed since the last build, rebuild every page.
        for page in nav.pages:
            page.read_source(config)
        titles = tuple((page.url, page.title) for page in nav.pages)
        if self.dirty and titles != self.nav_titles:
            _rebuild_all(files)
        self.nav_titles = titles
        return nav

    @event_priority(100)  # first: no other plugin (a search index) sees a body unsanitised
    def _sanitize(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sanitize_page(html, page.toc)

    @event_priority(-100)  # last: every other plugin has seen the HTML
    def _park(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        html = label_cells(html)
        facets = page.meta.get("facets")
        if facets and self.settings.search == "pagefind":
            html = indexed_content(html, facets)
        elif facets:
            html = without_repeats(html, facets)
        if not isinstance(page.file, GeneratedPage):
            return html
        if not facets and page.url not in self.nav_urls:
            # Material's search, like Pagefind's, indexes the reviews and questions, not the
            # thousands of listing pages behind the nav that only repeat their titles (a
            # quarter of its index, which the reader downloads whole).
            page.meta["search"] = {"exclude": True}
        # MkDocs renders every page before it writes any, so a big build holds all their HTML
        # at once: park ours compressed until the page is written. And nothing reads a page's
        # Markdown once it is HTML: free both copies (the file's and the page's).
        page.markdown = ""
        page.file.content_string = ""
        self.parked[page.url] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    on_page_content = CombinedEvent(_sanitize, _park)

    @event_priority(100)  # first: the theme and the search plugin read the HTML
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        parked = self.parked.pop(page.url, None)
        if parked is not None:
            page.content = zlib.decompress(parked).decode("utf-8")
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.rebuilt.add(page.url)
        if isinstance(page.file, GeneratedPage):
            page.content = None  # written out from here on
        return output

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> None:
        self.outputs = [file.abs_dest_path for file in files]
        self.live = {file.url for file in files.documentation_pages()}

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gone = self.ledger.gone(self.outputs)
        if self.dirty:
            _remove_outputs(gone, Path(config.site_dir))
        self._keep_search_entries(config)
        if self.settings.search == "pagefind":
            try:
                build_index(Path(config.site_dir))
            except DealbookError as exc:
                raise PluginError(str(exc)) from None
        self.ledger.complete = True

    def on_build_error(self, *, error: Exception) -> None:
        self.ledger.forget()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig,
                 builder: Callable[[], None]) -> Any:
        """Rebuild on template changes too (content/ is the docs folder, watched already),
        rebuild only what changed while the layout stays the same, and show problems on the
        served pages."""
        if self.settings.templates_dir.is_dir():
            server.watch(str(self.settings.templates_dir))
        if self.serving:  # not under `mkdocs serve --clean`, which asks for full builds
            server.builder = lambda: self._preview(builder)
        server.set_app(with_banner(server.get_app(), self.problems.banner))
        return server

    def _preview(self, builder: Callable[[], None]) -> None:
        """One `mkdocs serve` rebuild. When it fails, the last good site stays served, with a
        banner saying why, and the browsers reload to show it."""
        # MkDocs' builder reloads mkdocs.yml with the command line's options: keep it.
        full = (not self.serving or not self.ledger.complete
                or self.layout != inputs_signature(*self.layout_files))
        logged: list[str] = []
        try:
            with logged_errors("mkdocs", logged), \
                    kept_on_failure(self.site_dir) if full else nullcontext():
                if full:
                    builder()
                else:
                    self._dirty_build(builder)
        except Exception as exc:  # whatever broke, the writer must see it and keep a site
            self.ledger.forget()
            # MkDocs logs why it aborts (but not a second time in a row), then raises an Abort
            # that only counts; the reason, when it was an exception, is the Abort's context.
            reason = exc.__context__ if isinstance(exc, Abort) else exc
            said = [] if reason is None else [
                str(reason) if isinstance(reason, MkDocsException) else describe(reason)]
            self.problems.failure = tuple(dict.fromkeys(logged + said))
            for message in self.problems.failure[len(logged):]:
                log.error(message)
            log.debug("the rebuild failed", exc_info=exc)
            log.error("Dealbook: the rebuild failed; still serving the last good site, with "
                      "the reason on every page, until a rebuild succeeds")
            return
        self.problems.failure = ()

    def _dirty_build(self, builder: Callable[[], None]) -> None:
        """A rebuild of only the pages whose output changes (the ones MkDocs asks about)."""
        started_dirty, self.dirty = self.dirty, True
        try:
            with _dirty_builds():
                builder()
        finally:
            self.dirty = started_dirty
        log.info(f"Dealbook: rebuilt {len(self.rebuilt)} of {len(self.live)} pages")

    def _keep_search_entries(self, config: MkDocsConfig) -> None:
        """After a dirty build, Material's search index holds the rebuilt pages only: put back
        the entries of the others, and remember them all for the next rebuild."""
        search = config.plugins.get("material/search")
        if search is None or not search.config.enabled:
            return
        index = search.search_index
        if self.dirty:
            index.entries = merge_search_entries(self.search_entries, index.entries,
                                                 self.rebuilt, self.live)
            search.search_index_prev = None  # its own merge assumes one page changed
        self.search_entries = index.entries

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.settings.docs_dir).as_posix()


def _layout_files(config: MkDocsConfig) -> list[Path]:
    """The files every page's HTML depends on: mkdocs.yml and the theme overrides."""
    paths = [Path(config.config_file_path)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths


@contextmanager
def _dirty_builds() -> Iterator[None]:
    """Within: MkDocs' serve builder builds with `dirty=True`, i.e. skips every page whose
    `File.is_modified()` is false and keeps the other outputs in place."""
    full = serve.build  # type: ignore[attr-defined]  # imported there from .build

    def dirty(config: MkDocsConfig, *, serve_url: str | None = None, dirty: bool = False) -> None:
        full(config, serve_url=serve_url, dirty=True)

    serve.build = dirty  # type: ignore[attr-defined]
    build_log.addFilter(_quiet_dirty_warning)
    try:
        yield
    finally:
        serve.build = full  # type: ignore[attr-defined]
        build_log.removeFilter(_quiet_dirty_warning)


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build "will likely lead to inaccurate navigation" on each
    preview rebuild. Ours are complete (preview.py rebuilds every page an edit touches, and
    every page when the nav changes): drop that one message, and only during those builds."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _add_overrides(config: MkDocsConfig, settings: Settings) -> None:
    """The theme overrides of the project's templates folder, then Dealbook's, below
    mkdocs.yml's own `custom_dir` and above the theme: a team's mkdocs.yml needs no
    `custom_dir`, and a partial in its site_templates/overrides/ wins over Dealbook's."""
    dirs = config.theme.dirs
    present = {Path(d).resolve() for d in dirs}
    position = 1 if config.theme.custom_dir else 0
    for folder in template_dirs(settings):
        overrides = folder / "overrides"
        if overrides.is_dir() and overrides.resolve() not in present:
            dirs.insert(position, str(overrides))
            position += 1


def _asset(config: MkDocsConfig, path: Path, uri: str) -> File:
    """A file of the templates' assets as published. Scripts are minified: the search page's
    loads before a first search, and a third of it is comments and indentation."""
    if path.suffix == ".js":
        script = rjsmin.jsmin(path.read_text(encoding="utf-8"))
        return File.generated(config, uri, content=script)
    return File.generated(config, uri, abs_src_path=str(path))


def _rebuild_all(files: Files) -> None:
    """Make a dirty build rebuild every page: ours say so, MkDocs rebuilds a missing output."""
    for file in files.documentation_pages():
        if isinstance(file, GeneratedPage):
            file.changed = True
        elif os.path.isfile(file.abs_dest_path):
            os.remove(file.abs_dest_path)


def _remove_outputs(paths: list[str], site_dir: Path) -> None:
    """Delete the outputs of pages that are gone, and the folders they leave empty."""
    for name in paths:
        path = Path(name)
        if site_dir not in path.parents or not path.is_file():
            continue
        path.unlink()
        for folder in path.parents:
            if folder == site_dir or any(folder.iterdir()):
                break
            folder.rmdir()
