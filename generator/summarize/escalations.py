"""Escalations against the ladder: level 1 resolved the same day, level 2 within 48 hours,
level 3 within 5 business days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from generator.check.logs import Escalation, Log
from generator.check.model import Deal

LADDER = {1: "the same day", 2: "within 48 hours", 3: "within 5 business days"}
_CALENDAR_DAYS = {1: 0, 2: 2}
_BUSINESS_DAYS = 5


def limit_of(opened: date, level: int) -> date:
    """The last day an escalation of this level may stay open."""
    if level in _CALENDAR_DAYS:
        return opened + timedelta(days=_CALENDAR_DAYS[level])
    day, left = opened, _BUSINESS_DAYS
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:  # Monday to Friday
            left -= 1
    return day


@dataclass(frozen=True)
class Timed:
    """One escalation measured against its limit as of a day."""

    deal: Deal
    escalation: Escalation
    limit: date
    days: int  # to resolve, or open so far

    @property
    def resolved(self) -> bool:
        return self.escalation.resolved is not None

    def missed(self, today: date) -> bool:
        """Resolved after its limit, or still open past it."""
        return (self.escalation.resolved or today) > self.limit


def time_escalations(pairs: Iterable[tuple[Deal, Log]], today: date) -> tuple[Timed, ...]:
    """Every escalation of the logs, the newest first."""
    found = [Timed(deal, e, limit_of(e.opened, e.level),
                   ((e.resolved or today) - e.opened).days)
             for deal, log in pairs for e in log.escalations]
    return tuple(sorted(found, key=lambda t: (t.escalation.opened, t.deal.id), reverse=True))
