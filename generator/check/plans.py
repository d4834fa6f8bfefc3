"""The typed model of a negotiation plan, filled from validated front matter by the one
converter (`convert.py`): attributes are named like the keys declared in `schema/plans.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.check.checked import Checked, Position
from generator.check.convert import GIVEN, from_checked
from generator.check.model import Impasse
from generator.schema.plans import PLAN


class _Written:
    """An entry that remembers where it was written, for messages about it."""

    __slots__ = ()
    line: int
    column: int

    @property
    def at(self) -> Position:
        return self.line, self.column


@dataclass(frozen=True, slots=True)
class Goal:
    goal: str
    measure: str


@dataclass(frozen=True, slots=True)
class Term(_Written):
    term: str
    priority: str  # must | nice
    opening: str
    target: str
    walk_away: str
    reason: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class NonNegotiable(_Written):
    what: str
    reason: str
    if_broken: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Alternative:
    option: str
    cost: str


@dataclass(frozen=True, slots=True)
class PlanLeverage:
    expected: tuple[str, ...] = ()  # the sources counted on
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Concession:
    give: str
    get: str


@dataclass(frozen=True, slots=True)
class Stakeholder:
    name: str
    side: str  # ours | theirs
    role: str
    stance: str
    signs: bool


@dataclass(frozen=True, slots=True)
class PlanQuestion(_Written):
    """A question to ask: a curated one (`ref`), or worded here."""

    ref: str | None
    question: str
    category: str | None
    informs: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class PlanScenarios:
    """How the negotiation may end (the `scenarios` key)."""

    best: str = ""
    expected: str = ""
    worst: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """One negotiation plan. Closed is no field: a review that names the plan closes it."""

    path: str = field(metadata=GIVEN)
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
    leverage: PlanLeverage
    concessions: tuple[Concession, ...]
    stakeholders: tuple[Stakeholder, ...]
    questions: tuple[PlanQuestion, ...]
    scenarios: PlanScenarios
    impasses: tuple[Impasse, ...]
    body: str = field(metadata=GIVEN)
    # Where each top-level key is written.
    keys_at: dict[str, Position] = field(default_factory=dict, metadata=GIVEN)

    def __hash__(self) -> int:
        return hash(self.id)

    def at(self, key: str) -> Position:
        """Where a top-level key is, or the front matter's start when it is absent."""
        return self.keys_at.get(key, (self.line, 1))

    @property
    def musts(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.priority == "must")

    @property
    def outcomes(self) -> dict[str, str]:
        """The ways it may end that the plan writes down, best first."""
        return {key: text for key in ("best", "expected", "worst")
                if (text := getattr(self.scenarios, key))}


def plan_from(checked: Checked, path: str, body: str) -> Plan:
    """Build a Plan from front matter that passed validation."""
    return from_checked(Plan, PLAN, checked, path=path, body=body,
                        keys_at=dict(checked.keys_at))


def term_key(term: str) -> str:
    """Terms match whatever their case and spacing."""
    return " ".join(term.split()).casefold()
