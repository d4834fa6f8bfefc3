"""Checks across plans and reviews: what a plan names must exist, a review's `plan` and
`plan_results` must match a plan, and the gaps a plan should not have.

Broken references are errors that leave the file out, as a review's broken `renews` does.
Gaps and unreported must-haves are advice: `dealbook check` prints them as warnings, a build
only mentions them.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from generator.base.diagnostics import Diagnostic, error, warning
from generator.base.text import listed, suggest
from generator.check.model import Deal
from generator.check.plans import Plan, term_key
from generator.schema.fields import TERM_RESULTS


@dataclass(frozen=True)
class CheckedPlans:
    plans: tuple[Plan, ...]
    deals: tuple[Deal, ...]
    errors: tuple[Diagnostic, ...]
    advice: tuple[Diagnostic, ...]


def check_plans(plans: Sequence[Plan], deals: Sequence[Deal], question_ids: Collection[str],
                review_ids: Collection[str]) -> CheckedPlans:
    """Keep the plans and reviews whose references resolve; say what is wrong with the rest."""
    errors: list[Diagnostic] = []
    kept_plans = []
    for plan in plans:
        problems = _plan_refs(plan, question_ids, review_ids)
        errors.extend(problems)
        if not problems:
            kept_plans.append(plan)
    by_id = {p.id: p for p in kept_plans}
    kept_deals = []
    for deal in deals:
        problems = _review_refs(deal, by_id)
        errors.extend(problems)
        if not problems:
            kept_deals.append(deal)
    advice = [d for p in kept_plans for d in plan_gaps(p)]
    advice += [d for deal in kept_deals for d in _unreported_musts(deal, by_id)]
    return CheckedPlans(tuple(kept_plans), tuple(kept_deals), tuple(errors), tuple(advice))


def _plan_refs(plan: Plan, question_ids: Collection[str], review_ids: Collection[str]
               ) -> list[Diagnostic]:
    problems = []
    if plan.renews is not None and plan.renews not in review_ids:
        problems.append(error(plan.path, *plan.at("renews"),
                              f"renews '{plan.renews}', which is not the id of a review",
                              suggest(plan.renews, sorted(review_ids))
                              or "use the id of the review of the deal being renegotiated"))
    for question in plan.questions:
        if question.ref is not None and question.ref not in question_ids:
            problems.append(error(plan.path, *question.at,
                                  f"question refers to '{question.ref}', which is not a "
                                  "curated question",
                                  suggest(question.ref, sorted(question_ids))
                                  or "fix the id, or write the question out with 'question:'"))
        elif question.ref is None and not question.question:
            problems.append(error(plan.path, *question.at, "question has neither 'ref' nor "
                                  "'question'", "give the id of a curated question as 'ref:',"
                                  " or write it out as 'question:'"))
    return problems


def _review_refs(deal: Deal, plans: dict[str, Plan]) -> list[Diagnostic]:
    if deal.plan is None:
        return []
    plan = plans.get(deal.plan)
    if plan is None:
        return [error(deal.path, *deal.plan_at, f"plan '{deal.plan}' is not the id of a plan",
                      suggest(deal.plan, sorted(plans))
                      or "use the id of a plan in content/plans/, or remove 'plan'")]
    terms = {term_key(t.term): t.term for t in plan.terms}
    problems = []
    for result in deal.plan_results:
        if term_key(result.term) not in terms:
            close = difflib.get_close_matches(term_key(result.term), list(terms), n=1, cutoff=0.75)
            hint = (f"did you mean '{terms[close[0]]}'?" if close else
                    f"the plan's terms are {listed(terms.values())}" if terms else
                    "the plan lists no terms")
            problems.append(error(deal.path, result.line, result.column,
                                  f"plan_results names '{result.term}', which is not a term "
                                  f"of plan '{plan.id}'", hint))
    return problems


def _unreported_musts(deal: Deal, plans: dict[str, Plan]) -> list[Diagnostic]:
    if deal.plan is None:
        return []
    reported = {term_key(r.term) for r in deal.plan_results}
    return [warning(deal.path, *deal.plan_at, f"plan '{deal.plan}' has the must-have "
                    f"'{term.term}', which plan_results does not report",
                    f"add '- {{term: {term.term}, result: {' | '.join(TERM_RESULTS)}}}'")
            for term in plans[deal.plan].musts if term_key(term.term) not in reported]


def plan_gaps(plan: Plan) -> list[Diagnostic]:
    """What the plan itself lacks: warnings, also shown in a box on its page."""
    gaps = [warning(plan.path, *term.at, f"must-have '{term.term}' has no walk_away point",
                    "write the point past which you do not sign, before the first meeting")
            for term in plan.musts if not term.walk_away]
    gaps += [warning(plan.path, *item.at, f"non-negotiable '{item.what}' has no reason",
                     "add 'reason:': a condition with a reason is believed, on both sides")
             for item in plan.non_negotiables if not item.reason]
    if plan.alternative is None:
        gaps.append(warning(plan.path, plan.line, 1, "the plan has no alternative to "
                            "agreement", "add 'alternative:' with 'option:' and 'cost:': "
                            "what you do if there is no deal"))
    if not any(s.side == "theirs" and s.signs for s in plan.stakeholders):
        gaps.append(warning(plan.path, *plan.at("stakeholders"), "no stakeholder on their "
                            "side can sign", "add who signs for them to 'stakeholders:' with "
                            "'side: theirs' and 'signs: true', or find out who it is"))
    return gaps

