"""The typed model: frozen objects built from validated front matter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from generator.base.diagnostics import Diagnostic
from generator.check.completeness import SHORTFALLS
from generator.check.validate import AT, KEYS_AT


@dataclass(frozen=True)
class Outcome:
    commercial: str = ""
    non_commercial: str = ""
    trade_offs: str = ""


@dataclass(frozen=True)
class Leverage:
    proven: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class MissedQuestion:
    question: str
    category: str
    informs: str
    ref: str | None
    line: int
    column: int


@dataclass(frozen=True)
class Friction:
    what: str
    root_cause: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class FollowThrough:
    handoff: date | None = None
    next_steps_sent: date | None = None
    kickoff: date | None = None
    cadence: str | None = None
    metrics: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()


@dataclass(frozen=True)
class Risk:
    risk: str
    mitigation: str


@dataclass(frozen=True)
class Impasse:
    """A deadlock and what was tried on it."""

    issue: str
    result: str
    tactics: tuple[str, ...] = ()
    day: date | None = None
    note: str = ""


@dataclass(frozen=True)
class PlanResult:
    """How one term of the deal's plan ended."""

    term: str
    result: str
    note: str
    line: int
    column: int


@dataclass(frozen=True)
class Deal:
    """One post-negotiation review."""

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
    body: str
    updated: date | None = None
    updated_from: str = ""  # "git" or "file": where the last-updated date came from
    renews: str | None = None  # the id of the earlier review whose contract this one renews
    renews_at: tuple[int, int] = (0, 0)
    shortfalls: tuple[Diagnostic, ...] = ()  # where a final review falls short of the form
    plan: str | None = None  # the id of the negotiation plan it was prepared with
    plan_at: tuple[int, int] = (0, 0)
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


@dataclass(frozen=True)
class Question:
    """One curated question of the question bank."""

    path: str
    line: int
    id: str
    question: str
    category: str
    informs: str
    deal_types: tuple[str, ...]
    scenarios: tuple[str, ...]
    stage: str
    body: str


def deal_from(values: dict[str, Any], path: str, body: str) -> Deal:
    """Build a Deal from values that passed validation."""
    v = values
    outcome = v.get("outcome", {})
    leverage = v.get("leverage", {})
    follow = v.get("follow_through", {})
    return Deal(
        path=path, line=v[AT][0], id=v["id"], title=v["title"],
        counterparty=v["counterparty"], owner=v["owner"], deal_type=v["deal_type"],
        scenario=v["scenario"], tags=tuple(dict.fromkeys(v.get("tags", ()))),
        status=v.get("status", "final"), visibility=v.get("visibility", "internal"),
        confidential=tuple(dict.fromkeys(v.get("confidential", ()))),
        signed=v.get("signed"), renews=v.get("renews"),
        renews_at=v[KEYS_AT].get("renews", v[AT]), reviewed=v["reviewed"],
        value=v.get("value"), currency=v.get("currency"), term_months=v.get("term_months"),
        start_date=v.get("start_date"), renewal_date=v.get("renewal_date"),
        notice_days=v.get("notice_days"), participants=tuple(v.get("participants", ())),
        outcome=Outcome(**{k: outcome.get(k, "") for k in ("commercial", "non_commercial",
                                                           "trade_offs")}),
        what_worked=tuple(v.get("what_worked", ())),
        leverage=Leverage(tuple(leverage.get("proven", ())), tuple(leverage.get("assumed", ())),
                          leverage.get("notes", "")),
        missed_questions=tuple(
            MissedQuestion(m["question"], m["category"], m["informs"], m.get("ref"), *m[AT])
            for m in v.get("missed_questions", ())),
        blind_spots=tuple(v.get("blind_spots", ())),
        friction=tuple(Friction(f["what"], f["root_cause"]) for f in v.get("friction", ())),
        playbook_updates=tuple(_update(u) for u in v.get("playbook_updates", ())),
        follow_through=FollowThrough(
            follow.get("handoff"), follow.get("next_steps_sent"), follow.get("kickoff"),
            follow.get("cadence"), tuple(follow.get("metrics", ())),
            tuple(follow.get("escalation", ()))),
        risks=tuple(Risk(r["risk"], r.get("mitigation", "")) for r in v.get("risks", ())),
        body=body, shortfalls=v.get(SHORTFALLS, ()),
        plan=v.get("plan"), plan_at=v[KEYS_AT].get("plan", v[AT]),
        plan_results=tuple(PlanResult(r["term"], r["result"], r.get("note", ""), *r[AT])
                           for r in v.get("plan_results", ())),
        impasses=impasses_from(v.get("impasses", ())),
    )


def impasses_from(entries: list[dict[str, Any]]) -> tuple[Impasse, ...]:
    """The validated `impasses` of a review or a plan."""
    return tuple(Impasse(i["issue"], i["result"], tuple(dict.fromkeys(i.get("tactics", ()))),
                         i.get("date"), i.get("note", "")) for i in entries)


def _update(values: dict[str, Any]) -> PlaybookUpdate:
    done = values.get("done", False)
    return PlaybookUpdate(values["change"], values["owner"], values["due"], done is not False,
                          done if isinstance(done, date) else None)


def question_from(values: dict[str, Any], path: str, body: str) -> Question:
    """Build a Question from values that passed validation."""
    return Question(
        path=path, line=values[AT][0], id=values["id"], question=values["question"],
        category=values["category"], informs=values["informs"],
        deal_types=tuple(values.get("deal_types", ())),
        scenarios=tuple(values.get("scenarios", ())),
        stage=values.get("stage", "discovery"), body=body,
    )
