"""Planning the pre-negotiation briefs: one page per scenario and per deal type, readable in
ten minutes, built from the same figures as the Patterns section."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date

from .bank_pages import applicable_questions, searched
from .follow_through import RECOMMENDED_TEXT
from .link import Playbook
from .model import Deal, Question
from .patterns import summarize_friction, summarize_leverage, track_updates, watch_risks
from .schema import DEAL_TYPES, LABELS, STAGES
from .settings import Settings
from .uris import BRIEFS_URI, Addresses, PagePlan

PAST_DEALS = 3
QUESTIONS_PER_STAGE = 4
RECENT_FRICTION = 5
RISKS = 8


def plan_brief_pages(playbook: Playbook, settings: Settings, to: Addresses
                     ) -> Iterator[PagePlan]:
    """A brief per scenario and per deal type, and their index."""
    for scenario in settings.scenarios:
        deals = playbook.by_scenario.get(scenario.key, ())
        yield to.brief(scenario.key), "brief.md.j2", searched("Brief", scenario), \
            _brief(f"Brief: {scenario.title}", scenario.description, deals,
                   applicable_questions(playbook.questions, scenario), scenario.deal_type,
                   playbook, settings.today, checklist=to.checklist(scenario.key))
    for deal_type in DEAL_TYPES:
        deals = tuple(d for d in playbook.deals if d.deal_type == deal_type)
        questions = [q for q in playbook.questions
                     if not q.deal_types or deal_type in q.deal_types]
        meta = searched("Brief", deal_type=deal_type)
        yield to.brief_type(deal_type), "brief.md.j2", meta, _brief(
            f"Brief: {LABELS[deal_type]}", f"Every {LABELS[deal_type].lower()} deal, "
            "whatever its scenario.", deals, questions, deal_type, playbook, settings.today,
            checklist=to.bank_deal_type(deal_type))
    yield BRIEFS_URI, "briefs_index.md.j2", {}, {
        "scenarios": settings.scenarios, "deal_types": DEAL_TYPES,
    }


def _brief(title: str, intro: str, deals: tuple[Deal, ...], questions: Sequence[Question],
           deal_type: str | None, playbook: Playbook, today: date, checklist: str
           ) -> dict[str, object]:
    in_scope = {d.id for d in deals}
    lever = summarize_leverage(deals)
    friction = summarize_friction(deals)
    return {
        "title": title, "intro": intro, "count": len(deals),
        "past_deals": _most_relevant(deals),
        "worked": lever.worked, "overrated": lever.overrated, "lever_notes": _notes(deals),
        "friction": friction,
        "recent_friction": [(d, f) for d in deals for f in d.friction][:RECENT_FRICTION],
        "stages": _questions_by_stage(questions, lambda d: d.id in in_scope, playbook),
        "checklist": checklist,
        "risks": [w for w in watch_risks(deals, today)][:RISKS],
        "overdue": [(owner, [i for i in items if i.state == "overdue"]) for owner, items in
                    track_updates(deals, today).by_owner
                    if any(i.state == "overdue" for i in items)],
        "cadence": RECOMMENDED_TEXT.get(deal_type or "", "as agreed with the other side"),
    }


def _most_relevant(deals: tuple[Deal, ...]) -> tuple[Deal, ...]:
    """The most recent signed deals of the scope: every deal in it shares the scenario (or
    deal type), and the freshest lessons are the likeliest to hold."""
    return tuple(d for d in deals if d.signed)[:PAST_DEALS]


def _notes(deals: tuple[Deal, ...]) -> list[Deal]:
    return [d for d in deals if d.leverage.notes][:2]


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
