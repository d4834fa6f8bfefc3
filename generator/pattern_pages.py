"""Planning the Patterns section: summaries with charts, and the reviews behind each figure."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .calendar_file import CALENDAR_URI
from .charts import bar_chart
from .follow_through import (
    RECOMMENDED_TEXT,
    NormResult,
    cadence_gaps,
    check_norms,
    renewal_windows,
)
from .link import Playbook
from .model import Deal
from .patterns import (
    LeverageMap,
    summarize_friction,
    summarize_leverage,
    track_updates,
    watch_risks,
)
from .schema import LABELS, LEVERAGE_SOURCES, ROOT_CAUSES
from .settings import Scenario, Settings
from .uris import PATTERNS_URI, PagePlan

# Listing every entry stops paying off long before 10,000 reviews; the rest is counted.
ENTRY_LIMIT = 30


@dataclass(frozen=True)
class Scope:
    """All published reviews, or those of one scenario."""

    key: str
    title: str
    deals: tuple[Deal, ...]


def scopes(playbook: Playbook, settings: Settings) -> list[Scope]:
    """The overall scope first, then one per scenario."""
    return [Scope("all", "All scenarios", playbook.deals)] + [
        Scope(s.key, s.title, playbook.by_scenario.get(s.key, ())) for s in settings.scenarios]


def behind_uri(scope: str, source: str, kind: str) -> str:
    """The page listing the reviews behind one leverage figure."""
    return f"patterns/leverage/{scope}-{source}-{kind}.md"


def plan_pattern_pages(playbook: Playbook, settings: Settings) -> Iterator[PagePlan]:
    """The Patterns section: one page per summary, plus the reviews behind each figure."""
    today = settings.today
    all_scopes = scopes(playbook, settings)
    yield PATTERNS_URI, "patterns_index.md.j2", {}, {
        "scopes": all_scopes, "updates": track_updates(playbook.deals, today),
        "renewals": renewal_windows(playbook.deals, today),
        "risks": watch_risks(playbook.deals, today),
    }
    yield from _leverage(all_scopes)
    yield from _friction(all_scopes)
    yield from _timing(all_scopes, playbook, today)
    yield "patterns/playbook-updates.md", "pattern_updates.md.j2", {}, {
        "tracker": track_updates(playbook.deals, today)}
    windows = renewal_windows(playbook.deals, today)
    yield "patterns/renewals.md", "pattern_renewals.md.j2", {}, {
        "windows": windows, "calendar_uri": CALENDAR_URI,
        "chart": bar_chart("renewals", "Renewals by window", [w[0] for w in windows], [
            ("Notice deadline passed", [sum(r.notice_passed for r in w[1]) for w in windows]),
            ("Notice still possible", [sum(not r.notice_passed for r in w[1])
                                       for w in windows])], stacked=True),
    }
    risks = watch_risks(playbook.deals, today)
    yield "patterns/risks.md", "pattern_risks.md.j2", {}, {
        "groups": [(s, [w for w in risks if w.deal.scenario == s.key])
                   for s in settings.scenarios],
        "unmitigated": sum(1 for w in risks if not w.risk.mitigation),
    }


def _leverage(all_scopes: Sequence[Scope]) -> Iterator[PagePlan]:
    maps = [(scope, summarize_leverage(scope.deals)) for scope in all_scopes]
    yield "patterns/leverage.md", "pattern_leverage.md.j2", {}, {
        "maps": [(scope, lever, _leverage_chart(scope, lever)) for scope, lever in maps],
        "behind": behind_uri,
    }
    for scope, lever in maps:
        for tally in lever.sources:
            for kind, deals in (("proven", tally.proven), ("assumed", tally.assumed)):
                if deals:
                    title = (f"{tally.source.capitalize()} leverage {kind}: {scope.title}")
                    yield behind_uri(scope.key, tally.source, kind), "listing.md.j2", {}, {
                        "title": title, "intro": "", "deals": deals, "kind": "figure",
                        "key": ""}


def _leverage_chart(scope: Scope, lever: LeverageMap) -> Any:
    return bar_chart(f"leverage-{scope.key}", f"Leverage: {scope.title}",
                     [s.capitalize() for s in LEVERAGE_SOURCES], [
                         ("Proven: moved them", [len(t.proven) for t in lever.sources]),
                         ("Assumed: did not", [len(t.assumed) for t in lever.sources])])


def _friction(all_scopes: Sequence[Scope]) -> Iterator[PagePlan]:
    splits = [(scope, summarize_friction(scope.deals)) for scope in all_scopes]
    per_scenario = splits[1:]
    yield "patterns/friction.md", "pattern_friction.md.j2", {}, {
        "splits": splits, "overall": splits[0][1], "limit": ENTRY_LIMIT,
        "chart": bar_chart("friction", "Friction by root cause",
                           [scope.title for scope, _ in per_scenario],
                           [(LABELS[c], [split.counts[c] for _, split in per_scenario])
                            for c in ROOT_CAUSES], stacked=True),
    }


def _timing(all_scopes: Sequence[Scope], playbook: Playbook, today: date
            ) -> Iterator[PagePlan]:
    results = [(scope, check_norms(scope.deals)) for scope in all_scopes]
    overall = results[0][1]
    yield "patterns/follow-through.md", "pattern_follow_through.md.j2", {}, {
        "results": results,
        "chart": bar_chart("timeliness", "Share of reviews meeting each norm",
                           [r.norm.label for r in overall],
                           [(scope.title, [_percent(r) for r in found])
                            for scope, found in results], percent=True),
        "cadence_gaps": cadence_gaps(playbook.deals), "recommended": RECOMMENDED_TEXT,
    }


def _percent(result: NormResult) -> float | None:
    return None if result.share is None else round(100 * result.share)


def scenario_scope(playbook: Playbook, scenario: Scenario) -> Scope:
    """The scope of one scenario, for the briefs."""
    return Scope(scenario.key, scenario.title, playbook.by_scenario.get(scenario.key, ()))
