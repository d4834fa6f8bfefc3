"""A small fixture corpus with hand-checkable facts, shared by rendering and build tests."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import Project, question, review

from generator.check.model import Deal, FollowThrough, Leverage, Outcome

XSS = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'


def write_corpus(project: Project) -> None:
    """Three published vendor/client deals, one draft, two questions; today is 2026-11-22."""
    project.add_question("who-signs.md", question(), "Ask it in discovery.\n")
    project.add_question("sla-measured.md", question(
        id="sla-measured", question="How is the SLA measured, and who stops the clock?",
        category="success_criteria", informs="Whether credits can be claimed",
        deal_types=["vendor"], scenarios=["vendor_sla"], stage="proposal"))
    project.add_deal("kestrel-2025.md", review(
        id="kestrel-2025", title="Kestrel hosting SLA", counterparty="kestrel  cloud",
        deal_type="vendor", scenario="vendor_sla", tags=["hosting", "sla"],
        signed=date(2025, 6, 2), reviewed=date(2025, 6, 4), value=120000, currency="EUR",
        missed_questions=[{"question": "How is uptime measured?", "category":
                           "success_criteria", "informs": "Credits", "ref": "sla-measured"}],
        playbook_updates=[
            {"change": "Add SLA question", "owner": "Dana", "due": date(2025, 6, 9),
             "done": True},
            {"change": "SLA schedule template", "owner": "Mei", "due": date(2025, 6, 9)}]),
        "## Timeline\n\n- 2025-06-02: signed.\n")
    project.add_deal("kestrel-2026.md", review(
        id="kestrel-2026", title="Kestrel hosting renewal", counterparty="Kestrel Cloud",
        deal_type="vendor", scenario="vendor_sla", tags=["hosting"],
        signed=date(2026, 6, 1), reviewed=date(2026, 6, 3), value=130000, currency="EUR",
        renewal_date=date(2027, 6, 1), notice_days=90,
        playbook_updates=[{"change": "Notice calendar", "owner": "Dana",
                           "due": date(2026, 12, 1)}]))
    project.add_deal("orbit.md", review(
        id="orbit", title=f"Orbit rebuild {XSS}", counterparty=XSS_ATTR,
        tags=["hosting"], signed=date(2026, 2, 1), reviewed=date(2026, 2, 2),
        what_worked=["*Showed* the [rollout plan](javascript:alert(1)) before pricing"],
        risks=[{"risk": "Key person leaves"}]),
        f"## Notes\n\nPasted from email: {XSS} {XSS_ATTR} [open the plan](javascript:alert(1))\n")
    project.add_deal("draft.md", review(
        id="secret-draft", title="Unfinished draft", counterparty="Hidden Co",
        status="draft"))


def deal(id: str, scenario: str = "vendor_sla", counterparty: str = "Acme",
         tags: tuple[str, ...] = (), value: float | None = None, day: int = 0) -> Deal:
    return Deal(
        path=f"{id}.md", line=2, id=id, title=id, counterparty=counterparty, owner="o",
        deal_type="vendor", scenario=scenario, tags=tags, status="final",
        visibility="internal", confidential=(),
        signed=date(2026, 1, 1) + timedelta(days=day), reviewed=date(2026, 1, 1) +
        timedelta(days=day), value=value, currency="EUR" if value else None, term_months=None,
        start_date=None, renewal_date=None, notice_days=None, participants=(),
        outcome=Outcome(), what_worked=(), leverage=Leverage(), missed_questions=(),
        blind_spots=(), friction=(), playbook_updates=(), follow_through=FollowThrough(),
        risks=(), body="")
