"""Golden cases for plans and what reviews say of them: each file in cases/plans/ → the exact
diagnostics, errors and advice alike, in its .expected file. A `review-` case is a review,
checked beside a valid plan `acme-phase-2`; any other case is a plan.

Regenerate the expected files after a deliberate change with:
    .venv/bin/pytest tests/check/test_plan_validation.py --update-golden
and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Project, as_file, assert_golden, plan, question, review

from generator.build import check_content
from generator.cli.main import main

CASES = Path(__file__).resolve().parents[1] / "cases" / "plans"


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.md")))
def test_case(case: str, project: Project, update_golden: bool) -> None:
    project.add_question("who-signs.md", question())
    project.add_deal("acme-rollout.md", review())
    if case.startswith("review-"):
        project.add_plan("acme-phase-2.md", plan())
        target = project.root / "content" / "deals" / f"{case}.md"
    else:
        target = project.root / "content" / "plans" / f"{case}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CASES / f"{case}.md", target)

    corpus, _, advice = check_content(project.settings)

    found = sorted(corpus.diagnostics + tuple(d for d in advice if "/plans/" in d.path
                                              or "plan" in d.message))
    assert_golden(CASES / f"{case}.expected", found, update_golden)
    has_error = any(d.severity == "error" for d in corpus.diagnostics)
    if case.startswith("review-"):
        kept = [d.id for d in corpus.deals if d.id != "acme-rollout"]
        assert kept == ([] if has_error else ["acme-phase-2-review"])
    else:
        assert len(corpus.plans) == (0 if has_error else 1)

def test_sample_plans_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """Every shipped sample, plans included, passes `dealbook check --strict`."""
    assert main(["check", "--strict", str(Path(__file__).resolve().parents[2])]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_gaps_are_warnings_of_dealbook_check(project: Project,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A plan with gaps is published; `dealbook check` warns, and fails only when strict."""
    project.add_plan("gaps.md", (CASES / "gaps.md").read_text().split("---\n")[1])
    assert main(["check", str(project.root)]) == 0
    assert main(["check", "--strict", str(project.root)]) == 1
    out = capsys.readouterr().out
    assert "content/plans/gaps.md:10:5: warning: must-have 'Fixed price' has no walk_away" in out


def test_a_plan_saved_outside_its_folder_is_never_published(project: Project) -> None:
    page = project.root / "content" / "method" / "acme-plan.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(as_file(plan(), "canaryplannotes\n"), encoding="utf-8")
    corpus, _, _ = check_content(project.settings)
    assert "method/acme-plan.md" in corpus.tree.refused
    assert [d.format() for d in corpus.diagnostics] == [
        "content/method/acme-plan.md:1:1: error: page left out of the site: its front matter "
        "has the keys of a plan (counterparty, deal_type, scenario), and plans are read only "
        "from content/plans/\n    hint: move the plan into content/plans/, where it is checked"]


def test_a_plan_of_another_deal_types_scenario_is_warned_like_a_review(project: Project
                                                                       ) -> None:
    """The same warning a review gets, naming the plan."""
    project.add_plan("acme-phase-2.md", plan(scenario="vendor_sla"))
    project.add_deal("acme-rollout.md", review(scenario="vendor_sla"))
    corpus, _, _ = check_content(project.settings)
    found = [(d.path, d.severity, d.message) for d in corpus.diagnostics]
    said = "scenario 'vendor_sla' is declared for vendor deals, but this {}'s deal_type " \
           "is 'client'"
    assert found == [("content/deals/acme-rollout.md", "warning", said.format("review")),
                     ("content/plans/acme-phase-2.md", "warning", said.format("plan"))]
    assert [p.id for p in corpus.plans] == ["acme-phase-2"]
