"""The one orchestrator: read everything, then link, then plan and render pages."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from .audience import for_audience
from .cache import ResultCache, inputs_signature
from .calendar_file import CALENDAR_URI, render_calendar
from .diagnostics import Diagnostic
from .link import Playbook, link_playbook
from .load import Corpus, forget_parses, read_corpus
from .pages import plan_pages
from .questionbank import curation_advice
from .render import make_environment, render_pages
from .schema import EXTENSION_PREFIX, QUESTION, REVIEW, format_rows
from .settings import Settings
from .shipped import find_template, template_dirs

EXAMPLE_REVIEW = "example-review.md"


@dataclass(frozen=True)
class BuildResult:
    """The generated Markdown pages and other files (the calendar); `diagnostics` are content
    problems, `advice` is curation work (a build reports it without failing, `dealbook check`
    warns)."""

    pages: dict[str, str]
    files: dict[str, bytes]
    diagnostics: tuple[Diagnostic, ...]
    advice: tuple[Diagnostic, ...]
    playbook: Playbook


_RESULTS: ResultCache[BuildResult] = ResultCache()


def check_content(settings: Settings) -> tuple[Corpus, Playbook, tuple[Diagnostic, ...]]:
    """Read, validate and link all content (every audience's) without rendering anything."""
    corpus = read_corpus(settings)
    playbook = link_playbook(corpus.deals, corpus.questions)
    return corpus, playbook, tuple(curation_advice(playbook.bank))


def build_site(settings: Settings) -> BuildResult:
    """Generate every page of the site as Markdown, keyed by URI, with all diagnostics.
    Unchanged inputs give the previous result at once (`mkdocs serve` rebuilds often)."""
    templates = inputs_signature(*template_dirs(settings))
    signature = (settings, inputs_signature(settings.deals_dir, settings.questions_dir),
                 templates,
                 # Commits re-date reviews; `git status` touches the index, so not that.
                 inputs_signature(settings.root / ".git" / "logs" / "HEAD"))
    cached = _RESULTS.get(signature)
    if cached is None:
        cached = _build(settings, templates)
        _RESULTS.put(signature, cached)
    return cached


def release_caches() -> None:
    """Forget every cached parse and result, for a process that builds once."""
    _RESULTS.clear()
    forget_parses()


def _build(settings: Settings, templates: Hashable) -> BuildResult:
    """The whole build; `templates` is the templates' version (their files' signature)."""
    corpus = read_corpus(settings)
    playbook = link_playbook(for_audience(corpus.deals, settings.audience), corpus.questions)
    advice = tuple(curation_advice(playbook.bank))
    how_to = {
        "review_rows": format_rows(REVIEW),
        "question_rows": format_rows(QUESTION),
        "example": find_template(settings, EXAMPLE_REVIEW).read_text(encoding="utf-8"),
        "scenarios": settings.scenarios,
        "extension_prefix": EXTENSION_PREFIX,
    }
    env = make_environment(template_dirs(settings), templates)
    pages = render_pages(plan_pages(playbook, settings, how_to), env)
    files = {CALENDAR_URI: render_calendar(playbook.deals, settings.today, playbook.renewed_by,
                                           settings.site_url)}
    return BuildResult(pages, files, corpus.diagnostics, advice, playbook)
