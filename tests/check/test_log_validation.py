"""Relationship logs: each bad log in cases/logs/ → the exact diagnostics in its .expected file,
checked against one review (`acme-rollout`, metrics On-time delivery, Defects, Stakeholder
pulse); and the checks across logs.

Regenerate the expected files after a deliberate change with:
    .venv/bin/pytest tests/check/test_log_validation.py --update-golden
and review the diff.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import Project, assert_golden, complete_review

from generator.check.load import read_corpus
from generator.cli.main import main
from generator.read.settings import load_settings

CASES = Path(__file__).resolve().parents[1] / "cases" / "logs"
ACCEPTED = {"accepted-full"}  # documents what a valid log may hold: no diagnostics at all


@pytest.fixture
def reviewed(project: Project) -> Project:
    project.add_deal("acme.md", complete_review())
    return project


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.md")))
def test_case(case: str, reviewed: Project, update_golden: bool) -> None:
    target = reviewed.root / "content" / "logs" / f"{case}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CASES / f"{case}.md", target)

    corpus = read_corpus(reviewed.settings)

    output = assert_golden(CASES / f"{case}.expected", corpus.diagnostics, update_golden)
    if case in ACCEPTED:
        assert output == "" and len(corpus.logs) == 1
        log = corpus.logs[0]
        assert [c.status for c in log.checkins] == ["green", "yellow"]
        assert [(m.name, m.value) for m in log.checkins[0].metrics] == [
            ("On-time delivery", "1 of 1"), ("Defects", "0")]
        assert log.changes[1].value_delta == -1200 and log.escalations[0].resolved is None
    else:
        has_error = any(d.severity == "error" for d in corpus.diagnostics)
        assert len(corpus.logs) == (0 if has_error else 1)


def test_one_log_per_review(reviewed: Project) -> None:
    front = {"deal": "acme-rollout", "checkins": [{"date": date(2026, 3, 20),
                                                    "status": "green"}]}
    reviewed.add_log("acme-rollout.md", front)
    reviewed.add_log("acme-copy.md", front)
    corpus = read_corpus(reviewed.settings)
    assert corpus.logs == ()
    assert [d.format() for d in corpus.diagnostics] == [
        f"content/logs/{name}:2:1: error: 2 logs follow the review 'acme-rollout' "
        "(content/logs/acme-copy.md, content/logs/acme-rollout.md)\n"
        "    hint: keep one log per review: merge them"
        for name in ("acme-copy.md", "acme-rollout.md")]


def test_dealbook_check_reports_logs(reviewed: Project, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    shutil.copytree(CASES, reviewed.root / "content" / "logs",
                    ignore=shutil.ignore_patterns("*.expected", "accepted-*"))
    assert main(["check", str(reviewed.root / "content" / "logs" / "why-missing.md")]) == 1
    out = capsys.readouterr().out
    assert "content/logs/why-missing.md:6:5: error: checkins[2] is yellow without 'why'" in out
    assert "deal-unknown" not in out  # only the files asked about


def test_logs_are_never_published_as_they_are(reviewed: Project) -> None:
    reviewed.add_log("acme-rollout.md", {"deal": "acme-rollout"}, "canarylognotes\n")
    tree = read_corpus(reviewed.settings).tree
    assert [p.name for p in tree.logs] == ["acme-rollout.md"]
    assert not any("logs" in p.parts for p in tree.published)


def test_every_shipped_log_passes_the_schema_and_the_check() -> None:
    """The sample logs, as an editor's schema and as `dealbook check` see them."""
    repo = Path(__file__).resolve().parents[2]
    schema = json.loads((repo / "schemas/log.schema.json").read_text())
    logs = sorted((repo / "content/logs").glob("*.md"))
    assert len(logs) >= 6
    for path in logs:
        front = yaml.safe_load(path.read_text().split("---\n")[1])
        jsonschema.validate(json.loads(json.dumps(front, default=str)), schema)
    corpus = read_corpus(load_settings(repo / "mkdocs.yml"))
    assert not [d for d in corpus.diagnostics if d.path.startswith("content/logs/")]
    assert len(corpus.logs) == len(logs)


@pytest.mark.parametrize("change,fails", [
    ({"checkins": [{"date": "2026-03-01", "status": "amber"}]}, True),
    ({"checkins": [{"date": "2026-03-01", "status": "green", "pulse": 6}]}, True),
    ({"checkins": [{"date": "2026-03-01", "status": "green",
                    "metrics": {"Any name": "99%", "Other": 3}}]}, False),
    ({"escalations": [{"opened": "2026-03-01", "level": 4, "what": "x"}]}, True),
    ({"changes": [{"date": "2026-03-01", "kind": "change_request", "what": "x",
                   "raised_by": "client", "status": "open"}]}, True),
    ({"second_debrief": {"date": "2026-03-01", "leverage_refuted": ["time"]}}, False),
    ({"deal": None}, True), ({"x_crm": "OPP-1"}, False), ({"notes": "x"}, True),
])
def test_log_schema_agrees_with_the_validator(change: dict[str, Any], fails: bool) -> None:
    repo = Path(__file__).resolve().parents[2]
    schema = json.loads((repo / "schemas/log.schema.json").read_text())
    front = {"deal": "acme-rollout", **change}
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(front))
    assert bool(errors) == fails


def test_a_log_saved_outside_its_folder_is_never_published(reviewed: Project) -> None:
    page = reviewed.root / "content" / "method" / "acme-log.md"
    page.write_text("---\ndeal: acme-rollout\nescalations: []\n---\ncanarylognotes\n")
    corpus = read_corpus(reviewed.settings)
    assert "method/acme-log.md" in corpus.tree.refused
    assert [d.format() for d in corpus.diagnostics] == [
        "content/method/acme-log.md:1:1: error: page left out of the site: its front matter "
        "has the keys of a relationship log (deal, escalations), and logs are read only from "
        "content/logs/\n    hint: move the log into content/logs/, where it is checked"]
