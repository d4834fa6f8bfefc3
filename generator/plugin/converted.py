"""MkDocs' HTML of the generated pages, kept on disk from one build to the next.

Converting Markdown to HTML is most of a full build (63% at 1,000 reviews), and a second
`mkdocs serve`, `make site` after a preview, the daily rebuild in CI or a build after a few
edits converts the same Markdown again. A generated page's HTML is a function of its Markdown,
its address, the Markdown settings in mkdocs.yml, the versions of the code that converts it,
and the files its links resolve to: with all of those unchanged, the page's Markdown is handed
to MkDocs empty and its HTML, table of contents and anchors are put back from the cache before
any other handler sees them (`on_page_content`), as if MkDocs had converted it. The pages it
lacks are converted ahead of MkDocs' loop and kept, shared among processes where that pays
(ahead.py), so that the loop takes them from it too: among forked workers in a cold build,
and with a standby worker, forked after the first build, in the rebuilds of `mkdocs serve`,
which hand it each page the generator renders anew as soon as it is rendered.

A page is kept only when every relative link and image of its HTML resolves to a file of the
site, and taken only while every one of them still does, so a page that links to a deleted
or excluded file is converted again (and MkDocs warns about it as ever). A conversion that
logged a warning is not kept either: a cached build warns, and fails under --strict, where a
cold one does. Entries unused for KEPT_DAYS are dropped; a cache that cannot be opened or
written is left aside for the build, with a note.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import re
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from zstandard import ZstdError

from generator.base.diagnostics import DealbookError
from generator.base.parallel import Standby, map_batch, workers_for
from generator.plugin import ahead, html_tables
from generator.render.packed import Told, pack, unpack

log = logging.getLogger("mkdocs.plugins.dealbook")
CACHE_FILE = Path(".cache") / "dealbook" / "pages.sqlite"  # under the project's folder
KEPT_DAYS = 14
# What converts a page besides the settings: their versions are part of every key.
CONVERTERS = ("mkdocs", "markdown", "pymdown-extensions", "pygments", "mkdocs-material")
FORMAT = b"2"  # this module's entries; bump when what they hold changes
# A link or image address in HTML, unless it is only an anchor.
_ADDRESS = re.compile(r'(?:href|src)="([^"#][^"]*)"')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_QUERY_OR_FRAGMENT = re.compile(r"[?#]")
_ROOT = "http://site/"  # any base: only the path of a resolved address is compared


@dataclass(frozen=True)
class _Held:
    """What converting a page ahead needs: the build's settings, the files its links resolve
    to, their site paths, and the digest of the Markdown settings that keys every entry."""

    config: MkDocsConfig
    files: Files
    paths: set[str]
    settings: bytes


@dataclass
class _Restoring:
    html: str
    toc: list[dict[str, Any]]
    anchors: list[str | None]  # as MkDocs finds them: an <a name> without one gives None
    links: dict[str, dict[str, str]] | None  # linked page's src_uri → its anchors linked to
    targets: list[str]  # the site paths its links and images resolve to


class ConvertedPages:
    """The plugin's side of the cache, for one build at a time."""

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._path = Path()
        self._settings = b""  # mkdocs.yml's Markdown settings, the converters' versions
        self._files: Files | None = None
        self._paths: set[str] = set()  # the site path of every file published
        self._pending: dict[str, tuple[bytes, int]] = {}  # src_uri → key, warnings before
        self._restoring: dict[str, _Restoring] = {}
        self._used: list[bytes] = []
        self._warnings = ahead.WarningCount()
        self._hits = self._converted = 0
        self._standby = Standby()
        self._urls: dict[str, str] = {}  # the last build's page addresses, by source file
        self._streamed: list[bytes] = []  # the keys of the pages handed to the standby worker

    def open(self, root: Path, config: MkDocsConfig) -> None:
        """At the start of a build (`on_config`)."""
        self.close()
        path = root / CACHE_FILE
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=10)
            self._db.execute("CREATE TABLE IF NOT EXISTS pages (key BLOB PRIMARY KEY, "
                             "entry BLOB NOT NULL, used REAL NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            self._unusable(path, exc)
            return
        self._path = path
        self._settings = _settings_digest(config)
        for name in ahead.WARNING_LOGGERS:
            logging.getLogger(name).addHandler(self._warnings)

    def files(self, files: Files) -> None:
        """The site's files as the pages will link to them (`on_nav`)."""
        self._files = files
        self._paths = {_path(file.url) for file in files
                       if file.inclusion.is_included()}  # type: ignore[no-untyped-call]
        self._urls = {file.src_uri: file.url for file in files}

    def as_rendered(self) -> Told | None:
        """While serving (`on_pre_build`): what the generator tells of each page it renders
        anew, so that the standby worker converts the pages this cache lacks while the
        generator renders the next ones (the worker's results are kept by `convert_ahead`).
        None without a standby worker."""
        if self._db is None or not self._standby.ready or not self._urls:
            return None
        self._standby.stream(_converted_there)
        return self._hand_over

    def _hand_over(self, uri: str, packed: bytes) -> None:
        """A page as soon as it is rendered: to the standby worker, unless this cache holds
        its HTML or the last build did not have it (nor does the worker)."""
        url = self._urls.get(uri)
        if url is None or self._db is None or not self._standby.ready:
            return
        source = unpack(packed)
        key = _key(self._settings, uri, url, ahead.source_markdown(source))
        if not self._lacking([key]):
            return
        self._streamed.append(key)
        self._standby.put((key, uri, source))

    def convert_ahead(self, pages: Sequence[Page], config: MkDocsConfig) -> None:
        """Before MkDocs' loop (`on_nav`, after `files`): the `pages` this cache lacks
        converted and kept in it, shared among forked workers, or with the standby worker,
        where that pays (ahead.py); first, what the standby worker converted as the pages were
        rendered."""
        streamed = self._take_streamed()
        workers, done = self._converted_ahead(pages, config)
        if done or streamed:
            log.info(f"Dealbook: {done + streamed} generated pages converted ahead of MkDocs, "
                     f"in {workers} processes" + (
                         f" ({streamed} by the standby worker as they were rendered)"
                         if streamed else ""))

    def _converted_ahead(self, pages: Sequence[Page], config: MkDocsConfig) -> tuple[int, int]:
        """How many processes converted how many of the `pages` this cache lacks."""
        if self._db is None or self._files is None or not self._shareable(len(pages)):
            return 2, 0
        keyed = [(_key(self._settings, page.file.src_uri, page.url,
                       ahead.source_markdown(page.file.content_string)), page)
                 for page in pages]
        lacking = self._lacking([key for key, _ in keyed])
        todo = [(key, page) for key, page in keyed if key in lacking]
        if not self._shareable(len(todo)):
            return 2, 0
        held = _Held(config, self._files, self._paths, self._settings)
        workers = workers_for(len(todo))
        if workers > 1:
            try:
                found = map_batch(lambda item: _converted_entry(held, *item), todo)
            except DealbookError:  # a worker killed for lack of memory, say: the build goes on
                log.info("Dealbook: a worker process converting pages ahead stopped (killed "
                         "for lack of memory?); MkDocs converts the pages itself, in one "
                         "process")
                return workers, 0
        else:
            workers, found = 2, self._shared_with_standby(held, todo)
        done = [(key, packed) for (key, _), packed in zip(todo, found, strict=True)
                if packed is not None]
        self._insert(done)
        return workers, len(done)

    def _shareable(self, count: int) -> bool:
        return workers_for(count) > 1 or (self._standby.ready and count >= 2)

    def _take_streamed(self) -> int:
        """Keep what the standby worker converted of the pages handed over as they were
        rendered (the others are converted as any page this cache lacks); how many."""
        keys, self._streamed = self._streamed, []
        found = self._standby.collected()
        done = [(keys[index], entry) for index, entry in found.items() if entry is not None]
        if self._db is not None:
            self._insert(done)
        return len(done)

    def _lacking(self, keys: list[bytes]) -> set[bytes]:
        """The keys this cache holds no entry for (none once it cannot be read)."""
        try:
            assert self._db is not None
            return {key for key in keys if self._db.execute(
                "SELECT 1 FROM pages WHERE key = ?", (key,)).fetchone() is None}
        except sqlite3.Error as exc:
            self._unusable(self._path, exc)
            return set()

    def _shared_with_standby(self, held: _Held, todo: list[tuple[bytes, Page]]
                             ) -> list[bytes | None]:
        """The entries of `todo`, converted here and by the standby worker, a page at a time
        each."""
        found = self._standby.share(
            _converted_there, [(key, page.file.src_uri, page.file.content_string)
                               for key, page in todo],
            lambda index: _converted_entry(held, *todo[index]))
        if not self._standby.ready:
            log.info("Dealbook: the worker process converting pages ahead stopped; the next "
                     "rebuilds convert in one process")
        return found

    def stand_by(self, config: MkDocsConfig) -> None:
        """At the end of the first build of `mkdocs serve`, while the process runs a single
        thread: fork the standby worker, which converts with this build's settings and files
        (its pages are keyed by the settings, and taken only while their links resolve)."""
        if self._files is not None:
            self._standby.start(_Held(config, self._files, self._paths, self._settings))

    def shut_down(self) -> None:
        self._standby.stop()

    def markdown(self, markdown: str, page: Page) -> str:
        """The Markdown MkDocs is to convert (`on_page_markdown`, last): empty when the
        cache holds the page's HTML."""
        if self._db is None or self._files is None or "title" not in page.meta:
            return markdown
        key = _key(self._settings, page.file.src_uri, page.url, markdown)
        try:
            row = self._db.execute("SELECT entry FROM pages WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._unusable(self._path, exc)
            return markdown
        restoring = None if row is None else _entry(row[0])
        if restoring is None or not self._paths.issuperset(restoring.targets):
            self._pending[page.file.src_uri] = (key, self._warnings.count)
            return markdown
        self._restoring[page.file.src_uri] = restoring
        self._used.append(key)
        return ""

    def content(self, html: str, page: Page) -> str:
        """MkDocs' HTML of the page (`on_page_content`, first): the cached one put back, or
        this conversion kept for the next build."""
        uri = page.file.src_uri
        restoring = self._restoring.pop(uri, None)
        if restoring is not None:
            self._hits += 1
            page.toc = get_toc(restoring.toc)  # type: ignore[arg-type]
            # MkDocs' own set holds None too (an <a> without a name), whatever its type says.
            page.present_anchor_ids = set(restoring.anchors)  # type: ignore[arg-type]
            if restoring.links is not None:
                assert self._files is not None, "files() comes before any page"
                page.links_to_anchors = {
                    linked: anchors for linked_uri, anchors in restoring.links.items()
                    if (linked := self._files.get_file_from_path(linked_uri)) is not None}
            return restoring.html
        pending = self._pending.pop(uri, None)
        if pending is not None:
            self._converted += 1
            if self._db is not None and self._warnings.count == pending[1]:
                self._store(pending[0], html, page)
        return html

    def _store(self, key: bytes, html: str, page: Page) -> None:
        entry = _packed_entry(html, page, self._paths)
        if entry is not None:
            self._insert([(key, entry)])

    def _insert(self, entries: list[tuple[bytes, bytes]]) -> None:
        try:
            assert self._db is not None
            now = time.time()
            self._db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                                 ((key, entry, now) for key, entry in entries))
        except sqlite3.Error as exc:
            self._unusable(self._path, exc)

    def close(self) -> None:
        """At the end of a build (`on_post_build`, or a failed build): keep what was
        converted, note what was used, drop what has not been for KEPT_DAYS."""
        self._take_streamed()  # a build that failed before MkDocs' loop
        db, self._db = self._db, None
        for name in ahead.WARNING_LOGGERS:
            logging.getLogger(name).removeHandler(self._warnings)
        if self._hits or self._converted:
            log.info(f"Dealbook: {self._hits} generated pages' HTML taken from the page cache, "
                     f"{self._converted} converted from their Markdown")
        if db is not None:
            now = time.time()
            try:
                db.executemany("UPDATE pages SET used = ? WHERE key = ?",
                               ((now, key) for key in self._used))
                db.execute("DELETE FROM pages WHERE used < ?", (now - KEPT_DAYS * 86400,))
                db.commit()
            except sqlite3.Error as exc:
                self._unusable(self._path, exc)
            finally:
                db.close()
        self._files, self._pending, self._restoring, self._used = None, {}, {}, []
        self._paths = set()
        self._hits = self._converted = 0

    def _unusable(self, path: Path, exc: Exception) -> None:
        """No cache for this build; it builds as without one."""
        if self._db is not None:
            self._db.close()
        self._db = None
        log.info(f"Dealbook: the page cache {path} cannot be used ({exc}); building without "
                 "it. Deleting the file starts it afresh.")


def _key(settings: bytes, src_uri: str, url: str, markdown: str) -> bytes:
    """What a page's HTML is a function of (the module's docstring)."""
    return hashlib.blake2b(b"\0".join((settings, src_uri.encode(), url.encode(),
                                       markdown.encode()))).digest()


def _converted_entry(held: _Held, key: bytes, page: Page) -> bytes | None:
    """The entry of `page` converted ahead, or None when its conversion warned or failed, or
    its Markdown is not the one `key` was made from."""
    converted = ahead.converted(page, held.config, held.files)
    if converted is None or _key(held.settings, page.file.src_uri, converted.url,
                                 converted.markdown or "") != key:
        return None
    return _packed_entry(converted.content or "", converted, held.paths)


def _converted_there(held: _Held, item: tuple[bytes, str, str]) -> bytes | None:
    """In the standby worker: the entry of a page given by key, source file and Markdown,
    converted with what the worker holds from the build it was forked after. A page that build
    did not have is left to MkDocs' loop (None), like one whose key the worker's settings do
    not give (mkdocs.yml changed since)."""
    key, uri, source = item
    known = held.files.get_file_from_path(uri)
    if known is None:
        return None
    file = copy.copy(known)
    file.content_string = source
    return _converted_entry(held, key, Page(None, file, held.config))


def _packed_entry(html: str, page: Page, paths: set[str]) -> bytes | None:
    """A converted page as the cache keeps it, or None when a link of its HTML resolves to
    no file of the site (`paths`): MkDocs left it as written, so it is converted again until
    its file exists."""
    targets = _targets(html, page.url)
    if not paths.issuperset(targets):
        return None
    links = None if page.links_to_anchors is None else {
        file.src_uri: anchors for file, anchors in page.links_to_anchors.items()}
    entry = {"html": html, "toc": [_token(item) for item in page.toc],
             "anchors": list(page.present_anchor_ids or ()), "links": links,
             "targets": sorted(targets)}
    return pack(json.dumps(entry))


def _entry(stored: bytes) -> _Restoring | None:
    """A stored entry, or None when it cannot be read (it is converted and stored again)."""
    try:
        return _Restoring(**json.loads(unpack(stored)))
    except (ZstdError, ValueError, TypeError):
        return None


def _targets(html: str, page_url: str) -> set[str]:
    """The site paths that the relative links and images of a page's HTML resolve to."""
    page = _path(page_url)
    folder = page.split("/")[:-1]
    return {_resolved(page, folder, address) for address in set(_ADDRESS.findall(html))
            if not _SCHEME.match(address) and not address.startswith("//")}


def _resolved(page: str, folder: list[str], address: str) -> str:
    """The site path of a relative address on the page at `page` (whose folder's segments
    are `folder`), resolved as `urljoin` resolves it: a listing page's thousands of links took
    a third of a preview rebuild through `urljoin`, which parses the page's address for each."""
    if ";" in address or not address.isprintable() or address != address.strip():
        # What urljoin treats apart: parameters, and characters it drops.
        return _path(urljoin(urljoin(_ROOT, page), address))
    path = _QUERY_OR_FRAGMENT.split(address, 1)[0]
    if not path:
        return page
    if path[0] == "/":
        segments = path.split("/")
    else:
        segments = folder + path.split("/")
        segments[1:-1] = filter(None, segments[1:-1])  # as urljoin: no empty segments between
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    joined = "/".join(resolved)
    return joined if joined.startswith("/") else f"/{joined}"


@functools.lru_cache(maxsize=1 << 15)  # more than the 19,500 files of 10,000 reviews
def _path(url: str) -> str:
    """A file's address, or a link's resolved, as a path from the site's root. Cached: each
    build asks again for every file's (32 ms at 1,000 reviews, 0.3 ms cached)."""
    return urlsplit(urljoin(_ROOT, url)).path


def _token(item: AnchorLink) -> dict[str, Any]:
    """A table-of-contents entry as Python-Markdown's toc extension gives it to MkDocs."""
    return {"level": item.level, "id": item.id, "name": item.title,
            "children": [_token(child) for child in item.children]}


def _settings_digest(config: MkDocsConfig) -> bytes:
    """What converts every page alike: mkdocs.yml's Markdown settings, the folder addresses
    and the converting code's versions (Dealbook's own extension by its source)."""
    extensions = [item if isinstance(item, str) else type(item).__qualname__
                  for item in config.markdown_extensions]
    settings = json.dumps([extensions, config.mdx_configs, config.use_directory_urls,
                           [metadata.version(name) for name in CONVERTERS]],
                          sort_keys=True, default=repr)
    return hashlib.blake2b(FORMAT + settings.encode()
                           + Path(html_tables.__file__).read_bytes()).digest()
