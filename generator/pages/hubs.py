"""Planning the hubs: a page per scenario, deal type and counterparty that leads to everything
the site knows about it, not just a list of reviews."""

from __future__ import annotations

from collections.abc import Iterator

from generator.base.uris import (
    COUNTERPARTIES_URI,
    SCENARIOS_URI,
    Addresses,
    PagePlan,
    friction_uri,
    leverage_uri,
    risks_uri,
)
from generator.link.logs import logs_of
from generator.link.playbook import Counterparty, Playbook
from generator.read.settings import Settings
from generator.schema.fields import DEAL_TYPE_NOUNS, DEAL_TYPES, LABELS, OUR_SIDE
from generator.summarize.follow_through import open_renewals
from generator.summarize.patterns import (
    summarize_friction,
    summarize_leverage,
    track_updates,
    watch_risks,
)
from generator.summarize.relationships import Standings, how_they_went

WENT_SHOWN = 5  # change requests and escalations named on a counterparty's hub

HUB_PLANS = 20  # plans a hub names


def plan_hub_pages(playbook: Playbook, settings: Settings, to: Addresses,
                   standings: Standings) -> Iterator[PagePlan]:
    """Scenario, deal-type and counterparty hubs, and the directories of the first and last."""
    today = settings.today
    for scenario in settings.scenarios:
        deals = playbook.by_scenario.get(scenario.key, ())
        risks = watch_risks(deals, today)
        yield to.scenario(scenario.key), "scenario.md.j2", {}, {
            "scenario": scenario, "deals": deals, "lever": summarize_leverage(deals),
            "friction": summarize_friction(deals), "risks": risks,
            "unmitigated": sum(1 for w in risks if not w.risk.mitigation),
            "behind": leverage_uri, "friction_uri": friction_uri, "risks_uri": risks_uri,
            # Open plans only, the nearest decisions first; the plans index has the rest.
            "plans": [(p, True) for p in playbook.plans.open_of_scenario(scenario.key)
                      ][:HUB_PLANS],
        }
    yield SCENARIOS_URI, "directory.md.j2", {}, {
        "title": "Scenarios", "heading": "Scenario",
        "intro": "Every review is tagged with one scenario; each page leads to its brief, "
                 "checklist, leverage, friction and risks, and lists its reviews.",
        "entries": [(s.title, to.scenario(s.key), playbook.by_scenario.get(s.key, ()))
                    for s in settings.scenarios],
    }
    for deal_type in DEAL_TYPES:
        yield to.deal_type(deal_type), "deal_type.md.j2", {}, {
            "deal_type": deal_type, "label": LABELS[deal_type],
            "noun": DEAL_TYPE_NOUNS[deal_type], "side": OUR_SIDE[deal_type],
            "deals": tuple(d for d in playbook.deals if d.deal_type == deal_type),
            "scenarios": [s for s in settings.scenarios if s.deal_type == deal_type],
        }
    for party in playbook.counterparties:
        yield to.party(party), "counterparty.md.j2", {}, _counterparty(party, playbook,
                                                                       settings, standings)
    yield COUNTERPARTIES_URI, "directory.md.j2", {}, {
        "title": "Counterparties", "heading": "Counterparty",
        "intro": "Everyone we have negotiated with; repeat business shows in the count.",
        "entries": [(p.name, to.party(p), p.deals) for p in playbook.counterparties],
    }


def _counterparty(party: Counterparty, playbook: Playbook, settings: Settings,
                  standings: Standings) -> dict[str, object]:
    """The relationship with one counterparty: deals, its most urgent open renewal (a passed,
    unhandled notice deadline before the next one), open risks, open playbook updates and the
    briefs for the scenarios it was met in."""
    today = settings.today
    tracker = track_updates(party.deals, today)
    keys = dict.fromkeys(d.scenario for d in party.deals)
    renewals = open_renewals(party.deals, today, playbook.renewed_by)
    return {
        "party": party, "deals": party.deals, "next_notice": renewals[0] if renewals else None,
        "risks": watch_risks(party.deals, today),
        "updates": [i for _, items in tracker.by_owner for i in items if i.state != "done"],
        "scenarios": [s for s in settings.scenarios if s.key in keys],
        "plans": [(p, playbook.plans.is_open(p))
                  for p in playbook.plans.of_party(party.name)][:HUB_PLANS],
        "went": how_they_went(logs_of(party.deals, playbook.logs), standings),
        "shown": WENT_SHOWN,
    }
