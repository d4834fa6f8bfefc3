"""Planning the pre-negotiation briefs: one page per scenario and per deal type, readable in
ten minutes, built from the same figures as the Patterns section."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from generator.base.uris import BRIEFS_URI, DEADLOCKS_URI, Addresses, PagePlan
from generator.check.model import Deal, Question
from generator.link.logs import logs_of
from generator.link.playbook import Playbook
from generator.link.relevance import Target, rank_past_deals
from generator.pages.bank import applicable_questions, searched, suited
from generator.read.settings import Settings
from generator.schema.fields import DEAL_TYPE_NOUNS, DEAL_TYPES, LABELS, STAGES
from generator.summarize.follow_through import RECOMMENDED_TEXT
from generator.summarize.patterns import (
    summarize_friction,
    summarize_leverage,
    track_updates,
    watch_risks,
)
from generator.summarize.plans import summarize_deadlocks
from generator.summarize.relationships import Standings, how_they_went

PAST_DEALS = 3
LEVER_NOTES = 2
NAMED = 3  # reviews named after a leverage figure; the rest are counted
QUESTIONS_PER_STAGE = 4
RECENT_FRICTION = 5
RISKS = 8
DEADLOCKS = 5


def plan_brief_pages(playbook: Playbook, settings: Settings, to: Addresses,
                     standings: Standings) -> Iterator[PagePlan]:
    """A brief per scenario and per deal type, and their index."""
    for scenario in settings.scenarios:
        deals = playbook.by_scenario.get(scenario.key, ())
        yield to.brief(scenario.key), "brief.md.j2", searched("Brief", scenario), \
            _brief(f"Brief: {scenario.title}", scenario.description, deals,
                   applicable_questions(playbook.questions, scenario),
                   Target(scenario=scenario.key, deal_type=scenario.deal_type), playbook,
                   standings, checklist=to.checklist(scenario.key))
    for deal_type in DEAL_TYPES:
        deals = tuple(d for d in playbook.deals if d.deal_type == deal_type)
        questions = suited(playbook.questions, deal_type)
        meta = searched("Brief", deal_type=deal_type)
        yield to.brief_type(deal_type), "brief.md.j2", meta, _brief(
            f"Brief: {LABELS[deal_type]}", f"Every {DEAL_TYPE_NOUNS[deal_type]}, whatever its "
            "scenario.", deals, questions, Target(deal_type=deal_type), playbook,
            standings, checklist=to.bank_deal_type(deal_type))
    yield BRIEFS_URI, "briefs_index.md.j2", {}, {
        "scenarios": settings.scenarios,
        "deal_types": [(t, DEAL_TYPE_NOUNS[t]) for t in DEAL_TYPES],
    }


def _brief(title: str, intro: str, deals: tuple[Deal, ...], questions: Sequence[Question],
           target: Target, playbook: Playbook, standings: Standings, checklist: str
           ) -> dict[str, object]:
    today = standings.today
    in_scope = {d.id for d in deals}
    lever = summarize_leverage(deals)
    friction = summarize_friction(deals)
    past = rank_past_deals(deals, target, PAST_DEALS)
    return {
        "title": title, "intro": intro, "count": len(deals), "past_deals": past,
        "worked": lever.worked, "assumed": lever.unproven, "named": NAMED,
        "lever_notes": _notes([p.deal for p in past] + list(deals)),
        "friction": friction,
        "recent_friction": [(d, f) for d in deals for f in d.friction][:RECENT_FRICTION],
        "stages": _questions_by_stage(questions, lambda d: d.id in in_scope, playbook),
        "checklist": checklist,
        "risks": [w for w in watch_risks(deals, today)][:RISKS],
        "overdue": [(owner, [i for i in items if i.state == "overdue"]) for owner, items in
                    track_updates(deals, today).by_owner
                    if any(i.state == "overdue" for i in items)],
        "cadence": RECOMMENDED_TEXT.get(target.deal_type or "", "as agreed with the other side"),
        "deadlocks": summarize_deadlocks(deals).entries[:DEADLOCKS],
        "deadlocks_uri": DEADLOCKS_URI,
        "went": how_they_went(logs_of(deals, playbook.logs), standings),
        "shown": RECENT_FRICTION,
    }


def _notes(deals: Sequence[Deal]) -> list[Deal]:
    """The leverage notes of the past deals to reread first, then of the newest."""
    return [d for d in dict.fromkeys(deals) if d.leverage.notes][:LEVER_NOTES]


def _questions_by_stage(questions: Sequence[Question], in_scope: Callable[[Deal], bool],
                        playbook: Playbook) -> list[tuple[str, list[tuple[Question, int]]]]:
    """The questions most often missed in this scope, a few per stage, in stage order."""
    counted = [(q, sum(1 for m in playbook.bank.by_question.get(q.id, ()) if in_scope(m.deal)))
               for q in questions]
    stages = []
    for stage in STAGES:
        here = sorted((c for c in counted if c[0].stage == stage),
                      key=lambda c: (-c[1], c[0].id))[:QUESTIONS_PER_STAGE]
        if here:
            stages.append((stage, here))
    return stages
