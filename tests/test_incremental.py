"""A rebuild while serving reuses what the last build computed (parses, dated reviews, rendered
pages): after each kind of edit a writer makes, it must equal a cold build of the same content,
and the edit must reach the pages that show it. (The timing is the benchmark's.)"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Project
from corpus import write_corpus
from markupsafe import Markup

from generator.base.uris import CALENDAR_URI, Page
from generator.build import BuildResult, build_site, release_caches
from generator.check.model import Deal
from generator.read.settings import load_settings
from generator.render import calendar, templates
from generator.render.rows import RenderedRows, RowKey

OLD_TITLE, NEW_TITLE = "Kestrel hosting renewal", "Kestrel renewal, edited 51c2"
OLD_WORDING = "How is the SLA measured, and who stops the clock?"
NEW_WORDING = "Who measures the SLA, and when does the clock stop (edited 51c2)?"
MISSED = "Which notice period applies to the renewal (added 51c2)?"
NEW_PARTY = "Kestrel Hosting GmbH"


def edit_title(project: Project) -> None:
    _replace(project.root / "content" / "deals" / "kestrel-2026.md", OLD_TITLE, NEW_TITLE)


def add_missed_question(project: Project) -> None:
    _replace(project.root / "content" / "deals" / "kestrel-2026.md", "\nplaybook_updates:",
             f"\nmissed_questions:\n- question: '{MISSED}'\n  category: renewal_expansion\n"
             "  informs: Notice\n- question: 'Placeholder'\n  category: renewal_expansion\n"
             "  informs: Notice\n  ref: sla-measured\nplaybook_updates:")


def rename_counterparty(project: Project) -> None:
    """Every page's plan holds the map from review to counterparty page: it must change."""
    _replace(project.root / "content" / "deals" / "kestrel-2026.md",
             "counterparty: Kestrel Cloud", f"counterparty: {NEW_PARTY}")


def reword_question(project: Project) -> None:
    _replace(project.root / "content" / "questions" / "sla-measured.md", OLD_WORDING,
             NEW_WORDING)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def same(warm: BuildResult, cold: BuildResult) -> None:
    assert warm.pages.keys() == cold.pages.keys()
    assert [uri for uri in cold.pages if warm.pages[uri] != cold.pages[uri]] == []
    assert (warm.files, warm.diagnostics, warm.advice) == (cold.files, cold.diagnostics,
                                                           cold.advice)


Edit = Callable[[Project], None]


@pytest.mark.parametrize(("edit", "shown", "pages"), [
    (edit_title, NEW_TITLE, ["deals/kestrel-2026.md", "scenarios/vendor_sla.md",
                             "tags/hosting.md", "index.md", "archive/2026.md"]),
    (add_missed_question, MISSED, ["deals/kestrel-2026.md"]),
    (rename_counterparty, "counterparties/kestrel-hosting-gmbh", [
        "deals/kestrel-2026.md", "scenarios/vendor_sla.md", "index.md"]),
    (reword_question, NEW_WORDING, ["questions/sla-measured.md", "questions/index.md",
                                    "bank/categories/success_criteria.md",
                                    "bank/checklists/vendor_sla.md", "brief/vendor_sla.md"]),
], ids=["review-title", "missed-question", "counterparty", "question-wording"])
def test_a_rebuild_after_an_edit_equals_a_cold_build(project: Project, edit: Edit, shown: str,
                                                     pages: list[str]) -> None:
    write_corpus(project)
    settings = load_settings(project.root / "mkdocs.yml")
    release_caches()
    before = build_site(settings)
    assert all(shown not in text for text in before.pages.values())
    edit(project)
    warm = build_site(settings)
    release_caches()
    cold = build_site(settings)
    same(warm, cold)
    assert [uri for uri in pages if shown not in warm.pages[uri]] == []
    changed = {uri for uri in warm.pages if before.pages.get(uri) != warm.pages[uri]}
    assert set(pages) <= changed < set(warm.pages), changed


def test_a_build_makes_no_reference_cycles_so_it_runs_without_the_collector(
        project: Project) -> None:
    """build_site pauses the cyclic garbage collector (a fifth of the core's time at 10,000
    reviews); that is only sound while the build leaves no cycles behind for it to find."""
    write_corpus(project)
    settings = load_settings(project.root / "mkdocs.yml")
    assert len(build_site(settings).pages) > 50
    assert gc.isenabled()  # given back
    release_caches()
    gc.collect()
    gc.disable()  # so that nothing collects the build's garbage before it is counted
    try:
        build_site(settings)
        assert not gc.isenabled()  # left as it was
        release_caches()
        found = gc.collect()
    finally:
        gc.enable()
    assert found == 0


def test_a_rebuild_renders_again_only_the_table_rows_of_the_edited_review(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages listing an edited review are rendered again, and of their rows only that
    review's: the others are the last build's (the rebuild still equals a cold build, above)."""
    write_corpus(project)
    settings = load_settings(project.root / "mkdocs.yml")
    release_caches()
    build_site(settings, told=lambda uri, text: None)  # in this process, as serving
    edit_title(project)
    rendered: list[tuple[str, ...]] = []
    row = RenderedRows.row

    def counted(self: RenderedRows, key: RowKey, objects: tuple[object, ...],
                render: Callable[[], Markup]) -> Markup:
        def noted() -> Markup:
            rendered.append(tuple(o.id for o in objects if isinstance(o, Deal)))
            return render()
        return row(self, key, objects, noted)

    monkeypatch.setattr(RenderedRows, "row", counted)
    warm = build_site(settings, told=lambda uri, text: None)
    assert NEW_TITLE in warm.pages["scenarios/vendor_sla.md"]
    assert NEW_TITLE in warm.pages["patterns/playbook-update-norm.md"]
    # The review tables' rows, the pattern tables' (updates, friction, risks), all its own.
    assert len(rendered) > 5 and set(rendered) == {("kestrel-2026",)}


def test_a_rebuild_writes_again_only_the_calendar_events_of_the_edited_review(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The calendar is written whole on every rebuild; an unchanged review's events are the
    last build's lines (the file still equals a cold build's, above)."""
    write_corpus(project)
    settings = load_settings(project.root / "mkdocs.yml")
    release_caches()
    before = _unfolded(build_site(settings).files[CALENDAR_URI])
    assert OLD_TITLE in before
    assert [line for line in before.splitlines()
            if line.startswith("UID:") and "kestrel-2026" not in line]  # others' events
    edit_title(project)
    written: list[str] = []
    review_lines = calendar._review_lines

    def counted(deal: Any, *args: Any) -> list[str]:
        written.append(deal.id)
        return review_lines(deal, *args)

    monkeypatch.setattr(calendar, "_review_lines", counted)
    warm = _unfolded(build_site(settings).files[CALENDAR_URI])
    assert written == ["kestrel-2026"]
    assert NEW_TITLE.replace(",", "\\,") in warm and OLD_TITLE not in warm  # TEXT escapes ,
    assert warm.count("BEGIN:VEVENT") == before.count("BEGIN:VEVENT")


def _unfolded(ics: bytes) -> str:
    """The calendar's lines as written before folding (RFC 5545: CRLF and a space)."""
    return ics.decode().replace("\r\n ", "")


def test_a_question_curating_a_candidate_renders_again_only_the_pages_that_show_the_bank(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A curated question's wording decides which missed questions match it: reworded, it can
    take a candidate out of the inbox. The pages that show no missed question (the listings,
    the other reviews) are the last build's."""
    write_corpus(project)
    add_missed_question(project)
    settings = load_settings(project.root / "mkdocs.yml")
    release_caches()
    assert [c.question for c in build_site(settings).playbook.bank.candidates] == [MISSED]
    _replace(project.root / "content" / "questions" / "sla-measured.md", OLD_WORDING, MISSED)
    rendered: list[str] = []
    render = templates._render_page

    def counted(page: Page, env: Any, rows: RenderedRows) -> bytes:
        rendered.append(page.uri)
        return render(page, env, rows)

    monkeypatch.setattr(templates, "_render_page", counted)
    warm = build_site(settings)
    assert warm.playbook.bank.candidates == ()
    assert {"questions/sla-measured.md", "deals/kestrel-2026.md"} <= set(rendered)
    listings = [uri for uri in warm.pages if uri.startswith(("tags/", "archive/", "scenarios/"))]
    assert listings and not set(listings) & set(rendered)
    release_caches()
    same(warm, build_site(settings))
