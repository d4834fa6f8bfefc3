"""How each relationship stands after signature, as of a day: the latest status and pulse,
check-ins against the cadence, open changes and escalations, and the second debrief.

The norms: check-ins at the review's cadence (biweekly: the next one is due 14 days after the
last) for the first 30 days, then at the rhythm recommended for the deal type (client
biweekly, vendor and partner monthly) unless the review's is slower; vendor and partner
relationships also owe a quarterly review every ~90 days once the first 30 days are over; the
second debrief is due at the first milestone or 30 days after the start, whichever is first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from generator.check.logs import Change, Checkin, Escalation, Log
from generator.check.model import Deal
from generator.schema.fields import LEVERAGE_SOURCES, RAG
from generator.summarize.changes import Logged, scope_figures
from generator.summarize.escalations import Timed, time_escalations
from generator.summarize.follow_through import SLOWEST_RECOMMENDED

CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30, "quarterly": 90}
FIRST_DAYS = 30  # the first weeks, at the review's cadence
# The rhythm afterwards, by deal type (DOMAIN's cadence table), unless the review's is slower.
AFTERWARDS = {"client": "biweekly", "vendor": "monthly", "partner": "monthly"}
QUARTER_DAYS = 90
QBR_OWED_BY = ("vendor", "partner")
DEBRIEF_DAYS = 30


@dataclass(frozen=True)
class Standing:
    """One relationship as of `today`."""

    deal: Deal
    log: Log
    latest: Checkin | None
    pulse: int | None  # the latest pulse given
    likelihood: int | None  # the latest renewal likelihood given
    falling: bool  # the pulse fell at the last two check-ins that gave one
    cadence: str
    next_checkin: date | None  # when the next check-in is due; None once the term is over
    next_qbr: date | None  # vendors and partners: the next quarterly review
    open_changes: tuple[Change, ...]
    open_escalations: tuple[Escalation, ...]
    debrief: DebriefState | None

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else "none"

    def lapsed(self, today: date) -> bool:
        """A check-in, or a vendor's or partner's quarterly review, is overdue."""
        return any(due is not None and due < today for due in (self.next_checkin,
                                                               self.next_qbr))


@dataclass(frozen=True)
class DebriefState:
    """The second debrief of a signed deal: due on `due`; done on `done`. Only a log records
    it: past its due date without one, whether it was held is not known."""

    deal: Deal
    due: date
    done: date | None
    logged: bool  # the deal has a relationship log

    def state(self, today: date) -> str:
        """done, due, overdue (a log without it), or not_recorded (no log)."""
        if self.done is not None:
            return "done"
        if self.due >= today:
            return "due"
        return "overdue" if self.logged else "not_recorded"


def start_of(deal: Deal) -> date | None:
    """When performance started: the start date, else the kickoff, else the signature."""
    return deal.start_date or deal.follow_through.kickoff or deal.signed


def debrief_state(deal: Deal, log: Log | None) -> DebriefState | None:
    """When the second debrief is due (first milestone or 30 days after the start) and
    whether it was held; None for an unsigned deal."""
    start = start_of(deal)
    if deal.signed is None or start is None:
        return None
    due = start + timedelta(days=DEBRIEF_DAYS)
    milestones = [c.date for c in (log.checkins if log else ()) if c.kind == "milestone"]
    due = min([due, *milestones])
    return DebriefState(deal, due, log.second_debrief.date if log and log.second_debrief
                        else None, log is not None)


def stand(deal: Deal, log: Log, today: date) -> Standing:
    """Where one relationship stands as of `today`."""
    timeline = log.timeline
    pulses = [c.pulse for c in timeline if c.pulse is not None]
    likely = [c.renewal_likelihood for c in timeline if c.renewal_likelihood is not None]
    cadence = _cadence(deal, timeline[-1].date if timeline else None)
    over = deal.renewal_date is not None and deal.renewal_date < today
    return Standing(
        deal, log, timeline[-1] if timeline else None, pulses[-1] if pulses else None,
        likely[-1] if likely else None,
        len(pulses) >= 3 and pulses[-3] > pulses[-2] > pulses[-1], cadence,
        None if over else _next_checkin(deal, timeline, cadence),
        None if over else _next_qbr(deal, timeline),
        tuple(c for c in log.changes if c.is_open),
        tuple(e for e in log.escalations if e.resolved is None),
        debrief_state(deal, log))


def _cadence(deal: Deal, last: date | None) -> str:
    """The review's cadence (or the slowest recommended) in the first 30 days from the start;
    afterwards the rhythm recommended for the deal type, unless the review's is slower."""
    first = deal.follow_through.cadence or SLOWEST_RECOMMENDED.get(deal.deal_type, "monthly")
    start = start_of(deal)
    if start is None or last is None or last < start + timedelta(days=FIRST_DAYS):
        return first
    later = AFTERWARDS.get(deal.deal_type, "monthly")
    return max(first, later, key=CADENCE_DAYS.__getitem__)


def _next_checkin(deal: Deal, timeline: Sequence[Checkin], cadence: str) -> date | None:
    last = timeline[-1].date if timeline else start_of(deal)
    return None if last is None else last + timedelta(days=CADENCE_DAYS[cadence])


def _next_qbr(deal: Deal, timeline: Sequence[Checkin]) -> date | None:
    start = start_of(deal)
    if deal.deal_type not in QBR_OWED_BY or start is None:
        return None
    reviews = [c.date for c in timeline if c.kind == "qbr"]
    since = reviews[-1] if reviews else start + timedelta(days=FIRST_DAYS)
    return since + timedelta(days=QUARTER_DAYS)


class Standings:
    """Relationships' standings as of one day, each worked out once: one build shows the same
    relationship on its review page, its counterparty's hub, briefs and pattern pages (67,000
    standings of 8,500 relationships at 10,000 reviews). Kept from build to build while
    serving (`next_build`), an unchanged relationship keeps its Standing object, so a rebuild
    reuses the table rows that show it (render/templates.py)."""

    def __init__(self, today: date) -> None:
        self.today = today
        # By the log's id, which its Standing keeps alive: this build's, and the last one's.
        self._found: dict[int, Standing] = {}
        self._last: dict[int, Standing] = {}

    def of(self, deal: Deal, log: Log) -> Standing:
        key = id(log)
        found = self._found.get(key) or self._last.get(key)
        if found is None or found.deal is not deal or found.log is not log:
            found = stand(deal, log, self.today)
        self._found[key] = found
        return found

    def next_build(self) -> None:
        """Forget the standings the last build worked out and this one did not ask for."""
        self._last, self._found = self._found, {}

    def __call__(self, pairs: Iterable[tuple[Deal, Log]]) -> tuple[Standing, ...]:
        """Every logged relationship's standing, in the order given."""
        return tuple(self.of(deal, log) for deal, log in pairs)


@dataclass(frozen=True)
class Attention:
    """The relationships that need someone now, each list worst first."""

    red: tuple[Standing, ...]
    yellow: tuple[Standing, ...]
    falling: tuple[Standing, ...]
    lapsed: tuple[tuple[Standing, int], ...]  # with the days since the check-in was due


def needing_attention(found: Sequence[Standing], today: date) -> Attention:
    """Latest status red or yellow, pulse falling twice in a row, check-ins lapsed."""
    def overdue(s: Standing) -> int:
        dues = [d for d in (s.next_checkin, s.next_qbr) if d is not None and d < today]
        return (today - min(dues)).days if dues else 0

    lapsed = sorted(((s, overdue(s)) for s in found if s.lapsed(today)),
                    key=lambda pair: -pair[1])
    return Attention(tuple(s for s in found if s.status == "red"),
                     tuple(s for s in found if s.status == "yellow"),
                     tuple(s for s in found if s.falling), tuple(lapsed))


@dataclass(frozen=True)
class Went:
    """How a set of relationships went after signature: for briefs and counterparty hubs."""

    logged: int
    status: dict[str, int]  # latest status → relationships
    requests: tuple[Logged, ...]  # change requests, the newest first
    escalations: tuple[Timed, ...]  # the newest first
    late: int  # escalations resolved (or still open) past the ladder's limit


def how_they_went(pairs: Sequence[tuple[Deal, Log]], standings: Standings) -> Went:
    """Status mix, typical change requests and escalation causes of these relationships."""
    found, today = standings(pairs), standings.today
    timed = time_escalations(pairs, today)
    return Went(len(found), {s: sum(1 for f in found if f.status == s) for s in RAG},
                scope_figures(pairs).of_kind("change_request"), timed,
                sum(1 for t in timed if t.missed(today)))


def later_leverage(pairs: Sequence[tuple[Deal, Log]]
                   ) -> dict[str, dict[str, tuple[Deal, ...]]]:
    """Per source of leverage, the deals whose second debrief confirmed it and those whose
    second debrief refuted it: a third state beside proven and assumed at signature."""
    found: dict[str, dict[str, list[Deal]]] = {
        source: {"confirmed": [], "refuted": []} for source in LEVERAGE_SOURCES}
    for deal, log in pairs:
        if log.second_debrief is not None:
            for source in log.second_debrief.leverage_confirmed:
                found[source]["confirmed"].append(deal)
            for source in log.second_debrief.leverage_refuted:
                found[source]["refuted"].append(deal)
    return {source: {kind: tuple(deals) for kind, deals in kinds.items()}
            for source, kinds in found.items()}
