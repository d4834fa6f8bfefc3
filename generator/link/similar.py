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

from generator.base.parallel import map_batch
from generator.check.model import Deal
from generator.read.cache import ResultCache

WINDOW = 12  # neighbours taken on each side of a deal within each shared key
LIMIT = 3
MIN_SCORE = 2.0  # at least a shared scenario, or the same counterparty, or two shared tags
CLOSE_VALUE = 0.3  # values within 30% of each other (same currency) count as close


@dataclass(frozen=True, slots=True)
class SimilarDeal:
    """A deal picked for another, or for a brief, with its score and why it was picked."""

    deal: Deal
    score: float
    reasons: tuple[str, ...]


def counterparty_key(name: str) -> str:
    """Spellings that differ only in case or spacing are the same counterparty."""
    return " ".join(name.casefold().split())


class _Traits:
    """What scoring compares, worked out once per deal: scoring runs for every candidate pair
    (80,000 at 1,000 reviews)."""

    __slots__ = ("buckets", "counterparty", "currency", "day", "deal", "scenario", "tags",
                 "value")

    def __init__(self, deal: Deal) -> None:
        self.deal = deal
        self.scenario = deal.scenario
        self.counterparty = counterparty_key(deal.counterparty)
        self.tags = frozenset(deal.tags)
        self.value = deal.value
        self.currency = deal.currency
        self.day = deal.date.toordinal()
        # The keys it is found through: its scenario, its counterparty, each of its tags.
        self.buckets = (f"s:{self.scenario}", f"c:{self.counterparty}",
                        *(f"t:{tag}" for tag in deal.tags))


Picks = dict[str, tuple[tuple[str, float, tuple[str, ...]], ...]]  # (id, score, reasons)
# The last corpus's picks, by what scoring reads of each deal: a preview rebuild after an edit
# that leaves those alone (a title, a missed question, the body) reuses them (linking took
# 0.06 s instead of 0.12 s at 1,000 reviews).
_PICKS: ResultCache[Picks] = ResultCache()


def find_similar(deals: Sequence[Deal]) -> dict[str, tuple[SimilarDeal, ...]]:
    """For each deal, up to LIMIT similar others, best first, each with its reasons."""
    scored = tuple((d.id, d.scenario, d.counterparty, d.tags, d.value, d.currency, d.date)
                   for d in deals)
    picks = _PICKS.get(scored)
    if picks is None:
        picks = _pick(deals)
        _PICKS.put(scored, picks)
    by_id = {deal.id: deal for deal in deals}
    return {mine: tuple(SimilarDeal(by_id[other], score, reasons)
                        for other, score, reasons in kept) for mine, kept in picks.items()}


def forget_picks() -> None:
    """For a process that builds once."""
    _PICKS.clear()


def _pick(deals: Sequence[Deal]) -> Picks:
    traits = {deal.id: _Traits(deal) for deal in deals}
    buckets: dict[str, list[_Traits]] = defaultdict(list)
    for mine in sorted(traits.values(), key=lambda t: (t.day, t.deal.id)):
        for key in mine.buckets:
            buckets[key].append(mine)
    dates = {key: [(t.day, t.deal.id) for t in bucket] for key, bucket in buckets.items()}

    def best(mine: _Traits) -> list[tuple[float, str]]:
        """The LIMIT best (score, id) for one deal: ids, so workers return little."""
        candidates: dict[str, _Traits] = {}
        for key in mine.buckets:
            at = bisect_left(dates[key], (mine.day, mine.deal.id))
            for other in buckets[key][max(0, at - WINDOW):at + WINDOW + 1]:
                if other is not mine:
                    candidates[other.deal.id] = other
        ranked = sorted((-score, abs(other.day - mine.day), other.deal.id)
                        for other in candidates.values()
                        if (score := _score(mine, other)) >= MIN_SCORE)
        return [(-negated, other_id) for negated, _, other_id in ranked[:LIMIT]]

    everyone = list(traits.values())
    # Explain only the few kept.
    return {mine.deal.id: tuple((other, score, _reasons(mine, traits[other]))
                                for score, other in kept)
            for mine, kept in zip(everyone, map_batch(best, everyone), strict=True)}


def _score(a: _Traits, b: _Traits) -> float:
    return (2.0 * (a.scenario == b.scenario) + 2.0 * (a.counterparty == b.counterparty)
            + len(a.tags & b.tags) + _close_value(a, b))


def _reasons(a: _Traits, b: _Traits) -> tuple[str, ...]:
    """Why b scored for a: a phrase for each part of _score."""
    reasons = []
    if a.scenario == b.scenario:
        reasons.append("same scenario")
    if a.counterparty == b.counterparty:
        reasons.append("same counterparty")
    shared = [tag for tag in a.deal.tags if tag in b.tags]
    if shared:
        reasons.append(f"shared tag{'s' if len(shared) > 1 else ''}: {', '.join(shared)}")
    if _close_value(a, b):
        reasons.append("close value")
    return tuple(reasons)


def _close_value(a: _Traits, b: _Traits) -> bool:
    if a.value is None or b.value is None or a.currency != b.currency:
        return False
    high = max(a.value, b.value)
    return high == 0 or abs(a.value - b.value) / high <= CLOSE_VALUE
