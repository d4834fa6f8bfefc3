"""One of the two places Dealbook touches MkDocs' internals (watching.py is the other):
making a `mkdocs serve` rebuild dirty.

A preview rebuild must skip the pages an edit leaves unchanged (28 of 1,666 at 1,000 reviews
are rebuilt), and only a dirty build does: a clean one empties the site folder after
`on_pre_build`, with no event in between, and then reads, renders and writes every page that
`InclusionLevel.is_in_serve` admits. Marking the unchanged pages `EXCLUDED` would skip them,
but changes the rebuilt pages' links to them and drops them from the sitemap, so the preview
would no longer equal a clean build. MkDocs has no public way for a plugin to ask for a dirty
build: `mkdocs serve --dirty` is the user's choice. So, while the plugin runs serve's own
builder (which reloads mkdocs.yml with the command line's options), the `build` that builder
calls, a global of `mkdocs.commands.serve`, is given `dirty=True`.

`tests/plugin/test_dirty.py` pins this to the MkDocs version in uv.lock: it checks that serve's
builder still calls that global and that the switch reaches it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs.commands import serve

DIRTY_WARNING = "A 'dirty' build is being performed"
_build_log = logging.getLogger("mkdocs.commands.build")


@contextmanager
def dirty_builds() -> Iterator[None]:
    """Within: serve's builder builds with `dirty=True`, i.e. skips every page whose
    `File.is_modified()` is false and keeps the other outputs in place."""
    clean = serve.build  # type: ignore[attr-defined]  # imported there from .build

    def dirty(config: Any, *, serve_url: str | None = None, dirty: bool = False) -> None:
        clean(config, serve_url=serve_url, dirty=True)

    serve.build = dirty  # type: ignore[attr-defined]
    _build_log.addFilter(_quiet_dirty_warning)
    try:
        yield
    finally:
        serve.build = clean  # type: ignore[attr-defined]
        _build_log.removeFilter(_quiet_dirty_warning)


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build "will likely lead to inaccurate navigation". A
    preview's are complete (live.py rebuilds every page an edit touches, and every page when
    the nav changes): drop that one message, and only during those builds."""
    return not record.getMessage().startswith(DIRTY_WARNING)
