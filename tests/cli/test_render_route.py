"""`dealbook render` writes pages for engines that do not run our plugin: every hostile body
must arrive there as HTML sanitised already, and stay harmless once another engine (here a
plain MkDocs build without the dealbook plugin) renders the page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Project, question, review
from payloads import PAYLOADS, all_payloads, unsafe_parts

from generator.cli.main import main
from generator.cli.render_out import DOCS


@pytest.fixture
def rendered(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    for number, payload in enumerate(all_payloads()):
        project.add_deal(f"p{number}.md", review(id=f"p{number}", title=f"P {number}"), payload)
    project.add_question("q.md", question(), "\n\n".join(PAYLOADS["attribute list on a block"]))
    out_dir = tmp_path / "rendered"
    assert main(["render", str(out_dir), "--project", str(project.root)]) == 0
    capsys.readouterr()
    return out_dir / DOCS  # the pages; the folder above holds the engine's config


def test_bodies_are_written_as_sanitised_html(rendered: Path) -> None:
    page = (rendered / "deals/p7.md").read_text(encoding="utf-8")
    assert '<div class="dealbook-body">\n<p>Text</p>\n</div>' in page  # onmouseover is gone
    for path in rendered.rglob("*.md"):
        assert "<!-- dealbook:" not in path.read_text(encoding="utf-8"), path


def test_another_engine_publishes_no_handler_or_script_url(rendered: Path, tmp_path: Path) -> None:
    shipped = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {"site_name": "Elsewhere", "docs_dir": str(rendered),
              "theme": {"name": "material", "font": False},
              "markdown_extensions": shipped["markdown_extensions"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml"),
         "-d", str(site)], capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    question_page = site / "questions/who-signs/index.html"
    pages = [*sorted((site / "deals").glob("p*/index.html")), question_page]
    assert len(pages) == len(all_payloads()) + 1
    for path in pages:
        html = path.read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert unsafe_parts(article) == [], path
