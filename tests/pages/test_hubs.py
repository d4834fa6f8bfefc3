"""Briefs and hubs a negotiator can trust (issue 17): past deals picked for what they teach,
leverage quoted under the right heading, scenario / deal-type / counterparty pages that lead
somewhere, questions that suit our side, figures that link to their reviews, and text with no
glitches. Today is pinned to 2026-11-22.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pytest
from conftest import REPO, Project, a, cells, review
from corpus import deal

from generator.build import build_site
from generator.check.model import Deal, Friction, Leverage, MissedQuestion, PlaybookUpdate
from generator.link import relevance
from generator.link.similar import SimilarDeal
from generator.read.settings import load_settings

D = date
WALKED_AWAY_NOTES = "We assumed the deadline would move them. Neither held."


def lessons(**extra: object) -> dict[str, object]:
    """Front matter recording several lessons."""
    return {
        "what_worked": ["Showed the rollout plan before pricing"],
        "leverage": {"proven": ["process"], "assumed": ["time"]},
        "friction": [{"what": "Legal was late", "root_cause": "external"}],
        "missed_questions": [{"question": "Who signs?", "category": "approval_process",
                              "informs": "Timeline"}],
        **extra}


@pytest.fixture
def pages(project: Project) -> dict[str, str]:
    project.add_deal("rich.md", review(
        id="rich", title="Rich old deal", counterparty="Kestrel", deal_type="vendor",
        scenario="vendor_sla", signed=D(2025, 3, 1), reviewed=D(2025, 3, 3),
        renewal_date=D(2027, 3, 1), notice_days=60,
        risks=[{"risk": "The SLA clock is theirs.", "mitigation": "Our own probes."}],
        playbook_updates=[{"change": "Notice calendar", "owner": "Mei", "due": D(2026, 1, 1)}],
        **lessons(friction=[{"what": f"f{i}", "root_cause": "internal"} for i in range(3)])),
        "See the [renewal](later.md) and the [draft](draft.md).\n")
    project.add_deal("ardent.md", review(
        id="ardent", title="Ardent walked away", counterparty="Ardent", deal_type="vendor",
        scenario="vendor_sla", signed=None, reviewed=D(2026, 10, 6),
        **lessons(leverage={"assumed": ["time", "risk"], "notes": WALKED_AWAY_NOTES})))
    project.add_deal("later.md", review(
        id="later", title="Kestrel renewal", counterparty="Kestrel", deal_type="vendor",
        scenario="vendor_sla", signed=D(2026, 9, 1), reviewed=D(2026, 9, 2),
        **lessons()), "Follows the [first deal](./rich.md#outcome).\n")
    project.add_deal("thin.md", review(
        id="thin", title="Nearly empty new review", counterparty="Nova", deal_type="vendor",
        scenario="vendor_sla", signed=D(2026, 11, 1), reviewed=D(2026, 11, 2),
        what_worked=["Fine"]))
    project.add_deal("draft.md", review(id="draft", title="Draft", status="draft"))
    project.add_deal("hidden.md", review(
        id="hidden", title="Hidden", deal_type="vendor", scenario="vendor_sla",
        confidential=["title", "outcome"], outcome={"commercial": "secret"}))
    result = build_site(project.settings)
    assert result.diagnostics == ()
    return result.pages


def section(page: str, heading: str) -> str:
    return page.split(f"## {heading}\n")[1].split("\n## ")[0]


def test_ranking_prefers_lessons_and_leaves_out_thin_reviews() -> None:
    from generator.link.relevance import Target, rank_past_deals  # new in issue 17
    thin = deal("thin", day=300)
    walked = replace(deal("walked", day=10), signed=None,
                     leverage=Leverage(proven=("process",)),
                     friction=(Friction("late", "external"),) * 3)
    rich = replace(deal("rich", day=0), what_worked=("a", "b"),
                   leverage=Leverage(proven=("risk", "process")),
                   missed_questions=(MissedQuestion("q", "approval_process", "i", None, 1, 1),))
    plain = replace(deal("plain", day=200), what_worked=("a", "b", "c"))
    ranked = rank_past_deals([thin, walked, rich, plain], Target(scenario="vendor_sla"), 3)
    assert [p.deal.id for p in ranked] == ["walked", "rich", "plain"]
    assert ranked[0].reasons == ("same scenario", "not signed: shows where a deal breaks",
                                 "proven leverage: process", "3 friction points")
    # The same counterparty outranks everything else: a plan for a renewal rereads its past.
    party = replace(plain, id="party", counterparty="Kestrel",
                    playbook_updates=(PlaybookUpdate("x", "o", D(2026, 1, 1), True),))
    again = rank_past_deals([walked, rich, party], Target(counterparty="kestrel "), 1)
    assert [(p.deal.id, p.reasons[0]) for p in again] == [("party", "same counterparty")]


def test_ranking_again_scores_only_the_deals_it_has_not_seen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild while serving ranks each plan's and brief's candidates again: an unchanged
    review (the same object) keeps its score, an edited one (a new object) is scored anew."""
    rich = replace(deal("rich"), what_worked=("a", "b", "c"))
    plain = replace(deal("plain", day=5), what_worked=("a", "b", "c"))
    target = relevance.Target(scenario="vendor_sla", tags=("sla",))
    relevance.rank_past_deals([rich, plain], target, 2)
    scored: list[str] = []
    score = relevance._scored

    def counted(deal: Deal, target: relevance.Target) -> SimilarDeal:
        scored.append(deal.id)
        return score(deal, target)

    monkeypatch.setattr(relevance, "_scored", counted)
    edited = replace(rich, tags=("sla",))  # now shares a tag: ranks first
    ranked = relevance.rank_past_deals([edited, plain], target, 2)
    assert scored == ["rich"]
    assert [(p.deal, p.score) for p in ranked] == [(edited, 5), (plain, 4)]
    relevance.forget_scores()
    assert relevance.rank_past_deals([edited, plain], target, 2) == ranked


def test_brief_rereads_the_walk_away_not_the_newest_empty_review(pages: Mapping[str, str]
                                                                 ) -> None:
    past = section(pages["brief/vendor_sla.md"], "Past deals to reread")
    assert "[Ardent walked away](../deals/ardent.md)" in past
    assert "Nearly empty" not in past
    assert "- Why: same scenario; not signed: shows where a deal breaks" in past


def test_leverage_that_worked_quotes_no_failure(pages: Mapping[str, str]) -> None:
    brief = pages["brief/vendor_sla.md"]
    worked = section(brief, "Leverage that worked")
    assert "Neither held" not in worked and "- **Process**: proven in 2 of 5 reviews" in worked
    assumed = section(brief, "Assumed, never proven")
    assert "- **Time**: assumed in 3 reviews, proven in 0: [Ardent walked away]" in assumed
    assert "- **Risk**: assumed in 1 review, proven in 0" in assumed
    words = section(brief, "Leverage in the reviewers' words")
    assert ("[Ardent walked away](../deals/ardent.md): proved nothing; assumed without effect "
            f"time, risk.\n\n> {WALKED_AWAY_NOTES}") in words


def test_scenario_page_leads_to_brief_checklist_leverage_friction_and_risks(
        pages: Mapping[str, str]) -> None:
    hub = section(pages["scenarios/vendor_sla.md"], "Before a negotiation")
    for target in ("../brief/vendor_sla.md", "../bank/checklists/vendor_sla.md",
                   "../bank/scenarios/vendor_sla.md",
                   "../patterns/leverage/vendor_sla-process-proven.md",
                   "../patterns/leverage/vendor_sla-time-assumed.md",
                   "../patterns/friction/vendor_sla-internal.md",
                   "../patterns/risks/vendor_sla.md"):
        assert f"]({target})" in hub, target
    for uri in ("patterns/leverage/vendor_sla-process-proven.md",
                "patterns/friction/vendor_sla-internal.md", "patterns/risks/vendor_sla.md"):
        assert uri in pages


def test_each_deal_type_has_a_hub_the_card_links_to(pages: Mapping[str, str]) -> None:
    hub = pages["deal-types/vendor.md"]
    assert "in a vendor deal we buy" in hub and "](../brief/deal-types/vendor.md)" in hub
    assert "](../scenarios/vendor_sla.md)" in hub and 'href="../../deals/ardent/"' in hub
    assert "deals/acme-rollout" not in hub
    assert "<dd markdown=\"span\">[Vendor / SLA](../deal-types/vendor.md)</dd>" in \
        pages["deals/ardent.md"]


def test_counterparty_page_shows_the_relationship(pages: Mapping[str, str]) -> None:
    party = pages["counterparties/kestrel.md"]
    assert ("**Next notice deadline:** <span class=\"db-state db-state--open\">2026-12-31</span>"
            " (39 days left), to renegotiate or end [Rich old deal](../deals/rich.md) before it "
            "renews on 2027-03-01.") in party
    assert "**Open risks:** [1 on running deals](#open-risks)." in party
    assert cells("The SLA clock is theirs.", "Our own probes.",
                 a("Rich old deal", "../../deals/rich/")) in section(
        party, "Open risks { #open-risks }")
    assert "| Notice calendar | Mei | [Rich old deal](../deals/rich.md) | 2026-01-01 |" in \
        section(party, "Open playbook updates { #open-playbook-updates }")
    assert "[brief: Vendor with a service level agreement](../brief/vendor_sla.md)" in party
    assert 'href="../../deals/later/"' in section(party, "Deals")


def test_figures_link_to_the_reviews_behind_them(pages: Mapping[str, str]) -> None:
    friction = pages["patterns/friction.md"]
    assert ("| Vendor with a service level agreement | [3](friction/vendor_sla-internal.md) | "
            "[2](friction/vendor_sla-external.md) | 0 | 5 |") in friction
    behind = pages["patterns/friction/vendor_sla-internal.md"]
    assert behind.count('href="../../../deals/rich/"') == 3
    follow = pages["patterns/follow-through.md"]
    assert "[4](follow-through/all-debrief-met.md) | [100%](follow-through/all-debrief-met.md)" \
        in follow
    assert 'href="../../../deals/later/"' in pages["patterns/follow-through/all-debrief-met.md"]


def test_similar_deals_signed_later_are_labelled(pages: Mapping[str, str]) -> None:
    similar = section(pages["deals/rich.md"], "Similar past deals")
    assert "[Kestrel renewal](later.md) (2026-09-01, later than this one)" in similar
    assert "[Rich old deal](rich.md) (2025-03-01):" in section(pages["deals/later.md"],
                                                                "Similar past deals")


def test_body_links_by_file_path_reach_the_review_page(pages: Mapping[str, str]) -> None:
    rich = pages["deals/rich.md"]
    assert "See the [renewal](later.md) and the draft.\n" in rich  # a draft has no page
    assert "Follows the [first deal](rich.md#outcome)." in pages["deals/later.md"]
    linked = rich.split("Linked from:\n")[1]
    assert "- [Kestrel renewal](later.md) (2026-09-01)" in linked


def test_text_has_no_doubled_punctuation_or_raw_keys(pages: Mapping[str, str]) -> None:
    risks = section(pages["brief/vendor_sla.md"], "Open risks seen here")
    assert "- The SLA clock is theirs: Our own probes. (" in risks
    assert not any(".: " in text for text in pages.values())
    assert "Every vendor deal, whatever its scenario." in pages["brief/deal-types/vendor.md"]
    assert "| Any vendor deal |" in pages["brief/index.md"]
    how_to = pages["how-to-write-a-review.md"]
    assert "| `id` | **yes** | slug |" in how_to
    assert "`draft` is never published (default `final`)" in how_to
    assert "&#42;&#42;yes" not in how_to and "&#96;" not in how_to


def test_public_edition_says_withheld_not_missing(project: Project,
                                                  pages: Mapping[str, str]) -> None:
    assert "Withheld in this edition." not in pages["deals/hidden.md"]  # internal: shown
    project.write_config(audience="public")
    public = build_site(project.settings).pages
    assert "deals/hidden.md" not in public  # its title is hidden, so its id is opaque
    [hidden] = [text for uri, text in public.items()
                if uri.startswith("deals/confidential-") and "\n# Confidential" in text]
    assert "# Confidential vendor deal" in hidden
    assert "## Outcome\n\nWithheld in this edition." in hidden
    assert "## Risks\n\nNone recorded." in hidden  # not confidential: truly not recorded


def test_shipped_checklists_carry_only_questions_for_our_side() -> None:
    pages = build_site(load_settings(REPO / "mkdocs.yml")).pages
    seller_questions = ("What PO number", "If this goes well, what would you do next with us?")
    for uri in ("bank/checklists/vendor_sla.md", "brief/vendor_sla.md",
                "brief/deal-types/vendor.md", "bank/deal-types/vendor/renewal_expansion.md"):
        assert not any(q in pages[uri] for q in seller_questions), uri
    assert "If this goes well" in pages["bank/checklists/client_fixed_scope.md"]
    assert "Only questions that suit this side of the deal: here we buy." in \
        pages["bank/checklists/vendor_sla.md"]
    grid = pages["questions/index.md"].split("## By category and deal type")[1]
    assert "| [Renewal and expansion](../bank/categories/renewal_expansion.md) | " \
        "[5](../bank/deal-types/client/renewal_expansion.md) |" in grid
    question = pages["questions/next-if-it-goes-well.md"]
    assert "[Client project (we sell)](../deal-types/client.md)" in question
    scenarios = pages["questions/sla-measurement-method.md"]
    assert "[Vendor with a service level agreement](../scenarios/vendor_sla.md)" in scenarios


def test_every_kind_of_link_by_path_is_resolved() -> None:
    from generator.pages.body_links import Sources, link_bodies  # new in issue 17
    old = replace(deal("old"), path="content/deals/2025/old.md")
    new = replace(deal("new"), path="content/deals/2026/new.md", body=(
        "[old](../2025/old.md#outcome) [q](../../questions/who.md) ![plan](plan.png)\n"
        "[method](../../method/debrief.md) [web](https://example.com/a.md) [gone](gone.md)\n"
        "`[code](../2025/old.md)` [again][ref]\n\n[ref]: ../2025/old.md\n"))
    sources = Sources({old.path: "deals/old.md", new.path: "deals/new.md",
                       "content/questions/who.md": "questions/who.md"},
                      frozenset({old.path, new.path, "content/deals/2026/gone.md"}), "content")
    linked = link_bodies([new, old], sources, lambda d: f"deals/{d.id}.md")
    assert linked.bodies["new"] == (
        "[old](old.md#outcome) [q](../questions/who.md) ![plan](2026/plan.png)\n"
        "[method](../method/debrief.md) [web](https://example.com/a.md) gone\n"
        "`[code](../2025/old.md)` [again][ref]\n\n[ref]: old.md\n")
    assert linked.linked_from == {"old": (new,)}


def test_counterparty_page_flags_a_passed_unhandled_deadline(project: Project) -> None:
    """The counterparty page shows the same open renewal as the renewal calendar: a passed
    deadline no later review renews comes first; a renewed one is gone."""
    project.add_deal("old.md", review(id="old", title="Old", counterparty="Acme",
                                      signed=D(2025, 1, 1), reviewed=D(2025, 1, 2),
                                      renewal_date=D(2026, 12, 10), notice_days=30))
    party = build_site(project.settings).pages["counterparties/acme.md"]
    assert "**Notice deadline passed:** <span class=\"db-state db-state--overdue\">2026-11-10" \
        "</span>, 12 days ago, and no later review renews [Old](../deals/old.md)" in party
    project.add_deal("new.md", review(id="new", title="New", counterparty="Acme", renews="old",
                                      signed=D(2026, 11, 1), reviewed=D(2026, 11, 2)))
    party = build_site(project.settings).pages["counterparties/acme.md"]
    assert "**Next notice deadline:** none ahead on record." in party
