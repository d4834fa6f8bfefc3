"""Converting a generated page before MkDocs' loop reaches it, as that loop would.

Converting Markdown to HTML is most of a cold build, and MkDocs converts one page after the
other. Once the nav is made, the page cache (converted.py) has the pages it lacks converted
here, shared among forked workers (base/parallel.py: only where forking is safe and pays, as
in `mkdocs build` and the first build of `mkdocs serve`), and keeps them; MkDocs' loop then
takes them from it. A page is converted ahead from the Markdown its file holds: when a
plugin's event changes that Markdown, the cache's key no longer matches and MkDocs converts
the page in its loop, as it does a page whose conversion here warned or failed (so it warns,
or fails, there, once).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

# Where a conversion's warnings come from: MkDocs (links, anchors) and Python-Markdown.
WARNING_LOGGERS = ("mkdocs", "MARKDOWN")


class WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def source_markdown(source: str) -> str:
    """The Markdown that MkDocs hands the plugins for a page whose file holds `source`
    (`Page.read_source`), without parsing its front matter: what most pages' conversion is
    keyed by."""
    found = meta.YAML_RE.match(source)
    return source[found.end():].lstrip("\n") if found else source


def converted(page: Page, config: MkDocsConfig, files: Files) -> Page | None:
    """A copy of `page` read and converted as MkDocs does it, or None when that warned or
    failed. The page itself is left as it was, and no plugin's event runs."""
    ready = copy.copy(page)
    with _counted_warnings() as warnings:
        try:
            ready.markdown, ready.meta = meta.get_data(page.file.content_string)
            ready.render(config, files)
        except Exception:  # any: MkDocs' loop converts the page again, and reports it
            return None
    return None if warnings.count else ready


@contextmanager
def _counted_warnings() -> Iterator[WarningCount]:
    """Within: the conversion's log records are counted, not shown (a worker's would be shown
    twice, by the worker and by MkDocs' loop converting the page again)."""
    counter = WarningCount()
    loggers = [logging.getLogger(name) for name in WARNING_LOGGERS]
    kept = [(logger.handlers, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.handlers, logger.propagate = [counter], False
    try:
        yield counter
    finally:
        for logger, (handlers, propagate) in zip(loggers, kept, strict=True):
            logger.handlers, logger.propagate = handlers, propagate
