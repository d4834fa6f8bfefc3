"""The typed model: frozen objects built from validated front matter.

Each class's attributes are named like the keys of its declaration in `schema/fields.py` (a
test proves it both ways); `convert.py` fills them, defaults and nesting included. Attributes
marked GIVEN are not in the front matter: the loader and later stages supply them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from generator.base.diagnostics import Diagnostic
from generator.check.checked import Checked
from generator.check.convert import GIVEN, from_checked
from generator.schema.fields import QUESTION, REVIEW


@dataclass(frozen=True, slots=True)
class Outcome:
    commercial: str = ""
    non_commercial: str = ""
    trade_offs: str = ""


@dataclass(frozen=True, slots=True)
class Leverage:
    proven: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    question: str
    category: str
    informs: str
    ref: str | None
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Friction:
    what: str
    root_cause: str


@dataclass(frozen=True, slots=True)
class PlaybookUpdate:
    change: str
    owner: str
    due: date
    done: bool
    done_on: date | None = None  # when it was made, if the review says

    def state(self, today: date) -> str:
        """done, open or overdue as of `today`."""
        if self.done:
            return "done"
        return "overdue" if self.due < today else "open"


@dataclass(frozen=True, slots=True)
class FollowThrough:
    handoff: date | None = None
    next_steps_sent: date | None = None
    kickoff: date | None = None
    cadence: str | None = None
    metrics: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Risk:
    risk: str
    mitigation: str


@dataclass(frozen=True, slots=True)
class Impasse:
    """A deadlock and what was tried on it."""

    issue: str
    result: str
    tactics: tuple[str, ...] = ()
    date: date | None = None  # the attribute shadows the type from here on in the class body
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlanResult:
    """How one term of the deal's plan ended."""

    term: str
    result: str
    note: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Deal:
    """One post-negotiation review."""

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
    confidential: tuple[str, ...]
    signed: date | None
    reviewed: date
    value: float | None
    currency: str | None
    term_months: int | None
    start_date: date | None
    renewal_date: date | None
    notice_days: int | None
    participants: tuple[str, ...]
    outcome: Outcome
    what_worked: tuple[str, ...]
    leverage: Leverage
    missed_questions: tuple[MissedQuestion, ...]
    blind_spots: tuple[str, ...]
    friction: tuple[Friction, ...]
    playbook_updates: tuple[PlaybookUpdate, ...]
    follow_through: FollowThrough
    risks: tuple[Risk, ...]
    body: str = field(metadata=GIVEN)
    updated: date | None = field(default=None, metadata=GIVEN)
    # "git" or "file": where the last-updated date came from
    updated_from: str = field(default="", metadata=GIVEN)
    renews: str | None = None  # the id of the earlier review whose contract this one renews
    renews_at: tuple[int, int] = field(default=(0, 0), metadata=GIVEN)
    # Where a final review falls short of the form.
    shortfalls: tuple[Diagnostic, ...] = field(default=(), metadata=GIVEN)
    plan: str | None = None  # the id of the negotiation plan it was prepared with
    plan_at: tuple[int, int] = field(default=(0, 0), metadata=GIVEN)
    plan_results: tuple[PlanResult, ...] = ()
    impasses: tuple[Impasse, ...] = ()

    def __hash__(self) -> int:
        # Equal deals have equal ids; hashing every field (the body included) would cost
        # more than all the dict lookups keyed by deals put together.
        return hash(self.id)

    @property
    def notice_by(self) -> date | None:
        """The last day to give notice before the renewal date."""
        if self.renewal_date is None:
            return None
        return self.renewal_date - timedelta(days=self.notice_days or 0)

    # Declared last: inside the class body this name shadows the `date` type.
    @property
    def date(self) -> date:
        """The date a deal is filed under: signature, or the review when unsigned."""
        return self.signed or self.reviewed

    @property
    def published(self) -> bool:
        return self.status != "draft"


@dataclass(frozen=True, slots=True)
class Question:
    """One curated question of the question bank."""

    path: str = field(metadata=GIVEN)
    line: int
    id: str
    question: str
    category: str
    informs: str
    deal_types: tuple[str, ...]
    scenarios: tuple[str, ...]
    stage: str
    body: str = field(metadata=GIVEN)


def deal_from(checked: Checked, path: str, body: str,
              shortfalls: tuple[Diagnostic, ...] = ()) -> Deal:
    """Build a Deal from front matter that passed validation."""
    return from_checked(Deal, REVIEW, checked, path=path, body=body, shortfalls=shortfalls,
                        renews_at=checked.key_at("renews"), plan_at=checked.key_at("plan"))


def question_from(checked: Checked, path: str, body: str) -> Question:
    """Build a Question from front matter that passed validation."""
    return from_checked(Question, QUESTION, checked, path=path, body=body)
