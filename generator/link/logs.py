"""Each relationship log attached to its review, for one audience: a log follows its review's
visibility, and in a public build its confidential keys (`log` hides the whole log)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from generator.check.logs import Change, Checkin, Log, SecondDebrief
from generator.check.model import Deal
from generator.link.audience import redact


def attach_logs(deals: Iterable[Deal], logs: Iterable[Log], audience: str) -> dict[str, Log]:
    """The logs this audience may see, keyed by their review's id as this build publishes it
    (public builds give some reviews an opaque id, and the log takes it too)."""
    by_deal = {log.deal: log for log in logs}
    attached = {}
    for deal in deals:
        log = by_deal.get(deal.id)
        if log is None or (audience != "restricted" and deal.visibility == "restricted"):
            continue
        if audience == "public":
            if "log" in deal.confidential:
                continue
            published = redact(deal)
            log = redact_log(log, deal.confidential, published.id)
        attached[log.deal] = log
    return attached


def redact_log(log: Log, confidential: Iterable[str], published_id: str) -> Log:
    """The log as a public build shows it: the review's confidential keys applied to what the
    log repeats of them (values, metrics, leverage, notes), its path and id never shown."""
    hidden = set(confidential)
    checkins: tuple[Checkin, ...] = log.checkins
    if "follow_through" in hidden:  # the metrics are named in the review's follow-through
        checkins = tuple(replace(c, metrics=(), metrics_at=()) for c in checkins)
    changes: tuple[Change, ...] = log.changes
    if "value" in hidden:
        changes = tuple(replace(c, value_delta=None) for c in changes)
    second = log.second_debrief
    if second is not None and {"leverage", "body"} & hidden:
        second = SecondDebrief(
            second.date, second.scope_held, *(((), ()) if "leverage" in hidden
                                              else (second.confirmed, second.refuted)),
            "" if "body" in hidden else second.notes)
    return replace(log, deal=published_id, path="", checkins=checkins, changes=changes,
                   second_debrief=second, body="" if "body" in hidden else log.body)


def logs_of(deals: Iterable[Deal], logs: Mapping[str, Log]) -> list[tuple[Deal, Log]]:
    """The deals that have a log, each with it, in the deals' order."""
    return [(deal, logs[deal.id]) for deal in deals if deal.id in logs]
