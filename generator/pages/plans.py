"""Planning the negotiation plans' pages: each plan with the playbook pointed at its deal, the
plans index, and the Patterns pages that close the loop (planning accuracy, deadlocks).

A public build has no plans (link/plans.py), and gets no plan page, index or accuracy page
either: only "What broke deadlocks", from the reviews it may show.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from generator.base.uris import DEADLOCKS_URI, PLANNING_ACCURACY_URI, PLANS_URI, Addresses, PagePlan
from generator.check.model import Deal, Question
from generator.check.plan_checks import plan_gaps
from generator.check.plans import Plan
from generator.link.playbook import Playbook
from generator.link.relevance import Target, rank_past_deals
from generator.link.similar import SimilarDeal, counterparty_key
from generator.pages.bank import applicable_questions
from generator.read.settings import Settings
from generator.summarize.patterns import LeverageMap, summarize_leverage, watch_risks
from generator.summarize.plans import planning_accuracy, reality_check, summarize_deadlocks

PAST_DEALS = 5
SHORTLIST = 50  # a scenario's reviews ranked for each of its plans (tags may reorder them)
QUESTIONS_SHOWN = 10
LISTED = 100  # plans named on the index; the rest are counted
NAMED = 30  # crossed walk-away points and overdue plans named per scenario
DEADLOCKS_SHOWN = 20  # per scenario on the deadlocks page


def plan_negotiation_pages(playbook: Playbook, settings: Settings, to: Addresses
                           ) -> Iterator[PagePlan]:
    """A page per plan, the plans index and planning accuracy (none of them in a public
    build), and the deadlocks page (every build)."""
    if settings.audience != "public":
        known = _Known(playbook, settings)
        for plan in playbook.plans.plans:
            yield to.plan(plan), "plan.md.j2", _meta(plan, settings), _plan(plan, known)
        yield from _index(playbook, settings)
    scopes = [(s, summarize_deadlocks(playbook.by_scenario.get(s.key, ()),
                                      playbook.plans.open_of_scenario(s.key)))
              for s in settings.scenarios]
    yield DEADLOCKS_URI, "pattern_deadlocks.md.j2", {}, {
        "scopes": scopes, "limit": DEADLOCKS_SHOWN, "with_plans": bool(playbook.plans.plans),
        "rows": {s.key: [(source.title, to.plan(source) if isinstance(source, Plan)
                          else to.deal(source), impasse)
                         for source, impasse in found.entries[:DEADLOCKS_SHOWN]]
                 for s, found in scopes},
    }


class _Known:
    """What the playbook knows per scenario, worked out once for all of its plans (so that no
    plan is ranked against every review of the site)."""

    def __init__(self, playbook: Playbook, settings: Settings) -> None:
        self.playbook, self.settings = playbook, settings
        self.by_id = {d.id: d for d in playbook.deals}
        self.bank = {q.id: q for q in playbook.questions}
        self.parties = {counterparty_key(c.name): c.deals for c in playbook.counterparties}
        self.scenarios = {key: self._scenario(key)
                          for key in sorted({p.scenario for p in playbook.plans.plans})}

    def _scenario(self, key: str) -> tuple[LeverageMap, tuple[Deal, ...],
                                           tuple[tuple[Question, int], ...]]:
        """The scenario's leverage, its SHORTLIST of reviews by the scenario alone, and its
        questions with the times each was missed in it, most missed first."""
        scenario = self.settings.scenario(key)
        deals = self.playbook.by_scenario.get(key, ())
        shortlist = rank_past_deals(deals, Target(scenario=key, deal_type=scenario.deal_type),
                                    SHORTLIST)
        counted = [(q, sum(1 for m in self.playbook.bank.by_question.get(q.id, ())
                           if m.deal.scenario == key))
                   for q in applicable_questions(self.playbook.questions, scenario)]
        return (summarize_leverage(deals), tuple(m.deal for m in shortlist),
                tuple(sorted(counted, key=lambda c: (-c[1], c[0].id))))


def _plan(plan: Plan, known: _Known) -> dict[str, Any]:
    plans, today = known.playbook.plans, known.settings.today
    renewed = known.by_id.get(plan.renews or "")
    lever, shortlist, questions = known.scenarios[plan.scenario]
    party = known.parties.get(counterparty_key(plan.counterparty), ())
    listed = {q.ref for q in plan.questions}
    return {
        "plan": plan, "scenario": known.settings.scenario(plan.scenario),
        "gaps": plan_gaps(plan),
        # A dossier that opens with its own heading needs none from the page.
        "body_heading": not plan.body.lstrip().startswith("#"),
        "closed_by": plans.closed_by.get(plan.id), "overdue": plans.overdue(plan, today),
        "renewed": renewed,
        "renewed_risks": watch_risks((renewed,), today) if renewed else (),
        "past": _past_deals(plan, tuple(dict.fromkeys((*party, *shortlist)))),
        "reality": reality_check(plan, lever), "bank": known.bank,
        "unasked": [c for c in questions if c[0].id not in listed][:QUESTIONS_SHOWN],
    }


def _past_deals(plan: Plan, deals: Sequence[Deal]) -> list[SimilarDeal]:
    """The same counterparty's reviews first, then the closest others, ranked as briefs rank
    them (with the reasons); at most twice PAST_DEALS when one counterparty has many."""
    target = Target(plan.scenario, plan.deal_type, plan.counterparty, plan.tags)
    ranked = rank_past_deals(deals, target, 2 * PAST_DEALS)
    party = counterparty_key(plan.counterparty)
    same = [m for m in ranked if counterparty_key(m.deal.counterparty) == party]
    return (same + [m for m in ranked if m not in same])[:max(PAST_DEALS, len(same))]


def _index(playbook: Playbook, settings: Settings) -> Iterator[PagePlan]:
    plans, today = playbook.plans, settings.today
    yield PLANS_URI, "plans_index.md.j2", {}, {
        "open": [(p, plans.overdue(p, today), _days_left(p, today))
                 for p in plans.open[:LISTED]],
        "open_count": len(plans.open),
        "closed": [(p, plans.closed_by[p.id]) for p in plans.closed[:LISTED]],
        "closed_count": len(plans.closed), "accuracy_uri": PLANNING_ACCURACY_URI,
        "titles": {s.key: s.title for s in settings.scenarios},
    }
    yield PLANNING_ACCURACY_URI, "pattern_planning_accuracy.md.j2", {}, {
        "scopes": [(s, planning_accuracy(plans, s.key, today)) for s in settings.scenarios],
        "plans_uri": PLANS_URI, "limit": NAMED,
    }


def _days_left(plan: Plan, today: date) -> int | None:
    return None if plan.decide_by is None else (plan.decide_by - today).days


def _meta(plan: Plan, settings: Settings) -> dict[str, Any]:
    return {"facets": {"Type": ["Plan"], "Scenario": [settings.scenario(plan.scenario).title]}}
