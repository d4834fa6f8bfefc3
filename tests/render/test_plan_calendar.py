"""The calendar file gets each open plan's first meeting and decide-by date; closed plans,
old dates and every plan of a public build stay out."""

from __future__ import annotations

from datetime import date

from conftest import Project, plan, review
from icalendar import Calendar

from generator.build import build_site
from generator.read.settings import Settings


def events(settings: Settings) -> dict[str, tuple[str, date, list[str]]]:
    """UID → (summary, day, reminder triggers) of every event the build's calendar holds."""
    raw = build_site(settings).files["calendar.ics"]
    return {str(e["UID"]): (str(e["SUMMARY"]), e["DTSTART"].dt,
                            [str(a["TRIGGER"].to_ical().decode()) for a in e.walk("VALARM")])
            for e in Calendar.from_ical(raw).walk("VEVENT")}


def plant(project: Project) -> None:
    project.add_plan("open.md", plan(id="open-plan", title="Acme phase 2, renewal",
                                     starts=date(2026, 12, 1), decide_by=date(2027, 1, 15)))
    project.add_plan("old.md", plan(id="old-plan", starts=date(2026, 1, 5),
                                    decide_by=date(2026, 12, 20)))
    project.add_plan("closed.md", plan(id="closed-plan", starts=date(2026, 12, 2),
                                       decide_by=date(2027, 2, 1)))
    project.add_deal("done.md", review(id="done", plan="closed-plan", plan_results=[
        {"term": "Fixed price", "result": "held"}, {"term": "Acceptance window",
                                                    "result": "held"}]))


def test_open_plans_give_first_meeting_and_decide_by(project: Project) -> None:
    plant(project)
    found = {uid: e for uid, e in events(project.settings).items() if "plan" in uid}
    assert found == {
        "plan-starts-open-plan@dealbook": ("First meeting: Acme", date(2026, 12, 1), []),
        "plan-decide-open-plan@dealbook": ("Decide by: Acme phase 2, renewal",
                                           date(2027, 1, 15), ["-P14D", "-P3D"]),
        # A first meeting more than 90 days back is history; its decision date is not.
        "plan-decide-old-plan@dealbook": ("Decide by: Acme phase 2", date(2026, 12, 20),
                                          ["-P14D", "-P3D"]),
    }


def test_a_public_calendar_has_no_plan(project: Project) -> None:
    plant(project)
    project.write_config(audience="public")
    assert not [uid for uid in events(project.settings) if "plan" in uid]
    assert b"Acme phase 2" not in build_site(project.settings).files["calendar.ics"]


def test_plans_and_relationship_logs_share_the_calendar(project: Project) -> None:
    """The calendar holds what the logs make due beside the plans' dates."""
    plant(project)
    project.add_log("done.md", {"deal": "done", "checkins": [
        {"date": date(2026, 11, 10), "status": "green"}]})
    found = events(project.settings)
    assert "plan-decide-open-plan@dealbook" in found
    assert found["checkin-done@dealbook"][0].startswith("Check-in due")
