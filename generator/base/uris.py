"""Where every page lives. All URIs are made here, so links and pages can never disagree."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

HOME_URI = "index.md"
DEALS_URI = "deals/index.md"
SCENARIOS_URI = "scenarios/index.md"
TAGS_URI = "tags/index.md"
COUNTERPARTIES_URI = "counterparties/index.md"
QUESTIONS_URI = "questions/index.md"
CANDIDATES_URI = "bank/candidates.md"
UPDATES_URI = "patterns/playbook-updates.md"
UPDATES_NORM_URI = "patterns/playbook-update-norm.md"
FOLLOW_THROUGH_URI = "patterns/follow-through.md"
RISKS_URI = "patterns/risks.md"
RENEWALS_URI = "patterns/renewals.md"
CADENCE_GAPS_URI = "patterns/follow-through/cadence-gaps.md"
CHECKLISTS_URI = "bank/checklists/index.md"
HOW_TO_URI = "how-to-write-a-review.md"
PATTERNS_URI = "patterns/index.md"
LEVERAGE_URI = "patterns/leverage.md"
FRICTION_URI = "patterns/friction.md"
FIND_URI = "find.md"
BRIEFS_URI = "brief/index.md"
CALENDAR_URI = "calendar.ics"
PLANS_URI = "plans/index.md"
PLANNING_ACCURACY_URI = "patterns/planning-accuracy.md"
DEADLOCKS_URI = "patterns/deadlocks.md"
HEALTH_URI = "patterns/relationship-health.md"
CHANGES_URI = "patterns/changes.md"
ESCALATIONS_URI = "patterns/escalations.md"
SECOND_DEBRIEFS_URI = "patterns/second-debriefs.md"
DEBRIEF_URI = "method/debrief.md"  # a page of the content: how to run the debrief
PLANNING_METHOD_URI = "method/planning.md"  # a page of the content: writing a plan
FIND_STYLESHEET = "assets/find.css"


@dataclass(frozen=True, slots=True)
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


class _Identified(Protocol):
    """A review, or anything else whose page is named by its id."""

    @property
    def id(self) -> str: ...


class _Slugged(Protocol):
    """A counterparty: its hub is named by its slug."""

    @property
    def slug(self) -> str: ...


@dataclass(frozen=True)
class Addresses:
    """The URI of everything that has a page; templates get it as `to`."""

    party_slug: Mapping[str, str]  # a review's id → its counterparty's slug

    # The pages every site has, by name (`to.patterns`).
    home: ClassVar[str] = HOME_URI
    all_deals: ClassVar[str] = DEALS_URI
    all_scenarios: ClassVar[str] = SCENARIOS_URI
    all_tags: ClassVar[str] = TAGS_URI
    all_counterparties: ClassVar[str] = COUNTERPARTIES_URI
    all_questions: ClassVar[str] = QUESTIONS_URI
    inbox: ClassVar[str] = CANDIDATES_URI
    checklists: ClassVar[str] = CHECKLISTS_URI
    how_to: ClassVar[str] = HOW_TO_URI
    debrief: ClassVar[str] = DEBRIEF_URI
    planning: ClassVar[str] = PLANNING_METHOD_URI
    patterns: ClassVar[str] = PATTERNS_URI
    briefs: ClassVar[str] = BRIEFS_URI
    leverage: ClassVar[str] = LEVERAGE_URI
    friction: ClassVar[str] = FRICTION_URI
    follow_through: ClassVar[str] = FOLLOW_THROUGH_URI
    renewals: ClassVar[str] = RENEWALS_URI
    risks: ClassVar[str] = RISKS_URI
    updates: ClassVar[str] = UPDATES_URI
    health: ClassVar[str] = HEALTH_URI
    changes: ClassVar[str] = CHANGES_URI
    escalations: ClassVar[str] = ESCALATIONS_URI
    second_debriefs: ClassVar[str] = SECOND_DEBRIEFS_URI

    def section(self, uri: str, anchor: str) -> str:
        """One section (heading anchor) of a page."""
        return section_uri(uri, anchor)

    def deal(self, deal: _Identified) -> str:
        return deal_uri(deal.id)

    def scenario(self, key: str) -> str:
        return f"scenarios/{key}.md"

    def tag(self, tag: str) -> str:
        return f"tags/{tag}.md"

    def counterparty(self, deal: _Identified) -> str:
        return f"counterparties/{self.party_slug[deal.id]}.md"

    def party(self, party: _Slugged) -> str:
        """The hub of one counterparty: the whole relationship."""
        return f"counterparties/{party.slug}.md"

    def deal_type(self, deal_type: str) -> str:
        """The hub of one deal type: its reviews, brief, questions and scenarios."""
        return f"deal-types/{deal_type}.md"

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

    def bank_cell(self, category: str, deal_type: str) -> str:
        """The questions of one category that suit one deal type."""
        return f"bank/deal-types/{deal_type}/{category}.md"

    def checklist(self, key: str) -> str:
        return f"bank/checklists/{key}.md"

    def plan(self, plan: _Identified) -> str:
        """A negotiation plan's page (never in a public build)."""
        return plan_uri(plan.id)

    def brief(self, key: str) -> str:
        return f"brief/{key}.md"

    def brief_type(self, deal_type: str) -> str:
        return f"brief/deal-types/{deal_type}.md"

    def candidates(self, category: str) -> str:
        return candidates_uri(category)

    def candidate(self, category: str, candidate_id: str) -> str:
        """A candidate's section on its category's page. (The category is the caller's, not
        looked up here: a rebuild renders again every page whose `to` changed, and the
        candidates change with any question's wording.)"""
        return candidate_uri(category, candidate_id)


def deal_uri(deal_id: str) -> str:
    """A review's page."""
    return f"deals/{deal_id}.md"


def plan_uri(plan_id: str) -> str:
    """A negotiation plan's page."""
    return f"plans/{plan_id}.md"


def page_url(uri: str) -> str:
    """A page's address relative to the site's root, as a browser requests it."""
    path = uri.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"


# A page links to the same page again within a few pages (a review from each row of its
# counterparty's listing): every repeat at 1,000 reviews is found among the last 4,096 links.
# Remembering more found nothing more; 65,536 links, which 10,000 reviews fill, take 22 MB a
# cache (this one and templates.relative), in the build and again in its worker.
LINKS_REMEMBERED = 4096


@functools.lru_cache(maxsize=LINKS_REMEMBERED)
def relative_url(page_uri: str, target_uri: str) -> str:
    """The address of `target_uri` (anchor kept) as an `href` on the page of `page_uri`, both
    pages at their folder addresses (page_url): the link MkDocs makes of a Markdown link, for
    HTML that Markdown passes through as it is."""
    target, hashmark, anchor = target_uri.partition("#")
    here = page_url(page_uri).split("/")[:-1]  # the folders of the page's address
    there = page_url(target).split("/")  # ends with "", a folder address's last slash
    shared = 0
    while shared < min(len(here), len(there) - 1) and here[shared] == there[shared]:
        shared += 1
    url = "/".join([".."] * (len(here) - shared) + there[shared:])
    return (url or "./") + hashmark + anchor


def candidates_uri(category: str) -> str:
    """The candidates inbox's page for one category, with each candidate's ready file."""
    return f"bank/candidates/{category}.md"


def section_uri(uri: str, anchor: str) -> str:
    """One section (heading anchor) of a page."""
    return f"{uri}#{anchor}"


def candidate_uri(category: str, candidate_id: str) -> str:
    """One candidate's section (heading anchor) on its category's page."""
    return section_uri(candidates_uri(category), candidate_id)


def site_url_of(site_url: str, uri: str) -> str:
    """A page's full address on a published site (`site_url` is empty or ends with a slash)."""
    return f"{site_url}{page_url(uri)}"


def asset_url(page_uri: str, asset: str) -> str:
    """A file of the site (a stylesheet) as an HTML attribute on a page sees it: relative to
    the page's address, which is a folder (`find/`)."""
    return "../" * page_url(page_uri).count("/") + asset


def leverage_uri(scope: str, source: str, kind: str) -> str:
    """The page listing the reviews behind one leverage figure."""
    return f"patterns/leverage/{scope}-{source}-{kind}.md"


def missed_uri(scope: str, norm: str) -> str:
    """The page listing every review of a scope that missed one follow-through norm."""
    return f"patterns/follow-through/{scope}-{norm}.md"


def unrecorded_uri(scope: str, norm: str) -> str:
    """The page listing every review of a scope that did not record one follow-through date."""
    return f"patterns/follow-through/{scope}-{norm}-unrecorded.md"


def met_uri(scope: str, norm: str) -> str:
    """The page listing every review of a scope that met one follow-through norm."""
    return f"patterns/follow-through/{scope}-{norm}-met.md"


def friction_uri(scope: str, root_cause: str) -> str:
    """The page listing every friction entry of a scope with one root cause."""
    return f"patterns/friction/{scope}-{root_cause}.md"


def risks_uri(scenario: str) -> str:
    """The page listing every open risk of one scenario."""
    return f"patterns/risks/{scenario}.md"


def renewals_uri(window: str) -> str:
    """The page listing every open renewal whose notice deadline falls in one window."""
    return f"patterns/renewals/{window}.md"


def owner_uri(slug: str) -> str:
    """The page of one owner's playbook updates."""
    return f"patterns/playbook-updates/{slug}.md"


def owners_uri(initial: str) -> str:
    """The page of the owners whose names start with one letter (A-Z index)."""
    return f"patterns/playbook-updates/owners/{initial}.md"


def relationship_uri(scope: str, figure: str) -> str:
    """The page listing the reviews behind one figure of the after-signature pages."""
    return f"patterns/relationships/{scope}-{figure}.md"
