"""`mkdocs serve` at the speed of an edit: rebuild only the pages whose output changes, keep
serving the last good site (with a banner saying why) when a rebuild fails.

MkDocs rebuilds every page on every change (a minute at 1,000 reviews). Here a rebuild is a
dirty build (dirty.py) of the generated pages whose Markdown changed (preview.py keeps the
digests), the pages MkDocs finds modified, and every page when the nav's titles or the layout
(mkdocs.yml, the theme overrides) changed; outputs of pages that are gone are removed, and the
search index keeps the entries of the pages not rebuilt, and of the rebuilt pages whose indexed
HTML did not change.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any, cast

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.plugin.banner import (
    PreviewProblems,
    describe,
    kept_on_failure,
    logged_errors,
    with_banner,
)
from generator.plugin.dirty import dirty_builds
from generator.plugin.preview import PageLedger, index_digest, merge_search_entries
from generator.plugin.search import repeats_start
from generator.plugin.watching import watch_natively
from generator.read.cache import inputs_signature
from generator.render.packed import unpack

log = logging.getLogger("mkdocs.plugins.dealbook")


class GeneratedPage(File):
    """A generated page, its Markdown held packed (render/packed.py) until MkDocs reads it,
    that tells a dirty build whether to rebuild it."""

    changed = True

    @property
    def content_string(self) -> str:
        content = self._content
        return unpack(content) if isinstance(content, bytes) else super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode()

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.content_string = value.decode("utf-8-sig")

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once per `mkdocs serve`: MkDocs makes a new template
    environment for every build, which would compile Material's 42 templates again on every
    rebuild (0.2 s). Jinja keys each by its name and source, so an edited override is
    compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class LivePreview:
    """What one `mkdocs serve` remembers from build to build."""

    def __init__(self) -> None:
        self.ledger = PageLedger()
        self.problems = PreviewProblems()  # shown on every served page
        self.serving = False  # a server rebuilds: keep the caches between builds
        self.dirty = False  # this build only rebuilds modified pages
        self.layout_files: list[Path] = []  # what every page's HTML depends on
        self.layout: object = None  # their signature at the last build
        self.nav_titles: tuple[tuple[str, str | None], ...] = ()  # as the last build had them
        self.rebuilt: set[str] = set()  # URLs of the pages this build wrote
        self.built: tuple[list[str], set[str]] = ([], set())  # this build's outputs, page URLs
        self.search_entries: list[dict[str, Any]] = []
        self.indexing = False  # this build's search is Material's, while serving
        self.index_digests: dict[str, bytes] = {}  # by page URL, as the search entries are
        self.digested: dict[str, bytes] = {}  # this build's
        self.kept: dict[str, object] = {}  # pages whose entries stay, by their `search` meta
        self.site_dir = Path()
        self.theme_templates = CompiledTemplates()

    def start(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"
        self.ledger.keep_markdown = self.serving

    def configure(self, config: MkDocsConfig) -> None:
        """Note what every page depends on (mkdocs.yml and the theme overrides)."""
        self.layout_files = [Path(config.config_file_path)]
        if config.theme.custom_dir:
            self.layout_files.append(Path(config.theme.custom_dir))
        self.layout = inputs_signature(*self.layout_files)
        self.site_dir = Path(config.site_dir)
        self.rebuilt = set()
        search = config.plugins.get("material/search")
        self.indexing = self.serving and search is not None and search.config.enabled
        self.digested, self.kept = {}, {}

    def pages(self, config: MkDocsConfig, pages: Mapping[str, bytes]) -> list[GeneratedPage]:
        """The generated pages (packed) as MkDocs files, each knowing whether it changed;
        generated pages need no nav entry (listing pages are named in mkdocs.yml's nav)."""
        changed = self.ledger.changed(pages)
        files = []
        for uri, markdown in pages.items():
            page = cast(GeneratedPage, GeneratedPage.generated(
                config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
            page.changed = uri in changed
            files.append(page)
        return files

    def check_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """Every page's sidebar shows the nav's titles. A dirty build skips pages, which then
        have no title: read the nav pages' sources (a few dozen), and when a title or the nav
        itself changed since the last build, rebuild every page."""
        if not (self.serving or self.dirty):
            return  # a one-off full build: every page is read and rendered anyway
        for page in nav.pages:
            page.read_source(config)
        titles = tuple((page.url, page.title) for page in nav.pages)
        if self.dirty and titles != self.nav_titles:
            _rebuild_all(files)
        self.nav_titles = titles

    def before_search(self, page: Page) -> None:
        """Before Material's search indexes a page (`on_page_context`): when the page was
        rebuilt but what the search makes its entries of is as at the last build, the search
        skips it and the index keeps its entries. A title edit rebuilds the reviews that list
        the edited one as similar, a list the search leaves out (search.py); parsing their HTML
        again was 0.2 s of the rebuild at 1,000 reviews."""
        if not self.indexing:
            return
        content, meta = page.content or "", page.meta
        facets = meta.get("facets")
        start = repeats_start(content, facets) if facets else None
        search = meta.get("search")
        digest = index_digest(page.url, (page.title, meta.get("title")), meta.get("tags"),
                              search, content[:start])
        self.digested[page.url] = digest
        if (self.dirty and self.index_digests.get(page.url) == digest
                and (search is None or isinstance(search, dict))):
            self.kept[page.url] = search
            meta["search"] = {**(search or {}), "exclude": True}

    def after_search(self, page: Page) -> None:
        """The page's `search` meta as it was before `before_search`."""
        if page.url in self.kept:
            search = self.kept[page.url]
            if search is None:
                del page.meta["search"]
            else:
                page.meta["search"] = search

    def written(self, page: Page) -> None:
        self.rebuilt.add(page.url)

    def theme(self, env: jinja2.Environment) -> None:
        """While serving, the theme's templates are compiled once, not for every rebuild."""
        if self.serving:
            env.bytecode_cache = self.theme_templates

    def gathered(self, files: Files) -> None:
        # A page's URL as the search index has it: the home page's is '', its file's './'.
        self.built = ([file.abs_dest_path for file in files],
                      {file.page.url if file.page else file.url
                       for file in files.documentation_pages()})

    def finish(self, config: MkDocsConfig) -> None:
        """Remove the outputs of pages that are gone; complete the search index."""
        outputs, live = self.built
        gone = self.ledger.gone(outputs)
        if self.dirty:
            _remove_outputs(gone, Path(config.site_dir))
        search = config.plugins.get("material/search")
        if search is not None and search.config.enabled:
            index = search.search_index
            if self.dirty:  # the index holds the rebuilt pages: put back the others' entries
                index.entries = merge_search_entries(self.search_entries, index.entries,
                                                     self.rebuilt - self.kept.keys(), live)
                search.search_index_prev = None  # its own merge assumes one page changed
                self.digested = {url: digest for url, digest in
                                 {**self.index_digests, **self.digested}.items() if url in live}
            self.search_entries, self.index_digests = index.entries, self.digested
        self.ledger.complete = True

    def serve(self, server: Any, builder: Callable[[], None], docs_dir: Path,
              templates_dir: Path) -> Any:
        """Rebuild as soon as a file of content/ or the templates is saved (watching.py),
        rebuild only what changed while the layout stays the same, and show problems on the
        served pages."""
        watch_natively(server, [docs_dir, templates_dir])
        if self.serving:  # not under `mkdocs serve --clean`, which asks for full builds
            server.builder = lambda: self.rebuild(builder)
            _settle_heap()  # the first build is over; the server has not started
        server.set_app(with_banner(server.get_app(), self.problems.banner))
        return server

    def rebuild(self, builder: Callable[[], None]) -> None:
        """One `mkdocs serve` rebuild. When it fails, the last good site stays served, with a
        banner saying why, and the browsers reload to show it."""
        full = (not self.ledger.complete
                or self.layout != inputs_signature(*self.layout_files))
        if full:
            _settle_heap()
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
        started_dirty, self.dirty = self.dirty, True
        try:
            with dirty_builds():
                builder()
        finally:
            self.dirty = started_dirty
        log.info(f"Dealbook: rebuilt {len(self.rebuilt)} of {len(self.built[1])} pages"
                 + (f" ({len(self.kept)} with their search entries as before)"
                    if self.kept else ""))


def _settle_heap() -> None:
    """Out of the cyclic collector's sight, what the server keeps from build to build (the
    parsed content, the rendered pages, the search entries), once the last build's garbage is
    collected: a rebuild makes a few hundred thousand objects, and the full collections they
    bring on walked the millions kept too: 7.3 s of one rebuild at 10,000 reviews, where two
    collections of what is not frozen take 0.5-0.8 s each. Called when no build is under way
    (before serving, before a full rebuild), so what is frozen is what stays alive; what a
    rebuild lets go of is freed by its count of references (the generator makes no reference
    cycles), the rest by collections of what is not frozen or, frozen, at the next full
    rebuild."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


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
