"""Shared fixtures: a throwaway Dealbook project built from dicts, so each test shows its input."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 22)


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
    return {k: v for k, v in front.items() if v is not None}


def question(**overrides: Any) -> dict[str, Any]:
    """A valid minimal curated question."""
    front: dict[str, Any] = {
        "id": "who-signs", "question": "Who signs, and which approval thresholds apply?",
        "category": "approval_process", "informs": "Timeline and sign-off",
    }
    front.update(overrides)
    return front


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

    def add_question(self, name: str, front: dict[str, Any] | str, body: str = "") -> Path:
        return self._write(self.root / "content" / "questions" / name, as_file(front, body))

    def _write(self, path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

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
