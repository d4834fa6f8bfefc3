"""The question bank on a fixture corpus whose every figure was counted by hand."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import Project, complete_review, question

from generator.base.text import listed
from generator.base.wording import NEAR, Matcher, content_words, normalise, similarity
from generator.build import build_site, check_content

WHO_SIGNS = "Who signs, and which approval thresholds apply at this deal size?"


@pytest.mark.parametrize("a,b", [
    (WHO_SIGNS, "WHO SIGNS and which approval thresholds apply at this deal size"),
    ("What does 'working' mean at 30 days?", "What does “working” mean at 30 days?".replace(
        "“", "'").replace("”", "'")),
    ("Who owns adoption  on their side?", "who owns adoption on their side"),
])
def test_same_wording_after_normalisation(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize("a,b", [
    (WHO_SIGNS, "Who signs and what approval limits apply at this deal size?"),
    ("Which maintenance windows count as downtime?",
     "Which maintenance windows count as planned downtime?"),
])
def test_near_wordings_match(a: str, b: str) -> None:
    assert similarity(content_words(a), content_words(b)) >= NEAR


@pytest.mark.parametrize("a,b", [
    (WHO_SIGNS, "Who signs off the acceptance certificate for each deliverable?"),
    ("What would make this feel risky to your security team?",
     "What would make this feel risky to your finance team?"),
    ("Which security checks apply?", "Which compliance checks apply?"),
])
def test_false_friends_do_not_match(a: str, b: str) -> None:
    assert similarity(content_words(a), content_words(b)) < NEAR


def test_matcher_prefers_exact_and_reports_near_scores() -> None:
    matcher = Matcher()
    matcher.add("who-signs", WHO_SIGNS)
    assert matcher.match("who signs and which approval thresholds apply at this deal size") \
        == ("who-signs", 1.0)
    found = matcher.match("Who signs and what approval limits apply at this deal size?")
    assert found is not None and found[0] == "who-signs" and 0.7 <= found[1] < 1.0
    assert matcher.match("Who signs off the acceptance certificate?") is None


def missed(text: str, category: str = "approval_process", ref: str | None = None,
           informs: str = "x") -> dict[str, str]:
    entry = {"question": text, "category": category, "informs": informs}
    return entry | ({"ref": ref} if ref else {})


@pytest.fixture
def bank_project(project: Project) -> Project:
    project.add_question("who-signs.md", question(question=WHO_SIGNS))
    project.add_question("sla-measured.md", question(
        id="sla-measured", question="How is the SLA measured, and who stops the clock?",
        category="success_criteria", informs="Credits", deal_types=["vendor"],
        scenarios=["vendor_sla"], stage="proposal"))
    project.add_question("adoption-owner.md", question(
        id="adoption-owner", question="Who owns adoption on their side?",
        category="implementation", informs="Kickoff roles"))
    project.add_deal("d1.md", complete_review(
        id="d1", deal_type="vendor", scenario="vendor_sla", signed=date(2025, 1, 10),
        reviewed=date(2025, 1, 11), missed_questions=[
            missed("Who signs?", ref="who-signs"),
            missed("how is the SLA measured and who stops the clock", "success_criteria"),
            missed("Which maintenance windows count as downtime?", "risk_constraints",
                   informs="Credit exclusions")]))
    project.add_deal("d2.md", complete_review(
        id="d2", signed=date(2025, 6, 1), reviewed=date(2025, 6, 2), missed_questions=[
            missed("WHO SIGNS, and which approval thresholds apply at this deal size???"),
            missed("Who signs and what approval limits apply at this deal size?"),
            missed("Which maintenance windows count as planned downtime?",
                   "risk_constraints", informs="Downtime credits")]))
    project.add_deal("d3.md", complete_review(
        id="d3", deal_type="vendor", scenario="vendor_sla", signed=date(2026, 3, 1),
        reviewed=date(2026, 3, 2), missed_questions=[
            missed("Measured how?", "success_criteria", ref="sla-measured"),
            missed("Who signs off the acceptance certificate for each deliverable?",
                   "success_criteria")]))
    project.add_deal("d4.md", complete_review(
        id="d4", status="draft", deal_type="vendor", scenario="vendor_sla",
        missed_questions=[missed("Who signs?", ref="who-signs")]))
    return project


def test_misses_are_counted_per_question(bank_project: Project) -> None:
    _, playbook, _ = check_content(bank_project.settings)
    bank = playbook.bank
    assert [(m.deal.id, m.how) for m in bank.by_question["who-signs"]] == [
        ("d2", "same wording"), ("d2", "near wording"), ("d1", "ref")]
    assert [(m.deal.id, m.how) for m in bank.by_question["sla-measured"]] == [
        ("d3", "ref"), ("d1", "same wording")]
    assert "adoption-owner" not in bank.by_question
    assert [(r.question.id, r.times, r.deals, r.last) for r in bank.ranking] == [
        ("who-signs", 3, 2, date(2025, 6, 1)), ("sla-measured", 2, 2, date(2026, 3, 1))]


def test_unmatched_misses_become_candidates(bank_project: Project) -> None:
    _, playbook, advice = check_content(bank_project.settings)
    candidates = playbook.bank.candidates
    assert [(c.id, [d.id for d in c.deals], c.category) for c in candidates] == [
        ("which-maintenance-windows-count-as-downtime", ["d2", "d1"], "risk_constraints"),
        ("who-signs-off-the-acceptance-certificate-for-each", ["d3"], "success_criteria"),
    ]
    assert candidates[0].question == "Which maintenance windows count as downtime?"
    assert candidates[0].informs == "Downtime credits"
    assert [d.format() for d in advice] == [
        "content/deals/d2.md:17:3: warning: 'Which maintenance windows count as downtime?' was "
        "missed in 2 reviews (also content/deals/d1.md) but is not in the question bank\n"
        "    hint: curate it: the Candidates page bank/candidates/risk_constraints.md"
        "#which-maintenance-windows-count-as-downtime has a ready file for "
        "content/questions/which-maintenance-windows-count-as-downtime.md"]


def test_scope_pages_rank_questions_by_misses_in_scope(bank_project: Project) -> None:
    pages = build_site(bank_project.settings).pages
    def linked(uri: str) -> list[str]:  # the table is HTML: its links are folder addresses
        return re.findall(r'<a href="\.\./\.\./\.\./questions/([^/"]+)/">', pages[uri])
    assert linked("bank/scenarios/vendor_sla.md") == ["sla-measured", "who-signs",
                                                      "adoption-owner"]
    assert linked("bank/scenarios/client_fixed_scope.md") == ["who-signs", "adoption-owner"]
    assert linked("bank/deal-types/vendor.md") == ["sla-measured", "who-signs",
                                                   "adoption-owner"]
    assert linked("bank/categories/approval_process.md") == ["who-signs"]
    assert ('<td style="text-align: right;">2</td>\n<td style="text-align: right;">3</td>'
            in pages["bank/scenarios/client_fixed_scope.md"])


def test_checklist_orders_by_stage_with_tick_boxes(bank_project: Project) -> None:
    page = build_site(bank_project.settings).pages["bank/checklists/vendor_sla.md"]
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## Discovery", "## Proposal", "## Also missed, not curated yet"]
    ticks = [line for line in page.splitlines() if line.startswith("- [ ] ")]
    assert [t.split("**")[1] for t in ticks] == [
        WHO_SIGNS, "Who owns adoption on their side?",
        "How is the SLA measured, and who stops the clock?",
        "Which maintenance windows count as downtime?",
        "Who signs off the acceptance certificate for each deliverable?"]
    assert "informs: Credits · missed in 2 past deals" in page


def test_question_page_and_review_page_link_each_other(bank_project: Project) -> None:
    pages = build_site(bank_project.settings).pages
    question_page = pages["questions/who-signs.md"]
    assert question_page.count("](../deals/d2.md)") == 2
    assert "Who signs and what approval limits apply at this deal size? | x | near wording" \
        in question_page
    d2 = pages["deals/d2.md"]
    assert d2.count("](../questions/who-signs.md)") == 2
    assert ("([not in the bank yet](../bank/candidates/risk_constraints.md#which-maintenance-"
            "windows-count-as-downtime))") in d2
    assert "d4" not in question_page


def test_candidates_inbox_offers_a_valid_question_file(bank_project: Project,
                                                       project: Project) -> None:
    page = build_site(bank_project.settings).pages["bank/candidates/risk_constraints.md"]
    section = page.split("{ #which-maintenance-windows-count-as-downtime }")[1]
    block = section.split(".md`:\n\n```text\n")[1].split("\n```")[0]  # a fence of its own
    project.add_question("which-maintenance-windows-count-as-downtime.md",
                         block.split("---\n")[1], block.split("---\n", 2)[2])
    corpus, playbook, advice = check_content(project.settings)
    assert corpus.diagnostics == () and advice == ()
    assert [m.deal.id for m in playbook.bank.by_question[
        "which-maintenance-windows-count-as-downtime"]] == ["d2", "d1"]


def test_candidates_inbox_counts_by_category_and_links_where_each_lives(
        bank_project: Project) -> None:
    pages = build_site(bank_project.settings).pages
    inbox = pages["bank/candidates.md"]
    assert "| [Risk and constraints](candidates/risk_constraints.md) | 1 | 1 |" in inbox
    assert "| Approval and process | 0 | 0 |" in inbox
    assert ("| [Which maintenance windows count as downtime?](candidates/risk_constraints.md"
            "#which-maintenance-windows-count-as-downtime) | Risk and constraints | 2 | "
            "2025-06-01 |") in inbox
    assert "```" not in inbox and "bank/candidates/approval_process.md" not in pages
    assert ("[Which maintenance windows count as downtime?](../candidates/risk_constraints.md"
            "#which-maintenance-windows-count-as-downtime) · missed in 2 reviews"
            ) in pages["bank/scenarios/vendor_sla.md"]
    category = pages["bank/candidates/success_criteria.md"]
    assert category.startswith('---\n{"title": "Candidates: Success criteria"}')
    assert "[Success criteria](../categories/success_criteria.md)" in category
    assert "{ #who-signs-off-the-acceptance-certificate-for-each }" in category
    assert "- [Acme rollout](../../deals/d3.md) (2026-03-01): \"Who signs off" in category


def test_near_duplicate_curated_questions_are_reported(project: Project) -> None:
    project.add_question("a.md", question(id="a", question=WHO_SIGNS))
    project.add_question("b.md", question(
        id="b", question="Who signs and what approval limits apply at this deal size?"))
    corpus, _, _ = check_content(project.settings)
    assert [d.format().splitlines()[0] for d in corpus.diagnostics] == [
        "content/questions/b.md:2:1: warning: question is worded like 'a' "
        "(content/questions/a.md), similarity 0.71: likely a duplicate"]


def test_a_warning_names_a_few_reviews_and_counts_the_rest(project: Project) -> None:
    """1,999 reviews once made one warning line of 70,000 characters."""
    for n in range(40):
        project.add_deal(f"d{n:02}.md", complete_review(id=f"d{n:02}", missed_questions=[
            missed("Which maintenance windows count as downtime?")]))
    _, _, advice = check_content(project.settings)
    assert [d.message for d in advice] == [
        "'Which maintenance windows count as downtime?' was missed in 40 reviews (also "
        "content/deals/d38.md, content/deals/d37.md, content/deals/d36.md, "
        "content/deals/d35.md, content/deals/d34.md, … and 34 more) but is not in the "
        "question bank"]


@pytest.mark.parametrize("count,shown", [
    (0, ""), (1, "i0"), (6, "i0, i1, i2, i3, i4, i5"),
    (7, "i0, i1, i2, i3, i4, … and 2 more"), (1999, "i0, i1, i2, i3, i4, … and 1,994 more"),
])
def test_long_lists_in_messages_are_cut_with_a_count(count: int, shown: str) -> None:
    assert listed(f"i{n}" for n in range(count)) == shown
