"""Finding the most similar past deals without comparing every deal with every other.

Candidates come only from deals that share a key (scenario, a tag, the counterparty), and within
each key only from the WINDOW deals nearest in date, so the work is linear in the number of
deals: at 10,000 reviews a scenario holds thousands, and all-pairs scoring would take minutes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Deal

WINDOW = 12  # neighbours taken on each side of a deal within each shared key
LIMIT = 3
MIN_SCORE = 2.0  # at least a shared scenario, or the same counterparty, or two shared tags
CLOSE_VALUE = 0.3  # values within 30% of each other (same currency) count as close


@dataclass(frozen=True)
class SimilarDeal:
    deal: Deal
    score: float
    reasons: tuple[str, ...]


def counterparty_key(name: str) -> str:
    """Spellings that differ only in case or spacing are the same counterparty."""
    return " ".join(name.casefold().split())


def _keys(deal: Deal, counterparty: str) -> list[str]:
    return [f"s:{deal.scenario}", f"c:{counterparty}", *(f"t:{tag}" for tag in deal.tags)]


def find_similar(deals: Sequence[Deal]) -> dict[str, tuple[SimilarDeal, ...]]:
    """For each deal, up to LIMIT similar others, best first, each with its reasons."""
    counterparties = {deal.id: counterparty_key(deal.counterparty) for deal in deals}
    keys = {deal.id: _keys(deal, counterparties[deal.id]) for deal in deals}
    buckets: dict[str, list[Deal]] = defaultdict(list)
    for deal in sorted(deals, key=lambda d: (d.date, d.id)):
        for key in keys[deal.id]:
            buckets[key].append(deal)
    dates = {key: [(d.date, d.id) for d in bucket] for key, bucket in buckets.items()}
    result = {}
    for deal in deals:
        candidates: dict[str, Deal] = {}
        for key in keys[deal.id]:
            at = bisect_left(dates[key], (deal.date, deal.id))
            for other in buckets[key][max(0, at - WINDOW):at + WINDOW + 1]:
                if other.id != deal.id:
                    candidates[other.id] = other
        scored = [_score(deal, other, counterparties) for other in candidates.values()]
        ranked = sorted((s for s in scored if s.score >= MIN_SCORE),
                        key=lambda s: (-s.score, abs((s.deal.date - deal.date).days), s.deal.id))
        result[deal.id] = tuple(ranked[:LIMIT])
    return result


def _score(deal: Deal, other: Deal, counterparties: dict[str, str]) -> SimilarDeal:
    score = 0.0
    reasons = []
    if other.scenario == deal.scenario:
        score += 2
        reasons.append("same scenario")
    if counterparties[other.id] == counterparties[deal.id]:
        score += 2
        reasons.append("same counterparty")
    shared = [tag for tag in deal.tags if tag in other.tags]
    if shared:
        score += len(shared)
        reasons.append(f"shared tag{'s' if len(shared) > 1 else ''}: {', '.join(shared)}")
    if _close_value(deal, other):
        score += 1
        reasons.append("close value")
    return SimilarDeal(other, score, tuple(reasons))


def _close_value(a: Deal, b: Deal) -> bool:
    if a.value is None or b.value is None or a.currency != b.currency:
        return False
    high = max(a.value, b.value)
    return high == 0 or abs(a.value - b.value) / high <= CLOSE_VALUE
