"""Where every page lives. All URIs are made here, so links and pages can never disagree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .link import Counterparty
from .model import Deal

HOME_URI = "index.md"
DEALS_URI = "deals/index.md"
SCENARIOS_URI = "scenarios/index.md"
TAGS_URI = "tags/index.md"
COUNTERPARTIES_URI = "counterparties/index.md"
QUESTIONS_URI = "questions/index.md"
CANDIDATES_URI = "bank/candidates.md"
CHECKLISTS_URI = "bank/checklists/index.md"
HOW_TO_URI = "how-to-write-a-review.md"
PATTERNS_URI = "patterns/index.md"
FIND_URI = "find.md"
BRIEFS_URI = "brief/index.md"


@dataclass(frozen=True)
class Page:
    """A page to render. `meta` becomes its front matter, read by MkDocs and the theme, which
    print its values unescaped: never put text from content there. The title is added when
    rendering, from the page's own escaped first heading."""

    uri: str
    template: str
    meta: dict[str, Any]
    context: dict[str, Any] = field(default_factory=dict)


# (uri, template, meta, context) as planned, before the shared context is added.
PagePlan = tuple[str, str, dict[str, Any], dict[str, Any]]


@dataclass(frozen=True)
class Addresses:
    """The URI of everything that has a page; templates get it as `to`."""

    counterparty_of: Mapping[str, Counterparty]

    def deal(self, deal: Deal) -> str:
        return f"deals/{deal.id}.md"

    def scenario(self, key: str) -> str:
        return f"scenarios/{key}.md"

    def tag(self, tag: str) -> str:
        return f"tags/{tag}.md"

    def counterparty(self, deal: Deal) -> str:
        return f"counterparties/{self.counterparty_of[deal.id].slug}.md"

    def year(self, year: int) -> str:
        return f"archive/{year}.md"

    def question(self, question_id: str) -> str:
        return f"questions/{question_id}.md"

    def category(self, key: str) -> str:
        return f"bank/categories/{key}.md"

    def bank_scenario(self, key: str) -> str:
        return f"bank/scenarios/{key}.md"

    def bank_deal_type(self, key: str) -> str:
        return f"bank/deal-types/{key}.md"

    def checklist(self, key: str) -> str:
        return f"bank/checklists/{key}.md"

    def brief(self, key: str) -> str:
        return f"brief/{key}.md"

    def brief_type(self, deal_type: str) -> str:
        return f"brief/deal-types/{deal_type}.md"

    def candidate(self, candidate_id: str) -> str:
        return f"{CANDIDATES_URI}#{candidate_id}"
