"""A final review is a complete review: errors where the form's substance is missing (it is then
not published), warnings where it falls short of the form (advice: `dealbook check` reports it,
`--strict` fails on it, a build only mentions it). Drafts are not checked. The golden cases
invalid/final-empty and invalid/draft-empty hold the template as `dealbook new` writes it.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import REPO, Project, complete_review, review

from generator.base.diagnostics import Severity
from generator.build import build_site, check_content
from generator.cli.main import main


def messages(project: Project) -> tuple[list[str], list[str]]:
    """(errors, advice) as 'line: message'."""
    corpus, _, advice = check_content(project.settings)
    return ([f"{d.line}: {d.message}" for d in corpus.diagnostics
             if d.severity is Severity.ERROR],
            [f"{d.line}: {d.message}" for d in advice if d.severity is Severity.WARNING])


def test_a_complete_review_passes_strict(project: Project,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("a.md", complete_review())
    assert main(["check", "--strict", str(project.root)]) == 0
    assert capsys.readouterr().out == "checked 1 files: 0 errors, 0 warnings\n"


def test_a_final_review_without_substance_is_not_published(project: Project) -> None:
    project.add_deal("empty.md", review(id="empty", outcome={"commercial": ""},
                                        leverage={"proven": []}, follow_through=None),
                     "## Timeline\n\n- YYYY-MM-DD: first serious offer\n- 2026-03-01: signed\n")
    project.add_deal("real.md", complete_review(id="real"))
    errors, _ = messages(project)
    assert errors == [
        # not written at all, and no `status:` line: reported at the front matter's first line
        "2: follow_through has none of handoff, next_steps_sent, kickoff, and a final "
        "review of a signed deal needs them",
        "10: outcome is empty, and a final review needs it",
        "12: leverage is empty, and a final review needs it",
        "17: the template's placeholder '- YYYY-MM-DD: first serious offer' is still here",
    ]
    result = build_site(project.settings)
    assert "deals/empty.md" not in result.pages and "deals/real.md" in result.pages
    assert "deals/empty.md" not in result.pages["brief/client_fixed_scope.md"]
    assert "deals/real.md" in result.pages["brief/client_fixed_scope.md"]


def test_shortfalls_are_warnings_that_only_strict_fails_on(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("a.md", review(playbook_updates=[
        {"change": "Ask who signs", "owner": "Dana", "due": date(2026, 3, 8)}],
        missed_questions=[], follow_through={"handoff": date(2026, 3, 1),
                                             "metrics": ["On-time delivery"]}))
    errors, advice = messages(project)
    assert errors == []
    assert {a.split(": ", 1)[1].split(" ")[0] for a in advice} == {
        "what_worked", "missed_questions", "playbook_updates", "follow_through.next_steps_sent",
        "follow_through.kickoff", "follow_through.metrics", "risks"}
    assert "deals/acme-rollout.md" in build_site(project.settings).pages  # still published
    assert main(["check", str(project.root)]) == 0
    assert main(["check", "--strict", str(project.root)]) == 1
    assert "hint: add what we learned too late, or `missed_questions: none`" in \
        capsys.readouterr().out


def test_missed_questions_none_says_there_were_none(project: Project) -> None:
    project.add_deal("a.md", complete_review(missed_questions="none"))
    project.add_deal("b.md", complete_review(id="b", missed_questions=[]))
    project.add_deal("c.md", complete_review(id="c", missed_questions="nothing"))
    errors, advice = messages(project)
    assert [e.split(": ", 1)[1] for e in errors] == [
        "missed_questions must be a list, not 'nothing'"]
    assert [a for a in advice if "missed_questions" in a] == [
        "10: missed_questions is empty; the review form asks for at least one"]
    corpus, _, _ = check_content(project.settings)
    assert {d.id: d.missed_questions for d in corpus.deals} == {"acme-rollout": (), "b": ()}


def test_drafts_are_not_checked(project: Project) -> None:
    project.add_deal("a.md", review(status="draft", outcome=None, leverage=None,
                                    follow_through=None), "- YYYY-MM-DD: signed\n")
    assert messages(project) == ([], [])


def test_an_unsigned_deal_needs_no_follow_through_dates(project: Project) -> None:
    project.add_deal("a.md", complete_review(signed=None))
    assert messages(project) == ([], [])


def test_every_shipped_review_is_complete() -> None:
    assert main(["check", "--strict", str(REPO)]) == 0
