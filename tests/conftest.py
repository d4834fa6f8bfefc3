"""Shared fixtures: a throwaway Dealbook project built from dicts, so each test shows its input."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.base.diagnostics import Diagnostic
from generator.read.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 22)
FILE_STAMP = 1_780_000_000  # 2026-05-28 in UTC
DAY = timedelta(days=1)
PLAYBOOK_UPDATES = ("Ask who signs in discovery", "Show the plan before pricing",
                    "Agree metrics before kickoff")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files of golden tests from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def review(**overrides: Any) -> dict[str, Any]:
    """A valid minimal review; keys given as None are removed."""
    front: dict[str, Any] = {
        "id": "acme-rollout", "title": "Acme rollout", "counterparty": "Acme",
        "owner": "Priya", "deal_type": "client", "scenario": "client_fixed_scope",
        "signed": date(2026, 3, 1), "reviewed": date(2026, 3, 3),
    }
    front.update(overrides)
    signed = front.get("signed")
    for key, value in complete_form(signed).items():
        front.setdefault(key, value)
    return {k: v for k, v in front.items() if v is not None}


def complete_form(signed: date | None) -> dict[str, Any]:
    """What a final review must hold to be published (completeness.py), in as few words as
    tests need. What it only should hold (three playbook updates, metrics, risks) is left to
    each test: missing, it is advice, which `dealbook check` reports and a build only logs."""
    form: dict[str, Any] = {
        "outcome": {"commercial": "Fixed price"},
        "leverage": {"notes": "Nothing in particular moved them."},
    }
    if isinstance(signed, date):  # a test may write any text there
        form["follow_through"] = {"handoff": signed, "next_steps_sent": signed + DAY,
                                  "kickoff": signed + 10 * DAY}  # each on time
    return form


def complete_review(**overrides: Any) -> dict[str, Any]:
    """A review with the whole form filled in: `dealbook check --strict` passes it."""
    signed = overrides.get("signed", date(2026, 3, 1))
    form: dict[str, Any] = {
        "what_worked": ["Showed the rollout plan before pricing."],
        "missed_questions": "none",
        "risks": [{"risk": "Key person leaves", "mitigation": "Name a deputy"}],
        "playbook_updates": [{"change": change, "owner": "Dana", "due": signed or
                              date(2026, 3, 8), "done": True} for change in PLAYBOOK_UPDATES],
    }
    metrics = ["On-time delivery", "Defects", "Stakeholder pulse"]
    form["follow_through"] = {"metrics": metrics} if signed is None else {
        "handoff": signed, "next_steps_sent": signed + DAY, "kickoff": signed + 10 * DAY,
        "metrics": metrics}
    # The form last, so the lines a test writes keep the numbers review() gives them.
    return review(**overrides, **{k: v for k, v in form.items() if k not in overrides})


def question(**overrides: Any) -> dict[str, Any]:
    """A valid minimal curated question."""
    front: dict[str, Any] = {
        "id": "who-signs", "question": "Who signs, and which approval thresholds apply?",
        "category": "approval_process", "informs": "Timeline and sign-off",
    }
    front.update(overrides)
    return front


def plan(**overrides: Any) -> dict[str, Any]:
    """A negotiation plan with no gap (`dealbook check` warns of none); None removes a key."""
    front: dict[str, Any] = {
        "id": "acme-phase-2", "title": "Acme phase 2", "counterparty": "Acme",
        "owner": "Priya", "deal_type": "client", "scenario": "client_fixed_scope",
        "status": "active", "starts": date(2026, 12, 1), "decide_by": date(2027, 1, 15),
        "goals": [{"goal": "Keep the margin", "measure": "30% on our estimate"}],
        "terms": [{"term": "Fixed price", "priority": "must", "opening": "EUR 260,000",
                   "target": "EUR 245,000", "walk_away": "EUR 230,000",
                   "reason": "margin"},
                  {"term": "Acceptance window", "priority": "must", "target": "10 days",
                   "walk_away": "15 days"},
                  {"term": "Payment at signature", "priority": "nice", "target": "20%"}],
        "alternative": {"option": "Bid again next year", "cost": "a quarter of idle staff"},
        "leverage": {"expected": ["capability", "time"]},
        "stakeholders": [{"name": "Their CFO", "side": "theirs", "signs": True}],
    }
    front.update(overrides)
    return {k: v for k, v in front.items() if v is not None}


def a(text: str, href: str) -> str:
    """A link in a table the templates write in HTML: `href` is the address MkDocs makes of
    a Markdown link (`../deals/x.md` from `patterns/y.md` is `../../deals/x/`)."""
    return f'<a href="{href}">{text}</a>'


def cells(*values: str) -> str:
    """Consecutive left-aligned cells of a row of such a table."""
    return "\n".join(f"<td>{value}</td>" for value in values)


def as_file(front: dict[str, Any] | str, body: str = "") -> str:
    text = front if isinstance(front, str) else yaml.safe_dump(front, sort_keys=False,
                                                               allow_unicode=True)
    return f"---\n{text}---\n{body}"


@dataclass
class Project:
    """A project folder with mkdocs.yml, content/ and the real templates."""

    root: Path
    today: date = TODAY

    def add_deal(self, name: str, front: dict[str, Any] | str, body: str = "") -> Path:
        return self._write(self.root / "content" / "deals" / name, as_file(front, body))

    def add_plan(self, name: str, front: dict[str, Any] | str, body: str = "") -> Path:
        return self._write(self.root / "content" / "plans" / name, as_file(front, body))

    def add_question(self, name: str, front: dict[str, Any] | str, body: str = "") -> Path:
        return self._write(self.root / "content" / "questions" / name, as_file(front, body))

    def add_log(self, name: str, front: dict[str, Any] | str, body: str = "") -> Path:
        return self._write(self.root / "content" / "logs" / name, as_file(front, body))

    def _write(self, path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def pin_file_dates(self) -> None:
        """Date every content file FILE_STAMP: outside git, "last updated" is a file's date, and
        golden pages must not change with the day the tests run."""
        for path in (self.root / "content").rglob("*.md"):
            os.utime(path, (FILE_STAMP, FILE_STAMP))

    def write_config(self, site_url: str = "", **options: Any) -> None:
        """mkdocs.yml with the dealbook plugin given `options`."""
        plugin = {"today": self.today.isoformat(),
                  "templates_dir": str(REPO / "site_templates"), **options}
        config = {
            "site_name": "Test", "docs_dir": "content",
            "theme": {"name": "material", "custom_dir": str(REPO / "site_templates/overrides"),
                      "font": False},
            "plugins": ["search", {"tags": {"export": False}}, {"dealbook": plugin}],
            "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", "toc",
                                    "pymdownx.superfences"],
        }
        if site_url:
            config["site_url"] = site_url
        (self.root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))

    @property
    def settings(self) -> Settings:
        return load_settings(self.root / "mkdocs.yml")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    made = Project(tmp_path / "project")
    (made.root / "content" / "deals").mkdir(parents=True)
    (made.root / "content" / "questions").mkdir(parents=True)
    # The hand-written pages ship with every Dealbook site; generated pages link to them.
    shutil.copytree(REPO / "content" / "method", made.root / "content" / "method")
    made.write_config()
    yield made


def assert_golden(expected_path: Path, diagnostics: Iterable[Diagnostic], update: bool) -> str:
    """The diagnostics as `dealbook check` prints them, equal to a golden file (or written to it
    with --update-golden); returns them."""
    output = "".join(d.format() + "\n" for d in diagnostics)
    if update:
        expected_path.write_text(output, encoding="utf-8")
    assert output == expected_path.read_text(encoding="utf-8")
    return output
