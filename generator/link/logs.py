"""Each relationship log attached to its review, for one audience: a log follows its review's
visibility, and in a public build its confidential keys (`log` hides the whole log)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TypeVar

from generator.check.convert import absent
from generator.check.logs import Log
from generator.check.model import Deal
from generator.link.audience import redact
from generator.schema.fields import BODY, LOG, WHOLE_LOG, Field

Model = TypeVar("Model")


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
            if WHOLE_LOG in deal.confidential:
                continue
            published = redact(deal)
            log = redact_log(log, deal.confidential, published.id)
        attached[log.deal] = log
    return attached


def redact_log(log: Log, confidential: Iterable[str], published_id: str) -> Log:
    """The log as a public build shows it: what the log repeats of the review's confidential
    keys (values, metrics, leverage, notes: declared by `hidden_by`) emptied, its path and id
    never shown."""
    hidden = set(confidential)
    return replace(_hide(log, LOG, hidden), deal=published_id, path="",
                   body="" if BODY in hidden else log.body)


def _hide(model: Model, spec: Field, hidden: set[str]) -> Model:
    """`model` with each attribute hidden by one of `hidden` as if never written, nested
    entries included."""
    empty = absent(type(model), spec)
    changes: dict[str, object] = {}
    for sub in spec.fields:
        value = getattr(model, sub.name)
        if sub.hidden_by and sub.hidden_by in hidden:
            changes[sub.name] = empty[sub.name]
        elif sub.kind == "list" and sub.item is not None and sub.item.fields:
            changes[sub.name] = tuple(_hide(entry, sub.item, hidden) for entry in value)
        elif sub.fields and value is not None:
            changes[sub.name] = _hide(value, sub, hidden)
    return replace(model, **changes)  # type: ignore[type-var]


def logs_of(deals: Iterable[Deal], logs: Mapping[str, Log]) -> list[tuple[Deal, Log]]:
    """The deals that have a log, each with it, in the deals' order."""
    return [(deal, logs[deal.id]) for deal in deals if deal.id in logs]
