"""Who a build is for: which reviews it may publish, and which of their fields.

Filtering happens before linking, so everything built afterwards (pages, listings, summaries,
the question bank, the calendar, and the search index and sitemap MkDocs makes from the pages)
can only ever see what the audience may see. That includes the id: `dealbook new` makes it from
the title, and it becomes addresses, labels, anchors and calendar UIDs, so a review that hides
its title or counterparty gets an opaque id in a public build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from generator.base.diagnostics import Diagnostic, warning
from generator.check.convert import absent
from generator.check.model import Deal
from generator.schema.fields import BODY, CONFIDENTIAL_KEYS, DEAL_TYPE_NOUNS, REVIEW, WHOLE_LOG
from generator.schema.slugs import slugify

OPAQUE_PREFIX = "confidential-"
# The names `dealbook new` makes the id from: hidden, they are replaced by words saying so.
_NAMES = ("title", "counterparty")
_EMPTY = {**absent(Deal, REVIEW), BODY: ""}
# What each other confidential key becomes in a public build: what a review that never wrote
# it holds, or, for a key every review must write, a word saying it is hidden. The relationship
# log is not part of the review: the build leaves it out (link/logs.py).
_REDACTED = {key: "(confidential)" if spec is not None and spec.required else _EMPTY[key]
             for key in CONFIDENTIAL_KEYS if key not in (*_NAMES, WHOLE_LOG)
             for spec in (REVIEW.child(key),)}
# Plans hold walk-away points and are never public: nor is what a review says of its plan.
_WITHHELD = {f.name: _EMPTY[f.name] for f in REVIEW.fields if f.withheld}
# A hidden key hides the key it must be given with (a value, its currency).
_COMPANIONS = {f.name: f.requires for f in REVIEW.fields if f.confidential and f.requires}


def for_audience(deals: Iterable[Deal], audience: str) -> list[Deal]:
    """The reviews this audience may see, with confidential fields removed for the public."""
    visible = [d for d in deals if audience == "restricted" or d.visibility != "restricted"]
    if audience != "public":
        return visible
    return [replace(redact(d), **_WITHHELD) for d in visible]  # type: ignore[arg-type]


def redact(deal: Deal) -> Deal:
    """The deal with each of its confidential keys emptied."""
    if not deal.confidential:
        return deal
    changes: dict[str, object] = {key: _REDACTED[key] for key in deal.confidential
                                  if key in _REDACTED}
    if "title" in deal.confidential:
        changes["title"] = f"Confidential {DEAL_TYPE_NOUNS[deal.deal_type]}"
    if _hidden_names(deal):
        changes["id"] = opaque_id(deal)
    if "counterparty" in deal.confidential:
        # Unique per review: redacted names must not merge unrelated deals into one party.
        changes["counterparty"] = f"Confidential counterparty ({changes['id']})"
    for key in deal.confidential:
        if key in _COMPANIONS:
            changes[_COMPANIONS[key]] = _EMPTY[_COMPANIONS[key]]
    return replace(deal, **changes)  # type: ignore[arg-type]


def opaque_id(deal: Deal) -> str:
    """An id that reveals nothing and stays the same from build to build. The hidden names go
    into the hash too: a hash of the id alone would confirm a guessed id."""
    text = "\0".join((deal.id, deal.title, deal.counterparty))
    return OPAQUE_PREFIX + hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def revealing_ids(deals: Iterable[Deal]) -> list[Diagnostic]:
    """A warning for each review whose id repeats a word of its confidential title or
    counterparty: public builds replace the id, but file names and internal links show it."""
    found = []
    for deal in deals:
        id_words = set(deal.id.split("-"))
        for key, value in _hidden_names(deal).items():
            shared = [w for w in dict.fromkeys(slugify(value).split("-"))
                      if w in id_words and len(w) > 2 and not w.isdigit()]
            if shared:
                found.append(warning(
                    deal.path, deal.line, 1, f"id '{deal.id}' contains "
                    f"{', '.join(repr(w) for w in shared)} from the confidential {key}",
                    "public builds give this review an opaque address; rename the id and "
                    "the file to neutral words so internal links do not reveal it either"))
    return found


def _hidden_names(deal: Deal) -> dict[str, str]:
    """The confidential title and counterparty, by key."""
    return {key: getattr(deal, key) for key in _NAMES if key in deal.confidential}
