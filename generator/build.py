"""The one orchestrator: read everything, then link, then plan and render pages."""

from __future__ import annotations

import gc
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.base.diagnostics import Diagnostic
from generator.base.parallel import meanwhile
from generator.base.uris import CALENDAR_URI
from generator.check.load import Corpus, forget_parses, read_corpus
from generator.check.model import Deal
from generator.link.audience import for_audience, revealing_ids
from generator.link.logs import attach_logs
from generator.link.plans import plans_for_audience
from generator.link.playbook import Playbook, link_playbook
from generator.link.questionbank import curation_advice
from generator.link.relevance import forget_scores
from generator.link.similar import forget_picks
from generator.pages.plan import forget_standings, plan_pages
from generator.read.cache import ResultCache, inputs_signature
from generator.read.settings import Settings
from generator.read.tree import ContentTree
from generator.render.calendar import forget_events, render_calendar
from generator.render.packed import RenderedPages, Told
from generator.render.shipped import find_template, template_dirs
from generator.render.templates import (
    compile_templates,
    forget_renders,
    make_environment,
    render_pages,
)
from generator.schema.fields import (
    EARLIEST_DATE,
    EXTENSION_PREFIX,
    FINAL_REVIEW,
    LATEST_DATE,
    LOG,
    QUESTION,
    REVIEW,
    format_rows,
)
from generator.schema.plans import PLAN

EXAMPLE_REVIEW = "example-review.md"


@dataclass(frozen=True)
class BuildResult:
    """The generated Markdown pages and other files (the calendar); `diagnostics` are content
    problems, `advice` is curation work (a build reports it without failing, `dealbook check`
    warns)."""

    pages: RenderedPages
    files: dict[str, bytes]
    diagnostics: tuple[Diagnostic, ...]
    advice: tuple[Diagnostic, ...]
    playbook: Playbook
    tree: ContentTree  # what MkDocs may publish of content/ as it is, and what it must not


_RESULTS: ResultCache[BuildResult] = ResultCache()


def check_content(settings: Settings) -> tuple[Corpus, Playbook, tuple[Diagnostic, ...]]:
    """Read, validate and link all content (every audience's) without rendering anything."""
    corpus = read_corpus(settings)
    playbook = link_playbook(corpus.deals, corpus.questions, plans=corpus.plans)
    return corpus, playbook, shortfalls(corpus.deals) + tuple(
        curation_advice(playbook.bank) + revealing_ids(corpus.deals)) + corpus.plan_advice


def shortfalls(deals: tuple[Deal, ...]) -> tuple[Diagnostic, ...]:
    """Where final reviews fall short of the one-page form (completeness.py)."""
    return tuple(d for deal in deals for d in deal.shortfalls)


def build_site(settings: Settings, told: Told | None = None) -> BuildResult:
    """Generate every page of the site as Markdown, keyed by URI, with all diagnostics.
    Unchanged inputs give the previous result at once (`mkdocs serve` rebuilds often).
    `told` is given each page rendered anew as soon as it is (render/templates.py)."""
    templates = inputs_signature(*template_dirs(settings))
    # All of content/: a page saved outside the review folders may be a review to refuse.
    signature = (settings, inputs_signature(settings.docs_dir, *(
                     folder for folder in (settings.deals_dir, settings.questions_dir)
                     if not folder.is_relative_to(settings.docs_dir))),
                 templates,
                 # Commits re-date reviews; `git status` touches the index, so not that.
                 inputs_signature(settings.root / ".git" / "logs" / "HEAD"))
    cached = _RESULTS.get(signature)
    if cached is None:
        with _collector_paused():
            cached = _build(settings, templates, told)
        _RESULTS.put(signature, cached)
    return cached


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while building. The build makes millions of objects and
    no reference cycles (a collection right after it finds nothing), so the collector would
    only walk them again and again: 28 full passes, about a fifth of the core's time, at
    10,000 reviews (33.0 s against 26.3 s in one process)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def release_caches() -> None:
    """Forget every cached parse and result, for a process that builds once."""
    _RESULTS.clear()
    forget_parses()
    forget_picks()
    forget_scores()
    forget_events()
    forget_renders()
    forget_standings()


def _build(settings: Settings, templates: Hashable, told: Told | None) -> BuildResult:
    """The whole build; `templates` is the templates' version (their files' signature)."""
    env = make_environment(template_dirs(settings), templates)
    with meanwhile(partial(compile_templates, env)):
        corpus = read_corpus(settings)
    playbook = link_playbook(for_audience(corpus.deals, settings.audience), corpus.questions,
                             attach_logs(corpus.deals, corpus.logs, settings.audience),
                             plans_for_audience(corpus.plans, settings.audience))
    advice = shortfalls(corpus.deals) + tuple(curation_advice(playbook.bank)
                                              + revealing_ids(corpus.deals)) + corpus.plan_advice
    planned = plan_pages(playbook, settings, how_to_context(settings),
                         frozenset(d.path for d in corpus.deals))
    with meanwhile(partial(render_calendar, playbook.deals, settings.today, playbook.renewed_by,
                           settings.site_url, playbook.logs, playbook.plans.open)) as calendar:
        pages = render_pages(planned, env, told)
    files = {CALENDAR_URI: calendar.result()}
    return BuildResult(pages, files, corpus.diagnostics, advice, playbook, corpus.tree)


def how_to_context(settings: Settings) -> dict[str, Any]:
    """What the "How to write a review" page shows, all of it derived from the schema."""
    return {
        "review_rows": format_rows(REVIEW),
        "final_rules": FINAL_REVIEW,
        "question_rows": format_rows(QUESTION),
        "plan_rows": format_rows(PLAN),
        "log_rows": format_rows(LOG),
        "example": find_template(settings, EXAMPLE_REVIEW).read_text(encoding="utf-8"),
        "scenarios": settings.scenarios,
        "extension_prefix": EXTENSION_PREFIX,
        "earliest_date": EARLIEST_DATE, "latest_date": LATEST_DATE,
    }
