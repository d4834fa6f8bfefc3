"""`dealbook new-plan`: a plan prefilled from the playbook, never written over a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.check.model import Deal
from generator.cli.scaffold import existing_ids, unique_id, write_from_template, yaml_scalar
from generator.link.playbook import Playbook
from generator.link.similar import counterparty_key
from generator.pages.bank import applicable_questions
from generator.read.settings import Scenario, Settings
from generator.read.tree import walk_content
from generator.summarize.patterns import summarize_leverage

PLAN_TEMPLATE = "new-plan.md.tmpl"


def new_plan(settings: Settings, playbook: Playbook, *, title: str, counterparty: str,
             owner: str, deal_type: str, scenario: str) -> Path:
    """Write a draft plan: the scenario's checklist questions as refs, the counterparty's
    last review as `renews` when its notice deadline is ahead, and the scenario's leverage
    rates as comments. Returns its path."""
    plan_id = unique_id(title, existing_ids(walk_content(settings).plans))
    renewed = renewable(playbook, counterparty, settings.today)
    chosen = settings.scenario(scenario)
    values = {
        "id": plan_id, "title": yaml_scalar(title),
        "counterparty": yaml_scalar(counterparty),
        "owner": yaml_scalar(owner), "deal_type": deal_type, "scenario": scenario,
        "renews": renewed.id if renewed else "",
        "decide_by": str(renewed.notice_by) if renewed and renewed.notice_by else "",
        "leverage_rates": leverage_comments(playbook, scenario),
        "questions": checklist_refs(playbook, chosen),
    }
    return write_from_template(settings, PLAN_TEMPLATE, values,
                               settings.plans_dir / f"{plan_id}.md")


def renewable(playbook: Playbook, counterparty: str, today: date) -> Deal | None:
    """The counterparty's newest review with a notice deadline still ahead, not yet renewed."""
    key = counterparty_key(counterparty)
    return next((d for d in playbook.deals if counterparty_key(d.counterparty) == key
                 and d.notice_by is not None and d.notice_by >= today
                 and d.id not in playbook.renewed_by), None)


def leverage_comments(playbook: Playbook, scenario: str) -> str:
    """One comment line per source: how often the scenario's reviews proved or assumed it."""
    deals = playbook.by_scenario.get(scenario, ())
    if not deals:
        return "#   no reviews of this scenario yet"
    return "\n".join(f"#   {t.source}: proven in {len(t.proven)} of {len(deals)}, "
                     f"only assumed in {len(t.assumed)}"
                     for t in summarize_leverage(deals).sources)


def checklist_refs(playbook: Playbook, scenario: Scenario) -> str:
    """The scenario's checklist questions as `ref` entries, most often missed first."""
    questions = applicable_questions(playbook.questions, scenario)
    misses = {q.id: sum(1 for m in playbook.bank.by_question.get(q.id, ())
                        if m.deal.scenario == scenario.key) for q in questions}
    ordered = sorted(questions, key=lambda q: (-misses[q.id], q.id))
    return "\n".join(f"  - ref: {q.id}" for q in ordered) or "  []"
