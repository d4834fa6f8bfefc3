"""Planning pages: which pages exist and what each template is given."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from generator.base.uris import (
    DEALS_URI,
    FIND_STYLESHEET,
    FIND_URI,
    HOME_URI,
    HOW_TO_URI,
    TAGS_URI,
    Addresses,
    Page,
    PagePlan,
    asset_url,
    page_url,
)
from generator.check.model import Deal
from generator.link.playbook import Playbook
from generator.pages.bank import plan_bank_pages
from generator.pages.body_links import Sources, link_bodies
from generator.pages.briefs import plan_brief_pages
from generator.pages.hubs import plan_hub_pages
from generator.pages.patterns import plan_pattern_pages
from generator.pages.plans import plan_negotiation_pages
from generator.pages.relationships import plan_relationship_pages, relationship_context
from generator.read.settings import Settings
from generator.schema.fields import LABELS, LEVERAGE_SOURCES
from generator.summarize.plans import plan_outcome
from generator.summarize.relationships import Standings

LATEST = 8

def plan_pages(playbook: Playbook, settings: Settings, how_to: dict[str, Any],
               review_paths: frozenset[str] = frozenset()) -> list[Page]:
    """Every generated page of the site, in a stable order. `review_paths` are the source
    paths of every review read, so that a body link to an unpublished one is recognised."""
    to = _as_last_build(Addresses(
        {deal_id: party.slug for deal_id, party in playbook.counterparty_of.items()}))
    shared = {"to": to, "today": settings.today}
    standings = _standings(settings.today)
    return [
        Page(uri, template, meta, {**shared, **context})
        for uri, template, meta, context in (
            *_home(playbook, settings, to),
            *_deals(playbook, settings, to, review_paths, standings),
            *_listings(playbook, to),
            *plan_hub_pages(playbook, settings, to, standings),
            *plan_bank_pages(playbook, settings, to),
            *plan_pattern_pages(playbook, settings, standings),
            *plan_relationship_pages(playbook, settings, standings),
            *plan_brief_pages(playbook, settings, to, standings),
            *plan_negotiation_pages(playbook, settings, to),
            (HOW_TO_URI, "how_to.md.j2", {}, how_to),
            *_find(settings),
        )
    ]


_LAST_ADDRESSES: list[Addresses] = []


def _as_last_build(to: Addresses) -> Addresses:
    """The last build's `to` when this one equals it. Every page's plan holds `to`, and a
    rebuild compares each plan with the last build's (render/templates.py): with the same
    object that is an identity check, with an equal new one a comparison of two maps of every
    review's counterparty, page after page (5 s of a rebuild at 10,000 reviews)."""
    if _LAST_ADDRESSES and _LAST_ADDRESSES[0] == to:
        return _LAST_ADDRESSES[0]
    _LAST_ADDRESSES[:] = [to]
    return to


_LAST_STANDINGS: list[Standings] = []


def _standings(today: date) -> Standings:
    """The last build's standings, for a rebuild of the same day."""
    if _LAST_STANDINGS and _LAST_STANDINGS[0].today == today:
        _LAST_STANDINGS[0].next_build()
    else:
        _LAST_STANDINGS[:] = [Standings(today)]
    return _LAST_STANDINGS[0]


def forget_standings() -> None:
    """Forget the last build's standings, for a process that builds once."""
    _LAST_STANDINGS.clear()


def _home(playbook: Playbook, settings: Settings, to: Addresses) -> Iterator[PagePlan]:
    scenarios = [(s, playbook.by_scenario.get(s.key, ())) for s in settings.scenarios]
    yield HOME_URI, "home.md.j2", {}, {
        "playbook": playbook, "latest": playbook.deals[:LATEST], "scenarios": scenarios,
    }
    years = [(str(y), to.year(y), deals) for y, deals in sorted(playbook.by_year.items(),
                                                               reverse=True)]
    yield DEALS_URI, "directory.md.j2", {}, {
        "title": "All reviews", "entries": years, "heading": "Year",
        "intro": f"{len(playbook.deals)} published reviews, by the year they were signed "
                 "(or reviewed, when not signed).",
    }


def _deals(playbook: Playbook, settings: Settings, to: Addresses,
           review_paths: frozenset[str], standings: Standings) -> Iterator[PagePlan]:
    sources = Sources({**{q.path: to.question(q.id) for q in playbook.questions},
                       **{d.path: to.deal(d) for d in playbook.deals}},
                      review_paths | {d.path for d in playbook.deals},
                      settings.display(settings.docs_dir))
    linked = link_bodies(playbook.deals, sources, to.deal)
    for deal in playbook.deals:
        yield to.deal(deal), "deal.md.j2", _deal_meta(deal, settings, to), {
            "deal": deal, "body": linked.bodies[deal.id],
            "linked_from": linked.linked_from.get(deal.id, ()),
            # Keys emptied for this audience: "withheld", not "not recorded".
            "withheld": deal.confidential if settings.audience == "public" else (),
            "scenario": settings.scenario(deal.scenario), "leverage_sources": LEVERAGE_SOURCES,
            "similar": [(m, m.deal.date > deal.date) for m in playbook.similar[deal.id]],
            "similar_to": playbook.similar_to.get(deal.id, ()),
            "updates": [(u, u.state(settings.today)) for u in deal.playbook_updates],
            "misses": playbook.bank.by_deal.get(deal.id, ()),
            "renews": playbook.renewal_of.get(deal.id),
            "renewed_by": playbook.renewed_by.get(deal.id),
            "plan_outcome": plan_outcome(deal, playbook.plans),
            **relationship_context(deal, playbook, standings),
        }


def _find(settings: Settings) -> Iterator[PagePlan]:
    if settings.search == "pagefind":
        yield FIND_URI, "find.md.j2", {}, {"stylesheet": asset_url(FIND_URI, FIND_STYLESHEET)}


def _deal_meta(deal: Deal, settings: Settings, to: Addresses) -> dict[str, Any]:
    # Facets: the filters of the Pagefind search, when it is on (see plugin.py), as readers
    # know them (titles, labels).
    meta: dict[str, Any] = {"facets": {
        "Type": ["Review"], "Scenario": [settings.scenario(deal.scenario).title],
        "Deal type": [LABELS[deal.deal_type]],
        "Tag": list(deal.tags), "Year": [str(deal.date.year)]}}
    if deal.tags:
        # Material's tags plugin shows these as chips; our theme override links each chip to
        # its tag page, since the plugin itself only links to its own listings.
        meta["tags"] = list(deal.tags)
        meta["tag_links"] = {tag: page_url(to.tag(tag)) for tag in deal.tags}
    return meta


def _listings(playbook: Playbook, to: Addresses) -> Iterator[PagePlan]:
    for tag, deals in playbook.by_tag.items():
        yield to.tag(tag), "listing.md.j2", {}, {
            "title": f"Tag: {tag}", "intro": "", "deals": deals, "kind": "tag", "key": tag,
        }
    yield TAGS_URI, "directory.md.j2", {}, {
        "title": "Tags", "heading": "Tag", "intro": "Free tags given in the reviews.",
        "entries": [(tag, to.tag(tag), deals) for tag, deals in playbook.by_tag.items()],
    }
    for year, deals in playbook.by_year.items():
        yield to.year(year), "listing.md.j2", {}, {
            "title": f"Reviews of {year}", "intro": "", "deals": deals, "kind": "year",
            "key": str(year),
        }
