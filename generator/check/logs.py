"""Relationship logs after signature: the typed model, its rules, and the checks against the
review each log follows (content/logs/<review id>.md)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from generator.base.diagnostics import Diagnostic, Severity, error, warning
from generator.base.text import listed, suggest
from generator.check.checked import Checked, Named, Position
from generator.check.convert import GIVEN, from_checked
from generator.check.model import Deal
from generator.schema.fields import LOG

Day = date  # inside a class with a `date` field, that name is the field


@dataclass(frozen=True, slots=True)
class Checkin:
    date: date
    kind: str
    status: str
    why: str
    pulse: int | None
    renewal_likelihood: int | None
    metrics: tuple[Named, ...]  # readings by metric name, each with where its name is
    attendees: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Change:
    date: date
    kind: str
    what: str
    raised_by: str
    value_delta: float | None
    days_delta: int | None
    status: str
    decide_by: Day | None
    closed: Day | None
    line: int
    column: int

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class Escalation:
    opened: date
    level: int
    what: str
    resolved: date | None
    outcome: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SecondDebrief:
    date: date
    scope_held: bool | None
    leverage_confirmed: tuple[str, ...]
    leverage_refuted: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class Log:
    """What happened after signature in one deal: check-ins, changes, escalations and the
    second debrief, with the meeting notes in the body. `deal` is the review's id."""

    path: str = field(metadata=GIVEN)
    line: int
    deal: str
    deal_at: Position = field(metadata=GIVEN)  # where `deal:` is written
    checkins: tuple[Checkin, ...]
    changes: tuple[Change, ...]
    escalations: tuple[Escalation, ...]
    second_debrief: SecondDebrief | None
    body: str = field(metadata=GIVEN)

    @property
    def timeline(self) -> tuple[Checkin, ...]:
        """The check-ins in date order."""
        return tuple(sorted(self.checkins, key=lambda c: c.date))


def log_from(checked: Checked, path: str, body: str) -> Log:
    """Build a Log from values that passed validation."""
    return from_checked(Log, LOG, checked, path=path, body=body, deal_at=checked.key_at("deal"))


def check_logs(logs: Iterable[Log], deals: Sequence[Deal]
               ) -> tuple[tuple[Log, ...], list[Diagnostic]]:
    """The logs that follow a known review and keep the log's rules; an error leaves a log
    out (like a review), and every problem of every log is reported."""
    by_id = {d.id: d for d in deals}
    found: list[Diagnostic] = []
    kept: dict[str, list[Log]] = defaultdict(list)
    for log in logs:
        problems = list(_rules(log)) + list(_against(log, by_id))
        found.extend(problems)
        if not any(p.severity is Severity.ERROR for p in problems):
            kept[log.deal].append(log)
    for deal_id, clash in kept.items():
        if len(clash) > 1:
            found.extend(error(log.path, *log.deal_at, f"{len(clash)} logs follow the review "
                               f"'{deal_id}' ({listed(other.path for other in clash)})",
                               "keep one log per review: merge them") for log in clash)
    return tuple(group[0] for group in kept.values() if len(group) == 1), found


def _rules(log: Log) -> Iterator[Diagnostic]:
    """What one log must hold: a reason for every yellow or red, a decision date for every
    change that is no longer open."""
    for i, checkin in enumerate(log.checkins, start=1):
        if checkin.status != "green" and not checkin.why:
            yield error(log.path, checkin.line, checkin.column, f"checkins[{i}] is "
                        f"{checkin.status} without 'why'",
                        "add 'why:' with one line saying what is wrong")
    for i, change in enumerate(log.changes, start=1):
        if not change.is_open and change.closed is None:
            yield error(log.path, change.line, change.column, f"changes[{i}] is "
                        f"{change.status} without 'closed'", "add 'closed:' with the date it "
                        "was decided, or make its status 'open'")
        elif change.is_open and change.closed is not None:
            yield warning(log.path, change.line, change.column, f"changes[{i}] is open but "
                          f"has 'closed' ({change.closed})", "set its status to how it was "
                          "decided, or remove 'closed'")


def _against(log: Log, deals: dict[str, Deal]) -> Iterator[Diagnostic]:
    """The log against its review: the review exists, and the metrics are the review's."""
    deal = deals.get(log.deal)
    if deal is None:
        yield error(log.path, *log.deal_at, f"deal '{log.deal}' is not the id of a valid "
                    "review", suggest(log.deal, sorted(deals)) or "use the id of the review "
                    "this log follows; a review with errors is left out, and so is its log")
        return
    agreed = deal.follow_through.metrics
    for i, checkin in enumerate(log.checkins, start=1):
        for reading in checkin.metrics:
            if (name := reading.name) not in agreed:
                hint = _closest(name, agreed) or (
                    f"the review's metrics are {listed(repr(m) for m in agreed)}" if agreed else
                    "list the metric under follow_through.metrics in the review first")
                yield error(log.path, *reading.at, f"checkins[{i}].metrics: '{name}' is not "
                            "one of the review's follow_through.metrics", hint)


def _closest(name: str, names: Sequence[str]) -> str:
    """`suggest` for names written in any case, such as metrics."""
    lowered = {n.lower(): n for n in names}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return f"did you mean '{lowered[close[0]]}'?" if close else ""
