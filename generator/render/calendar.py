"""The iCalendar file (RFC 5545) of notice deadlines (with reminders), renewal dates from 90 days
ago on, every open playbook update however overdue, from the relationship logs, the next
check-in due, the second debrief due and open changes' decision dates, and each open plan's
first meeting and decide-by date: a calendar to subscribe to.

Written directly rather than with the icalendar library, which took about 1 ms an event here
(30 s at 10,000 reviews); the tests parse the output with icalendar to prove it valid.
UIDs are derived from review ids (and an update's own words), so a subscribed calendar
updates events instead of duplicating them; DTSTAMP is the configured "today", so the same
input gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from generator.base.uris import deal_uri, plan_uri, site_url_of
from generator.check.logs import Log
from generator.check.model import Deal
from generator.check.plans import Plan
from generator.summarize.relationships import debrief_state, stand

# Renewals and notice deadlines this far back stay in the file; open updates stay however old.
LOOK_BACK_DAYS = 90
NOTICE_REMINDERS = (30, 7)  # days before a notice deadline
DECIDE_REMINDERS = (14, 3)  # days before a plan's decide_by
_DOMAIN = "dealbook"


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str
    reminders: tuple[int, ...] = ()


def render_calendar(deals: Sequence[Deal], today: date, renewed: Collection[str],
                    site_url: str, logs: Mapping[str, Log] | None = None,
                    plans: Sequence[Plan] = ()) -> bytes:
    """All-day events: notice deadlines and renewals of signed deals not yet renewed by a
    later review, every open playbook update of the published reviews, what their logs make
    due (`logs`: by review id), and the first meeting and decide-by date of each open plan
    (`plans`: none in a public build)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dealbook//Negotiation playbook//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Dealbook: renewals and playbook updates"]
    parts = [_folded(lines)]
    kept: dict[_Key, tuple[Deal, Log | None, str]] = {}
    for deal in sorted(deals, key=lambda d: d.id):
        log = (logs or {}).get(deal.id)
        key = (id(deal), id(log), deal.id in renewed, today, site_url)
        found = _WRITTEN.get(key)
        if found is None:
            found = (deal, log, _folded(_review_lines(deal, log, key[2], today, site_url)))
        kept[key] = found
        parts.append(found[2])
    _WRITTEN.clear()
    _WRITTEN.update(kept)
    plan_lines = [line for plan in sorted(plans, key=lambda p: p.id)
                  for line in _plan_lines(plan, _stamp(today), site_url, _since(today))]
    parts.append(_folded([*plan_lines, "END:VCALENDAR"]))
    return "".join(parts).encode("utf-8")


# Each review's event lines as the last build wrote them, by id() of the review and of its
# log (both kept with the lines, so no other object takes those id()s), whether a later review
# renews it, today and the site's address. A rebuild while serving writes the whole file
# again, and an unchanged review and log are the same objects as in the last build
# (check/load.py): only an edited review's events are written again.
_Key = tuple[int, int, bool, date, str]
_WRITTEN: dict[_Key, tuple[Deal, Log | None, str]] = {}


def forget_events() -> None:
    """For a process that builds once."""
    _WRITTEN.clear()


def _review_lines(deal: Deal, log: Log | None, renewed: bool, today: date,
                  site_url: str) -> list[str]:
    """The lines of one review's events: its renewal (unless `renewed`), open updates and what
    its log makes due."""
    address = site_url_of(site_url, deal_uri(deal.id))
    where = f"Review: {deal.title}, owner {deal.owner}: {address}"
    renewal = [] if renewed else [e for e in _renewal_events(deal, where)
                                  if e.day >= _since(today)]
    return [line for event in [*renewal, *_update_events(deal, where),
                               *_log_events(deal, log, today, where)]
            for line in _event_lines(event, _stamp(today))]


def _since(today: date) -> date:
    """Renewals and notice deadlines before this day are left out."""
    return today - timedelta(days=LOOK_BACK_DAYS)


def _stamp(today: date) -> str:
    """DTSTAMP: the configured today, so the same input gives the same bytes."""
    return f"{today:%Y%m%d}T000000Z"


def _folded(lines: list[str]) -> str:
    return "".join(_fold(line) + "\r\n" for line in lines)


def _plan_lines(plan: Plan, stamp: str, site_url: str, since: date) -> list[str]:
    address = site_url_of(site_url, plan_uri(plan.id))
    where = f"Plan: {plan.title}, owner {plan.owner}: {address}"
    events = []
    if plan.starts is not None:
        events.append(Event(f"plan-starts-{plan.id}", plan.starts,
                            f"First meeting: {plan.counterparty}", where))
    if plan.decide_by is not None:
        events.append(Event(f"plan-decide-{plan.id}", plan.decide_by,
                            f"Decide by: {plan.title}", where, DECIDE_REMINDERS))
    return [line for event in events if event.day >= since
            for line in _event_lines(event, stamp)]


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}@{_DOMAIN}", f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
             f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
             f"SUMMARY:{_text(event.summary)}", f"DESCRIPTION:{_text(event.description)}",
             "TRANSP:TRANSPARENT"]
    for days in event.reminders:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:-P{days}D",
                  f"DESCRIPTION:{_text(f'In {days} days: {event.summary}')}", "END:VALARM"]
    return [*lines, "END:VEVENT"]


def _renewal_events(deal: Deal, where: str) -> Iterator[Event]:
    if not (deal.signed and deal.renewal_date is not None and deal.notice_by is not None):
        return
    if deal.notice_by != deal.renewal_date:
        yield Event(f"notice-{deal.id}", deal.notice_by, f"Notice deadline: {deal.counterparty}",
                    f"Last day to give notice before the renewal on {deal.renewal_date}. "
                    f"{where}", NOTICE_REMINDERS)
    yield Event(f"renewal-{deal.id}", deal.renewal_date, f"Renewal: {deal.counterparty}", where)


def _update_events(deal: Deal, where: str) -> Iterator[Event]:
    """Open updates; each UID comes from the update's own words, not its place in the list,
    so reordering a review's updates changes no event."""
    seen: Counter[str] = Counter()
    for update in deal.playbook_updates:
        key = hashlib.sha1(update.change.encode("utf-8")).hexdigest()[:12]
        seen[key] += 1
        if not update.done:
            repeat = f"-{seen[key]}" if seen[key] > 1 else ""
            yield Event(f"update-{deal.id}-{key}{repeat}", update.due,
                        f"Playbook update due ({update.owner}): {update.change}", where)


def _log_events(deal: Deal, log: Log | None, today: date, where: str) -> Iterator[Event]:
    """The next check-in due, the second debrief until held, open changes' decision dates."""
    if log is None:
        return
    debrief = debrief_state(deal, log)
    if debrief is not None and debrief.done is None:
        yield Event(f"debrief-{deal.id}", debrief.due,
                    f"Second debrief due: {deal.counterparty}", where)
    standing = stand(deal, log, today)
    if standing.next_checkin is not None:
        yield Event(f"checkin-{deal.id}", standing.next_checkin,
                    f"Check-in due ({standing.cadence}): {deal.counterparty}", where)
    for change in standing.open_changes:
        if change.decide_by is not None:
            key = hashlib.sha1(change.what.encode("utf-8")).hexdigest()[:12]
            yield Event(f"change-{deal.id}-{key}", change.decide_by,
                        f"{change.kind.replace('_', ' ').capitalize()} decision due: "
                        f"{change.what}", where)


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\r\n", "\\n"),
                          ("\n", "\\n"), ("\r", "\\n")):
        value = value.replace(char, escaped)
    return value


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space; never inside a character."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back to its start
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # a continuation line's leading space is one of its 75
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)
