"""The after-signature pages, rendered from a small corpus with logs: the review page's
relationship section and the four Patterns pages against golden files, the calendar's events,
and the summary pages' bounds.

Regenerate the golden files after a deliberate change with:
    .venv/bin/pytest tests/render/test_relationship_pages.py --update-golden
and review the diff.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from conftest import Project, a, review
from corpus import XSS, XSS_ATTR
from icalendar import Calendar

from generator.build import build_site
from generator.pages.patterns import ENTRY_LIMIT

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "relationship"
PAGES = ("deals/lumen.md", "patterns/relationship-health.md", "patterns/changes.md",
         "patterns/escalations.md", "patterns/second-debriefs.md", "patterns/renewals.md")
D = date
FOLLOW = {"handoff": D(2026, 4, 9), "next_steps_sent": D(2026, 4, 10),
          "kickoff": D(2026, 4, 20), "cadence": "biweekly",
          "metrics": ["Availability", "Alert latency"]}


def write_logged_corpus(project: Project) -> None:
    """A vendor deal with a full log (today is 2026-11-22), and a client deal without one."""
    project.add_deal("lumen.md", review(
        id="lumen", title="Lumen platform", counterparty="Lumen", deal_type="vendor",
        scenario="vendor_sla", signed=D(2026, 4, 9), reviewed=D(2026, 4, 11),
        start_date=D(2026, 5, 1), renewal_date=D(2027, 5, 1), notice_days=90, value=96000,
        currency="USD", follow_through=FOLLOW, leverage={"proven": ["risk"],
                                                         "assumed": ["time"]}))
    project.add_deal("acme.md", review())
    project.add_log("lumen.md", {
        "deal": "lumen",
        "checkins": [
            {"date": D(2026, 4, 20), "kind": "kickoff", "status": "green", "pulse": 4,
             "renewal_likelihood": 4, "metrics": {"Availability": "99.95%"}},
            {"date": D(2026, 8, 27), "kind": "qbr", "status": "yellow", "pulse": 3,
             "why": f"Overage {XSS}", "metrics": {"Alert latency": "6 min"}},
            {"date": D(2026, 11, 10), "kind": "monthly_review", "status": "red", "pulse": 2,
             "renewal_likelihood": 2, "why": "Third incident"}],
        "changes": [
            {"date": D(2026, 6, 2), "kind": "change_request", "what": f"Second region {XSS_ATTR}",
             "raised_by": "us", "value_delta": 12000, "days_delta": 10, "status": "approved",
             "closed": D(2026, 6, 20)},
            {"date": D(2026, 9, 1), "kind": "change_request", "what": "Dashboards",
             "raised_by": "them", "days_delta": 4, "status": "absorbed",
             "closed": D(2026, 9, 1)},
            {"date": D(2026, 10, 1), "kind": "renegotiation", "what": "Higher commitment",
             "raised_by": "them", "status": "open", "decide_by": D(2026, 12, 15)},
            {"date": D(2026, 7, 1), "kind": "post_settlement", "what": "Shared forecast",
             "raised_by": "us", "status": "approved", "closed": D(2026, 7, 5)}],
        "escalations": [
            {"opened": D(2026, 10, 16), "level": 3, "what": "Alerting incidents",
             "resolved": D(2026, 10, 30), "outcome": "Root cause shared"},
            {"opened": D(2026, 11, 20), "level": 2, "what": "Credits disputed"}],
        "second_debrief": {"date": D(2026, 5, 29), "scope_held": True,
                           "leverage_confirmed": ["risk"], "leverage_refuted": ["time"],
                           "notes": "Their quarter, not ours."}},
        f"#### Notes\n\nPasted: {XSS} [x](javascript:alert(1))\n")


@pytest.fixture
def pages(project: Project) -> dict[str, str]:
    write_logged_corpus(project)
    project.pin_file_dates()
    result = build_site(project.settings)
    assert not result.diagnostics
    return result.pages


@pytest.mark.parametrize("uri", PAGES)
def test_pages_match_golden(pages: Mapping[str, str], uri: str, update_golden: bool) -> None:
    golden = GOLDEN / uri.replace("/", "__")
    if update_golden:
        golden.write_text(pages[uri], encoding="utf-8")
    assert pages[uri] == golden.read_text(encoding="utf-8")


def test_review_page_relationship_section(pages: Mapping[str, str]) -> None:
    page = pages["deals/lumen.md"]
    section = page[page.index("## Relationship"):page.index("## Risks")]
    assert 'class="db-strip" role="img" aria-label="Status at 3 check-ins from 2026-04-20 to ' \
           '2026-11-10: 1 green, 1 yellow, 1 red"' in section
    assert "2 of 5, falling at two check-ins in a row" in section
    assert "<dt>Open changes</dt>\n<dd>1</dd>" in section
    assert "<dt>Open escalations</dt>\n<dd>1</dd>" in section
    assert "held 2026-05-29" in section
    assert XSS not in page and XSS_ATTR not in page  # the notes' link: tests/link/test_logs…
    no_log = pages["deals/acme-rollout.md"]
    assert ("No relationship log yet: whether the second debrief (due 2026-04-10) was held is "
            "not recorded.") in no_log
    assert "overdue" not in no_log


def test_second_debriefs_without_a_log_are_not_recorded(pages: Mapping[str, str]) -> None:
    """acme is signed, past its second debrief's due date and has no log: counted and listed
    as not recorded, never as overdue."""
    page = pages["patterns/second-debriefs.md"]
    overdue = page[page.index("## Overdue"):page.index("## Due")]
    unrecorded = page[page.index("## Not recorded"):page.index("## Held")]
    assert "None." in overdue and "Acme" not in overdue
    assert "[Acme rollout](../deals/acme-rollout.md) | 2026-04-10 |" in unrecorded
    assert "[1](relationships/all-debrief-not-recorded.md) |" in page
    listing = pages["patterns/relationships/all-debrief-not-recorded.md"]
    assert "Second debrief not recorded" in listing and "Acme rollout" in listing
    assert not any(uri.endswith("debrief-overdue.md") for uri in pages)


def test_figures_link_to_their_deals(pages: Mapping[str, str]) -> None:
    health = pages["patterns/relationship-health.md"]
    assert "[100% (1)](relationships/vendor_sla-red.md)" in health
    assert "[1 signed review has no log yet](relationships/all-no-log.md)" in health
    listing = pages["patterns/relationships/vendor_sla-red.md"]
    assert a("Lumen platform", "../../../deals/lumen/") in listing
    leverage = pages["patterns/leverage.md"]
    assert "[1](leverage/vendor_sla-time-refuted.md)" in leverage
    assert ">Lumen platform</a>" in pages["patterns/leverage/vendor_sla-risk-confirmed.md"]


def test_brief_and_counterparty_say_how_it_went(pages: Mapping[str, str]) -> None:
    for uri in ("brief/vendor_sla.md", "counterparties/lumen.md"):
        went = pages[uri][pages[uri].index("## How these relationships went"):]
        assert "1 red</span>" in went
        assert "Level 3: Alerting incidents" in went
        assert "Second region" in went


def test_calendar_holds_what_the_log_makes_due(project: Project) -> None:
    write_logged_corpus(project)
    raw = build_site(project.settings).files["calendar.ics"]
    events = {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"]))
              for e in Calendar.from_ical(raw).walk("VEVENT")}
    # Monthly after the first 30 days for a vendor: 30 days after the 2026-11-10 check-in.
    assert events["checkin-lumen@dealbook"] == (D(2026, 12, 10),
                                                "Check-in due (monthly): Lumen")
    changes = [v for k, v in events.items() if k.startswith("change-lumen-")]
    assert changes == [(D(2026, 12, 15), "Renegotiation decision due: Higher commitment")]
    assert not any(k.startswith("debrief-") for k in events)  # held, and acme has no log


def test_summary_pages_stay_bounded(project: Project) -> None:
    """Past ENTRY_LIMIT, lists are cut and counted: a page does not grow with the corpus."""
    count = ENTRY_LIMIT + 5
    for i in range(count):
        project.add_deal(f"d{i}.md", review(id=f"d{i}", title=f"Deal {i}", counterparty=f"C{i}",
                                            signed=D(2026, 3, 1), reviewed=D(2026, 3, 2)))
        project.add_log(f"d{i}.md", {"deal": f"d{i}", "checkins": [
            {"date": D(2026, 3, 10), "status": "red", "why": "late"}], "changes": [
            {"date": D(2026, 3, 11), "kind": "change_request", "what": f"ask {i}",
             "raised_by": "them", "status": "open"}], "escalations": [
            {"opened": D(2026, 3, 12), "level": 1, "what": f"cause {i}"}]})
    pages = build_site(project.settings).pages
    health = pages["patterns/relationship-health.md"]
    assert health.count("| [Deal ") == 2 * ENTRY_LIMIT  # red now, and lapsed
    assert f"The first {ENTRY_LIMIT} of {count}." in health
    assert pages["patterns/changes.md"].count("| [Deal ") == ENTRY_LIMIT
    escalations = pages["patterns/escalations.md"]
    assert escalations.count("| [Deal ") == 2 * ENTRY_LIMIT  # past the limit, and open now
    assert f"The newest {ENTRY_LIMIT} of {count}." in escalations
    assert pages["patterns/relationships/all-red.md"].count('/">Deal ') == count
