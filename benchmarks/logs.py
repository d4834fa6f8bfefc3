"""Synthetic relationship logs for the benchmark corpus: most signed reviews get one, with up
to 12 check-ins at about the review's cadence, a few changes and escalations, and often a
second debrief. Every value comes from the random stream given, so the corpus stays
deterministic."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

LOGGED_SHARE = 0.85
MAX_CHECKINS = 12
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30, "quarterly": 90}
WHY = ("Acceptance of the last release slipped a week", "Two incidents answered late",
       "Invoices disputed after a change of cost centre", "Key contact left their side",
       "Scope questions piling up before the next milestone", "Usage below the commitment")
CHANGES = ("Extra reporting view for their finance team", "Second language for end users",
           "Earlier go-live for one region", "Additional integration with their CRM",
           "Quarterly instead of monthly invoicing", "Training day for new staff")
ESCALATIONS = ("Milestone blocked by a missing input", "Service below the agreed level",
               "Invoice dispute left unanswered", "Security review stalled the rollout")
NOTES = ("Walked through the metrics; both sides agreed the next actions and owners. "
         "The recap went out the same day.")


@dataclass(frozen=True)
class Facts:
    """What a review's log is built from."""

    id: str
    deal_type: str
    kickoff: date
    start: date
    renewal: date
    cadence: str
    metrics: tuple[str, ...]
    proven: tuple[str, ...]
    assumed: tuple[str, ...]


def relationship_log(rng: Random, facts: Facts, today: date) -> str | None:
    """The log file of one review as of `today`, or None for the reviews left without one."""
    if rng.random() > LOGGED_SHARE or facts.kickoff >= today:
        return None
    lines = ["---", f"deal: {facts.id}", "checkins:", *_checkins(rng, facts, today),
             "changes:", *_changes(rng, facts, today), "escalations:",
             *_escalations(rng, facts, today)]
    if rng.random() < 0.6 and facts.start + timedelta(days=30) < today:
        lines += ["second_debrief:", f"  date: {facts.start + timedelta(days=30)}",
                  f"  scope_held: {'true' if rng.random() < 0.7 else 'false'}",
                  f"  leverage_confirmed: [{', '.join(facts.proven[:1])}]",
                  f"  leverage_refuted: [{', '.join(facts.assumed[:1])}]"]
    return "\n".join([*lines, "---", f"#### {facts.kickoff} kickoff", "", NOTES, ""])


def _checkins(rng: Random, facts: Facts, today: date) -> list[str]:
    lines, day, pulse = [], facts.kickoff, rng.randint(3, 5)
    for i in range(rng.randint(1, MAX_CHECKINS)):
        if day >= today:
            break
        status = rng.choices(("green", "yellow", "red"), (75, 18, 7))[0]
        pulse = min(5, max(1, pulse + rng.choice((-1, 0, 0, 1))))
        lines += [f"  - date: {day}",
                  f"    kind: {'kickoff' if i == 0 else rng.choice(('status', 'monthly_review'))}",
                  f"    status: {status}", f"    pulse: {pulse}"]
        if status != "green":
            lines.append(f"    why: {json.dumps(rng.choice(WHY))}")
        if rng.random() < 0.4:
            lines.append(f"    renewal_likelihood: {rng.randint(2, 5)}")
        lines.append("    metrics:")
        lines += [f"      {json.dumps(m)}: {rng.randint(60, 100)}%"
                  for m in rng.sample(facts.metrics, 2)]
        day += timedelta(days=round(CADENCE_DAYS[facts.cadence] * rng.uniform(1, 1.6)))
    return lines


def _changes(rng: Random, facts: Facts, today: date) -> list[str]:
    lines = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        raised = facts.kickoff + timedelta(days=rng.randint(5, 120))
        if raised >= today:
            continue
        kind = rng.choices(("change_request", "amendment", "renegotiation", "post_settlement"),
                           (70, 12, 8, 10))[0]
        status = rng.choices(("open", "approved", "rejected", "absorbed"), (15, 50, 10, 25))[0]
        lines += [f"  - date: {raised}", f"    kind: {kind}",
                  f"    what: {json.dumps(rng.choice(CHANGES))}",
                  f"    raised_by: {rng.choice(('us', 'them', 'them'))}",
                  f"    value_delta: {rng.randint(1, 40) * 500}",
                  f"    days_delta: {rng.randint(0, 15)}", f"    status: {status}"]
        closed = min(raised + timedelta(days=rng.randint(0, 20)), today)
        lines.append(f"    decide_by: {closed}" if status == "open" else f"    closed: {closed}")
    return lines


def _escalations(rng: Random, facts: Facts, today: date) -> list[str]:
    lines = []
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        opened = facts.kickoff + timedelta(days=rng.randint(3, 200))
        if opened >= today:
            continue
        lines += [f"  - opened: {opened}", f"    level: {rng.choice((1, 1, 2, 2, 3))}",
                  f"    what: {json.dumps(rng.choice(ESCALATIONS))}"]
        resolved = opened + timedelta(days=rng.choice((0, 1, 2, 3, 6, 9)))
        if resolved < today and rng.random() < 0.9:
            lines += [f"    resolved: {resolved}", "    outcome: Written plan agreed"]
    return lines
