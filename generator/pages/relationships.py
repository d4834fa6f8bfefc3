"""Planning the after-signature pages: relationship health, changes and scope, escalations,
second debriefs, and the reviews behind each of their figures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.base.uris import (
    CHANGES_URI,
    ESCALATIONS_URI,
    HEALTH_URI,
    SECOND_DEBRIEFS_URI,
    PagePlan,
    relationship_uri,
)
from generator.check.model import Deal
from generator.link.logs import logs_of
from generator.link.playbook import Playbook, newest_first
from generator.pages.patterns import ENTRY_LIMIT, Scope, scopes
from generator.read.settings import Settings
from generator.schema.fields import CHANGE_KINDS, RAG
from generator.summarize.changes import open_requests, scope_figures
from generator.summarize.escalations import LADDER, time_escalations
from generator.summarize.relationships import (
    DebriefState,
    Standings,
    debrief_state,
    needing_attention,
)

DEBRIEF_STATES = ("overdue", "due", "done", "not_recorded")


@dataclass(frozen=True)
class Figure:
    """A count on a summary page, and the page listing the reviews behind it."""

    count: int
    total: int
    uri: str

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.total) if self.total else None


@dataclass
class Figures:
    """The figures of the pages being planned, and the listing each one links to."""

    listings: dict[str, tuple[str, tuple[Deal, ...]]] = field(default_factory=dict)

    def __call__(self, scope: Scope, key: str, title: str, deals: Iterable[Deal], total: int
                 ) -> Figure:
        found = newest_first(set(deals))
        uri = relationship_uri(scope.key, key)
        if found:
            self.listings[uri] = (f"{title} ({scope.title})", found)
        return Figure(len(found), total, uri)


def plan_relationship_pages(playbook: Playbook, settings: Settings, standings: Standings
                            ) -> Iterator[PagePlan]:
    """The four after-signature pages of the Patterns section and their figures' listings."""
    today, figure = settings.today, Figures()
    all_scopes = scopes(playbook, settings)
    yield _health(playbook, all_scopes, standings, figure, settings.audience)
    yield _changes(playbook, all_scopes, today, figure)
    yield _escalations(playbook, all_scopes, today, figure)
    yield _debriefs(playbook, all_scopes, today, figure, settings.audience)
    for uri, (title, deals) in figure.listings.items():
        yield uri, "listing.md.j2", {}, {"title": title, "intro": "", "deals": deals,
                                         "kind": "figure", "key": ""}


def _health(playbook: Playbook, all_scopes: Sequence[Scope], standings: Standings,
            figure: Figures, audience: str) -> PagePlan:
    rows = []
    for scope in all_scopes:
        found = standings(logs_of(scope.deals, playbook.logs))
        rows.append((scope, len(found), [figure(
            scope, status, f"Latest status {status}", (s.deal for s in found
                                                       if s.status == status), len(found))
            for status in RAG]))
    every = standings(logs_of(playbook.deals, playbook.logs))
    attention = needing_attention(every, standings.today)
    unlogged = [d for d in playbook.deals if d.signed and d.id not in playbook.logs
                and not withheld(d, audience)]
    return HEALTH_URI, "pattern_health.md.j2", {}, {
        "rows": rows, "attention": attention, "limit": ENTRY_LIMIT, "logged": len(every),
        "unlogged": figure(all_scopes[0], "no-log", "Signed, no log yet", unlogged,
                           len(playbook.deals)),
        "falling": figure(all_scopes[0], "pulse-falling", "Pulse falling",
                          (s.deal for s in attention.falling), len(every)),
        "lapsed": figure(all_scopes[0], "lapsed", "Check-ins lapsed",
                         (s.deal for s, _ in attention.lapsed), len(every)),
        "mix": [(scope.title, [f.count for f in figures]) for scope, _, figures in rows],
    }


def _changes(playbook: Playbook, all_scopes: Sequence[Scope], today: date, figure: Figures
             ) -> PagePlan:
    rows = []
    for scope in all_scopes:
        pairs = logs_of(scope.deals, playbook.logs)
        found = scope_figures(pairs)
        rows.append((scope, found, figure(scope, "changes", "Changes after signature",
                                          (c.deal for c in found.changes), len(pairs)),
                     figure(scope, "absorbed", "Work absorbed without a change request",
                            (c.deal for c in found.absorbed), len(pairs))))
    overall = rows[0][1]
    waiting = open_requests(overall)
    return CHANGES_URI, "pattern_changes.md.j2", {}, {
        "rows": rows, "waiting": [(c, c.age(today)) for c in waiting[:ENTRY_LIMIT]],
        "waiting_count": len(waiting), "limit": ENTRY_LIMIT,
        "kinds": [(kind, overall.of_kind(kind)[:ENTRY_LIMIT], len(overall.of_kind(kind)))
                  for kind in CHANGE_KINDS if kind != "change_request"],
        "absorbed": overall.absorbed[:ENTRY_LIMIT],
    }


def _escalations(playbook: Playbook, all_scopes: Sequence[Scope], today: date, figure: Figures
                 ) -> PagePlan:
    rows = []
    for scope in all_scopes:
        pairs = logs_of(scope.deals, playbook.logs)
        timed = time_escalations(pairs, today)
        missed = [t for t in timed if t.missed(today)]
        rows.append((scope, len(pairs), figure(
            scope, "escalated", "Escalated", (t.deal for t in timed), len(pairs)),
            len(timed), figure(scope, "missed", "Escalation past its limit",
                               (t.deal for t in missed), len(timed))))
    timed = time_escalations(logs_of(playbook.deals, playbook.logs), today)
    levels = [(level, limit, [t for t in timed if t.escalation.level == level])
              for level, limit in LADDER.items()]
    missed = [t for t in timed if t.missed(today)]
    return ESCALATIONS_URI, "pattern_escalations.md.j2", {}, {
        "rows": rows, "limit": ENTRY_LIMIT, "missed": missed[:ENTRY_LIMIT],
        "missed_count": len(missed),
        "open": [t for t in timed if not t.resolved][:ENTRY_LIMIT],
        "levels": [(level, limit, len(found), figure(
            all_scopes[0], f"level-{level}", f"Escalated to level {level}",
            (t.deal for t in found), len(found)), figure(
            all_scopes[0], f"level-{level}-missed", f"Level {level} past its limit",
            (t.deal for t in found if t.missed(today)), len(found)))
            for level, limit, found in levels],
    }


def _debriefs(playbook: Playbook, all_scopes: Sequence[Scope], today: date, figure: Figures,
              audience: str) -> PagePlan:
    rows = []
    for scope in all_scopes:
        states = _debrief_states(scope.deals, playbook, audience)
        rows.append((scope, len(states), [figure(
            scope, f"debrief-{state.replace('_', '-')}",
            f"Second debrief {state.replace('_', ' ')}",
            (s.deal for s in states if s.state(today) == state), len(states))
            for state in DEBRIEF_STATES]))
    every = _debrief_states(playbook.deals, playbook, audience)
    by_state = {state: sorted((s for s in every if s.state(today) == state),
                              key=lambda s: (s.due, s.deal.id)) for state in DEBRIEF_STATES}
    held = [(s, playbook.logs[s.deal.id].second_debrief) for s in reversed(by_state["done"])]
    return SECOND_DEBRIEFS_URI, "pattern_second_debriefs.md.j2", {}, {
        "rows": rows, "limit": ENTRY_LIMIT, "states": DEBRIEF_STATES,
        "overdue": by_state["overdue"][:ENTRY_LIMIT], "due": by_state["due"][:ENTRY_LIMIT],
        "held": held[:ENTRY_LIMIT], "unrecorded": by_state["not_recorded"][:ENTRY_LIMIT],
    }


def withheld(deal: Deal, audience: str) -> bool:
    """Whether this build leaves the review's log out (`log` confidential, public build): its
    relationship is then neither counted nor said to lack a log."""
    return audience == "public" and "log" in deal.confidential


def _debrief_states(deals: Iterable[Deal], playbook: Playbook, audience: str
                    ) -> list[DebriefState]:
    return [s for d in deals if not withheld(d, audience)
            and (s := debrief_state(d, playbook.logs.get(d.id)))]


def relationship_context(deal: Deal, playbook: Playbook, standings: Standings
                         ) -> dict[str, Any]:
    """What a review page shows of the relationship: its standing, if it has a log, and its
    second debrief, if it is signed."""
    log = playbook.logs.get(deal.id)
    return {"relationship": None if log is None else standings.of(deal, log),
            "debrief": debrief_state(deal, log)}
