"""`dealbook new-plan`: a draft plan prefilled from the playbook that `dealbook check` reads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from conftest import Project, question, review

from generator.build import check_content
from generator.cli.main import main

FLAGS = ["--title", "Kestrel renewal: 2027", "--counterparty", "kestrel  cloud",
         "--owner", "Marta", "--deal-type", "vendor", "--scenario", "vendor_sla"]
PATH = "content/plans/kestrel-renewal-2027.md"


def new_plan(project: Project, *argv: str) -> int:
    return main(["new-plan", *argv, "--project", str(project.root)])


def front(project: Project) -> dict[str, Any]:
    text = (project.root / PATH).read_text()
    return dict(yaml.safe_load(text.split("---\n")[1]))


@pytest.fixture
def playbook(project: Project) -> Project:
    project.add_question("who-signs.md", question())
    project.add_question("sla.md", question(
        id="sla-measured", question="How is the SLA measured?", category="success_criteria",
        deal_types=["vendor"], scenarios=["vendor_sla"]))
    project.add_question("clients.md", question(
        id="client-only", question="Who accepts the deliverables?", deal_types=["client"]))
    sla_miss = [{"question": "How is uptime measured?", "category": "success_criteria",
                 "informs": "Credits", "ref": "sla-measured"}]
    project.add_deal("k1.md", review(
        id="kestrel-2025", counterparty="Kestrel Cloud", deal_type="vendor",
        scenario="vendor_sla", signed=date(2025, 6, 1), reviewed=date(2025, 6, 3),
        renewal_date=date(2026, 6, 1), notice_days=90, missed_questions=sla_miss,
        leverage={"proven": ["risk"], "assumed": ["time"]}))
    project.add_deal("k2.md", review(
        id="kestrel-2026", counterparty="Kestrel Cloud", deal_type="vendor",
        scenario="vendor_sla", signed=date(2026, 6, 1), reviewed=date(2026, 6, 3),
        renewal_date=date(2027, 6, 1), notice_days=90, renews="kestrel-2025",
        leverage={"proven": ["risk", "process"]}))
    return project


def test_new_plan_is_prefilled_from_the_playbook(playbook: Project,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert new_plan(playbook, *FLAGS) == 0
    assert f"wrote {PATH}" in capsys.readouterr().out
    values = front(playbook)
    assert (values["title"], values["counterparty"], values["status"]) == (
        "Kestrel renewal: 2027", "kestrel cloud", "draft")
    # The newest review with its notice deadline ahead (2027-03-03), with that as decide_by.
    assert values["renews"] == "kestrel-2026"
    assert values["decide_by"] == date(2027, 3, 3)
    # The scenario's checklist, most missed first; a client-only question is left out.
    assert values["questions"] == [{"ref": "sla-measured"}, {"ref": "who-signs"}]
    text = (playbook.root / PATH).read_text()
    assert "#   risk: proven in 2 of 2, only assumed in 0" in text
    assert "#   time: proven in 0 of 2, only assumed in 1" in text
    corpus, _, advice = check_content(playbook.settings)
    assert corpus.diagnostics == () and [p.id for p in corpus.plans] == ["kestrel-renewal-2027"]
    # What the writer must still fill in is said, as warnings.
    assert sorted(d.message for d in advice if d.path == PATH) == [
        "no stakeholder on their side can sign", "the plan has no alternative to agreement"]


def test_no_renews_when_the_notice_deadline_passed(playbook: Project) -> None:
    playbook.today = date(2027, 4, 1)
    playbook.write_config()
    assert new_plan(playbook, *FLAGS) == 0
    values = front(playbook)
    assert values["renews"] is None and values["decide_by"] is None


def test_an_existing_plan_is_never_overwritten(playbook: Project) -> None:
    assert new_plan(playbook, *FLAGS) == 0
    assert new_plan(playbook, *FLAGS) == 0
    assert (playbook.root / "content/plans/kestrel-renewal-2027-2.md").exists()


def test_flags_are_checked_like_dealbook_new(playbook: Project,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert new_plan(playbook, *FLAGS[:6], "--deal-type", "supplier") == 2
    assert "--deal-type 'supplier' is not one of client, vendor, partner" in \
        capsys.readouterr().err
    assert not (playbook.root / "content/plans").exists()
