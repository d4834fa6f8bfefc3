"""Choosing the past deals to reread before a negotiation: those closest to what is being
prepared and with the most to teach, never merely the newest.

Pure and independent of pages, so a brief and a plan's "past deals to reread" rank alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.check.model import Deal
from generator.link.similar import SimilarDeal, counterparty_key

# A review with fewer lessons than this (worked items, proven leverage, friction, missed
# questions, blind spots, playbook updates) says too little to send anyone to reread it.
MIN_LESSONS = 3
# Each kind of lesson counts up to this many times: one long list must not outweigh the rest.
CAP = 3


@dataclass(frozen=True)
class Target:
    """What is being prepared: any of scenario, deal type, counterparty and tags."""

    scenario: str | None = None
    deal_type: str | None = None
    counterparty: str | None = None
    tags: tuple[str, ...] = ()


def lessons(deal: Deal) -> int:
    """How many lessons a review records."""
    return (len(deal.what_worked) + len(deal.leverage.proven) + len(deal.friction)
            + len(deal.missed_questions) + len(deal.blind_spots) + len(deal.playbook_updates))


def rank_past_deals(deals: Iterable[Deal], target: Target, limit: int) -> tuple[SimilarDeal, ...]:
    """The `limit` deals most worth rereading for `target`: relevance first (same
    counterparty, scenario, deal type, shared tags), then what each has to teach (a deal that
    broke, proven leverage, friction, missed questions); newest first on a tie. Reviews that
    say almost nothing (under MIN_LESSONS lessons) are never picked."""
    last = _SCORES.get(target, {})
    kept: dict[int, tuple[Deal, SimilarDeal | None]] = {}
    for deal in deals:
        found = last.get(id(deal))
        kept[id(deal)] = found if found is not None else (
            deal, _scored(deal, target) if lessons(deal) >= MIN_LESSONS else None)
    _SCORES[target] = kept
    scored = [pick for _, pick in kept.values() if pick is not None]
    scored.sort(key=lambda p: (-p.score, -p.deal.date.toordinal(), p.deal.id))
    return tuple(scored[:limit])


# The last ranking's scores for each target, by id() of the deal (each kept with its deal,
# so no other object takes that id()). Every plan and brief ranks its candidates on each
# rebuild while serving, and an unchanged review is the same object as in the last build
# (check/load.py): only an edited one is scored again.
_SCORES: dict[Target, dict[int, tuple[Deal, SimilarDeal | None]]] = {}


def forget_scores() -> None:
    """For a process that builds once."""
    _SCORES.clear()


def _scored(deal: Deal, target: Target) -> SimilarDeal:
    points: list[tuple[int, str]] = []
    if target.counterparty is not None and (
            counterparty_key(deal.counterparty) == counterparty_key(target.counterparty)):
        points.append((8, "same counterparty"))
    if target.scenario is not None and deal.scenario == target.scenario:
        points.append((4, "same scenario"))
    elif target.deal_type is not None and deal.deal_type == target.deal_type:
        points.append((2, "same deal type"))
    shared = [tag for tag in deal.tags if tag in target.tags]
    if shared:
        points.append((len(shared), f"shared tags: {', '.join(shared)}"))
    if deal.signed is None:
        points.append((3, "not signed: shows where a deal breaks"))
    if deal.leverage.proven:
        points.append((min(len(deal.leverage.proven), CAP),
                       f"proven leverage: {', '.join(deal.leverage.proven)}"))
    for count, noun in ((len(deal.friction), "friction point"),
                        (len(deal.missed_questions), "missed question")):
        if count:
            points.append((min(count, CAP), f"{count} {noun}{'s' if count != 1 else ''}"))
    return SimilarDeal(deal, sum(p for p, _ in points), tuple(r for _, r in points))
