"""Changes after signature: scope kept or crept, and what was added or gained.

Work absorbed without a change request is how scope creeps; a post-settlement improvement is
a gain both sides found after signing: a lesson to keep, not a problem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator.check.logs import Change, Log
from generator.check.model import Deal

SCOPE_KINDS = ("change_request",)  # asked through the change-request workflow
ADDED = ("approved", "absorbed")  # statuses whose value and days were taken on


@dataclass(frozen=True, slots=True)
class Logged:
    """One change with its deal."""

    deal: Deal
    change: Change

    def age(self, today: date) -> int:
        return (today - self.change.date).days


@dataclass(frozen=True)
class ScopeFigures:
    """The changes of a set of logged deals."""

    deals: int  # with a log
    changes: tuple[Logged, ...]

    @property
    def per_deal(self) -> float | None:
        return len(self.changes) / self.deals if self.deals else None

    @property
    def absorbed(self) -> tuple[Logged, ...]:
        return tuple(c for c in self.changes if c.change.status == "absorbed")

    @property
    def absorbed_share(self) -> float | None:
        """Of the changes to scope (requests and absorbed work), the share done without one."""
        scope = [c for c in self.changes if c.change.kind in SCOPE_KINDS
                 or c.change.status == "absorbed"]
        return len(self.absorbed) / len(scope) if scope else None

    @property
    def value_added(self) -> dict[str, float]:
        """Value taken on, by currency (reviews may be in different ones)."""
        added: dict[str, float] = {}
        for c in self.changes:
            if c.change.status in ADDED and c.change.value_delta:
                key = c.deal.currency or ""
                added[key] = added.get(key, 0) + c.change.value_delta
        return dict(sorted(added.items()))

    @property
    def days_added(self) -> int:
        return sum(c.change.days_delta or 0 for c in self.changes if c.change.status in ADDED)

    def of_kind(self, kind: str) -> tuple[Logged, ...]:
        return tuple(c for c in self.changes if c.change.kind == kind)


def scope_figures(pairs: Iterable[tuple[Deal, Log]]) -> ScopeFigures:
    """The changes of these deals, the newest first."""
    pairs = list(pairs)
    found = [Logged(deal, c) for deal, log in pairs for c in log.changes]
    return ScopeFigures(len(pairs), tuple(sorted(
        found, key=lambda c: (c.change.date, c.deal.id), reverse=True)))


def open_requests(figures: ScopeFigures) -> tuple[Logged, ...]:
    """Changes still waiting for a decision, the oldest first."""
    return tuple(sorted((c for c in figures.changes if c.change.is_open),
                        key=lambda c: (c.change.date, c.deal.id)))
