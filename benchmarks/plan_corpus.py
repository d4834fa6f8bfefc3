"""Negotiation plans for the synthetic corpus: one per ten reviews, from their own random
stream so the reviews stay as they were. Half are closed: the review they prepared names them
and reports every term; the other half renew their review and are still open."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from random import Random

from generator.schema.fields import LEVERAGE_SOURCES, TACTICS, TERM_RESULTS

EVERY = 10  # reviews per plan
TERMS = (("Price", "10% below list", "5% below list", "list price"),
         ("Payment terms", "60 days", "45 days", "30 days"),
         ("Service levels", "99.95% with credits", "99.9% with credits", "99.5% with credits"),
         ("Term length", "12 months", "24 months", "36 months"),
         ("Liability cap", "24 months of fees", "12 months of fees", "6 months of fees"),
         ("Exit assistance", "90 days", "60 days", "30 days"))


def write_plans(root: Path, reviews: list[tuple[Path, str]], question_ids: list[str],
                today: date, seed: int) -> None:
    """A plan for every tenth review (path, id); the closed ones are named by that review."""
    rng = Random(seed + 1)
    folder = root / "content" / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    for path, deal_id in reviews[EVERY - 1::EVERY]:
        text = path.read_text(encoding="utf-8")
        front = dict(line.split(": ", 1) for line in text.split("\n---\n", 1)[0].splitlines()
                     if ": " in line and not line.startswith(" "))
        closed = rng.random() < 0.5
        plan_id = f"{deal_id}-plan"
        terms = rng.sample(TERMS, rng.randint(3, 5))
        (folder / f"{plan_id}.md").write_text(
            _plan(rng, plan_id, front, terms, question_ids, today, None if closed else deal_id),
            encoding="utf-8")
        if closed:
            results = [f"  - {{term: {t[0]}, result: {rng.choice(TERM_RESULTS)}}}"
                       for t in terms]
            head, body = text.split("\n---\n## Timeline", 1)
            path.write_text("\n".join([head, f"plan: {plan_id}", "plan_results:", *results,
                                       *_impasses(rng, today)])
                            + "\n---\n## Timeline" + body, encoding="utf-8")


def _plan(rng: Random, plan_id: str, front: dict[str, str],
          terms: list[tuple[str, str, str, str]], question_ids: list[str], today: date,
          renews: str | None) -> str:
    decide_by = today + timedelta(days=rng.randint(-30, 180))
    lines = ["---", f"id: {plan_id}", f"title: {q(front['title'] + ' (plan)')}",
             f"counterparty: {q(front['counterparty'])}", f"owner: {q(front['owner'])}",
             f"deal_type: {front['deal_type']}", f"scenario: {front['scenario']}",
             "status: active", f"starts: {decide_by - timedelta(days=rng.randint(20, 60))}",
             f"decide_by: {decide_by}"]
    if renews:
        lines.append(f"renews: {renews}")
    lines += ["goals:", f"  - {{goal: {q('Better terms than last time')}, measure: "
                        f"{q('price at or below the current contract')}}}", "terms:"]
    for name, opening, target, walk_away in terms:
        lines += [f"  - term: {name}", f"    priority: {rng.choice(('must', 'must', 'nice'))}",
                  f"    opening: {q(opening)}", f"    target: {q(target)}",
                  f"    walk_away: {q(walk_away)}", f"    reason: {q('budget and risk')}"]
    lines += ["non_negotiables:", f"  - {{what: {q('Data stays in the EU')}, reason: "
                                  f"{q('our client contracts')}}}",
              "alternative:", f"  option: {q('Extend the current supplier for a year')}",
              f"  cost: {q('a higher price and no improvements')}",
              "leverage:", f"  expected: [{', '.join(rng.sample(LEVERAGE_SOURCES, 2))}]",
              "stakeholders:", f"  - {{name: {q('Their CFO')}, side: theirs, signs: true}}",
              "questions:", *(f"  - ref: {ref}" for ref in rng.sample(question_ids, 3)),
              *_impasses(rng, today), "---", "## Dossier", "",
              "Benchmarks, the stakeholder map and the timeline so far.", ""]
    return "\n".join(lines)


def _impasses(rng: Random, today: date) -> list[str]:
    if rng.random() < 0.5:
        return []
    tactics = ", ".join(rng.sample(TACTICS, rng.randint(1, 2)))
    return ["impasses:", f"  - date: {today - timedelta(days=rng.randint(5, 300))}",
            f"    issue: {q('Price against the service levels')}", f"    tactics: [{tactics}]",
            f"    result: {rng.choice(('broke', 'broke', 'held', 'walked_away'))}"]


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)
