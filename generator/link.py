"""Linking: the published reviews indexed every way the site lists them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from .model import Deal, Question
from .questionbank import QuestionBank, harvest
from .schema import CATEGORIES
from .similar import SimilarDeal, counterparty_key, find_similar
from .slugs import unique_slugs

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


def newest_first(deals: Iterable[Deal]) -> tuple[Deal, ...]:
    """Deals ordered by date, newest first; ties by id so the order never depends on input."""
    return tuple(sorted(deals, key=lambda d: (d.date, d.id), reverse=True))


def link_playbook(deals: Iterable[Deal], questions: Iterable[Question]) -> Playbook:
    """Index published deals and curated questions; drafts are counted, never listed."""
    all_deals = list(deals)
    published = newest_first(d for d in all_deals if d.published)
    similar = find_similar(published)
    similar_to: dict[str, list[Deal]] = defaultdict(list)
    for deal in published:
        for match in similar[deal.id]:
            similar_to[match.deal.id].append(deal)
    counterparties = _counterparties(published)
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
    )


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
