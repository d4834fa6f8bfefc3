"""The iCalendar file of notice deadlines, renewal dates and open playbook-update due dates.

UIDs are derived from review ids, so a subscribed calendar updates events instead of
duplicating them from one build to the next. DTSTAMP is the configured "today", so the same
content and the same day give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from .model import Deal

CALENDAR_URI = "calendar.ics"
_DOMAIN = "dealbook"


def render_calendar(deals: Sequence[Deal], today: date) -> bytes:
    """All-day events: notice deadlines and renewals of signed deals, open playbook updates
    of every published review."""
    calendar = Calendar()
    calendar.add("prodid", "-//Dealbook//Negotiation playbook//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Dealbook: renewals and playbook updates")
    stamp = datetime.combine(today, time(), tzinfo=UTC)
    for deal in sorted(deals, key=lambda d: d.id):
        for uid, day, summary, description in _events(deal):
            event = Event()
            event.add("uid", f"{uid}@{_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", summary)
            event.add("description", description)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return bytes(calendar.to_ical())


def _events(deal: Deal) -> list[tuple[str, date, str, str]]:
    where = f"Review: {deal.title} (deals/{deal.id}/), owner {deal.owner}."
    events = []
    if deal.signed and deal.renewal_date is not None and deal.notice_by is not None:
        if deal.notice_by != deal.renewal_date:
            events.append((f"notice-{deal.id}", deal.notice_by,
                           f"Notice deadline: {deal.counterparty}",
                           f"Last day to give notice before the renewal on "
                           f"{deal.renewal_date}. {where}"))
        events.append((f"renewal-{deal.id}", deal.renewal_date,
                       f"Renewal: {deal.counterparty}", where))
    for number, update in enumerate(deal.playbook_updates, start=1):
        if not update.done:
            events.append((f"update-{deal.id}-{number}", update.due,
                           f"Playbook update due ({update.owner}): {update.change}", where))
    return events
