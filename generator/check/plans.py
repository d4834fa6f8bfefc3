"""The typed model of a negotiation plan, built from front matter that passed validation.

One building function (`plan_from`), so that a model derived from the declarations can take
it over in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.check.model import Impasse, impasses_from
from generator.check.validate import AT, KEYS_AT

Position = tuple[int, int]


@dataclass(frozen=True)
class Goal:
    goal: str
    measure: str


@dataclass(frozen=True)
class Term:
    term: str
    priority: str  # must | nice
    opening: str
    target: str
    walk_away: str
    reason: str
    at: Position


@dataclass(frozen=True)
class NonNegotiable:
    what: str
    reason: str
    if_broken: str
    at: Position


@dataclass(frozen=True)
class Alternative:
    option: str
    cost: str


@dataclass(frozen=True)
class Concession:
    give: str
    get: str


@dataclass(frozen=True)
class Stakeholder:
    name: str
    side: str  # ours | theirs
    role: str
    stance: str
    signs: bool


@dataclass(frozen=True)
class PlanQuestion:
    """A question to ask: a curated one (`ref`), or worded here."""

    ref: str | None
    question: str
    category: str | None
    informs: str
    at: Position


@dataclass(frozen=True)
class Plan:
    """One negotiation plan. Closed is no field: a review that names the plan closes it."""

    path: str
    line: int
    id: str
    title: str
    counterparty: str
    owner: str
    deal_type: str
    scenario: str
    tags: tuple[str, ...]
    status: str
    visibility: str
    renews: str | None
    starts: date | None
    decide_by: date | None
    goals: tuple[Goal, ...]
    terms: tuple[Term, ...]
    non_negotiables: tuple[NonNegotiable, ...]
    alternative: Alternative | None
    expected: tuple[str, ...]  # leverage sources counted on
    leverage_notes: str
    concessions: tuple[Concession, ...]
    stakeholders: tuple[Stakeholder, ...]
    questions: tuple[PlanQuestion, ...]
    outcomes: dict[str, str]  # the `scenarios` key: best, expected, worst
    impasses: tuple[Impasse, ...]
    body: str
    keys_at: dict[str, Position]  # where each top-level key is written

    def __hash__(self) -> int:
        return hash(self.id)

    def at(self, key: str) -> Position:
        """Where a top-level key is, or the front matter's start when it is absent."""
        return self.keys_at.get(key, (self.line, 1))

    @property
    def musts(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.priority == "must")


def plan_from(values: dict[str, Any], path: str, body: str) -> Plan:
    """Build a Plan from values that passed validation."""
    v = values
    alternative, leverage = v.get("alternative"), v.get("leverage", {})
    return Plan(
        path=path, line=v[AT][0], id=v["id"], title=v["title"],
        counterparty=v["counterparty"], owner=v["owner"], deal_type=v["deal_type"],
        scenario=v["scenario"], tags=tuple(dict.fromkeys(v.get("tags", ()))),
        status=v.get("status", "draft"), visibility=v.get("visibility", "internal"),
        renews=v.get("renews"), starts=v.get("starts"), decide_by=v.get("decide_by"),
        goals=tuple(Goal(g["goal"], g.get("measure", "")) for g in v.get("goals", ())),
        terms=tuple(Term(t["term"], t["priority"], t.get("opening", ""), t.get("target", ""),
                         t.get("walk_away", ""), t.get("reason", ""), t[AT])
                    for t in v.get("terms", ())),
        non_negotiables=tuple(NonNegotiable(n["what"], n.get("reason", ""),
                                            n.get("if_broken", ""), n[AT])
                              for n in v.get("non_negotiables", ())),
        alternative=Alternative(alternative["option"], alternative.get("cost", ""))
        if alternative else None,
        expected=tuple(dict.fromkeys(leverage.get("expected", ()))),
        leverage_notes=leverage.get("notes", ""),
        concessions=tuple(Concession(c["give"], c["get"]) for c in v.get("concessions", ())),
        stakeholders=tuple(Stakeholder(s["name"], s["side"], s.get("role", ""),
                                       s.get("stance", "unknown"), s.get("signs", False))
                           for s in v.get("stakeholders", ())),
        questions=tuple(PlanQuestion(q.get("ref"), q.get("question", ""), q.get("category"),
                                     q.get("informs", ""), q[AT])
                        for q in v.get("questions", ())),
        outcomes={k: val for k, val in v.get("scenarios", {}).items()
                  if k in ("best", "expected", "worst")},
        impasses=impasses_from(v.get("impasses", ())),
        body=body, keys_at={k: pos for k, pos in v[KEYS_AT].items()},
    )


def term_key(term: str) -> str:
    """Terms match whatever their case and spacing."""
    return " ".join(term.split()).casefold()
