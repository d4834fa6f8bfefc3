"""Linking plans: which ones an audience may see, which review closed each, and the indexes
the pages list them by.

Plans hold walk-away points: a public build gets none of them, before anything is linked, so
no page, link, count, search entry or calendar event can show one.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from generator.check.model import Deal
from generator.check.plans import Plan
from generator.link.similar import counterparty_key


def plans_for_audience(plans: Iterable[Plan], audience: str) -> list[Plan]:
    """The plans this audience may see: none for the public, restricted ones only for the
    restricted audience."""
    if audience == "public":
        return []
    return [p for p in plans if audience == "restricted" or p.visibility != "restricted"]


@dataclass(frozen=True)
class PlanBook:
    """The plans of a build, by decide_by (undated last), and the reviews that closed them."""

    plans: tuple[Plan, ...] = ()
    closed_by: dict[str, Deal] = field(default_factory=dict)  # plan id → newest review naming it

    def is_open(self, plan: Plan) -> bool:
        return plan.id not in self.closed_by

    @property
    def open(self) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if self.is_open(p))

    @property
    def closed(self) -> tuple[Plan, ...]:
        """Closed plans, the most recently closed first."""
        closed = [p for p in self.plans if not self.is_open(p)]
        return tuple(sorted(closed, key=lambda p: (self.closed_by[p.id].date, p.id),
                            reverse=True))

    def of_scenario(self, key: str) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if p.scenario == key)

    def open_of_scenario(self, key: str) -> tuple[Plan, ...]:
        """Plans still being negotiated: a closed plan's deadlocks are its review's to tell."""
        return tuple(p for p in self.of_scenario(key) if self.is_open(p))

    def of_party(self, name: str) -> tuple[Plan, ...]:
        return self._by_party.get(counterparty_key(name), ())

    @functools.cached_property
    def _by_party(self) -> dict[str, tuple[Plan, ...]]:
        grouped: dict[str, list[Plan]] = defaultdict(list)
        for plan in self.plans:
            grouped[counterparty_key(plan.counterparty)].append(plan)
        return {key: tuple(plans) for key, plans in grouped.items()}

    def by_id(self, plan_id: str | None) -> Plan | None:
        return self._index.get(plan_id or "")

    @functools.cached_property
    def _index(self) -> dict[str, Plan]:
        return {p.id: p for p in self.plans}

    def overdue(self, plan: Plan, today: date) -> bool:
        """Past its decide_by with no review naming it."""
        return self.is_open(plan) and plan.decide_by is not None and plan.decide_by < today


def link_plans(plans: Iterable[Plan], deals: Iterable[Deal]) -> PlanBook:
    """Order the plans and find the review that closed each (`deals` are published ones)."""
    ordered = sorted(plans, key=lambda p: (p.decide_by is None, p.decide_by or date.min, p.id))
    ids = {p.id for p in ordered}
    naming: dict[str, list[Deal]] = defaultdict(list)
    for deal in deals:
        if deal.plan in ids:
            naming[deal.plan].append(deal)
    closed_by = {plan_id: max(found, key=lambda d: (d.date, d.id))
                 for plan_id, found in naming.items()}
    return PlanBook(tuple(ordered), closed_by)
