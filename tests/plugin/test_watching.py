"""The live preview hears of a change in content/ or the templates from the system's file
events (generator/plugin/watching.py): a real MkDocs server, its rebuilds counted."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from generator.plugin import watching
from generator.plugin.watching import watch_natively

WAIT = 10.0  # seconds for a change to start a rebuild (polling takes 0.5 s)
QUIET = 1.5  # seconds with nothing changed, in which no rebuild may start


@dataclass
class Watched:
    server: LiveReloadServer
    docs: Path
    templates: Path
    config: Path
    builds: list[float]

    def polled(self) -> set[str]:
        return {emitter.watch.raw_path for emitter in self.server.observer.emitters}

    def rebuilt_after(self, change: Callable[[], object]) -> bool:
        """Whether `change` starts a rebuild within WAIT seconds."""
        before = len(self.builds)
        change()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if len(self.builds) > before:
                return True
            time.sleep(0.02)
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serving(tmp_path: Path, *, native: bool) -> Iterator[Watched]:
    docs, templates, site = tmp_path / "content", tmp_path / "site_templates", tmp_path / "site"
    for folder in (docs / "deals", templates, site):
        folder.mkdir(parents=True)
    (docs / "deals" / "a.md").write_text("---\ntitle: A\n---\n")
    (templates / "deal.md.j2").write_text("{{ title }}\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\n")
    builds: list[float] = []
    server = LiveReloadServer(builder=lambda: builds.append(time.monotonic()),
                              host="127.0.0.1", port=_free_port(), root=str(site))
    server.watch(str(docs))  # as `mkdocs serve` does before the plugins' on_serve
    server.watch(str(config))
    if native:
        watch_natively(server, [docs, templates])
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        time.sleep(0.3)  # the observers take their first look
        yield Watched(server, docs, templates, config, builds)
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[Watched]:
    yield from _serving(tmp_path, native=True)


def test_content_and_templates_are_watched_natively_and_mkdocs_yml_still_polled(
        watched: Watched) -> None:
    assert watched.polled() == {str(watched.config)}
    review = watched.docs / "deals" / "a.md"
    assert watched.rebuilt_after(lambda: review.write_text("---\ntitle: B\n---\n"))
    assert watched.rebuilt_after(lambda: (watched.templates / "deal.md.j2").write_text("x\n"))
    assert watched.rebuilt_after(lambda: (watched.docs / "deals" / "b.md").write_text("b\n"))
    assert watched.rebuilt_after(lambda: review.unlink())

    def saved_by_rename() -> None:  # as many editors save: a new file renamed over the old
        draft = watched.config.with_name(".mkdocs.yml.swp")
        draft.write_text("site_name: Renamed\n")
        os.replace(draft, watched.config)
    assert watched.rebuilt_after(saved_by_rename)
    assert watched.rebuilt_after(lambda: watched.config.write_text("site_name: Again\n"))


def test_a_save_starts_one_rebuild(watched: Watched) -> None:
    """Natively heard, MkDocs waits only SETTLE_S for a save's other events: an editor's
    save, a new file renamed over the old one a few milliseconds later, starts one rebuild."""
    assert watched.server.build_delay == watching.SETTLE_S
    time.sleep(QUIET)  # whatever the set-up's writes started is over
    review = watched.docs / "deals" / "a.md"

    def saved_by_rename() -> None:
        draft = review.with_name(".a.md.swp")
        draft.write_text("---\ntitle: Saved\n---\n")
        time.sleep(0.002)
        os.replace(draft, review)
    before = len(watched.builds)
    assert watched.rebuilt_after(saved_by_rename)
    time.sleep(QUIET)
    assert len(watched.builds) == before + 1


def test_a_folder_moved_into_content_is_a_change(watched: Watched, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "2027"
    outside.mkdir(parents=True)
    (outside / "c.md").write_text("---\ntitle: C\n---\n")
    assert watched.rebuilt_after(lambda: outside.rename(watched.docs / "deals" / "2027"))


def test_reading_the_files_is_no_change(watched: Watched) -> None:
    """Every build reads every file: that must not start another build, forever."""
    time.sleep(QUIET)  # whatever the set-up's writes started is over
    before = len(watched.builds)
    for _ in range(3):
        for path in [*watched.docs.rglob("*.md"), *watched.templates.rglob("*")]:
            path.read_bytes()
    time.sleep(QUIET)
    assert len(watched.builds) == before


@pytest.mark.parametrize("refusing", ["start", "schedule"])
def test_without_native_events_content_is_polled_as_before(
        refusing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The system refuses when the observer starts, or already when a folder is watched."""
    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")
    monkeypatch.setattr(watching._ChangesObserver, refusing, refused)
    for server in _serving(tmp_path, native=True):
        assert server.polled() == {str(server.docs), str(server.templates), str(server.config)}
        assert server.server.build_delay > watching.SETTLE_S  # polled changes come in bursts
        review = server.docs / "deals" / "a.md"
        assert server.rebuilt_after(partial(review.write_text, "---\ntitle: B\n---\n"))
