"""Follow-through against the norms: timeliness after signing, check-in cadence, renewals."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from generator.check.model import Deal


@dataclass(frozen=True)
class Norm:
    """A step that should follow signature within [earliest, latest] days."""

    key: str
    label: str
    earliest: int
    latest: int
    date_of: Callable[[Deal], date | None]

    @property
    def rule(self) -> str:
        if self.earliest:
            return f"{self.earliest}–{self.latest} days after signing"
        hours = self.latest * 24
        return f"within {hours} hours of signing"

    def off_by(self, days: int) -> int:
        """How many days outside the norm a step taken `days` after signing fell."""
        return max(self.earliest - days, days - self.latest, 0)


NORMS = (
    Norm("debrief", "Debrief held", 0, 3, lambda d: d.reviewed),
    Norm("handoff", "Internal hand-off", 0, 1, lambda d: d.follow_through.handoff),
    Norm("next_steps", "Next-steps message sent", 0, 2,
         lambda d: d.follow_through.next_steps_sent),
    Norm("kickoff", "Kickoff held", 7, 14, lambda d: d.follow_through.kickoff),
)


@dataclass(frozen=True)
class NormResult:
    norm: Norm
    met: tuple[Deal, ...]
    missed: tuple[tuple[Deal, int], ...]  # furthest outside the norm first
    unrecorded: tuple[Deal, ...]

    @property
    def share(self) -> float | None:
        """Share of reviews meeting the norm, among those that recorded the date."""
        measured = len(self.met) + len(self.missed)
        return len(self.met) / measured if measured else None


def check_norms(deals: Sequence[Deal]) -> tuple[NormResult, ...]:
    """Each norm against the signed deals; a missed one carries the days it actually took,
    the furthest from the norm first (then newest first)."""
    signed = [d for d in deals if d.signed is not None]
    results = []
    for norm in NORMS:
        met, missed, unrecorded = [], [], []
        for deal in signed:
            when = norm.date_of(deal)
            if when is None:
                unrecorded.append(deal)
                continue
            days = (when - deal.signed).days  # type: ignore[operator]
            if norm.earliest <= days <= norm.latest:
                met.append(deal)
            else:
                missed.append((deal, days))
        results.append(NormResult(norm, tuple(met), _worst_first(norm, missed),
                                  tuple(unrecorded)))
    return tuple(results)


def _worst_first(norm: Norm, missed: list[tuple[Deal, int]]) -> tuple[tuple[Deal, int], ...]:
    """Furthest outside the norm first; the sort is stable, so newest first within a gap."""
    return tuple(sorted(missed, key=lambda found: -norm.off_by(found[1])))


CADENCE_ORDER = ("weekly", "biweekly", "monthly", "quarterly")
# The slowest check-in cadence recommended for the first 30 days, by deal type.
SLOWEST_RECOMMENDED = {"client": "weekly", "vendor": "biweekly", "partner": "biweekly"}
RECOMMENDED_TEXT = {
    "client": "weekly in the first 30 days, then biweekly or monthly",
    "vendor": "biweekly, then monthly plus a quarterly business review",
    "partner": "weekly or biweekly, then monthly plus a quarterly strategy review",
}


@dataclass(frozen=True)
class CadenceGap:
    deal: Deal
    cadence: str | None

    @property
    def steps_slower(self) -> int | None:
        """How many cadences slower than recommended; None when no cadence is set."""
        if self.cadence is None:
            return None
        return (CADENCE_ORDER.index(self.cadence)
                - CADENCE_ORDER.index(SLOWEST_RECOMMENDED[self.deal.deal_type]))


def cadence_gaps(deals: Sequence[Deal]) -> tuple[CadenceGap, ...]:
    """Signed deals whose first-30-days cadence is slower than recommended, or not set: the
    widest gap first (none set, then the slowest), newest first within a gap."""
    gaps = [CadenceGap(d, d.follow_through.cadence) for d in deals if d.signed is not None]
    widest = len(CADENCE_ORDER)  # wider than any set cadence's gap
    gaps = [g for g in gaps if g.steps_slower is None or g.steps_slower > 0]
    return tuple(sorted(gaps, key=lambda g: -(widest if g.steps_slower is None
                                                else g.steps_slower)))


@dataclass(frozen=True)
class Renewal:
    deal: Deal
    renewal_date: date
    notice_by: date
    days_left: int  # until the notice deadline; negative once it passed


@dataclass(frozen=True)
class Window:
    """Notice deadlines that fall in one window of days from today."""

    key: str
    label: str
    short: str  # for the chart's axis
    renewals: tuple[Renewal, ...]


# Days from today to the notice deadline. A passed deadline stays listed, unhandled, until
# LOOK_BACK_DAYS after the renewal date itself: by then the contract renewed or ended.
WINDOWS = (("passed", "Notice deadline passed, renewal not handled", "Passed", None, -1),
           ("next-30", "Next 30 days", "Next 30 days", 0, 30),
           ("31-90", "In 31–90 days", "31–90 days", 31, 90),
           ("91-180", "In 91–180 days", "91–180 days", 91, 180),
           ("later", "Later", "Later", 181, None))
LOOK_BACK_DAYS = 90


def open_renewals(deals: Sequence[Deal], today: date, renewed: Collection[str]
                  ) -> tuple[Renewal, ...]:
    """Every signed deal's renewal not yet handled by a later review (`renews`), by notice
    deadline; a passed one until LOOK_BACK_DAYS after its renewal date."""
    found = [Renewal(d, d.renewal_date, d.notice_by, (d.notice_by - today).days)
             for d in deals if d.signed and d.renewal_date and d.notice_by
             and d.id not in renewed and (d.renewal_date - today).days >= -LOOK_BACK_DAYS]
    return tuple(sorted(found, key=lambda r: (r.notice_by, r.deal.id)))


def renewal_windows(deals: Sequence[Deal], today: date, renewed: Collection[str]
                    ) -> tuple[Window, ...]:
    """Open renewals by window of their notice deadline, each ordered by that deadline."""
    renewals = open_renewals(deals, today, renewed)
    return tuple(Window(key, label, short, tuple(
        r for r in renewals if (low is None or r.days_left >= low)
        and (high is None or r.days_left <= high))) for key, label, short, low, high in WINDOWS)
