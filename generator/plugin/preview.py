"""Live preview bookkeeping: what a rebuild must redo, so `mkdocs serve` stays fast.

MkDocs rebuilds every page on every change (over a minute at 1,000 reviews). A rebuild only
needs the pages whose output changes: generated pages whose Markdown differs from the previous
build's, new pages, and the pages whose titles feed the sidebar; outputs of pages that are gone
must be removed, and the search index must keep the entries of the pages not rebuilt. This
module remembers the previous build and knows nothing of MkDocs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

SearchEntry = dict[str, Any]  # Material's search entry: location, title, text, ...


def _digest(markdown: bytes) -> bytes:
    return hashlib.blake2b(markdown, digest_size=16).digest()


class PageLedger:
    """The generated pages and the output files of the last build, until a build fails."""

    def __init__(self) -> None:
        self._digests: dict[str, bytes] = {}
        self._outputs: frozenset[str] = frozenset()
        self.complete = False  # the last build finished: its outputs are all on disk
        # While serving, the last build's Markdown: the generator hands an unchanged page's
        # very same bytes again, which then need no hashing (76 MB packed at 10,000 reviews).
        self.keep_markdown = False
        self._markdown: Mapping[str, bytes] = {}

    def changed(self, pages: Mapping[str, bytes]) -> set[str]:
        """Record this build's generated pages (each page's Markdown as bytes that are equal
        when the Markdown is: packed, say); return the URIs whose Markdown is new or differs
        from the previous build's (every URI after a failed or no build)."""
        previous = self._digests if self.complete else {}
        last = self._markdown if self.complete else {}
        digests = {uri: previous[uri] if last.get(uri) is markdown else _digest(markdown)
                   for uri, markdown in pages.items()}
        self._digests = digests
        self._markdown = pages if self.keep_markdown else {}
        return {uri for uri, digest in digests.items() if previous.get(uri) != digest}

    def gone(self, outputs: Iterable[str]) -> list[str]:
        """Record this build's output files; return the previous build's that it no longer
        writes (the pages of deleted reviews), for removal."""
        current = frozenset(outputs)
        stale = self._outputs - current if self.complete else frozenset()
        self._outputs = current
        return sorted(stale)

    def forget(self) -> None:
        """A build failed half-way: nothing on disk can be trusted for the next one."""
        self.complete = False
        self._digests, self._markdown = {}, {}


def index_digest(url: str, titles: tuple[object, object], tags: object, search: object,
                 indexed: str) -> bytes:
    """What Material's search makes a page's entries of: its address, its titles (MkDocs' and
    the front matter's), tags and `search` settings, and the HTML it indexes."""
    return _digest(repr((url, titles, tags, search)).encode() + b"\0" + indexed.encode())


def page_of(location: str) -> str:
    """The page URL of a search entry's location (`deals/x/#risks` → `deals/x/`)."""
    return location.split("#", 1)[0]


def merge_search_entries(previous: Sequence[SearchEntry], fresh: Sequence[SearchEntry],
                         rebuilt: set[str], live: set[str]) -> list[SearchEntry]:
    """The search index after a partial rebuild: `fresh` holds the entries of the `rebuilt`
    pages only. Each rebuilt page's entries take the place of its old ones; pages not `live`
    (deleted) lose theirs; pages new to the index come last."""
    fresh_by_page: dict[str, list[SearchEntry]] = {}
    for entry in fresh:
        fresh_by_page.setdefault(page_of(entry["location"]), []).append(entry)
    merged: list[SearchEntry] = []
    placed: set[str] = set()
    for entry in previous:
        page = page_of(entry["location"])
        if page not in live:
            continue
        if page not in rebuilt:
            merged.append(entry)
        elif page not in placed:
            merged.extend(fresh_by_page.get(page, ()))
            placed.add(page)
    for page, entries in fresh_by_page.items():
        if page not in placed:
            merged.extend(entries)
    return merged
