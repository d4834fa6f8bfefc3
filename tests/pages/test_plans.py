"""Plan pages: a plan with the playbook pointed at its deal, the plans index, plan against
outcome on a review, planning accuracy, deadlocks, and the hubs and briefs that link them.

Regenerate the golden pages after a deliberate change with:
    .venv/bin/pytest tests/pages/test_plans.py --update-golden
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from conftest import Project, plan, review
from corpus import XSS, write_corpus

from generator.build import build_site

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "plans"
GOLDEN_PAGES = ("plans/kestrel-renewal-2027.md", "plans/index.md",
                "patterns/planning-accuracy.md", "patterns/deadlocks.md",
                "deals/kestrel-backup-review.md")


@pytest.fixture
def pages(project: Project) -> dict[str, str]:
    write_corpus(project)
    project.add_plan("kestrel-renewal.md", plan(
        id="kestrel-renewal-2027", title="Kestrel renewal 2027", counterparty="Kestrel Cloud",
        deal_type="vendor", scenario="vendor_sla", renews="kestrel-2026",
        starts=date(2027, 1, 10), decide_by=date(2027, 3, 3), tags=["hosting"],
        leverage={"expected": ["time", "risk"], "notes": f"Notes {XSS}"},
        non_negotiables=[{"what": "EU regions only", "reason": "client contracts"}],
        concessions=[{"give": "24 months", "get": "flat fee"}],
        questions=[{"ref": "who-signs"}, {"question": "Who owns the notice date?",
                                          "category": "renewal_expansion"}],
        scenarios={"best": "flat fee", "worst": "3% uplift"},
        impasses=[{"date": date(2026, 11, 20), "issue": "Fee uplift",
                   "tactics": ["pause"], "result": "held"}]),
        "## Dossier\n\nBenchmarks from the 2025 tender.\n")
    project.add_plan("orbit.md", plan(id="orbit-phase-2", title="Orbit phase 2",
                                      counterparty="Orbit", decide_by=date(2026, 11, 1),
                                      starts=None, alternative=None))
    project.add_plan("backup.md", plan(
        id="kestrel-backup", title="Kestrel backup", counterparty="Kestrel Cloud",
        deal_type="vendor", scenario="vendor_sla", starts=date(2026, 8, 1),
        decide_by=date(2026, 10, 1),
        leverage={"expected": ["risk", "switching"]}))
    project.add_deal("backup-review.md", review(
        id="kestrel-backup-review", title="Kestrel backup", counterparty="Kestrel Cloud",
        deal_type="vendor", scenario="vendor_sla", signed=date(2026, 9, 20),
        reviewed=date(2026, 9, 22), plan="kestrel-backup",
        what_worked=["Restore test shown before pricing", "Three packages at once"],
        leverage={"proven": ["risk", "process"], "assumed": ["time", "switching"]},
        plan_results=[{"term": "Fixed price", "result": "fallback", "note": "EUR 240,000"},
                      {"term": "Acceptance window", "result": "conceded"}],
        impasses=[{"date": date(2026, 9, 10), "issue": "Liability cap",
                   "tactics": ["multiple_offers", "pause"], "result": "broke",
                   "note": "Three packages at once"}]))
    project.pin_file_dates()
    result = build_site(project.settings)
    assert result.diagnostics == ()
    return result.pages


def test_pages_match_golden(pages: Mapping[str, str], update_golden: bool) -> None:
    for uri in GOLDEN_PAGES:
        golden = GOLDEN / uri
        if update_golden:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(pages[uri], encoding="utf-8")
        assert pages[uri] == golden.read_text(encoding="utf-8"), uri


def test_plan_page_points_the_playbook_at_the_deal(pages: Mapping[str, str]) -> None:
    page = pages["plans/kestrel-renewal-2027.md"]
    # The renewed deal first, with its notice deadline; then the same counterparty's reviews.
    reread = page[page.index("## Past deals to reread"):]
    assert reread.index("kestrel-2026.md") < reread.index("kestrel-backup-review.md")
    assert "notice by 2027-03-03" in reread
    assert "same counterparty" in reread
    # Time was only assumed in the scenario's reviews: flagged. Risk was proven: not.
    check = page[page.index("## Leverage reality check"):
                 page.index("## Questions not yet in the plan")]
    time_line = next(line for line in check.splitlines() if line.startswith("- **Time**"))
    risk_line = next(line for line in check.splitlines() if line.startswith("- **Risk**"))
    assert "mostly only assumed" in time_line and "mostly only assumed" not in risk_line
    # The bank's vendor question is not in the plan: suggested. Its own ref is not.
    start = page.index("## Questions not yet in the plan")
    unasked = page[start:page.index("\n## ", start)]
    assert "sla-measured.md" in unasked and "who-signs.md" not in unasked
    assert "<script>" not in page and "Gaps in this plan" not in page


def test_gaps_show_in_a_box(pages: Mapping[str, str]) -> None:
    page = pages["plans/orbit-phase-2.md"]
    box = page[page.index('!!! warning "Gaps in this plan"'):page.index("## Goals")]
    assert "the plan has no alternative to agreement" in box
    assert "walk_away" not in box  # both must-haves have one


def test_index_orders_by_decide_by_and_flags_overdue(pages: Mapping[str, str]) -> None:
    page = pages["plans/index.md"]
    open_part = page[page.index("## Open"):page.index("## Closed")]
    assert open_part.index("orbit-phase-2.md") < open_part.index("kestrel-renewal-2027.md")
    assert "2026-11-01, overdue" in open_part
    assert "kestrel-backup.md" not in open_part
    assert "kestrel-backup.md" in page[page.index("## Closed"):]


def test_review_shows_plan_against_outcome(pages: Mapping[str, str]) -> None:
    page = pages["deals/kestrel-backup-review.md"]
    section = page[page.index("## Plan against outcome"):]
    assert "[Kestrel backup](../plans/kestrel-backup.md)" in section
    assert '!!! warning "Walk-away point crossed"' in section
    assert "Acceptance window (walk away at 15 days)" in section
    assert "| Fixed price | Must-have | EUR 245,000 | EUR 230,000 | **fallback**: EUR 240,000 |" \
        in section
    assert "| Switching | yes | no |" in section and "| Process | – | yes |" in section
    assert "## Deadlocks" in page


def test_planning_accuracy_sums_per_scenario(pages: Mapping[str, str]) -> None:
    page = pages["patterns/planning-accuracy.md"]
    vendor = page[page.index("## Vendor with"):page.index("## Revenue-share")]
    assert "| Risk | 1 | 1 (100%) |" in vendor and "| Switching | 1 | 0 (0%) |" in vendor
    assert "**Must-haves held:** 0 of 2 (0%)" in vendor
    assert "Acceptance window" in vendor
    client = page[page.index("## Client project"):page.index("## Vendor with")]
    assert "orbit-phase-2.md" in client  # past decide_by, no review


def test_hubs_and_briefs_link_plans_and_deadlocks(pages: Mapping[str, str]) -> None:
    assert "../plans/kestrel-renewal-2027.md" in pages["scenarios/vendor_sla.md"]
    party = pages["counterparties/kestrel-cloud.md"]
    assert "kestrel-renewal-2027.md" in party and "kestrel-backup.md): closed" in party
    brief = pages["brief/vendor_sla.md"]
    assert "## Deadlocks seen here" in brief and "Liability cap. Broke after" in brief
    deadlocks = pages["patterns/deadlocks.md"]
    assert "Fee uplift" in deadlocks  # an open plan's deadlock counts too
    assert "| Several equivalent offers | 1 | 1 |" in deadlocks
