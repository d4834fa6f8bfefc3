"""The MkDocs side of Dealbook: a thin adapter that adds the generated pages to the build.

This is the only module that imports MkDocs.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page

from . import source
from .build import build_site
from .diagnostics import DealbookError
from .pagefind import build_index, indexed_content
from .settings import Settings, settings_from_options
from .uris import FIND_URI

log = logging.getLogger("mkdocs.plugins.dealbook")
ASSETS = "assets"  # under templates_dir: published as they are
CSS_URI = f"{ASSETS}/dealbook.css"


class DealbookConfig(base.Config):
    deals_dir = c.Type(str, default="deals")
    questions_dir = c.Type(str, default="questions")
    templates_dir = c.Type(str, default="site_templates")
    today = c.Optional(c.Type((str, datetime.date)))
    scenarios = c.Type(dict, default={})
    audience = c.Choice(("public", "internal", "restricted"), default="internal")
    search = c.Choice(("material", "pagefind"), default="material")


class DealbookPlugin(BasePlugin[DealbookConfig]):
    settings: Settings

    @event_priority(100)  # first: the search plugins must know whether they are needed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = settings_from_options(
                dict(self.config), root=Path(config.config_file_path).parent,
                docs_dir=Path(config.docs_dir))
        except DealbookError as exc:
            raise PluginError(str(exc)) from None
        if not source.HAS_LIBYAML:
            log.warning(source.NO_LIBYAML)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if self.settings.search == "pagefind" and "material/search" in config.plugins:
            config.plugins["material/search"].config.enabled = False
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Swap the review and question sources for the pages generated from them."""
        try:
            result = build_site(self.settings)
        except DealbookError as exc:
            raise PluginError(str(exc)) from None
        # Content problems are warnings to MkDocs: a plain build leaves the bad file out and
        # goes on, --strict fails at the end after listing all of them.
        for diagnostic in result.diagnostics:
            log.warning(diagnostic.format())
        for advice in result.advice:
            log.info(advice.format())
        sources = tuple(f"{self._relative(d)}/" for d in (self.settings.deals_dir,
                                                           self.settings.questions_dir))
        for file in [f for f in files if f.src_uri.startswith(sources)]:
            files.remove(file)
        for uri, markdown in result.pages.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                log.warning(f"{self._relative(Path(existing.abs_src_path or uri))}: replaced by "
                            f"the page Dealbook generates at {uri}; rename or remove the file")
                files.remove(existing)
            # Generated pages need no nav entry; listing pages are named in mkdocs.yml's nav.
            files.append(File.generated(config, uri, content=markdown,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        for uri, content in result.files.items():
            files.append(File.generated(config, uri, content=content))
        assets = self.settings.templates_dir / ASSETS
        for path in sorted(p for p in assets.rglob("*") if p.is_file()):
            uri = path.relative_to(self.settings.templates_dir).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.settings.search == "pagefind":
            nav.items.insert(1, Link("Search", FIND_URI.removesuffix(".md") + "/"))
        return nav

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        facets = page.meta.get("facets")
        if self.settings.search == "pagefind" and facets:
            return indexed_content(html, facets)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.settings.search == "pagefind":
            try:
                build_index(Path(config.site_dir))
            except DealbookError as exc:
                raise PluginError(str(exc)) from None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on template changes too; content/ is the docs folder, watched already."""
        server.watch(str(self.settings.templates_dir))
        return server

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.settings.docs_dir).as_posix()
