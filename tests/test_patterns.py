"""Pattern summaries, briefs and the calendar on a fixture whose figures were computed by hand.

Today is pinned to 2026-11-22. Deals (published): A vendor_sla signed 2026-10-01; B vendor_sla
signed 2025-12-01; C client_fixed_scope signed 2026-06-01; D partner_revshare, unsigned.
E is a draft and must count nowhere.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date, timedelta

import pytest
from conftest import Project, review
from icalendar import Calendar

from generator.build import build_site, check_content
from generator.follow_through import cadence_gaps, check_norms, renewal_windows
from generator.link import Playbook
from generator.pattern_pages import ENTRY_LIMIT, initial, owner_slugs
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
        "kickoff": (["a"], [("b", 19), ("c", 4)], []),  # 5 days late, then 3 early
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
    assert "](../../deals/a.md)" in behind and "](../../deals/b.md)" in behind
    renewals = pages["patterns/renewals.md"]
    assert '<span class="db-state db-state--overdue">2026-10-16 passed</span>' in renewals
    assert "[the calendar file](../calendar.ics)" in renewals
    follow = pages["patterns/follow-through.md"]
    met = "[2](follow-through/all-debrief-met.md)"
    assert (f"| Debrief held | within 72 hours of signing | {met} | "
            "[67%](follow-through/all-debrief-met.md) | [B](../deals/b.md) (9) |") in follow
    assert "| [A](../deals/a.md) | Vendor / SLA | monthly |" in follow
    risks = pages["patterns/risks.md"]
    assert risks.index("r2") < risks.index("r1") and "r3" not in risks and "r5" not in risks
    assert ("| Vendor with a service level agreement | [2](risks/vendor_sla.md) | "
            "[1](risks/vendor_sla.md) |") in risks
    assert "| [A](../../deals/a.md) |" in pages["patterns/risks/vendor_sla.md"]
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
    project.add_deal("x.md", review(
        id="x", counterparty="Smith, Jones; and \\ Partners",
        playbook_updates=[update("Old, long gone", D(2026, 8, 1)),
                          update("Recent\nsecond line", D(2026, 8, 30))]))
    raw = build_site(project.settings).files["calendar.ics"]
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(raw).walk("VEVENT")}
    assert events == {"update-x-2@dealbook": "Playbook update due (Mei): Recent\nsecond line"}
    assert b"Recent\\nsecond line" in raw


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


def links(pages: dict[str, str], uri: str) -> list[str]:
    """The targets of a page's relative links, as site URIs (anchor kept)."""
    found = [t.partition("#") for t in re.findall(r"\]\(([^)\s]+)\)", pages[uri])
             if "://" not in t and not t.startswith("#")]
    return [posixpath.normpath(posixpath.join(posixpath.dirname(uri), path)) + hash + anchor
            for path, hash, anchor in found]


def section(pages: dict[str, str], summary: str) -> dict[str, str]:
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
    """Listed entries: table rows and list items, whatever they list."""
    return sum(1 for line in page.splitlines()
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
        assert f"| open risk {i} |" in risks and f"| handled risk {i} |" in risks
        assert f"| [Review {i}](../../deals/r{i}.md) |" in follow[
            "patterns/follow-through/all-kickoff.md"]
        assert f"| [Review {i}](../../deals/r{i}.md) | Client project | monthly |" in follow[
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
    assert "[Émile Owner13](../mile-owner13.md)" in pages["patterns/playbook-updates/owners/e.md"]


def test_owner_slugs_are_unique_and_file_safe() -> None:
    assert owner_slugs(["Dana", "dana", "DANA", "Owners", "***", "Ünal Öz"]) == {
        "Dana": "dana", "dana": "dana-2", "DANA": "dana-3", "Owners": "owners-2", "***": "x",
        "Ünal Öz": "nal-z"}
    assert [initial(n) for n in ("dana", "Émile", "3M", " Zoe", "")] == [
        "d", "e", "other", "z", "other"]
