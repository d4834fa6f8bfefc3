"""The MkDocs side of Dealbook: an adapter that adds the pages the core generates to the
build, tells the search (Material's or Pagefind) what to index, keeps a big build's memory
down, takes the HTML of pages an earlier build converted from the page cache (converted.py),
and hands `mkdocs serve` to the live preview (live.py), which rebuilds only the pages an edit
changes and keeps serving the last good site when a rebuild fails.

Only the modules of this package import MkDocs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rjsmin
from mkdocs.config import config_options as c
from mkdocs.config.base import LegacyConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page

from generator.base.diagnostics import DealbookError, Severity
from generator.base.uris import FIND_URI, PLANS_URI, page_url
from generator.build import BuildResult, build_site, release_caches
from generator.plugin.converted import ConvertedPages
from generator.plugin.html_tables import HtmlTables
from generator.plugin.live import GeneratedPage, LivePreview
from generator.plugin.memory import machine_memory, memory_warning
from generator.plugin.pagefind import build_index, indexed_content
from generator.plugin.search import without_repeats
from generator.plugin.tables import label_cells
from generator.read import source
from generator.read.settings import OPTIONS, Settings, settings_from_options
from generator.render.packed import pack, unpack
from generator.render.sanitize import sanitize_page
from generator.render.shipped import shipped_files, template_dirs

log = logging.getLogger("mkdocs.plugins.dealbook")
ASSETS = "assets"  # under templates_dir: published as they are, scripts minified
CSS_URI = f"{ASSETS}/dealbook.css"
JS_URI = f"{ASSETS}/checklist.js"  # tickable checklists; does nothing on other pages
SITE_URL_VARIABLE = "DEALBOOK_SITE_URL"  # the published address, when mkdocs.yml has none
NO_FOLDER_URLS = (
    "mkdocs.yml: 'use_directory_urls: false' does not work with the dealbook plugin: its pages "
    "link to each page's folder address (deals/acme/, not deals/acme.html).\n"
    "    hint: remove 'use_directory_urls' from mkdocs.yml")
TAGS_BOOST = 1e3  # Material's boost of a title (and, by default, 1e6 of a tag)


class DealbookPlugin(BasePlugin[LegacyConfig]):
    # The options are declared in settings.py, which the CLI reads mkdocs.yml with too.
    config_scheme = tuple((name, c.Optional(c.Type(option.types)))
                          for name, option in OPTIONS.items())
    settings: Settings

    def __init__(self) -> None:
        # Defining on_startup keeps this instance, and so the preview, across serve rebuilds.
        self.preview = LivePreview()
        self.converted = ConvertedPages()  # generated pages' HTML from earlier builds
        self.result: BuildResult | None = None  # from on_pre_build to on_files
        self.nav_urls: set[str] = set()  # the pages the nav names
        self.parked: dict[str, bytes] = {}  # generated pages' HTML, compressed, by URL
        self.with_plans = False  # this build has the plans index (never a public one)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview.start(command=command, dirty=dirty)

    @event_priority(100)  # first: the search plugins must know whether they are needed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            # Absolute: `mkdocs serve -f mkdocs.yml` loads the first build's config by the
            # name given and every rebuild's by its absolute path, and a root that changes
            # makes the first rebuild miss every cache (all pages rendered again, 1.7 s of
            # 3.3 s at 1,000 reviews).
            self.settings = settings_from_options(
                dict(self.config), root=Path(os.path.abspath(config.config_file_path)).parent,
                docs_dir=Path(config.docs_dir), site_url=config.site_url or "")
        except DealbookError as exc:
            raise PluginError(str(exc)) from None
        if not config.use_directory_urls:
            raise PluginError(NO_FOLDER_URLS)
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
        config.markdown_extensions.append(HtmlTables())
        _configure_search(config, self.settings.search)
        self.preview.configure(config)
        self.converted.open(self.settings.root, config)
        self.parked = {}
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read all content before MkDocs walks content/, which follows every folder link."""
        try:
            self.result = build_site(self.settings, self.converted.as_rendered())
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
        self._report(result)
        sources = tuple(f"{self._relative(d)}/" for d in (
            self.settings.deals_dir, self.settings.questions_dir, self.settings.plans_dir,
            self.settings.logs_dir))
        refused = result.tree.refused
        for file in [f for f in files if f.src_uri.startswith(sources) or f.src_uri in refused]:
            files.remove(file)
        self.with_plans = PLANS_URI in result.pages
        for page in self.preview.pages(config, result.pages.packed):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(f"{self._relative(Path(existing.abs_src_path or page.src_uri))}: "
                            f"replaced by the page Dealbook generates at {page.src_uri}; "
                            "rename or remove the file")
                files.remove(existing)
            files.append(page)
        for uri, content in result.files.items():
            files.append(File.generated(config, uri, content=content))
        if not self.preview.serving:
            release_caches()  # a one-off build reuses nothing: free the parsed content
        for uri, path in shipped_files(self.settings, ASSETS).items():
            files.append(_asset(config, path, uri))
        return files

    def _report(self, result: BuildResult) -> None:
        """Content problems are warnings to MkDocs: a plain build leaves the bad file out and
        goes on, --strict fails at the end after listing all of them."""
        for diagnostic in result.diagnostics:
            log.warning(diagnostic.format())
        self.preview.problems.content = tuple(d.format() for d in result.diagnostics
                                              if d.severity is Severity.ERROR)
        for advice in result.advice:
            log.info(advice.format())
        short = memory_warning(self.settings.search, len(result.playbook.deals),
                               machine_memory())
        if short:
            log.warning(short)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.settings.search == "pagefind":
            nav.items.insert(1, Link("Search", page_url(FIND_URI)))
        if self.with_plans:  # after Briefs: plans are what a team prepares from them
            briefs = next((i for i, item in enumerate(nav.items) if item.title == "Briefs"), 0)
            nav.items.insert(briefs + 1, Link("Plans", page_url(PLANS_URI)))
        self.nav_urls = {page.url for page in nav.pages}
        self.preview.check_nav(nav, config, files)
        self.converted.files(files)
        self.converted.convert_ahead([
            file.page for file in files.documentation_pages()
            if isinstance(file, GeneratedPage) and file.page is not None
            and (not self.preview.dirty or file.is_modified())], config)
        return nav

    @event_priority(-100)  # last: the Markdown MkDocs converts, as every plugin left it
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if isinstance(page.file, GeneratedPage):
            return self.converted.markdown(markdown, page)
        return markdown

    @event_priority(110)  # first: a cached page's HTML is put back before anyone reads it
    def _converted(self, html: str, /, *, page: Page, config: MkDocsConfig,
                   files: Files) -> str:
        return self.converted.content(html, page)

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
        self.parked[page.url] = pack(html)
        return ""

    on_page_content = CombinedEvent(_converted, _sanitize, _park)

    @event_priority(100)  # first: the theme and the search plugin read the HTML
    def _unpark(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                nav: Navigation) -> Any:
        parked = self.parked.pop(page.url, None)
        if parked is not None:
            page.content = unpack(parked)
        return context

    @event_priority(1)  # just before Material's search, which the shipped mkdocs.yml lists first
    def _before_search(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                       nav: Navigation) -> Any:
        self.preview.before_search(page)
        return context

    @event_priority(-100)  # last: Material's search has indexed the page
    def _after_search(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                      nav: Navigation) -> Any:
        self.preview.after_search(page)
        return context

    on_page_context = CombinedEvent(_unpark, _before_search, _after_search)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.preview.written(page)
        if isinstance(page.file, GeneratedPage):
            page.content = None  # written out from here on
        return output

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> None:
        self.preview.theme(env)
        self.preview.gathered(files)

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.preview.serving:  # forked now, before the server's threads start
            self.converted.stand_by(config)
        self.converted.close()
        self.preview.finish(config)
        if self.settings.search == "pagefind":
            try:
                build_index(Path(config.site_dir))
            except DealbookError as exc:
                raise PluginError(str(exc)) from None

    def on_build_error(self, *, error: Exception) -> None:
        self.converted.close()
        self.preview.ledger.forget()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig,
                 builder: Callable[[], None]) -> Any:
        return self.preview.serve(server, builder, self.settings.docs_dir,
                                  self.settings.templates_dir)

    def on_shutdown(self) -> None:
        self.converted.shut_down()

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.settings.docs_dir).as_posix()


def _configure_search(config: MkDocsConfig, engine: str) -> None:
    """Material's search off under Pagefind; else, a tag weighs as much as a title."""
    search = config.plugins.get("material/search")
    if engine == "pagefind" and search is not None:
        search.config.enabled = False
    elif search is not None and "tags" not in search.config.fields:
        # Material weighs a tag a thousand times a title: a review tagged "auto-renewal"
        # came before the review titled "Lumen…" for "lumen renewal". As much as the title.
        search.config.fields["tags"] = {"boost": TAGS_BOOST}


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
