"""Linking: the published reviews indexed every way the site lists them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from generator.check.logs import Log
from generator.check.model import Deal, Question
from generator.check.plans import Plan
from generator.link.plans import PlanBook, link_plans
from generator.link.questionbank import QuestionBank, harvest
from generator.link.similar import SimilarDeal, counterparty_key, find_similar
from generator.schema.fields import CATEGORIES
from generator.schema.slugs import unique_slugs

Key = TypeVar("Key", str, int)


@dataclass(frozen=True)
class Counterparty:
    name: str
    slug: str
    deals: tuple[Deal, ...]


@dataclass(frozen=True)
class Playbook:
    """Everything the pages are planned from. Deal tuples are newest first."""

    deals: tuple[Deal, ...]
    drafts: int
    questions: tuple[Question, ...]
    by_scenario: dict[str, tuple[Deal, ...]]
    by_tag: dict[str, tuple[Deal, ...]]
    by_year: dict[int, tuple[Deal, ...]]
    counterparties: tuple[Counterparty, ...]
    counterparty_of: dict[str, Counterparty]
    similar: dict[str, tuple[SimilarDeal, ...]]
    similar_to: dict[str, tuple[Deal, ...]]
    bank: QuestionBank
    renewed_by: dict[str, Deal]  # a deal's id → the newest review that renews its contract
    renewal_of: dict[str, Deal]  # a renewing review's id → the review it renews
    plans: PlanBook = field(default_factory=PlanBook)  # this audience's negotiation plans
    logs: dict[str, Log] = field(default_factory=dict)  # a published review's id → its log


def newest_first(deals: Iterable[Deal]) -> tuple[Deal, ...]:
    """Deals ordered by date, newest first; ties by id so the order never depends on input."""
    return tuple(sorted(deals, key=lambda d: (d.date, d.id), reverse=True))


def link_playbook(deals: Iterable[Deal], questions: Iterable[Question],
                  logs: Mapping[str, Log] | None = None, plans: Iterable[Plan] = ()
                  ) -> Playbook:
    """Index published deals, curated questions, their logs and the plans this audience may
    see (already filtered); drafts are counted, never listed."""
    all_deals = list(deals)
    published = newest_first(d for d in all_deals if d.published)
    similar = find_similar(published)
    similar_to: dict[str, list[Deal]] = defaultdict(list)
    for deal in published:
        for match in similar[deal.id]:
            similar_to[match.deal.id].append(deal)
    counterparties = _counterparties(published)
    by_id = {d.id: d for d in published}
    renewed_by = {key: d for key, d in _renewed_by(published).items() if key in by_id}
    ordered_questions = tuple(sorted(questions, key=lambda q: (CATEGORIES.index(q.category),
                                                               q.id)))
    return Playbook(
        deals=published,
        drafts=len(all_deals) - len(published),
        questions=ordered_questions,
        by_scenario=_group(published, lambda d: [d.scenario]),
        by_tag=_group(published, lambda d: d.tags),
        by_year=_group(published, lambda d: [d.date.year]),
        counterparties=counterparties,
        counterparty_of={d.id: c for c in counterparties for d in c.deals},
        similar=similar,
        similar_to={k: newest_first(v) for k, v in similar_to.items()},
        bank=harvest(published, ordered_questions),
        renewed_by=renewed_by,
        renewal_of={d.id: by_id[d.renews] for d in published if d.renews in by_id},
        plans=link_plans(plans, published),
        logs={key: log for key, log in (logs or {}).items() if key in by_id},
    )


def _renewed_by(published: tuple[Deal, ...]) -> dict[str, Deal]:
    """A renewed deal's id → the newest published review that renews it."""
    renewed_by: dict[str, Deal] = {}
    for deal in reversed(published):  # oldest first, so the newest is written last
        if deal.renews is not None:
            renewed_by[deal.renews] = deal
    return renewed_by


def _group(deals: tuple[Deal, ...], keys_of: Callable[[Deal], Iterable[Key]]
           ) -> dict[Key, tuple[Deal, ...]]:
    groups: dict[Key, list[Deal]] = defaultdict(list)
    for deal in deals:
        for key in keys_of(deal):
            groups[key].append(deal)
    return {key: tuple(groups[key]) for key in sorted(groups)}


def _counterparties(deals: tuple[Deal, ...]) -> tuple[Counterparty, ...]:
    """One entry per counterparty, named as in its newest review, with collision-free slugs."""
    grouped: dict[str, list[Deal]] = defaultdict(list)
    for deal in deals:
        grouped[counterparty_key(deal.counterparty)].append(deal)
    keys = sorted(grouped)
    result = [Counterparty(grouped[key][0].counterparty, slug, tuple(grouped[key]))
              for key, slug in zip(keys, unique_slugs(keys), strict=True)]
    return tuple(sorted(result, key=lambda c: (c.name.casefold(), c.slug)))
