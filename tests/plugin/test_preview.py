"""The live preview's bookkeeping: which pages a rebuild redoes, which outputs it removes, and
how the search index of a partial rebuild is completed (and which rebuilt pages keep their
entries), and the theme compiled once per serve.
(test_serve.py runs it for real.)"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from generator.plugin import preview
from generator.plugin.live import CompiledTemplates, LivePreview
from generator.plugin.preview import PageLedger, merge_search_entries


def test_first_build_changes_every_page_then_only_edited_and_new_ones() -> None:
    ledger = PageLedger()
    assert ledger.changed({"a.md": b"A", "b.md": b"B"}) == {"a.md", "b.md"}
    ledger.complete = True
    assert ledger.changed({"a.md": b"A", "b.md": b"B2", "c.md": b"C"}) == {"b.md", "c.md"}
    ledger.complete = True
    assert ledger.changed({"a.md": b"A", "b.md": b"B2", "c.md": b"C"}) == set()


def test_outputs_no_longer_written_are_gone() -> None:
    ledger = PageLedger()
    assert ledger.gone(["site/a/index.html", "site/b/index.html"]) == []
    ledger.complete = True
    assert ledger.gone(["site/a/index.html", "site/c/index.html"]) == ["site/b/index.html"]


def test_after_a_failed_build_nothing_is_trusted() -> None:
    ledger = PageLedger()
    ledger.changed({"a.md": b"A"})
    ledger.gone(["site/a/index.html"])
    ledger.complete = True
    ledger.forget()
    assert ledger.changed({"a.md": b"A"}) == {"a.md"}
    assert ledger.gone([]) == []  # a full build follows, which cleans the site folder


def entry(location: str, text: str = "") -> dict[str, str]:
    return {"location": location, "title": location, "text": text}


def test_merged_index_replaces_rebuilt_pages_in_place_and_drops_deleted_ones() -> None:
    previous = [entry(""), entry("#intro"), entry("deals/a/"), entry("deals/a/#risks"),
                entry("deals/b/"), entry("deals/gone/")]
    fresh = [entry("deals/a/", "new"), entry("deals/new/", "new")]
    merged = merge_search_entries(previous, fresh, rebuilt={"deals/a/", "deals/new/"},
                                  live={"", "deals/a/", "deals/b/", "deals/new/"})
    assert merged == [entry(""), entry("#intro"), entry("deals/a/", "new"), entry("deals/b/"),
                      entry("deals/new/", "new")]


def test_a_rebuilt_page_without_entries_loses_its_old_ones() -> None:
    merged = merge_search_entries([entry("deals/a/"), entry("deals/b/")], [],
                                  rebuilt={"deals/a/"}, live={"deals/a/", "deals/b/"})
    assert merged == [entry("deals/b/")]


def review_page(intro: str, similar: str, tags: list[str] | None = None) -> Any:
    """A review as Material's search gets it: its HTML, closing with the similar reviews."""
    content = (f'<h1 id="a">A</h1><p>{intro}</p>'
               f'<h2 data-search-exclude="true" id="similar">Similar past deals</h2>'
               f'<ul><li>{similar}</li></ul>')
    return SimpleNamespace(url="deals/a/", title="A", content=content, meta={
        "title": "A", "tags": tags or ["hosting"], "facets": {"Type": ["Review"]}})


def test_a_rebuilt_page_keeps_its_search_entries_while_what_they_are_made_of_is_the_same(
        ) -> None:
    live = LivePreview()
    live.indexing = True
    live.before_search(review_page("Intro", "Kestrel hosting renewal"))  # the first build
    live.index_digests, live.digested, live.dirty = live.digested, {}, True
    # A rebuild: another review's title changed in the list the search leaves out.
    page = review_page("Intro", "Kestrel hosting renewal 7f3a")
    live.before_search(page)
    assert page.meta["search"] == {"exclude": True}  # Material's search skips it...
    live.after_search(page)
    assert "search" not in page.meta and set(live.kept) == {"deals/a/"}  # ...the index keeps
    for changed in (review_page("Intro, edited", "Kestrel"),
                    review_page("Intro", "Kestrel", tags=["hosting", "sla"])):
        live.kept = {}
        live.before_search(changed)
        assert "search" not in changed.meta and not live.kept  # indexed again


def test_theme_templates_compile_once_per_serve_and_again_when_edited() -> None:
    """MkDocs makes a new template environment for every build; the serve's cache gives each
    the compiled theme, and a template whose source changed is compiled from the new source."""
    sources = {"main.html": "first {{ x }}"}
    cache = CompiledTemplates()
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def _compile(self, source: str, filename: str) -> Any:
            compiled.append(filename)
            return super()._compile(source, filename)

    def build() -> str:
        env = Counting(loader=jinja2.FunctionLoader(
            lambda name: (sources[name], name, lambda: True)))
        env.bytecode_cache = cache
        return env.get_template("main.html").render(x=1)

    assert (build(), build()) == ("first 1", "first 1")
    assert compiled == ["main.html"]
    sources["main.html"] = "edited {{ x }}"
    assert build() == "edited 1" and compiled == ["main.html", "main.html"]


def test_while_serving_a_page_handed_over_as_the_very_same_bytes_is_not_hashed_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    hashed: list[bytes] = []
    digest = preview._digest

    def counted(markdown: bytes) -> bytes:
        hashed.append(markdown)
        return digest(markdown)

    monkeypatch.setattr(preview, "_digest", counted)
    a, b = b"".join([b"A"] * 10_000), b"".join([b"B"] * 10_000)
    for serving in (True, False):
        ledger = PageLedger()
        ledger.keep_markdown = serving
        ledger.changed({"a.md": a, "b.md": b})
        ledger.complete = True
        hashed.clear()
        equal = b"".join([b"B"] * 10_000)  # the same Markdown, another object
        assert ledger.changed({"a.md": a, "b.md": equal}) == set()
        assert hashed == ([equal] if serving else [a, equal])


class _Server:
    """What LivePreview.serve uses of MkDocs' LiveReloadServer."""

    builder: Any = None

    def get_app(self) -> Any:
        return None

    def set_app(self, app: Any) -> None: ...


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_serving_collects_the_first_builds_garbage_then_freezes_what_stays(
        tmp_path: Path) -> None:
    """A rebuild's full collections walk only what changed since: what the server keeps
    (parsed content, rendered pages, search entries) is out of the collector's sight. What the
    first build let go of is collected first, and a full rebuild collects what was frozen and
    has gone since."""
    live = LivePreview()
    live.start(command="serve", dirty=False)
    live.site_dir = tmp_path / "site"  # none built: nothing for a full rebuild to set aside
    kept, gone = _Cycle(), weakref.ref(_Cycle())
    assert gone() is not None  # a cycle: only the collector frees it
    try:
        live.serve(_Server(), lambda: None, tmp_path / "content", tmp_path / "templates")
        assert gone() is None and gc.get_freeze_count() > 0
        later = _Cycle()
        dropped = weakref.ref(later)
        gc.freeze()  # as if it had been kept by the first build
        del later
        gc.collect()
        assert dropped() is not None  # frozen: out of the collector's sight
        live.ledger.complete = False  # the next rebuild is a full one
        live.rebuild(lambda: None)
        assert dropped() is None and kept.me is kept and live.problems.failure == ()
    finally:
        gc.unfreeze()
