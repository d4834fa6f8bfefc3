"""The review and question formats, declared once.

Validation, the format table on the "How to write a review" page and (later) the JSON Schema
are all derived from these declarations.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

Kind = Literal[
    "text", "slug", "date", "integer", "number", "boolean", "choice", "scenario", "currency",
    "list", "mapping", "done",
]

DEAL_TYPES = ("client", "vendor", "partner")
STATUSES = ("final", "draft")
LEVERAGE_SOURCES = ("time", "risk", "capability", "switching", "relationship", "process")
CATEGORIES = (
    "approval_process", "success_criteria", "implementation", "risk_constraints",
    "renewal_expansion",
)
ROOT_CAUSES = ("internal", "external", "process")
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")
STAGES = ("discovery", "proposal", "closing", "post_signature")
VISIBILITIES = ("internal", "restricted")
AUDIENCES = ("public", "internal", "restricted")
LABELS: dict[str, str] = {
    "client": "Client project",
    "vendor": "Vendor / SLA",
    "partner": "Partnership",
    "approval_process": "Approval and process",
    "success_criteria": "Success criteria",
    "implementation": "Implementation reality",
    "risk_constraints": "Risk and constraints",
    "renewal_expansion": "Renewal and expansion",
    "discovery": "Discovery",
    "proposal": "Proposal",
    "closing": "Closing",
    "post_signature": "After signature",
    "internal": "Internal",
    "external": "External",
    "process": "Process",
    "reframe": "Reframe around interests",
    "multiple_offers": "Several equivalent offers",
    "alternative_check": "Re-check the alternative",
    "must": "Must-have",
    "nice": "Nice-to-have",
    "qbr": "Quarterly business review",
    "post_settlement": "Post-settlement improvement",
}

# A deal type inside a sentence ("any vendor deal"), and which side we are on in it.
DEAL_TYPE_NOUNS = {"client": "client project", "vendor": "vendor deal",
                   "partner": "partnership"}
OUR_SIDE = {"client": "we sell", "vendor": "we buy", "partner": "we sell together"}

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
# Plausible bounds of every date and number, declared once: validation, the JSON Schema and the
# format table derive from them. Dates stay centuries inside Python's calendar (years 1 to 9999)
# and notice periods short of a decade, so every date the build computes from them (notice
# deadlines, the 7-day norm, the calendar's look-back from "today") exists.
EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2199, 12, 31)
MAX_NOTICE_DAYS = 3650  # ten years
MAX_TERM_MONTHS = 1200  # a hundred years
MAX_VALUE = 10**15  # 16 digits: past that a float no longer holds every whole unit

# Keys an author may add without a warning; anything else unknown is probably a typo.
EXTENSION_PREFIX = "x_"
# Ids, tags and scenario keys that would collide with generated listing pages.
RESERVED_IDS = frozenset({"index"})
# Caps on list lengths: a review is a page of text, and every tag makes a page of the site
# (10,000 tags on one review made 10,053 pages).
MAX_TAGS = 30
MAX_NAMES = 30  # participants, metrics, escalation contacts
MAX_ENTRIES = 50  # free-text entries: what worked, missed questions, risks…


@dataclass(frozen=True)
class Field:
    """One key of a front matter mapping."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    item: Field | None = None  # a list's entries; a mapping's values under keys it names freely
    fields: tuple[Field, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    not_before: str = ""  # a sibling date this one may not precede
    requires: str = ""  # a sibling key that must be given with this one
    max_items: int | None = None  # of a list
    none_word: bool = False  # a list that may be the word `none`: empty, and said to be
    mistakes: tuple[tuple[str, str], ...] = ()  # (word, hint): choices people mistake
    default: str | bool | None = None  # the value when absent (else empty, or None)
    confidential: bool = False  # a review may hide it from public builds
    hidden_by: str = ""  # in a log: the review's confidential key that hides it too
    distinct: bool = False  # a list whose repeats count once
    withheld: bool = False  # never in a public build, whatever the review says (plan figures)

    def child(self, name: str) -> Field | None:
        """The declared sub-field of a mapping, if any."""
        return self._children.get(name)

    @functools.cached_property
    def _children(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


def _text(name: str, doc: str, required: bool = False) -> Field:
    return Field(name, "text", doc, required)


def _defaulted(spec: Field, default: str | bool) -> Field:
    """The field with its default, which its documentation then states."""
    said = str(default).lower() if isinstance(default, bool) else f"`{default}`"
    return replace(spec, doc=f"{spec.doc} (default {said})", default=default)


def _hideable(spec: Field) -> Field:
    """A field a review may list under `confidential`."""
    return replace(spec, confidential=True)


def _hidden_by(key: str, spec: Field) -> Field:
    """A field of a log that repeats what the review's `key` holds: hidden with it."""
    return replace(spec, hidden_by=key)


def _list_of(name: str, doc: str, item: Field, max_items: int = MAX_ENTRIES) -> Field:
    """A list, never unbounded; a list of choices holds at most each choice once."""
    cap = min(max_items, len(item.choices)) if item.choices else max_items
    return Field(name, "list", doc, item=item, max_items=cap)


def _choices(name: str, doc: str, choices: tuple[str, ...], required: bool = False,
             mistakes: tuple[tuple[str, str], ...] = ()) -> Field:
    return Field(name, "choice", doc, required, choices=choices, mistakes=mistakes)


_SIX = f"the six sources are {', '.join(LEVERAGE_SOURCES)}"
_TERMS = ("price moves belong in outcome.commercial, and what was given for them in "
          "outcome.trade_offs")
# Words negotiators reach for that are not sources of leverage, and where they belong.
LEVERAGE_MISTAKES = (
    *((word, f"{word} is a term, not a source of leverage: {_SIX}; {_TERMS}")
      for word in ("price", "discount", "cost", "money")),
    ("budget", f"a budget cycle is time: {_SIX}"),
    ("deadline", f"a deadline is time: {_SIX}"),
    ("trust", f"trust is relationship: {_SIX}"),
)


MISSED_QUESTION = Field("missed_questions[]", "mapping", "a question asked too late", fields=(
    _text("question", "the question, worded as you would ask it", required=True),
    _choices("category", "its question-bank category", CATEGORIES, required=True),
    _text("informs", "the decision the answer would have informed", required=True),
    Field("ref", "slug", "id of the curated question it matches, if one exists"),
))

PRIORITIES = ("must", "nice")
PLAN_STATUSES = ("draft", "active")
STAKEHOLDER_SIDES = ("ours", "theirs")
STANCES = ("sponsor", "supporter", "neutral", "sceptic", "blocker", "unknown")
TACTICS = ("reframe", "multiple_offers", "pause", "neutral_party", "alternative_check",
           "walk_away", "other")
IMPASSE_RESULTS = ("broke", "held", "walked_away")
# held: at or better than target; fallback: between target and walk-away; conceded: past the
# walk-away point; dropped: the term left the deal.
TERM_RESULTS = ("held", "fallback", "conceded", "dropped")

# A deadlock and what was tried on it: reviews hold them, and plans while the talks run.
IMPASSES = _list_of("impasses", "deadlocks and what broke them (or did not)", Field(
    "impasses[]", "mapping", "one deadlock", fields=(
        Field("date", "date", "when it set in"),
        _text("issue", "what the two sides were stuck on", required=True),
        replace(_list_of("tactics", "what was tried", _choices(
            "tactics[]", "a tactic", TACTICS, mistakes=(
                ("silence", "a silence is a pause: use `pause`"),
                ("mediator", "a mediator is a neutral party: use `neutral_party`"),
                ("batna", "re-checking the alternative is `alternative_check`")))),
            distinct=True),
        _choices("result", "how it ended", IMPASSE_RESULTS, required=True),
        _text("note", "what made the difference"),
    )))

PLAN_RESULT = Field("plan_results[]", "mapping", "one planned term's result", fields=(
    _text("term", "the term, worded as in the plan", required=True),
    _choices("result", "held (target or better), fallback (short of target, inside the "
             "walk-away point), conceded (past the walk-away point) or dropped",
             TERM_RESULTS, required=True),
    _text("note", "what was agreed"),
))

_REVIEW_HEAD = (
    Field("id", "slug", "unique slug; becomes the page address", required=True),
    _hideable(_text("title", "what the deal was, in a few words", required=True)),
    _hideable(_text("counterparty", "the other side, spelled the same in every review",
                    required=True)),
    _hideable(_text("owner", "the deal owner", required=True)),
    _choices("deal_type", "kind of relationship", DEAL_TYPES, required=True),
    Field("scenario", "scenario", "scenario key; declare more in mkdocs.yml", required=True),
    _hideable(replace(_list_of("tags", "free tags", Field("tags[]", "slug", "a tag"), MAX_TAGS),
                      distinct=True)),
    _defaulted(_choices("status", "`draft` is never published", STATUSES), "final"),
    _defaulted(_choices("visibility", "`restricted` is published only to the restricted "
                        "audience", VISIBILITIES), "internal"),
)
_REVIEW_TAIL = (
    Field("signed", "date", "signature date; leave empty when not signed"),
    Field("renews", "slug", "id of the earlier review whose contract this deal renews; that "
          "deal's notice deadline and renewal then count as handled"),
    Field("reviewed", "date", "date of the debrief", required=True, not_before="signed"),
    _hideable(Field("value", "number", "total contract value", minimum=0, maximum=MAX_VALUE,
                    requires="currency")),
    Field("currency", "currency", "ISO 4217 code of `value`, e.g. EUR"),
    _hideable(Field("term_months", "integer", "contract term in months", minimum=1,
                    maximum=MAX_TERM_MONTHS)),
    _hideable(Field("start_date", "date", "start of performance")),
    _hideable(Field("renewal_date", "date", "date the contract renews or ends",
                    not_before="start_date")),
    _hideable(Field("notice_days", "integer", "notice needed before `renewal_date`", minimum=0,
                    maximum=MAX_NOTICE_DAYS)),
    _hideable(_list_of("participants", "who took part in the debrief",
                       _text("participants[]", "a name"), MAX_NAMES)),
    _hideable(Field("outcome", "mapping", "what was agreed", fields=(
        _text("commercial", "price, payment terms, volumes"),
        _text("non_commercial", "SLA, scope limits, governance, IP, exclusivity"),
        _text("trade_offs", "the biggest trade-offs: what we gave, what we got"),
    ))),
    _hideable(_list_of("what_worked", "tactics, proof points and relationship moves that moved "
                       "the deal", _text("what_worked[]", "one specific action"))),
    _hideable(Field("leverage", "mapping", "where leverage really came from", fields=(
        _list_of("proven", "sources that actually moved the other side",
                 _choices("proven[]", "a source", LEVERAGE_SOURCES, mistakes=LEVERAGE_MISTAKES)),
        _list_of("assumed", "sources we counted on that did not move them",
                 _choices("assumed[]", "a source", LEVERAGE_SOURCES,
                          mistakes=LEVERAGE_MISTAKES)),
        _text("notes", "what the evidence was"),
    ))),
    _hideable(Field("missed_questions", "list", "questions we should have asked earlier; "
                    "`none` if there were none", item=MISSED_QUESTION, none_word=True)),
    _hideable(_list_of("blind_spots", "hidden stakeholders and constraints learned too late",
                       _text("blind_spots[]", "one blind spot"))),
    _hideable(_list_of("friction", "moments that cost trust or time", Field(
        "friction[]", "mapping", "one friction entry", fields=(
            _text("what", "what happened", required=True),
            _choices("root_cause", "where it came from", ROOT_CAUSES, required=True),
        )))),
    _hideable(_list_of("playbook_updates", "the three playbook changes", Field(
        "playbook_updates[]", "mapping", "one change", fields=(
            _text("change", "the concrete change to the playbook", required=True),
            _text("owner", "who makes it", required=True),
            Field("due", "date", "when it is due (norm: within 7 days of signing)", required=True),
            _defaulted(Field("done", "done", "the date it was made (or `true`); the 7-day norm "
                             "is measured on that date"), False),
        )))),
    _hideable(Field("follow_through", "mapping", "the plan after signature", fields=(
        Field("handoff", "date", "internal hand-off (norm: within 24 hours)"),
        Field("next_steps_sent", "date", "next-steps message sent (norm: within 48 hours)"),
        Field("kickoff", "date", "kickoff meeting (norm: 7–14 days after signing)"),
        _choices("cadence", "check-in cadence for the first 30 days", CADENCES),
        _list_of("metrics", "3–5 metrics both sides watch", _text("metrics[]", "a metric"),
                 MAX_NAMES),
        _list_of("escalation", "escalation contacts on both sides",
                 _text("escalation[]", "a contact"), MAX_NAMES),
    ))),
    _hideable(_list_of("risks", "top three risks", Field("risks[]", "mapping", "one risk",
                                                         fields=(
        _text("risk", "what could go wrong", required=True),
        _text("mitigation", "what we do about it"),
    )))),
    Field("plan", "slug", "id of the negotiation plan this deal was prepared with (in "
          "content/plans/); naming it closes the plan", withheld=True),
    Field("plan_results", "list", "how each planned term ended", item=PLAN_RESULT,
          max_items=MAX_ENTRIES, requires="plan", withheld=True),
    _hideable(IMPASSES),
)
# The review's Markdown narrative, below the front matter: it may be confidential too.
BODY = "body"
# The review's whole relationship log (content/logs/): a review may withhold it from the public.
WHOLE_LOG = "log"
# Keys a review may mark confidential (hidden from public builds). The ones that place a review
# on the site (deal type, scenario, dates, status) stay visible; so does the id, except in a
# review that hides its title or counterparty, which `dealbook new` makes it from (audience.py).
CONFIDENTIAL_KEYS = (*(f.name for f in (*_REVIEW_HEAD, *_REVIEW_TAIL) if f.confidential), BODY,
                     WHOLE_LOG)
REVIEW = Field("review", "mapping", "front matter of a post-negotiation review", fields=(
    *_REVIEW_HEAD,
    replace(_list_of("confidential", "keys hidden from public builds (`body` is the "
                     "narrative, `log` the whole relationship log)",
                     _choices("confidential[]", "a key", CONFIDENTIAL_KEYS)),
            distinct=True),
    *_REVIEW_TAIL,
))

# The helpers above, for the declarations kept in modules of their own (plans.py).
text_field, list_field, choices_field = _text, _list_of, _choices
defaulted, hideable = _defaulted, _hideable
NONE_WORD = "none"


@dataclass(frozen=True)
class FinalRule:
    """What a `status: final` review must hold (error: it is not published without it) or
    should hold (warning: it falls short of the one-page form). Drafts are not checked."""

    key: str  # dotted, as in the format table
    severity: Literal["error", "warning"]
    doc: str
    least: int = 1  # list entries wanted
    signed_only: bool = False  # asked of signed deals only
    among: tuple[str, ...] = ()  # a mapping's keys that count (default: all)


_DATES = ("handoff", "next_steps_sent", "kickoff")
FINAL_REVIEW = (
    FinalRule("outcome", "error", "what was agreed: commercial terms, key non-commercial terms, "
              "the trade-offs"),
    FinalRule("leverage", "error", "the sources that moved them (`proven`), or `notes` on why "
              "none did"),
    FinalRule("follow_through", "error", "the dates of the hand-off, the next-steps message and "
              "the kickoff (planned or held)", signed_only=True, among=_DATES),
    FinalRule("follow_through.handoff", "warning", "the internal hand-off date",
              signed_only=True),
    FinalRule("follow_through.next_steps_sent", "warning", "the date the next-steps message "
              "went out", signed_only=True),
    FinalRule("follow_through.kickoff", "warning", "the kickoff date (planned or held)",
              signed_only=True),
    FinalRule("what_worked", "warning", "the actions that clearly improved the outcome"),
    FinalRule("playbook_updates", "warning", "three concrete changes, each with an owner and a "
              "due date", least=3),
    FinalRule("follow_through.metrics", "warning", "3–5 metrics both sides watch", least=3),
    FinalRule("risks", "warning", "the top three risks, with mitigations"),
    FinalRule("missed_questions", "warning", f"what we learned too late, or "
              f"`missed_questions: {NONE_WORD}` if nothing was"),
)
# Lines of the template's body that mean it was never filled in.
PLACEHOLDER = "YYYY-MM-DD"

QUESTION = Field("question", "mapping", "front matter of a curated question", fields=(
    Field("id", "slug", "unique slug; becomes the page address", required=True),
    _text("question", "the question, worded as you would ask it", required=True),
    _choices("category", "question-bank category", CATEGORIES, required=True),
    _text("informs", "the decision the answer informs", required=True),
    _list_of("deal_types", "deal types it suits, which says whose question it is: "
             "in a vendor deal we buy, in a client project we sell (default: all)",
             _choices("deal_types[]", "a deal type", DEAL_TYPES)),
    _list_of("scenarios", "scenarios it applies to (default: all)",
             Field("scenarios[]", "scenario", "a scenario key")),
    _defaulted(_choices("stage", "when to ask it", STAGES), "discovery"),
))


def default_choice(spec: Field, key: str) -> str:
    """The declared default of one of a mapping's choices (`status`, `stage`…)."""
    sub = spec.child(key)
    assert sub is not None and isinstance(sub.default, str), f"{key} has no default choice"
    return sub.default


# The relationship log after signature (content/logs/<review id>.md): see LOG below.
CHECKIN_KINDS = ("status", "kickoff", "monthly_review", "qbr", "milestone")
RAG = ("green", "yellow", "red")
CHANGE_KINDS = ("change_request", "amendment", "renegotiation", "post_settlement")
CHANGE_STATUSES = ("open", "approved", "rejected", "absorbed")
SIDES = ("us", "them")
MAX_CHECKINS = 200  # four years of weekly check-ins


def _score(name: str, doc: str) -> Field:
    return Field(name, "integer", doc, minimum=1, maximum=5)


def _leverage_found(name: str, doc: str) -> Field:
    """Sources of leverage a second debrief names; hidden with the review's `leverage`."""
    return _hidden_by("leverage", replace(_list_of(name, doc, _choices(
        f"{name}[]", "a source", LEVERAGE_SOURCES, mistakes=LEVERAGE_MISTAKES)), distinct=True))


LOG = Field("log", "mapping", "front matter of a relationship log", fields=(
    Field("deal", "slug", "id of the review this log follows", required=True),
    _list_of("checkins", "check-ins, status reviews and business reviews", Field(
        "checkins[]", "mapping", "one check-in", fields=(
            Field("date", "date", "when it was held", required=True),
            _defaulted(_choices("kind", "what kind of meeting", CHECKIN_KINDS), "status"),
            _choices("status", "how the relationship stands", RAG, required=True),
            _text("why", "one line why; required for yellow and red"),
            _score("pulse", "stakeholder pulse, 1 (cold) to 5 (warm)"),
            _score("renewal_likelihood", "how likely they renew, 1 (unlikely) to 5 (sure)"),
            _hidden_by("follow_through", Field(
                "metrics", "mapping", "readings of the review's `follow_through.metrics`, by "
                "name", item=_text("metrics.*", "the reading, as written"))),
            _text("attendees", "who was there"),
        )), MAX_CHECKINS),
    _list_of("changes", "change requests, amendments, renegotiations and post-settlement "
             "improvements", Field("changes[]", "mapping", "one change", fields=(
                 Field("date", "date", "when it was raised", required=True),
                 _choices("kind", "what kind of change", CHANGE_KINDS, required=True),
                 _text("what", "what changes", required=True),
                 _choices("raised_by", "who asked for it", SIDES, required=True),
                 _hidden_by("value", Field(
                     "value_delta", "number", "value added (negative: removed), in the "
                     "review's currency", minimum=-MAX_VALUE, maximum=MAX_VALUE)),
                 Field("days_delta", "integer", "schedule impact in days", minimum=-3650,
                       maximum=3650),
                 _choices("status", "where it stands; `absorbed`: done without a change "
                          "request", CHANGE_STATUSES, required=True),
                 Field("decide_by", "date", "when an open change must be decided"),
                 Field("closed", "date", "when it was decided; required unless open",
                       not_before="date"),
             ))),
    _list_of("escalations", "escalations along the review's ladder", Field(
        "escalations[]", "mapping", "one escalation", fields=(
            Field("opened", "date", "when it was raised", required=True),
            Field("level", "integer", "1 delivery owners (same day), 2 account or ops leads "
                  "(48 hours), 3 executive sponsors (5 business days)", required=True,
                  minimum=1, maximum=3),
            _text("what", "what went wrong", required=True),
            Field("resolved", "date", "when it was resolved; empty while open",
                  not_before="opened"),
            _text("outcome", "how it was resolved"),
        ))),
    Field("second_debrief", "mapping", "the debrief after the first milestone or ~30 days",
          fields=(
              Field("date", "date", "when it was held", required=True),
              Field("scope_held", "boolean", "did the agreed scope hold"),
              _leverage_found("leverage_confirmed", "sources of leverage the relationship "
                              "confirmed"),
              _leverage_found("leverage_refuted", "sources of leverage it refuted"),
              _hidden_by(BODY, _text("notes", "what was learned")),
          )),
))


@dataclass(frozen=True)
class FormatRow:
    """One line of the documented format table."""

    key: str
    required: bool
    kind: str
    doc: str


def format_rows(spec: Field, prefix: str = "") -> list[FormatRow]:
    """Flatten a declaration into documentation rows, nested keys as `outcome.commercial`."""
    rows = []
    for sub in spec.fields:
        key = f"{prefix}{sub.name}"
        target = sub.item if sub.kind == "list" and sub.item else sub
        rows.append(FormatRow(key, sub.required, _describe(sub), sub.doc))
        if target.kind == "mapping":
            rows.extend(format_rows(target, f"{key}[]." if sub.kind == "list" else f"{key}."))
    return rows


def _describe(spec: Field) -> str:
    if spec.kind == "list" and spec.item is not None:
        inner = "entries" if spec.item.kind == "mapping" else _describe(spec.item)
        return (f"list of {inner}" + (f", at most {spec.max_items}" if spec.max_items else "")
                + (f", or the word {NONE_WORD}" if spec.none_word else ""))
    names = {"text": "text", "slug": "slug", "date": "date YYYY-MM-DD",
             "integer": "whole number", "number": "number", "boolean": "true / false",
             "scenario": "scenario key", "currency": "currency code", "mapping": "keys",
             "done": "date YYYY-MM-DD, true or false"}
    if spec.kind == "choice":
        return " | ".join(spec.choices)
    if spec.kind == "mapping" and spec.item is not None:
        return f"names of your choosing, each with {_describe(spec.item)}"
    if spec.maximum is not None:
        return f"{names[spec.kind]}, {spec.minimum or 0:,} to {spec.maximum:,}"
    return names[spec.kind]


# The helpers above, for the declarations kept in modules of their own (plans.py).
text_field, list_field, choices_field = _text, _list_of, _choices
