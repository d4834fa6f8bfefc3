"""Planning the Patterns section: summaries with charts, and the reviews behind each figure."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.base.uris import (
    CADENCE_GAPS_URI,
    CALENDAR_URI,
    DEADLOCKS_URI,
    FOLLOW_THROUGH_URI,
    FRICTION_URI,
    LEVERAGE_URI,
    PATTERNS_URI,
    PLANNING_ACCURACY_URI,
    RENEWALS_URI,
    RISKS_URI,
    UPDATES_NORM_URI,
    UPDATES_URI,
    PagePlan,
    friction_uri,
    leverage_uri,
    met_uri,
    missed_uri,
    owner_uri,
    owners_uri,
    renewals_uri,
    risks_uri,
    unrecorded_uri,
)
from generator.check.model import Deal
from generator.link.logs import logs_of
from generator.link.playbook import Playbook
from generator.pages.chart import BarChart
from generator.read.settings import Scenario, Settings
from generator.schema.fields import DEAL_TYPES, LABELS, LEVERAGE_SOURCES, ROOT_CAUSES
from generator.schema.slugs import unique_slugs
from generator.summarize.follow_through import (
    RECOMMENDED_TEXT,
    SLOWEST_RECOMMENDED,
    NormResult,
    Window,
    cadence_gaps,
    check_norms,
    renewal_windows,
)
from generator.summarize.patterns import (
    LeverageMap,
    OwnerUpdates,
    UpdatesTracker,
    WatchedRisk,
    summarize_friction,
    summarize_leverage,
    track_updates,
    watch_risks,
)
from generator.summarize.relationships import Standing, Standings, later_leverage

# Listing every entry stops paying off long before 10,000 reviews: a summary page shows the
# first ENTRY_LIMIT entries of a list and links to a page of all of them (or counts the rest),
# so that it stays small and the live preview rarely has to rebuild it.
ENTRY_LIMIT = 30
# Deals named in one cell of the follow-through norms table; the rest are on their own page.
MISSED_SHOWN = 3
# Slugs no owner may take: the A-Z index's folder (owners_uri), and "index", the summary's.
RESERVED_SLUGS = frozenset({"index", "owners"})


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


def plan_pattern_pages(playbook: Playbook, settings: Settings, standings: Standings
                       ) -> Iterator[PagePlan]:
    """The Patterns section: one page per summary, plus the reviews behind each figure."""
    today = settings.today
    all_scopes = scopes(playbook, settings)
    windows = renewal_windows(playbook.deals, today, playbook.renewed_by)
    tracker = track_updates(playbook.deals, today)
    yield PATTERNS_URI, "patterns_index.md.j2", {}, {
        "scopes": all_scopes, "updates": tracker,
        "notices": {w.key: len(w.renewals) for w in windows},
        "risks": watch_risks(playbook.deals, today),
        "with_plans": settings.audience != "public",  # plans are never public
        "deadlocks_uri": DEADLOCKS_URI, "accuracy_uri": PLANNING_ACCURACY_URI,
    }
    yield from _leverage(all_scopes, playbook)
    yield from _friction(all_scopes)
    yield from _timing(all_scopes, playbook, today)
    yield from _updates(tracker, today)
    yield from _renewals(windows, {s.deal.id: s for s in standings(
        logs_of(playbook.deals, playbook.logs))})
    yield from _risks(playbook, settings)


def _leverage(all_scopes: Sequence[Scope], playbook: Playbook) -> Iterator[PagePlan]:
    maps = [(scope, summarize_leverage(scope.deals)) for scope in all_scopes]
    # What second debriefs confirmed or refuted once the deal ran (relationship logs).
    later = {scope.key: later_leverage(logs_of(scope.deals, playbook.logs))
             for scope in all_scopes}
    yield LEVERAGE_URI, "pattern_leverage.md.j2", {}, {
        "maps": [(scope, lever, _leverage_chart(scope, lever)) for scope, lever in maps],
        "behind": leverage_uri, "later": later,
    }
    for scope, lever in maps:
        for tally in lever.sources:
            for kind, deals in (("proven", tally.proven), ("assumed", tally.assumed),
                                *later[scope.key][tally.source].items()):
                if deals:
                    title = (f"{tally.source.capitalize()} leverage {kind}: {scope.title}")
                    yield leverage_uri(scope.key, tally.source, kind), "listing.md.j2", {}, {
                        "title": title, "intro": "", "deals": deals, "kind": "figure",
                        "key": ""}


def _leverage_chart(scope: Scope, lever: LeverageMap) -> Any:
    return BarChart(f"leverage-{scope.key}", f"Leverage: {scope.title}",
                     tuple(s.capitalize() for s in LEVERAGE_SOURCES), (
                         ("Proven: moved them", tuple(len(t.proven) for t in lever.sources)),
                         ("Assumed: did not", tuple(len(t.assumed) for t in lever.sources))))


def _friction(all_scopes: Sequence[Scope]) -> Iterator[PagePlan]:
    splits = [(scope, summarize_friction(scope.deals)) for scope in all_scopes]
    per_scenario = splits[1:]
    yield FRICTION_URI, "pattern_friction.md.j2", {}, {
        "splits": splits, "overall": splits[0][1], "limit": ENTRY_LIMIT,
        "friction_uri": friction_uri,
        "chart": BarChart("friction", "Friction by root cause",
                           tuple(scope.title for scope, _ in per_scenario),
                           tuple((LABELS[c], tuple(split.counts[c] for _, split in per_scenario))
                                 for c in ROOT_CAUSES), stacked=True),
    }
    for scope, split in splits:
        for cause, entries in split.entries.items():
            if entries:
                yield friction_uri(scope.key, cause), "pattern_friction_cause.md.j2", {}, {
                    "scope": scope, "cause": cause, "entries": entries}


def _timing(all_scopes: Sequence[Scope], playbook: Playbook, today: date
            ) -> Iterator[PagePlan]:
    results = [(scope, check_norms(scope.deals)) for scope in all_scopes]
    overall = results[0][1]
    gaps = cadence_gaps(playbook.deals)
    yield FOLLOW_THROUGH_URI, "pattern_follow_through.md.j2", {}, {
        "results": results,
        "chart": BarChart("timeliness", "Share of reviews meeting each norm",
                           tuple(r.norm.label for r in overall),
                           tuple((scope.title, tuple(_percent(r) for r in found))
                                 for scope, found in results), percent=True),
        "cadence_gaps": gaps, "recommended": RECOMMENDED_TEXT, "limit": ENTRY_LIMIT,
        "slowest": SLOWEST_RECOMMENDED,
        "gaps_by_type": [(t, sum(1 for g in gaps if g.deal.deal_type == t)) for t in DEAL_TYPES],
        "shown": MISSED_SHOWN, "missed_uri": missed_uri, "gaps_uri": CADENCE_GAPS_URI,
        "met_uri": met_uri, "unrecorded_uri": unrecorded_uri,
    }
    for scope, found in results:
        for result in found:
            if result.met:
                yield met_uri(scope.key, result.norm.key), "listing.md.j2", {}, {
                    "title": f"Met: {result.norm.label} ({scope.title})",
                    "intro": f"The signed reviews that met the norm ({result.norm.rule}).",
                    "deals": result.met, "kind": "figure", "key": ""}
            if result.unrecorded:
                yield unrecorded_uri(scope.key, result.norm.key), "listing.md.j2", {}, {
                    "title": f"Not recorded: {result.norm.label} ({scope.title})",
                    "intro": "The signed reviews that give no date for this step, so it "
                             "cannot be measured against the norm.",
                    "deals": result.unrecorded, "kind": "figure", "key": ""}
            if len(result.missed) > MISSED_SHOWN:
                yield missed_uri(scope.key, result.norm.key), "pattern_missed.md.j2", {}, {
                    "scope": scope, "result": result}
    if len(gaps) > ENTRY_LIMIT:
        yield CADENCE_GAPS_URI, "pattern_cadence_gaps.md.j2", {}, {
            "cadence_gaps": gaps, "slowest": SLOWEST_RECOMMENDED}


def _renewals(windows: Sequence[Window], standing: dict[str, Standing]
              ) -> Iterator[PagePlan]:
    """The renewal calendar by notice deadline, each with how the relationship stands (what
    to walk into the renewal with); a window past ENTRY_LIMIT links to all of it."""
    yield RENEWALS_URI, "pattern_renewals.md.j2", {}, {
        "windows": windows, "calendar_uri": CALENDAR_URI, "limit": ENTRY_LIMIT,
        "standing": standing,
        "window_uri": renewals_uri,
        "chart": BarChart("renewals", "Notice deadlines by window",
                           tuple(w.short for w in windows),
                           (("Notice deadlines", tuple(len(w.renewals) for w in windows)),)),
    }
    for window in windows:
        if len(window.renewals) > ENTRY_LIMIT:
            yield renewals_uri(window.key), "pattern_renewals_window.md.j2", {}, {
                "window": window, "standing": standing}


def _risks(playbook: Playbook, settings: Settings) -> Iterator[PagePlan]:
    """The watchlist, a few risks per scenario (no mitigation first), and all of each."""
    risks = watch_risks(playbook.deals, settings.today)
    groups = [(s, [w for w in risks if w.deal.scenario == s.key]) for s in settings.scenarios]
    yield RISKS_URI, "pattern_risks.md.j2", {}, {
        "groups": [(s, found, _unmitigated(found)) for s, found in groups],
        "limit": ENTRY_LIMIT, "risks_uri": risks_uri, "unmitigated": _unmitigated(risks),
    }
    for scenario, found in groups:
        if found:
            yield risks_uri(scenario.key), "pattern_risks_scenario.md.j2", {}, {
                "scenario": scenario, "risks": found, "unmitigated": _unmitigated(found)}


def _unmitigated(risks: Iterable[WatchedRisk]) -> int:
    return sum(1 for w in risks if not w.risk.mitigation)


def _updates(tracker: UpdatesTracker, today: date) -> Iterator[PagePlan]:
    """The tracker's summary, a page per owner and, past ENTRY_LIMIT owners, an A-Z index."""
    owners = tracker.owners
    slugs = owner_slugs(o.owner for o in owners)
    uri_of = {o.owner: owner_uri(slugs[o.owner]) for o in owners}
    by_initial: dict[str, list[OwnerUpdates]] = defaultdict(list)
    if len(owners) > ENTRY_LIMIT:
        for owner in owners:
            by_initial[initial(owner.owner)].append(owner)
    yield UPDATES_URI, "pattern_updates.md.j2", {}, {
        "tracker": tracker, "limit": ENTRY_LIMIT, "owner_pages": uri_of,
        "owners": sorted(owners, key=_most_to_chase)[:ENTRY_LIMIT], "owner_count": len(owners),
        "overdue": [(i, (today - i.update.due).days) for i in tracker.overdue[:ENTRY_LIMIT]],
        "initials": [(_letter(key), owners_uri(key)) for key in sorted(
            by_initial, key=lambda k: (k == "other", k))],
        "norm_uri": UPDATES_NORM_URI,
    }
    if tracker.measured or tracker.undated:
        yield UPDATES_NORM_URI, "pattern_update_norm.md.j2", {}, {
            "tracker": tracker, "owner_pages": uri_of, "updates_uri": UPDATES_URI}
    for owner in owners:
        yield uri_of[owner.owner], "pattern_updates_owner.md.j2", {}, {"owner": owner}
    for key, group in by_initial.items():
        yield owners_uri(key), "pattern_updates_owners.md.j2", {}, {
            "letter": _letter(key), "owners": group, "owner_pages": uri_of}


def _most_to_chase(owner: OwnerUpdates) -> tuple[int, date, int]:
    """Most overdue updates first, then the longest overdue, then the most open."""
    return (-owner.count("overdue"), owner.items[0].update.due if owner.count("overdue")
            else date.max, -owner.count("open"))


def owner_slugs(owners: Iterable[str]) -> dict[str, str]:
    """A unique, file-safe slug per owner name; in a clash, the later name gets -2, -3…"""
    names = list(owners)
    return dict(zip(names, unique_slugs(names, RESERVED_SLUGS), strict=True))


def initial(name: str) -> str:
    """The letter a name is filed under in an A-Z index (accents dropped), or "other"."""
    first = unicodedata.normalize("NFKD", name.strip())[:1].lower()
    return first if "a" <= first <= "z" else "other"


def _letter(initial: str) -> str:
    return "Other" if initial == "other" else initial.upper()


def _percent(result: NormResult) -> float | None:
    return None if result.share is None else round(100 * result.share)


def scenario_scope(playbook: Playbook, scenario: Scenario) -> Scope:
    """The scope of one scenario, for the briefs."""
    return Scope(scenario.key, scenario.title, playbook.by_scenario.get(scenario.key, ()))
