"""What plans and outcomes add up to: each plan's leverage against past reviews, each review
against its plan, planning accuracy per scenario, and what broke deadlocks.

Figures only; the pages module decides where they show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.check.model import Deal, Impasse, PlanResult
from generator.check.plans import Goal, Plan, Term, term_key
from generator.link.plans import PlanBook
from generator.schema.fields import LEVERAGE_SOURCES, TACTICS
from generator.summarize.patterns import LeverageMap, SourceTally


@dataclass(frozen=True)
class RealityCheck:
    """One expected leverage source against the past reviews of the plan's scenario."""

    tally: SourceTally

    @property
    def flagged(self) -> bool:
        """Past deals mostly found it only assumed."""
        return len(self.tally.assumed) > len(self.tally.proven)


def reality_check(plan: Plan, past: LeverageMap) -> tuple[RealityCheck, ...]:
    """Each source the plan counts on, with the past reviews (of its scenario, summarised in
    `past`) that proved or assumed it."""
    tallies = {t.source: t for t in past.sources}
    return tuple(RealityCheck(tallies[source]) for source in plan.leverage.expected)


@dataclass(frozen=True)
class TermOutcome:
    term: Term
    result: PlanResult | None  # None: the review does not say

    @property
    def crossed(self) -> bool:
        """A walk-away point given up: conceded past it."""
        return self.result is not None and self.result.result == "conceded"


@dataclass(frozen=True)
class PlanOutcome:
    """A review set against the plan it names."""

    plan: Plan
    goals: tuple[Goal, ...]
    terms: tuple[TermOutcome, ...]
    leverage: tuple[tuple[str, bool, bool], ...]  # (source, expected, proven)

    @property
    def crossed(self) -> tuple[TermOutcome, ...]:
        return tuple(t for t in self.terms if t.crossed)


def plan_outcome(deal: Deal, plans: PlanBook) -> PlanOutcome | None:
    """The review's plan against what happened, if it names a plan this build has."""
    plan = plans.by_id(deal.plan)
    if plan is None:
        return None
    results = {term_key(r.term): r for r in deal.plan_results}
    expected = plan.leverage.expected
    sources = [s for s in LEVERAGE_SOURCES if s in expected or s in deal.leverage.proven]
    return PlanOutcome(plan, plan.goals,
                       tuple(TermOutcome(t, results.get(term_key(t.term))) for t in plan.terms),
                       tuple((s, s in expected, s in deal.leverage.proven)
                             for s in sources))


@dataclass(frozen=True)
class Accuracy:
    """How plans of one scenario held up against their reviews."""

    scenario: str
    outcomes: tuple[tuple[Deal, PlanOutcome], ...]
    sources: tuple[tuple[str, int, int], ...]  # (source, times expected, times proven)
    musts: int
    musts_held: int
    crossed: tuple[tuple[Deal, TermOutcome], ...]
    overdue: tuple[Plan, ...]  # past decide_by, no review names them

    @property
    def share_held(self) -> float | None:
        return self.musts_held / self.musts if self.musts else None


def planning_accuracy(plans: PlanBook, scenario: str, today: date) -> Accuracy:
    """Per scenario: expected leverage proven, must-haves held, walk-aways crossed, overdue."""
    outcomes = [(plans.closed_by[p.id], plan_outcome(plans.closed_by[p.id], plans))
                for p in plans.closed if p.scenario == scenario]
    pairs = [(deal, outcome) for deal, outcome in outcomes if outcome is not None]
    expected: Counter[str] = Counter()
    proven: Counter[str] = Counter()
    for _, outcome in pairs:
        for source, was_expected, was_proven in outcome.leverage:
            expected[source] += was_expected
            proven[source] += was_expected and was_proven
    musts = [t for _, o in pairs for t in o.terms if t.term.priority == "must"]
    return Accuracy(
        scenario, tuple(pairs),
        tuple((s, expected[s], proven[s]) for s in LEVERAGE_SOURCES if expected[s]),
        len(musts), sum(1 for t in musts if t.result and t.result.result == "held"),
        tuple((deal, t) for deal, o in pairs for t in o.crossed),
        tuple(p for p in plans.of_scenario(scenario) if plans.overdue(p, today)))


@dataclass(frozen=True)
class Deadlocks:
    """The deadlocks of one scope and, per tactic, how often it was tried and broke one."""

    entries: tuple[tuple[Deal | Plan, Impasse], ...]  # newest first, undated last
    tactics: tuple[tuple[str, int, int], ...]  # (tactic, tried, broke)

    @property
    def broke(self) -> int:
        return sum(1 for _, i in self.entries if i.result == "broke")


def summarize_deadlocks(deals: Sequence[Deal], plans: Sequence[Plan] = ()) -> Deadlocks:
    """Every deadlock of the reviews (and running plans) given, and what broke them."""
    entries: list[tuple[Deal | Plan, Impasse]] = [
        *((deal, impasse) for deal in deals for impasse in deal.impasses),
        *((plan, impasse) for plan in plans for impasse in plan.impasses)]
    entries.sort(key=lambda e: (e[1].date is not None, e[1].date or date.min, e[0].id),
                 reverse=True)
    tried: Counter[str] = Counter()
    broke: Counter[str] = Counter()
    for _, impasse in entries:
        for tactic in impasse.tactics:
            tried[tactic] += 1
            broke[tactic] += impasse.result == "broke"
    ranked = sorted((t for t in TACTICS if tried[t]), key=lambda t: (-broke[t], -tried[t],
                                                                     TACTICS.index(t)))
    return Deadlocks(tuple(entries), tuple((t, tried[t], broke[t]) for t in ranked))

