"""Pattern summaries across reviews: leverage, friction, playbook updates and risks.

Every figure is computed here, from published reviews only, so templates just present it.
Date-relative figures use the configured "today" (see follow_through.py for the timing ones).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from generator.check.model import Deal, PlaybookUpdate, Risk
from generator.schema.fields import LEVERAGE_SOURCES, ROOT_CAUSES

PLAYBOOK_NORM_DAYS = 7


@dataclass(frozen=True)
class SourceTally:
    """How often one leverage source was proven and how often only assumed."""

    source: str
    proven: tuple[Deal, ...]
    assumed: tuple[Deal, ...]

    @property
    def overrated(self) -> bool:
        """Often assumed, rarely proven: assumed in 2+ reviews, proven in under half as many."""
        return len(self.assumed) >= 2 and 2 * len(self.proven) < len(self.assumed)


@dataclass(frozen=True)
class LeverageMap:
    deals: int
    sources: tuple[SourceTally, ...]

    @property
    def overrated(self) -> tuple[SourceTally, ...]:
        return tuple(s for s in self.sources if s.overrated)

    @property
    def worked(self) -> tuple[SourceTally, ...]:
        """Sources proven at least once, most often proven first."""
        return tuple(sorted((s for s in self.sources if s.proven),
                            key=lambda s: (-len(s.proven), LEVERAGE_SOURCES.index(s.source))))

    @property
    def unproven(self) -> tuple[SourceTally, ...]:
        """Sources assumed but never proven, or often assumed and rarely proven: most often
        assumed first."""
        return tuple(sorted((s for s in self.sources if s.assumed and (not s.proven
                                                                         or s.overrated)),
                            key=lambda s: (-len(s.assumed), LEVERAGE_SOURCES.index(s.source))))


def summarize_leverage(deals: Sequence[Deal]) -> LeverageMap:
    """Per source: the reviews that proved it and those that only assumed it."""
    return LeverageMap(len(deals), tuple(
        SourceTally(source, tuple(d for d in deals if source in d.leverage.proven),
                    tuple(d for d in deals if source in d.leverage.assumed))
        for source in LEVERAGE_SOURCES))


@dataclass(frozen=True, slots=True)
class FrictionEntry:
    deal: Deal
    what: str
    root_cause: str


@dataclass(frozen=True)
class FrictionSplit:
    counts: dict[str, int]
    entries: dict[str, tuple[FrictionEntry, ...]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def summarize_friction(deals: Sequence[Deal]) -> FrictionSplit:
    """Friction entries by root cause, newest review first."""
    entries: dict[str, list[FrictionEntry]] = {cause: [] for cause in ROOT_CAUSES}
    for deal in deals:
        for friction in deal.friction:
            entries[friction.root_cause].append(FrictionEntry(deal, friction.what,
                                                              friction.root_cause))
    return FrictionSplit({c: len(e) for c, e in entries.items()},
                         {c: tuple(e) for c, e in entries.items()})


@dataclass(frozen=True, slots=True)
class TrackedUpdate:
    deal: Deal
    update: PlaybookUpdate
    state: str
    # Made within 7 days of signing, on its `done` date; None where that cannot be told yet:
    # an unsigned deal, an update done without a date, or one still inside the 7 days.
    met_norm: bool | None


def _met_norm(deal: Deal, update: PlaybookUpdate, today: date) -> bool | None:
    if deal.signed is None:
        return None
    deadline = deal.signed + timedelta(days=PLAYBOOK_NORM_DAYS)
    if update.done:
        return None if update.done_on is None else update.done_on <= deadline
    return False if today > deadline else None


@dataclass(frozen=True)
class OwnerUpdates:
    """One owner's updates, overdue first, then open, then done."""

    owner: str
    items: tuple[TrackedUpdate, ...]

    def count(self, state: str) -> int:
        return sum(1 for item in self.items if item.state == state)


@dataclass(frozen=True)
class UpdatesTracker:
    by_owner: tuple[tuple[str, tuple[TrackedUpdate, ...]], ...]
    counts: dict[str, int]
    met_norm: int
    measured: int
    undated: int  # done, but without the date it was done: not measured against the norm

    @property
    def share_met_norm(self) -> float | None:
        return self.met_norm / self.measured if self.measured else None

    @property
    def measured_items(self) -> tuple[TrackedUpdate, ...]:
        """The updates measured against the 7-day norm: missed first, then met; by due date."""
        return tuple(sorted((i for _, items in self.by_owner for i in items
                             if i.met_norm is not None),
                            key=lambda i: (bool(i.met_norm), i.update.due, i.deal.id)))

    @property
    def undated_items(self) -> tuple[TrackedUpdate, ...]:
        """Updates of signed deals done without a date: not measured."""
        return tuple(sorted((i for _, items in self.by_owner for i in items
                             if i.update.done and i.update.done_on is None and i.deal.signed),
                            key=lambda i: (i.update.due, i.deal.id)))

    @property
    def owners(self) -> tuple[OwnerUpdates, ...]:
        """Every owner, A to Z."""
        return tuple(OwnerUpdates(owner, items) for owner, items in self.by_owner)

    @property
    def overdue(self) -> tuple[TrackedUpdate, ...]:
        """Every overdue update, the longest overdue first."""
        return tuple(sorted((i for _, items in self.by_owner for i in items
                             if i.state == "overdue"),
                            key=lambda i: (i.update.due, i.deal.id)))


def track_updates(deals: Sequence[Deal], today: date) -> UpdatesTracker:
    """Every playbook update with its state, grouped by owner (overdue ones first).

    An update meets the 7-day norm when it was done within 7 days of signing, by its `done`
    date; one still open past those 7 days missed it.
    """
    tracked = [TrackedUpdate(d, u, u.state(today), _met_norm(d, u, today))
               for d in deals for u in d.playbook_updates]
    order = {"overdue": 0, "open": 1, "done": 2}
    by_owner: dict[str, list[TrackedUpdate]] = defaultdict(list)
    for item in sorted(tracked, key=lambda t: (order[t.state], t.update.due, t.deal.id)):
        by_owner[item.update.owner].append(item)
    measured = [t for t in tracked if t.met_norm is not None]
    return UpdatesTracker(
        by_owner=tuple((owner, tuple(items)) for owner, items in sorted(
            by_owner.items(), key=lambda kv: kv[0].casefold())),
        counts={state: sum(1 for t in tracked if t.state == state) for state in order},
        met_norm=sum(1 for t in measured if t.met_norm),
        measured=len(measured),
        undated=sum(1 for d in deals if d.signed for u in d.playbook_updates
                    if u.done and u.done_on is None),
    )


@dataclass(frozen=True, slots=True)
class WatchedRisk:
    deal: Deal
    risk: Risk


def watch_risks(deals: Sequence[Deal], today: date) -> tuple[WatchedRisk, ...]:
    """The risks of signed deals still running (no renewal date, or one not yet past);
    those without a mitigation first."""
    running = [d for d in deals if d.signed and (d.renewal_date is None
                                                 or d.renewal_date >= today)]
    risks = [WatchedRisk(d, r) for d in running for r in d.risks]
    return tuple(sorted(risks, key=lambda w: bool(w.risk.mitigation)))
