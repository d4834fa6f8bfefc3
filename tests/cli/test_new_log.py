"""`dealbook new-log <review id>`: a log prefilled from its review that passes the check as
written, never over an existing log, and a clear message for an unknown id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import Project, complete_review

from generator.check.load import read_corpus
from generator.cli.main import main

D = date


@pytest.fixture
def reviewed(project: Project) -> Project:
    project.add_deal("acme.md", complete_review(
        deal_type="vendor", scenario="vendor_sla", start_date=D(2026, 3, 16),
        follow_through={"handoff": D(2026, 3, 1), "next_steps_sent": D(2026, 3, 2),
                        "kickoff": D(2026, 3, 11), "cadence": "biweekly",
                        "metrics": ["Uptime: 99.9%", 'Tickets "open"', "Pulse"]}))
    return project


def test_scaffold_is_prefilled_from_the_review(reviewed: Project,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-log", "acme-rollout", "--project", str(reviewed.root)]) == 0
    path = reviewed.root / "content" / "logs" / "acme-rollout.md"
    assert capsys.readouterr().out == "wrote content/logs/acme-rollout.md\n"
    text = path.read_text(encoding="utf-8")
    assert "deal: acme-rollout\n" in text
    assert "  - date: 2026-03-11\n    kind: kickoff" in text  # the review's kickoff
    assert '      "Uptime: 99.9%":\n      "Tickets \\"open\\"":\n      "Pulse":\n' in text
    assert "# Check-ins: biweekly." in text
    assert "# second_debrief:            # due 2026-04-15" in text  # 30 days after the start
    corpus = read_corpus(reviewed.settings)
    assert corpus.diagnostics == () and corpus.logs[0].deal == "acme-rollout"
    assert corpus.logs[0].checkins[0].metrics == ()  # readings left empty until written


def test_scaffold_never_overwrites(reviewed: Project, capsys: pytest.CaptureFixture[str]
                                   ) -> None:
    assert main(["new-log", "acme-rollout", "--project", str(reviewed.root)]) == 0
    path = reviewed.root / "content" / "logs" / "acme-rollout.md"
    path.write_text("mine", encoding="utf-8")
    assert main(["new-log", "acme-rollout", "--project", str(reviewed.root)]) == 2
    assert "exists already; nothing was written" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "mine"


def test_unknown_review_is_refused_with_a_suggestion(
        reviewed: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-log", "acme-rolout", "--project", str(reviewed.root)]) == 2
    assert capsys.readouterr().err == ("dealbook: 'acme-rolout' is not the id of a valid "
                                       "review: did you mean 'acme-rollout'?\n")
    assert not (reviewed.root / "content" / "logs").exists()


def test_make_new_log_works_from_a_fresh_clone() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "\nnew-log: $(STAMP)" in makefile and "$(BIN)/dealbook new-log $(ARGS)" in makefile
