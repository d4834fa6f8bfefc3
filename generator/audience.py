"""Who a build is for: which reviews it may publish, and which of their fields.

Filtering happens before linking, so everything built afterwards (pages, listings, summaries,
the question bank, the calendar, and the search index and sitemap MkDocs makes from the pages)
can only ever see what the audience may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .model import Deal, FollowThrough, Leverage, Outcome
from .schema import DEAL_TYPE_NOUNS

# What each confidential key becomes in a public build.
_REDACTED: dict[str, Any] = {
    "owner": "(confidential)", "tags": (), "value": None, "term_months": None,
    "start_date": None, "renewal_date": None, "notice_days": None, "participants": (),
    "outcome": Outcome(), "what_worked": (), "leverage": Leverage(), "missed_questions": (),
    "blind_spots": (), "friction": (), "playbook_updates": (),
    "follow_through": FollowThrough(), "risks": (), "body": "",
}


def for_audience(deals: Iterable[Deal], audience: str) -> list[Deal]:
    """The reviews this audience may see, with confidential fields removed for the public."""
    visible = [d for d in deals if audience == "restricted" or d.visibility != "restricted"]
    return [redact(d) for d in visible] if audience == "public" else visible


def redact(deal: Deal) -> Deal:
    """The deal with each of its confidential keys emptied."""
    if not deal.confidential:
        return deal
    changes = {key: _REDACTED[key] for key in deal.confidential if key in _REDACTED}
    if "title" in deal.confidential:
        changes["title"] = f"Confidential {DEAL_TYPE_NOUNS[deal.deal_type]}"
    if "counterparty" in deal.confidential:
        # Unique per review: redacted names must not merge unrelated deals into one party.
        changes["counterparty"] = f"Confidential counterparty ({deal.id})"
    if "value" in deal.confidential:
        changes["currency"] = None
    return replace(deal, **changes)
