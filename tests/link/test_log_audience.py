"""Relationship logs per audience: a log follows its review's visibility; a public build leaves
out the log of a review that marks `log` confidential and applies the review's other
confidential keys to what the log repeats of them. Canary strings are searched for in every byte
of real builds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Project, review
from test_confidential import built_text

from generator.build import build_site
from generator.check.load import read_corpus
from generator.link.audience import opaque_id

D = date
OPEN = "canaryopenlog"
RESTRICTED = "canaryrestrictedlog"
HIDDEN = "canaryhiddenlog"  # in the log of a review that marks `log` confidential
REDACTED = "canaryredactedlog"  # in parts of a log its review's confidential keys hide
VALUE = 7654321


def log_of(deal_id: str, word: str, **more: Any) -> dict[str, Any]:
    return {"deal": deal_id, "checkins": [
        {"date": D(2026, 3, 20), "status": "yellow", "why": f"{word} why"}], "changes": [
        {"date": D(2026, 3, 21), "kind": "change_request", "what": f"{word} change",
         "raised_by": "them", "status": "open", "decide_by": D(2026, 12, 1)}], **more}


def plant(project: Project) -> None:
    project.add_deal("open.md", review(id="open-deal", title="Open deal"))
    project.add_log("open.md", log_of("open-deal", OPEN), f"{OPEN} notes\n")
    project.add_deal("restricted.md", review(id="restricted-deal", title="Restricted",
                                             visibility="restricted"))
    project.add_log("restricted.md", log_of("restricted-deal", RESTRICTED),
                    f"{RESTRICTED} notes\n")
    project.add_deal("hidden.md", review(id="hidden-deal", title="Hidden log",
                                         confidential=["log"]))
    project.add_log("hidden.md", log_of("hidden-deal", HIDDEN), f"{HIDDEN} notes\n")
    metric = f"{REDACTED} metric"
    project.add_deal("redacted.md", review(
        id=f"{REDACTED}-deal", title=f"{REDACTED} title", value=100, currency="EUR",
        follow_through={"handoff": D(2026, 3, 1), "next_steps_sent": D(2026, 3, 2),
                        "kickoff": D(2026, 3, 11), "metrics": [metric]},
        confidential=["title", "value", "follow_through", "body", "leverage"]))
    project.add_log("redacted.md", {
        "deal": f"{REDACTED}-deal",
        "checkins": [{"date": D(2026, 3, 20), "status": "green", "metrics": {metric: "9"}}],
        "changes": [{"date": D(2026, 3, 21), "kind": "change_request", "what": "Kept change",
                     "raised_by": "us", "value_delta": VALUE, "status": "open"}],
        "second_debrief": {"date": D(2026, 4, 1), "leverage_refuted": ["time"],
                           "notes": f"{REDACTED} debrief"}},
        f"{REDACTED} notes [x](javascript:alert(1))\n")


@pytest.fixture
def planted(project: Project) -> Project:
    plant(project)
    assert not read_corpus(project.settings).diagnostics
    return project


@pytest.mark.parametrize("audience", ["public", "internal", "restricted"])
def test_log_canaries_reach_only_their_audience(planted: Project, tmp_path: Path,
                                                audience: str) -> None:
    everything = built_text(planted, audience, tmp_path)
    public = audience == "public"
    assert OPEN in everything
    assert (RESTRICTED in everything) == (audience == "restricted")
    assert (HIDDEN in everything) != public
    assert (REDACTED in everything) != public
    assert (str(VALUE) in everything or f"{VALUE:,}" in everything) != public
    assert "kept change" in everything  # the rest of a redacted log stays
    assert "javascript:alert" not in everything  # the notes' link, sanitised with the page


def test_public_log_takes_its_reviews_opaque_id(planted: Project) -> None:
    deal = next(d for d in read_corpus(planted.settings).deals if d.id.startswith(REDACTED))
    planted.write_config(audience="public")
    result = build_site(planted.settings)
    page = result.pages[f"deals/{opaque_id(deal)}.md"]
    assert "<dt>Open changes</dt>\n<dd>1</dd>" in page and "Kept change" in page
    assert "Withheld in this edition." in result.pages["deals/hidden-deal.md"]
    # Neither counted as lacking a log nor as owing a second debrief.
    assert "patterns/relationships/all-no-log.md" not in result.pages  # the others: logged
    debriefs = result.pages["patterns/second-debriefs.md"]
    assert "[Hidden log]" not in debriefs and "| All scenarios | 2 |" in debriefs
    assert set(result.playbook.logs) == {"open-deal", opaque_id(deal)}
    assert all(log.path == "" for log in result.playbook.logs.values())
    calendar = result.files["calendar.ics"].decode()
    assert HIDDEN not in calendar and REDACTED not in calendar.lower()
