"""The caches behind fast rebuilds: results stay correct after every kind of change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, Project, question, review

import generator.check.load as load
from generator.build import build_site
from generator.cli import main as cli
from generator.read import source


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The displays of the files actually parsed (not served from the cache)."""
    seen: list[str] = []
    real = load._parse

    def counting(raw: bytes, display: str, context: tuple[str, tuple[str, ...]]) -> object:
        seen.append(display)
        return real(raw, display, context)

    monkeypatch.setattr(load, "_parse", counting)
    return seen


def test_unchanged_inputs_give_the_same_result_without_work(project: Project,
                                                           parses: list[str]) -> None:
    project.add_deal("a.md", review())
    first = build_site(project.settings)
    assert build_site(project.settings) is first
    path = project.root / "content/deals/a.md"
    path.write_text(path.read_text())  # touched, same content: rebuilt, but not re-parsed
    parses.clear()
    assert build_site(project.settings) is not first
    assert parses == []


def test_edit_delete_and_rename_a_review(project: Project, parses: list[str]) -> None:
    project.add_deal("a.md", review(title="First title", tags=["alpha"]))
    project.add_deal("b.md", review(id="b", title="Other"))
    build_site(project.settings)
    parses.clear()
    project.add_deal("a.md", review(title="Second title", tags=["beta"]))
    pages = build_site(project.settings).pages
    assert parses == ["content/deals/a.md"]
    assert "Second title" in pages["deals/acme-rollout.md"]
    assert "Second title" in pages["scenarios/client_fixed_scope.md"]
    assert "tags/alpha.md" not in pages and "Second title" in pages["tags/beta.md"]
    (project.root / "content/deals/a.md").rename(project.root / "content/deals/renamed.md")
    pages = build_site(project.settings).pages
    assert "Second title" in pages["deals/acme-rollout.md"]
    (project.root / "content/deals/renamed.md").unlink()
    pages = build_site(project.settings).pages
    assert "deals/acme-rollout.md" not in pages
    assert not any("Second title" in text for text in pages.values())


def test_edit_a_question(project: Project) -> None:
    project.add_question("q.md", question())
    project.add_deal("a.md", review(missed_questions=[
        {"question": "Who signs?", "category": "approval_process", "informs": "x",
         "ref": "who-signs"}]))
    build_site(project.settings)
    project.add_question("q.md", question(question="Who signs off, and at what size?"))
    pages = build_site(project.settings).pages
    assert "# Who signs off, and at what size?" in pages["questions/who-signs.md"]
    assert "[Who signs?](../questions/who-signs.md)" in pages["deals/acme-rollout.md"]


def test_edit_a_template(project: Project, tmp_path: Path) -> None:
    """Templates are not checked on every use, so a changed one must bring a new environment."""
    templates = shutil.copytree(REPO / "site_templates", tmp_path / "templates")
    project.write_config(templates_dir=str(templates))
    project.add_deal("a.md", review())
    assert "## Similar past deals" in build_site(project.settings).pages["deals/acme-rollout.md"]
    deal = templates / "deal.md.j2"
    deal.write_text(deal.read_text().replace("## Similar past deals", "## Deals like this one"))
    page = build_site(project.settings).pages["deals/acme-rollout.md"]
    assert "## Deals like this one" in page and "## Similar past deals" not in page


def test_a_missing_libyaml_is_reported_once_with_the_fix(
        project: Project, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(source, "HAS_LIBYAML", False)
    cli.main(["check", str(project.root)])
    err = capsys.readouterr().err
    assert err.count("warning: PyYAML has no libyaml") == 1
    assert "pip install --force-reinstall" in err
