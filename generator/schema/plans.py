"""The negotiation plan format, declared once like the review's (fields.py): validation,
the JSON Schema and the format table derive from it."""

from __future__ import annotations

from dataclasses import replace

from generator.schema.fields import (
    CATEGORIES,
    DEAL_TYPES,
    IMPASSES,
    LEVERAGE_MISTAKES,
    LEVERAGE_SOURCES,
    MAX_ENTRIES,
    MAX_NAMES,
    MAX_TAGS,
    PLAN_STATUSES,
    PRIORITIES,
    STAKEHOLDER_SIDES,
    STANCES,
    VISIBILITIES,
    Field,
    choices_field,
    defaulted,
    list_field,
    text_field,
)

# As for reviews, but a term named as leverage belongs in the plan's `terms`.
_MISTAKES = tuple((word, hint.split("; price moves")[0] + "; put it in `terms`"
                   if "; price moves" in hint else hint) for word, hint in LEVERAGE_MISTAKES)

# A plan: preparation as a document of its own, checked like a review. `closed` is no status:
# a plan is closed when a review names it (`plan:`).
PLAN = Field("plan", "mapping", "front matter of a negotiation plan", fields=(
    Field("id", "slug", "unique slug; becomes the page address", required=True),
    text_field("title", "what is being negotiated, in a few words", required=True),
    text_field("counterparty", "the other side, spelled as in its reviews", required=True),
    text_field("owner", "who leads the negotiation", required=True),
    choices_field("deal_type", "kind of relationship", DEAL_TYPES, required=True),
    Field("scenario", "scenario", "scenario key, as in reviews", required=True),
    replace(list_field("tags", "free tags", Field("tags[]", "slug", "a tag"), MAX_TAGS),
            distinct=True),
    defaulted(choices_field(
        "status", "`draft` while it is written, `active` once the team works from it; a review "
        "that names the plan closes it", PLAN_STATUSES,
        mistakes=(("closed", "a plan is closed when a review names it in `plan:`; leave the "
                   "status `active`"),)), "draft"),
    defaulted(choices_field("visibility", "`restricted` is published only to the restricted "
                            "audience; plans are never in a public build", VISIBILITIES),
              "internal"),
    Field("renews", "slug", "id of the review of the deal being renegotiated"),
    Field("starts", "date", "the first meeting"),
    Field("decide_by", "date", "when it must be decided, e.g. the notice deadline",
          not_before="starts"),
    list_field("goals", "measurable goals", Field("goals[]", "mapping", "one goal", fields=(
        text_field("goal", "what we want", required=True),
        text_field("measure", "how we will know, in numbers or dates"),
    ))),
    list_field("terms", "the terms to negotiate, each with its range", Field(
        "terms[]", "mapping", "one term", fields=(
            text_field("term", "the term, e.g. Annual price", required=True),
            choices_field("priority", "must-have or nice-to-have", PRIORITIES, required=True),
            text_field("opening", "what we ask for first"),
            text_field("target", "what we aim to agree"),
            text_field("walk_away", "the point past which we do not sign (needed for a must)"),
            text_field("reason", "why this range"),
        ))),
    list_field("non_negotiables", "what we will not trade", Field(
        "non_negotiables[]", "mapping", "one non-negotiable", fields=(
            text_field("what", "the condition", required=True),
            text_field("reason", "why it cannot move"),
            text_field("if_broken", "what we do if they insist"),
        ))),
    Field("alternative", "mapping", "the best alternative to agreement", fields=(
        text_field("option", "what we do without a deal", required=True),
        text_field("cost", "what it costs us"),
    )),
    Field("leverage", "mapping", "the leverage we expect to have", fields=(
        replace(list_field("expected", "sources we count on", choices_field(
            "expected[]", "a source", LEVERAGE_SOURCES, mistakes=_MISTAKES)), distinct=True),
        text_field("notes", "the evidence we expect to show"),
    )),
    list_field("concessions", "planned trades", Field(
        "concessions[]", "mapping", "one planned trade", fields=(
            text_field("give", "what we can give", required=True),
            text_field("get", "what we want for it", required=True),
        ))),
    list_field("stakeholders", "who must say yes, on both sides", Field(
        "stakeholders[]", "mapping", "one stakeholder", fields=(
            text_field("name", "name, or the role when unknown", required=True),
            choices_field("side", "ours or theirs", STAKEHOLDER_SIDES, required=True),
            text_field("role", "their role"),
            defaulted(choices_field("stance", "where they stand", STANCES), "unknown"),
            defaulted(Field("signs", "boolean", "can sign for their side"), False),
        )), MAX_NAMES),
    Field("questions", "list", "questions to ask: `ref` to a curated question, or the "
          "wording", item=Field("questions[]", "mapping", "one question", fields=(
              Field("ref", "slug", "id of a curated question"),
              text_field("question", "the question, when it is not in the bank"),
              choices_field("category", "its question-bank category", CATEGORIES),
              text_field("informs", "the decision the answer informs"),
          )), max_items=MAX_ENTRIES),
    Field("scenarios", "mapping", "how it may end", fields=(
        text_field("best", "the best realistic outcome"),
        text_field("expected", "the likely outcome"),
        text_field("worst", "the worst outcome we would still sign"),
    )),
    IMPASSES,
))
