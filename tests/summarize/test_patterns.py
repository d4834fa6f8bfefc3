"""Pattern summaries, briefs and the calendar on a fixture whose figures were computed by hand.

Today is pinned to 2026-11-22. Deals (published): A vendor_sla signed 2026-10-01; B vendor_sla
signed 2025-12-01; C client_fixed_scope signed 2026-06-01; D partner_revshare, unsigned.
E is a draft and must count nowhere.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from conftest import Project, a, cells, review
from icalendar import Calendar

from generator.build import build_site, check_content
from generator.link.playbook import Playbook
from generator.pages.patterns import ENTRY_LIMIT, initial, owner_slugs
from generator.summarize.follow_through import cadence_gaps, check_norms, renewal_windows
from generator.summarize.patterns import (
    summarize_friction,
    summarize_leverage,
    track_updates,
    watch_risks,
)

TODAY = date(2026, 11, 22)
D = date


def update(change: str, due: date, done: bool | date = False) -> dict[str, object]:
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
        playbook_updates=[update("A done", D(2026, 10, 5), D(2026, 10, 6)),
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
        playbook_updates=[update("B done", D(2025, 12, 5), D(2025, 12, 5))],
        follow_through={"next_steps_sent": D(2025, 12, 2), "kickoff": D(2025, 12, 20),
                        "cadence": "biweekly"},
        risks=[{"risk": "r3", "mitigation": "m3"}]))
    project.add_deal("c.md", review(
        id="c", title="C", counterparty="Gamma", signed=D(2026, 6, 1),
        reviewed=D(2026, 6, 2), renewal_date=D(2027, 3, 1), notice_days=30,
        leverage={"proven": ["capability"], "assumed": ["time", "relationship"]},
        friction=[{"what": "c1", "root_cause": "internal"}],
        playbook_updates=[update("C late plan", D(2026, 6, 20), D(2026, 6, 21))],
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
    # Met: A done (day 5), B done (day 4). Missed: C done on day 20, and A's two updates
    # still open past day 7. D is unsigned.
    assert (tracker.met_norm, tracker.measured, tracker.undated) == (2, 5, 0)
    assert tracker.share_met_norm == pytest.approx(0.4)
    assert [(owner, [i.update.change for i in items]) for owner, items in tracker.by_owner] \
        == [("Dana", ["A overdue", "A open", "A done"]),
            ("Mei", ["D overdue", "B done", "C late plan"])]


def test_the_norm_is_measured_on_the_done_date(project: Project) -> None:
    """Due within 7 days but done on day 12 misses the norm; `done: true` is not measured;
    an open update still inside the 7 days is not decided yet."""
    project.add_deal("a.md", review(
        id="a", signed=D(2026, 11, 1), reviewed=D(2026, 11, 2), playbook_updates=[
            update("late", D(2026, 11, 5), D(2026, 11, 13)),
            update("undated", D(2026, 11, 5), True),
            update("on time", D(2026, 11, 20), D(2026, 11, 8))]))
    project.add_deal("b.md", review(
        id="b", signed=D(2026, 11, 20), reviewed=D(2026, 11, 21),
        playbook_updates=[update("not yet", D(2026, 11, 25))]))
    corpus, linked, _ = check_content(project.settings)
    assert corpus.diagnostics == ()
    tracker = track_updates(linked.deals, TODAY)
    assert [(i.update.change, i.met_norm) for _, items in tracker.by_owner for i in items] == [
        ("not yet", None), ("late", False), ("undated", None), ("on time", True)]
    assert (tracker.met_norm, tracker.measured, tracker.undated) == (1, 2, 1)
    pages = build_site(project.settings).pages
    page = " ".join(pages["patterns/playbook-updates.md"].split())
    assert ("[1](playbook-update-norm.md#not-measured) done update of signed deals says "
            "`done: true` without the date") in page
    assert "**[50%](playbook-update-norm.md)** of updates met the norm" in page
    norm = pages["patterns/playbook-update-norm.md"]
    measured = norm.split("## Measured")[1].split("## Not measured")[0]
    assert 0 < measured.index(cells("late")) < measured.index(cells("on time"))  # missed first
    assert cells("undated", a("Mei", "../playbook-updates/mei/")) in norm.split(
        "## Not measured")[1]


def test_follow_through_norms(playbook: Playbook) -> None:
    results = {r.norm.key: r for r in check_norms(playbook.deals)}
    assert {k: (ids(r.met), [(d.id, days) for d, days in r.missed], ids(r.unrecorded))
            for k, r in results.items()} == {
        "debrief": (["a", "c"], [("b", 9)], []),
        "handoff": (["a", "c"], [], ["b"]),
        "next_steps": (["c", "b"], [("a", 4)], []),
        "kickoff": (["a"], [("b", 19), ("c", 4)], []),  # 5 days late, then 3 early
    }
    assert results["debrief"].share == pytest.approx(2 / 3)
    assert results["handoff"].share == 1.0
    assert results["kickoff"].share == pytest.approx(1 / 3)


def test_cadence_below_recommendation(playbook: Playbook) -> None:
    assert [(g.deal.id, g.cadence) for g in cadence_gaps(playbook.deals)] == [("a", "monthly")]


def test_renewal_windows(playbook: Playbook) -> None:
    """Windows of the notice deadline, not of the renewal date: A renews in 23 days, but its
    notice deadline passed 37 days ago."""
    windows = {w.key: [(r.deal.id, r.notice_by, r.days_left) for r in w.renewals]
               for w in renewal_windows(playbook.deals, TODAY, renewed=())}
    assert windows == {
        "passed": [("b", D(2026, 9, 1), -82), ("a", D(2026, 10, 16), -37)],
        "next-30": [], "31-90": [("c", D(2027, 1, 30), 69)], "91-180": [], "later": [],
    }
    handled = renewal_windows(playbook.deals, TODAY, renewed={"a"})
    assert [r.deal.id for w in handled for r in w.renewals] == ["b", "c"]


def test_risk_watchlist(playbook: Playbook) -> None:
    assert [(w.deal.id, w.risk.risk) for w in watch_risks(playbook.deals, TODAY)] == [
        ("a", "r2"), ("a", "r1"), ("c", "r4")]


def calendar_events(raw: bytes) -> dict[str, tuple[date, str]]:
    calendar = Calendar.from_ical(raw)
    return {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"]))
            for e in calendar.walk("VEVENT")}


def test_calendar_file(playbook: Playbook, project: Project) -> None:
    raw = build_site(project.settings).files["calendar.ics"]
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in lines)
    events = calendar_events(raw)
    updates = {uid: event for uid, event in events.items() if uid.startswith("update-")}
    assert {uid: event for uid, event in events.items() if uid not in updates} == {
        "notice-a@dealbook": (D(2026, 10, 16), "Notice deadline: Acme"),
        "renewal-a@dealbook": (D(2026, 12, 15), "Renewal: Acme"),
        "notice-b@dealbook": (D(2026, 9, 1), "Notice deadline: Beta"),
        "renewal-b@dealbook": (D(2026, 10, 1), "Renewal: Beta"),
        "notice-c@dealbook": (D(2027, 1, 30), "Notice deadline: Gamma"),
        "renewal-c@dealbook": (D(2027, 3, 1), "Renewal: Gamma"),
    }
    assert sorted(updates.values()) == [
        (D(2026, 9, 10), "Playbook update due (Mei): D overdue"),
        (D(2026, 10, 20), "Playbook update due (Dana): A overdue"),
        (D(2026, 12, 1), "Playbook update due (Dana): A open")]
    assert all(re.fullmatch(r"update-[ad]-[0-9a-f]{12}@dealbook", uid) for uid in updates)
    calendar = Calendar.from_ical(raw)
    assert all(e["DTSTAMP"].dt.isoformat() == "2026-11-22T00:00:00+00:00"
               for e in calendar.walk("VEVENT"))
    reminders = {str(e["UID"]): sorted(a.decoded("TRIGGER") for a in e.walk("VALARM"))
                 for e in calendar.walk("VEVENT")}
    assert reminders["notice-c@dealbook"] == [timedelta(days=-30), timedelta(days=-7)]
    assert reminders["renewal-c@dealbook"] == []
    assert build_site(project.settings).files["calendar.ics"] == raw


def test_calendar_uids_survive_reordering_and_old_updates_stay(project: Project) -> None:
    """Reordering a review's updates changes no UID; an update 552 days overdue stays; a deal
    renewed by a later review has no open notice deadline; links are absolute with site_url."""
    updates = [update("A first", D(2025, 5, 19)), update("A second", D(2026, 12, 1))]
    project.add_deal("a.md", review(id="a", title="A", counterparty="Acme", signed=D(2025, 1, 1),
                                    reviewed=D(2025, 1, 2), renewal_date=D(2027, 1, 1),
                                    notice_days=30, playbook_updates=updates))
    before = calendar_events(build_site(project.settings).files["calendar.ics"])
    assert (D(2025, 5, 19), "Playbook update due (Dana): A first") in before.values()
    project.add_deal("a.md", review(id="a", title="A", counterparty="Acme", signed=D(2025, 1, 1),
                                    reviewed=D(2025, 1, 2), renewal_date=D(2027, 1, 1),
                                    notice_days=30, playbook_updates=updates[::-1]))
    project.add_deal("b.md", review(id="b", title="B", counterparty="Acme", renews="a",
                                    signed=D(2026, 11, 1), reviewed=D(2026, 11, 2)))
    project.write_config(site_url="https://example.org/playbook")
    raw = build_site(project.settings).files["calendar.ics"]
    after = calendar_events(raw)
    assert {u: e for u, e in after.items() if u.startswith("update-")} == {
        u: e for u, e in before.items() if u.startswith("update-")}
    assert "notice-a@dealbook" not in after and "renewal-a@dealbook" not in after
    description = str(next(iter(Calendar.from_ical(raw).walk("VEVENT")))["DESCRIPTION"])
    assert description.endswith("https://example.org/playbook/deals/a/")


def test_pages_present_the_figures(playbook: Playbook, project: Project) -> None:
    pages = build_site(project.settings).pages
    assert "**[40%](playbook-update-norm.md)** of updates met the norm" in pages[
        "patterns/playbook-updates.md"]
    updates = pages["patterns/playbook-updates.md"]
    assert "as of 2026-11-22" in updates
    # Both have one overdue; Mei's is the older.
    # Each count links to that part of the owner's page.
    assert updates.index("| [Mei](playbook-updates/mei.md) | [1](playbook-updates/mei.md#overdue)"
                         " | 0 | [2](playbook-updates/mei.md#done) |") < updates.index(
        "| [Dana](playbook-updates/dana.md) | [1](playbook-updates/dana.md#overdue) | "
        "[1](playbook-updates/dana.md#open) | [1](playbook-updates/dana.md#done) |")
    assert ("| D overdue | [Mei](playbook-updates/mei.md) | [D](../deals/d.md) | 2026-09-10 | "
            '<span class="db-state db-state--overdue">73 days</span> |') in updates
    assert "E overdue" not in updates and "A done" not in updates
    dana = pages["patterns/playbook-updates/dana.md"]
    assert [line.split(" | ")[0] for line in dana.splitlines() if "](../../deals/" in line] \
        == ["| A overdue", "| A open", "| A done"]
    leverage = pages["patterns/leverage.md"]
    assert "- **Time**: assumed in 4 reviews, proven in 0." in leverage
    assert "| Risk | [2](leverage/all-risk-proven.md) | 0 |" in leverage
    assert leverage.count('<svg xmlns="http://www.w3.org/2000/svg" id="chart-leverage-') == 4
    behind = pages["patterns/leverage/all-risk-proven.md"]
    assert 'href="../../../deals/a/"' in behind and 'href="../../../deals/b/"' in behind
    renewals = pages["patterns/renewals.md"]
    assert cells('<span class="db-state db-state--overdue">2026-10-16</span>',
                 "passed 37 days ago", a("Acme", "../../counterparties/acme/")) in renewals
    assert "[the calendar file](../calendar.ics)" in renewals
    follow = pages["patterns/follow-through.md"]
    met = "[2](follow-through/all-debrief-met.md)"
    assert (f"| Debrief held | within 72 hours of signing | {met} | "
            "[67%](follow-through/all-debrief-met.md) | [B](../deals/b.md) (9) |") in follow
    assert cells(a("A", "../../deals/a/"), "Vendor / SLA", "monthly") in follow
    risks = pages["patterns/risks.md"]
    assert risks.index("r2") < risks.index("r1") and "r3" not in risks and "r5" not in risks
    assert ("| Vendor with a service level agreement | [2](risks/vendor_sla.md) | "
            "[1](risks/vendor_sla.md) |") in risks
    assert cells(a("A", "../../../deals/a/")) in pages["patterns/risks/vendor_sla.md"]
    assert "patterns/risks/partner_revshare.md" not in pages
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
    """Renewals from 90 days back only; open updates however old."""
    project.add_deal("x.md", review(
        id="x", counterparty="Smith, Jones; and \\ Partners", signed=D(2025, 1, 1),
        reviewed=D(2025, 1, 2), renewal_date=D(2026, 8, 1), notice_days=10,
        playbook_updates=[update("Old, long gone", D(2025, 8, 1)),
                          update("Recent\nsecond line", D(2026, 8, 30))]))
    raw = build_site(project.settings).files["calendar.ics"]
    events = sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(raw).walk("VEVENT"))
    assert events == ["Playbook update due (Mei): Old, long gone",
                      "Playbook update due (Mei): Recent\nsecond line"]
    assert b"Recent\\nsecond line" in raw and b"Old\\, long gone" in raw


# --- Summary pages stay bounded -------------------------------------------------------------
# A corpus past every cap: each review has its own owner (names spread over the alphabet, some
# not starting with A-Z), an overdue and a done update, an unmitigated and a mitigated risk in
# one scenario, a late kickoff, a monthly cadence (slower than recommended) and an uncurated
# missed question of its own. Building it at two sizes shows what the summaries do as it grows.
SECTIONS = {"patterns/playbook-updates.md": "patterns/playbook-updates",
            "patterns/follow-through.md": "patterns/follow-through",
            "patterns/risks.md": "patterns/risks", "bank/candidates.md": "bank/candidates"}
CATEGORIES = ("approval_process", "success_criteria", "implementation", "risk_constraints",
              "renewal_expansion")


def add_busy_reviews(project: Project, numbers: range) -> None:
    for i in numbers:
        signed = D(2025, 1, 1) + timedelta(days=i)
        owner = ("Émile" if i % 13 == 0 else "3M team" if i % 17 == 0
                 else chr(ord("A") + i % 26) + "lex") + f" Owner{i}"
        project.add_deal(f"r{i}.md", review(
            id=f"r{i}", title=f"Review {i}", counterparty=f"Party {i}", signed=signed,
            reviewed=signed + timedelta(days=1),
            playbook_updates=[update(f"overdue change {i}", D(2026, 1, 1) + timedelta(days=i))
                              | {"owner": owner},
                              update(f"done change {i}", signed, True) | {"owner": owner}],
            risks=[{"risk": f"open risk {i}"}, {"risk": f"handled risk {i}",
                                                "mitigation": "weekly check"}],
            follow_through={"handoff": signed, "next_steps_sent": signed,
                            "kickoff": signed + timedelta(days=20 + i % 9),
                            "cadence": "monthly"},
            missed_questions=[{"question": f"Which clause c{i} covers region g{i} for p{i}?",
                               "category": CATEGORIES[i % 5], "informs": f"term {i}"}]))


def links(pages: Mapping[str, str], uri: str) -> list[str]:
    """The targets of a page's relative links, as site URIs (anchor kept)."""
    found = [t.partition("#") for t in re.findall(r"\]\(([^)\s]+)\)", pages[uri])
             if "://" not in t and not t.startswith("#")]
    return [posixpath.normpath(posixpath.join(posixpath.dirname(uri), path)) + hash + anchor
            for path, hash, anchor in found]


def section(pages: Mapping[str, str], summary: str) -> dict[str, str]:
    """The pages of a summary's section (its folder) reachable from it by links."""
    folder = SECTIONS[summary]
    seen, todo = {summary}, [summary]
    while todo:
        for target in links(pages, todo.pop()):
            target = target.split("#")[0]
            if target.startswith(folder + "/") and target not in seen:
                seen.add(target)
                todo.append(target)
    return {uri: pages[uri] for uri in seen}


def entries(page: str) -> int:
    """Listed entries: table rows (Markdown or HTML) and list items, whatever they list."""
    return page.count("<tr>\n<td") + sum(
        1 for line in page.splitlines()
        if line.startswith("- ") or (line.startswith("| ") and "|---" not in line))


@pytest.fixture(scope="module")
def busy_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    made = Project(tmp_path_factory.mktemp("busy"))
    made.write_config()
    return made


@pytest.fixture(scope="module")
def busy(busy_project: Project) -> tuple[dict[str, str], dict[str, str]]:
    """The pages at 80 reviews, then at 160."""
    project = busy_project
    add_busy_reviews(project, range(80))
    small = build_site(project.settings).pages
    add_busy_reviews(project, range(80, 160))
    return small, build_site(project.settings).pages


def test_summaries_do_not_grow_with_the_corpus(
        busy: tuple[dict[str, str], dict[str, str]]) -> None:
    small, large = busy
    for summary in SECTIONS:
        assert entries(large[summary]) == entries(small[summary]), summary
        assert len(large[summary]) < 1.05 * len(small[summary]), summary
        # 80 more reviews, each with its entries: the section's other pages hold them.
        assert sum(map(entries, section(large, summary).values())) >= 80 + sum(
            map(entries, section(small, summary).values())), summary
    updates = large["patterns/playbook-updates.md"]
    assert updates.count("](../deals/") == ENTRY_LIMIT
    assert "130 more owners. Everyone, by the first letter of their name:" in updates
    assert "And 130 more, each on its owner's page." in updates
    assert "```" not in large["bank/candidates.md"]


def test_every_entry_is_on_a_page_of_its_section(
        busy: tuple[dict[str, str], dict[str, str]]) -> None:
    pages = busy[1]
    updates = "".join(section(pages, "patterns/playbook-updates.md").values())
    risks = "".join(section(pages, "patterns/risks.md").values())
    follow = section(pages, "patterns/follow-through.md")
    candidates = "".join(section(pages, "bank/candidates.md").values())
    for i in range(160):
        assert f"| overdue change {i} |" in updates and f"| done change {i} |" in updates
        assert cells(f"open risk {i}") in risks and cells(f"handled risk {i}") in risks
        link = a(f"Review {i}", f"../../../deals/r{i}/")
        assert cells(link) in follow["patterns/follow-through/all-kickoff.md"]
        assert cells(link, "Client project", "monthly") in follow[
            "patterns/follow-through/cadence-gaps.md"]
        candidate = f"which-clause-c{i}-covers-region-g{i}-for-p{i}"
        assert f"{{ #{candidate} }}" in candidates
        assert f"Save as `content/questions/{candidate}.md`:" in candidates


def test_every_link_of_the_sections_resolves(
        busy: tuple[dict[str, str], dict[str, str]], busy_project: Project) -> None:
    pages = busy[1]
    for summary in SECTIONS:
        for uri in section(pages, summary):
            for target in links(pages, uri):
                page, _, anchor = target.partition("#")
                assert page in pages, (uri, page)
                assert not anchor or f"{{ #{anchor} }}" in pages[page], (uri, target)


def test_worst_first_where_lists_are_cut(busy: tuple[dict[str, str], dict[str, str]]) -> None:
    pages = busy[1]
    follow = pages["patterns/follow-through.md"]
    # Kickoff 20-28 days after signing: the 28-day ones (14 past the norm) come first.
    row = next(line for line in follow.splitlines() if line.startswith("| Kickoff held"))
    assert re.findall(r"\((\d+)\)", row) == ["28", "28", "28"]
    assert "[and 157 more](follow-through/all-kickoff.md)" in row
    risks = pages["patterns/risks.md"].split("## Client project, fixed scope")[1]
    assert risks.count("no mitigation yet") == ENTRY_LIMIT and "handled risk" not in risks
    assert "And 290 more: [all 320 open risks of Client project, fixed scope]" in risks
    updates = pages["patterns/playbook-updates.md"].split("## Longest overdue")[1]
    assert updates.index("overdue change 0 ") < updates.index("overdue change 1 ")
    owners = pages["patterns/playbook-updates/owners/other.md"]
    assert "[3M team Owner17](../3m-team-owner17.md)" in owners
    assert "[Émile Owner13](../emile-owner13.md)" not in owners
    assert "[Émile Owner13](../emile-owner13.md)" in pages["patterns/playbook-updates/owners/e.md"]


def test_owner_slugs_are_unique_and_file_safe() -> None:
    assert owner_slugs(["Dana", "dana", "DANA", "Owners", "***", "Ünal Öz"]) == {
        "Dana": "dana", "dana": "dana-2", "DANA": "dana-3", "Owners": "owners-2", "***": "x",
        "Ünal Öz": "unal-oz"}
    assert [initial(n) for n in ("dana", "Émile", "3M", " Zoe", "")] == [
        "d", "e", "other", "z", "other"]


def test_renewal_calendar_lists_every_future_notice_deadline(project: Project) -> None:
    """Built on TODAY: a notice deadline tomorrow leads "Next 30 days"; a renewal 273 days out
    with 240 days' notice is due in 33 days and listed; a passed one is flagged as such."""
    for id, renewal, notice in (("far", TODAY + timedelta(days=273), 240),
                                ("tomorrow", TODAY + timedelta(days=61), 60),
                                ("passed", TODAY + timedelta(days=20), 30),
                                ("later", TODAY + timedelta(days=900), 90)):
        project.add_deal(f"{id}.md", review(id=id, title=id.capitalize(), counterparty=id,
                                            signed=D(2026, 1, 1), reviewed=D(2026, 1, 2),
                                            renewal_date=renewal, notice_days=notice))
    pages = build_site(project.settings).pages
    page = pages["patterns/renewals.md"]
    sections = {s.split("\n", 1)[0]: s for s in page.split("\n## ")[1:]}
    assert cells("1") in sections["Next 30 days"] and "Tomorrow" in sections["Next 30 days"]
    assert cells("33") in sections["In 31–90 days"] and ">Far</a>" in sections["In 31–90 days"]
    assert "passed 10 days ago" in sections["Notice deadline passed, renewal not handled"]
    assert ">Later</a>" in sections["Later"]
    index = " ".join(pages["patterns/index.md"].split())
    assert ("**1 notice deadline passed, not handled**; 1 notice deadline in the next 30 "
            "days, 1 in 31–90 days") in index


def test_a_renewal_is_handled_by_the_review_that_renews_it(project: Project) -> None:
    project.add_deal("old.md", review(id="old", title="Old contract", counterparty="Acme",
                                      signed=D(2025, 1, 1), reviewed=D(2025, 1, 2),
                                      renewal_date=D(2026, 12, 1), notice_days=30))
    project.add_deal("new.md", review(id="new", title="Renewed contract", counterparty="Acme",
                                      renews="old", signed=D(2026, 11, 1),
                                      reviewed=D(2026, 11, 2)))
    pages = build_site(project.settings).pages
    assert "Old contract" not in pages["patterns/renewals.md"]
    assert "<dt>Renewed by</dt>\n<dd markdown=\"span\">[Renewed contract](new.md) (2026-11-01)" \
        in pages["deals/old.md"]
    assert "<dt>Renews</dt>\n<dd markdown=\"span\">[Old contract](old.md) (2025-01-01)" \
        in pages["deals/new.md"]


def test_renews_must_name_another_review(project: Project) -> None:
    project.add_deal("old.md", review(id="old-contract", signed=D(2025, 1, 1),
                                      reviewed=D(2025, 1, 2)))
    project.add_deal("typo.md", review(id="typo", renews="old-contrakt"))
    project.add_deal("self.md", review(id="self", renews="self"))
    corpus, _, _ = check_content(project.settings)
    assert [d.format() for d in corpus.diagnostics] == [
        "content/deals/self.md:10:1: error: a review cannot renew itself\n"
        "    hint: name the review of the earlier contract",
        "content/deals/typo.md:10:1: error: renews 'old-contrakt', which is not the id of a "
        "review\n    hint: did you mean 'old-contract'?"]
    assert [d.id for d in corpus.deals] == ["old-contract"]


def test_follow_through_counts_link_to_the_reviews_behind_them(playbook: Playbook,
                                                                 project: Project) -> None:
    """"Not recorded" is a figure like the others: it links to the reviews that gave no date."""
    pages = build_site(project.settings).pages
    follow = pages["patterns/follow-through.md"]
    assert "[1](follow-through/all-handoff-unrecorded.md) |" in follow
    behind = pages["patterns/follow-through/all-handoff-unrecorded.md"]
    assert 'href="../../../deals/b/"' in behind and "deals/a" not in behind
