"""Noticing a save at once: the content and templates folders watched through the system's
file events (inotify on Linux, FSEvents on macOS) instead of MkDocs' polling.

MkDocs' server looks for changes by listing every watched file every 0.5 s: a save waits
0.25 s on average before the rebuild starts, and at 10,000 reviews each look takes 0.2 s of
the same process's time (19,500 files), which a rebuild then waits for. The folders whose
files a writer saves (content/ and the templates folder) are watched natively; the files MkDocs
watches on its own (mkdocs.yml, the theme's folders) stay polled: an editor that saves by
writing a new file and renaming it over the old one ends a native watch on that file, never
one on its folder.

Once a change is heard, MkDocs waits until 0.1 s pass with no other before it rebuilds, so
that a save's several events start one rebuild. Natively heard, the events of a save come
within 2 ms of each other (an editor's write, or its new file renamed over the old one,
measured with watchdog's inotify observer), so the wait is cut to SETTLE_S: a rebuild starts
0.08 s sooner, and a save still starts one.

This is the second place Dealbook touches MkDocs' internals (dirty.py is the first): MkDocs'
public `watch` schedules its rebuild callback on the server's `observer`, so the folders are
watched while a native observer stands in for that attribute; the server keeps its own for the
rest. `tests/plugin/test_watching.py` runs a real server on both and pins this to the MkDocs
version in uv.lock.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

log = logging.getLogger("mkdocs.plugins.dealbook")
SETTLE_S = 0.02  # quiet after a change before the rebuild: ten times a save's spread of events

# What a change is. Not a file opened or closed unwritten: every build reads every file.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent, FileClosedEvent,
    DirCreatedEvent, DirModifiedEvent, DirMovedEvent, DirDeletedEvent]


class _ChangesObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's class
    """The platform's native observer, passing on changes only (MkDocs asks for every event)."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *,
                 recursive: bool = False, event_filter: Any = None,
                 follow_symlink: bool = False) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(
            event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
            follow_symlink=follow_symlink)
        return watch


def watch_natively(server: Any, folders: Sequence[Path]) -> None:
    """Have `server` (MkDocs' LiveReloadServer, not yet serving) learn of changes in `folders`
    from the system's file events, or, where the system gives none, poll them as before."""
    paths = [str(folder) for folder in folders if folder.is_dir()]
    if not paths:
        return
    polling, native = server.observer, _ChangesObserver()
    for path in paths:
        with contextlib.suppress(KeyError):  # not watched yet (the templates folder)
            server.unwatch(path)  # MkDocs watches content/ itself: polled no more
    server.observer = native
    try:
        for path in paths:
            server.watch(path)
        native.start()
        server.build_delay = SETTLE_S
    except OSError as exc:  # no native events here (inotify's limits reached, say)
        for path in paths:
            with contextlib.suppress(KeyError):  # watch() may have failed before it
                server.unwatch(path)
        server.observer = polling
        for path in paths:
            server.watch(path)
        log.info(f"Dealbook: watching for changes by polling ({exc})")
    finally:
        server.observer = polling
