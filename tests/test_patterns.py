"""Pattern summaries, briefs and the calendar on a fixture whose figures were computed by hand.

Today is pinned to 2026-11-22. Deals (published): A vendor_sla signed 2026-10-01; B vendor_sla
signed 2025-12-01; C client_fixed_scope signed 2026-06-01; D partner_revshare, unsigned.
E is a draft and must count nowhere.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import Project, review
from icalendar import Calendar

from generator.build import build_site, check_content
from generator.follow_through import cadence_gaps, check_norms, renewal_windows
from generator.link import Playbook
from generator.patterns import (
    summarize_friction,
    summarize_leverage,
    track_updates,
    watch_risks,
)

TODAY = date(2026, 11, 22)
D = date


def update(change: str, due: date, done: bool = False) -> dict[str, object]:
    return {"change": change, "owner": "Dana" if "A" in change else "Mei", "due": due,
            "done": done}


@pytest.fixture
def playbook(project: Project) -> Playbook:
    project.add_deal("a.md", review(
        id="a", title="A", counterparty="Acme", deal_type="vendor", scenario="vendor_sla",
        signed=D(2026, 10, 1), reviewed=D(2026, 10, 3), value=100, currency="EUR",
        renewal_date=D(2026, 12, 15), notice_days=60,
        leverage={"proven": ["risk", "process"], "assumed": ["time", "switching"]},
        friction=[{"what": "a1", "root_cause": "internal"},
                  {"what": "a2", "root_cause": "external"}],
        playbook_updates=[update("A done", D(2026, 10, 5), True),
                          update("A overdue", D(2026, 10, 20)),
                          update("A open", D(2026, 12, 1))],
        follow_through={"handoff": D(2026, 10, 2), "next_steps_sent": D(2026, 10, 5),
                        "kickoff": D(2026, 10, 10), "cadence": "monthly"},
        risks=[{"risk": "r1", "mitigation": "m1"}, {"risk": "r2"}]))
    project.add_deal("b.md", review(
        id="b", title="B", counterparty="Beta", deal_type="vendor", scenario="vendor_sla",
        signed=D(2025, 12, 1), reviewed=D(2025, 12, 10), renewal_date=D(2026, 10, 1),
        notice_days=30, leverage={"proven": ["risk"], "assumed": ["time"]},
        friction=[{"what": "b1", "root_cause": "process"}],
        playbook_updates=[update("B done", D(2025, 12, 5), True)],
        follow_through={"next_steps_sent": D(2025, 12, 2), "kickoff": D(2025, 12, 20),
                        "cadence": "biweekly"},
        risks=[{"risk": "r3", "mitigation": "m3"}]))
    project.add_deal("c.md", review(
        id="c", title="C", counterparty="Gamma", signed=D(2026, 6, 1),
        reviewed=D(2026, 6, 2), renewal_date=D(2027, 3, 1), notice_days=30,
        leverage={"proven": ["capability"], "assumed": ["time", "relationship"]},
        friction=[{"what": "c1", "root_cause": "internal"}],
        playbook_updates=[update("C late plan", D(2026, 6, 20), True)],
        follow_through={"handoff": D(2026, 6, 1), "next_steps_sent": D(2026, 6, 2),
                        "kickoff": D(2026, 6, 5), "cadence": "weekly"},
        risks=[{"risk": "r4", "mitigation": "m4"}]))
    project.add_deal("d.md", review(
        id="d", title="D", counterparty="Delta", deal_type="partner",
        scenario="partner_revshare", signed=None, reviewed=D(2026, 9, 1),
        leverage={"assumed": ["time"]}, friction=[{"what": "d1", "root_cause": "external"}],
        playbook_updates=[update("D overdue", D(2026, 9, 10))], risks=[{"risk": "r5"}]))
    project.add_deal("e.md", review(
        id="e", title="E", status="draft", leverage={"assumed": ["time"]},
        friction=[{"what": "e1", "root_cause": "internal"}],
        playbook_updates=[update("E overdue", D(2026, 1, 1))], risks=[{"risk": "r6"}]))
    corpus, linked, _ = check_content(project.settings)
    assert corpus.diagnostics == ()
    return linked


def ids(deals: object) -> list[str]:
    return [d.id for d in deals]  # type: ignore[attr-defined]


def test_leverage_map(playbook: Playbook) -> None:
    lever = summarize_leverage(playbook.deals)
    counts = {t.source: (ids(t.proven), ids(t.assumed)) for t in lever.sources}
    assert counts == {
        "time": ([], ["a", "d", "c", "b"]), "risk": (["a", "b"], []),
        "capability": (["c"], []), "switching": ([], ["a"]),
        "relationship": ([], ["c"]), "process": (["a"], []),
    }
    assert [t.source for t in lever.overrated] == ["time"]
    assert [t.source for t in lever.worked] == ["risk", "capability", "process"]
    vendor = summarize_leverage(playbook.by_scenario["vendor_sla"])
    assert [t.source for t in vendor.overrated] == ["time"] and vendor.deals == 2


def test_friction_split(playbook: Playbook) -> None:
    split = summarize_friction(playbook.deals)
    assert split.counts == {"internal": 2, "external": 2, "process": 1}
    assert [(e.deal.id, e.what) for e in split.entries["external"]] == [("a", "a2"),
                                                                        ("d", "d1")]
    assert summarize_friction(playbook.by_scenario["vendor_sla"]).counts == {
        "internal": 1, "external": 1, "process": 1}


def test_playbook_updates_tracker(playbook: Playbook) -> None:
    tracker = track_updates(playbook.deals, TODAY)
    assert tracker.counts == {"overdue": 2, "open": 1, "done": 3}
    assert (tracker.met_norm, tracker.measured) == (2, 5)
    assert tracker.share_met_norm == pytest.approx(0.4)
    assert [(owner, [i.update.change for i in items]) for owner, items in tracker.by_owner] \
        == [("Dana", ["A overdue", "A open", "A done"]),
            ("Mei", ["D overdue", "B done", "C late plan"])]


def test_follow_through_norms(playbook: Playbook) -> None:
    results = {r.norm.key: r for r in check_norms(playbook.deals)}
    assert {k: (ids(r.met), [(d.id, days) for d, days in r.missed], ids(r.unrecorded))
            for k, r in results.items()} == {
        "debrief": (["a", "c"], [("b", 9)], []),
        "handoff": (["a", "c"], [], ["b"]),
        "next_steps": (["c", "b"], [("a", 4)], []),
        "kickoff": (["a"], [("c", 4), ("b", 19)], []),
    }
    assert results["debrief"].share == pytest.approx(2 / 3)
    assert results["handoff"].share == 1.0
    assert results["kickoff"].share == pytest.approx(1 / 3)


def test_cadence_below_recommendation(playbook: Playbook) -> None:
    assert [(g.deal.id, g.cadence) for g in cadence_gaps(playbook.deals)] == [("a", "monthly")]


def test_renewal_windows(playbook: Playbook) -> None:
    windows = {label: [(r.deal.id, r.notice_by, r.notice_passed) for r in found]
               for label, found in renewal_windows(playbook.deals, TODAY)}
    assert windows == {
        "Recently past (last 90 days)": [("b", D(2026, 9, 1), True)],
        "Next 30 days": [("a", D(2026, 10, 16), True)],
        "In 31–90 days": [],
        "In 91–180 days": [("c", D(2027, 1, 30), False)],
    }


def test_risk_watchlist(playbook: Playbook) -> None:
    assert [(w.deal.id, w.risk.risk) for w in watch_risks(playbook.deals, TODAY)] == [
        ("a", "r2"), ("a", "r1"), ("c", "r4")]


def test_calendar_file(playbook: Playbook, project: Project) -> None:
    raw = build_site(project.settings).files["calendar.ics"]
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in lines)
    calendar = Calendar.from_ical(raw)
    events = {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"]))
              for e in calendar.walk("VEVENT")}
    assert events == {
        "notice-a@dealbook": (D(2026, 10, 16), "Notice deadline: Acme"),
        "renewal-a@dealbook": (D(2026, 12, 15), "Renewal: Acme"),
        "update-a-2@dealbook": (D(2026, 10, 20), "Playbook update due (Dana): A overdue"),
        "update-a-3@dealbook": (D(2026, 12, 1), "Playbook update due (Dana): A open"),
        "notice-b@dealbook": (D(2026, 9, 1), "Notice deadline: Beta"),
        "renewal-b@dealbook": (D(2026, 10, 1), "Renewal: Beta"),
        "notice-c@dealbook": (D(2027, 1, 30), "Notice deadline: Gamma"),
        "renewal-c@dealbook": (D(2027, 3, 1), "Renewal: Gamma"),
        "update-d-1@dealbook": (D(2026, 9, 10), "Playbook update due (Mei): D overdue"),
    }
    assert all(e["DTSTAMP"].dt.isoformat() == "2026-11-22T00:00:00+00:00"
               for e in calendar.walk("VEVENT"))
    assert build_site(project.settings).files["calendar.ics"] == raw


def test_pages_present_the_figures(playbook: Playbook, project: Project) -> None:
    pages = build_site(project.settings).pages
    assert "**40%** of updates met the norm" in pages["patterns/playbook-updates.md"]
    assert "as of 2026-11-22" in pages["patterns/playbook-updates.md"]
    leverage = pages["patterns/leverage.md"]
    assert "- **Time**: assumed in 4 reviews, proven in 0." in leverage
    assert "| Risk | [2](leverage/all-risk-proven.md) | 0 |" in leverage
    assert leverage.count('<svg xmlns="http://www.w3.org/2000/svg" id="chart-leverage-') == 4
    behind = pages["patterns/leverage/all-risk-proven.md"]
    assert "](../../deals/a.md)" in behind and "](../../deals/b.md)" in behind
    renewals = pages["patterns/renewals.md"]
    assert '<span class="db-state db-state--overdue">2026-10-16 passed</span>' in renewals
    assert "[the calendar file](../calendar.ics)" in renewals
    follow = pages["patterns/follow-through.md"]
    assert "| Debrief held | within 72 hours of signing | 2 | 67% | [B](../deals/b.md) (9) |" \
        in follow
    assert "| [A](../deals/a.md) | Vendor / SLA | monthly |" in follow
    risks = pages["patterns/risks.md"]
    assert risks.index("r2") < risks.index("r1") and "r3" not in risks and "r5" not in risks
    assert not any("E overdue" in text or "e1" in text for text in pages.values())


def test_brief_for_a_scenario(playbook: Playbook, project: Project) -> None:
    brief = build_site(project.settings).pages["brief/vendor_sla.md"]
    past = brief.split("## Past deals to reread")[1].split("##")[0]
    assert past.index("[A](../deals/a.md)") < past.index("[B](../deals/b.md)")
    assert "- **Risk**: proven in 2 of 2 reviews" in brief
    assert "- **Time**: assumed in 2 reviews, proven in 0" in brief
    assert "Root causes: 1 internal, 1 external, 1 process." in brief
    assert "- r2: <span" in brief and "r3" not in brief
    assert "- A overdue (Dana, due 2026-10-20;" in brief
    assert "Operating rhythm: biweekly, then monthly plus a quarterly business review" in brief
    assert "[full checklist](../bank/checklists/vendor_sla.md)" in brief


def test_calendar_escapes_text_and_looks_back_90_days(project: Project) -> None:
    project.add_deal("x.md", review(
        id="x", counterparty="Smith, Jones; and \\ Partners",
        playbook_updates=[update("Old, long gone", D(2026, 8, 1)),
                          update("Recent\nsecond line", D(2026, 8, 30))]))
    raw = build_site(project.settings).files["calendar.ics"]
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(raw).walk("VEVENT")}
    assert events == {"update-x-2@dealbook": "Playbook update due (Mei): Recent\nsecond line"}
    assert b"Recent\\nsecond line" in raw
