"""Generated pages reach MkDocs packed (generator/render/packed.py): MkDocs reads each one's
Markdown, as text or bytes, through its file, and a plugin may replace it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from generator.plugin.live import LivePreview
from generator.render.packed import pack

MARKDOWN = "---\ntitle: Ardent — renewal\n---\n\n# Ardent — renewal\n\nWalk-away: 96,000.\n"


def _config(tmp_path: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir()
    config.load_dict({"site_name": "Deals", "docs_dir": str(tmp_path / "docs"),
                      "site_dir": str(tmp_path / "site")})
    errors, _ = config.validate()
    assert not errors
    config.plugins._current_plugin = "dealbook"  # as MkDocs sets it while calling a plugin
    return config


def test_mkdocs_reads_a_packed_page_as_its_markdown(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (file,) = LivePreview().pages(config, {"deals/ardent.md": pack(MARKDOWN)})
    assert file.content_string == MARKDOWN
    assert file.content_bytes == MARKDOWN.encode()
    page = Page(None, file, config)
    page.read_source(config)
    assert page.title == "Ardent — renewal"
    assert page.markdown.strip() == "# Ardent — renewal\n\nWalk-away: 96,000."


def test_what_a_plugin_sets_replaces_the_packed_page(tmp_path: Path) -> None:
    (file,) = LivePreview().pages(_config(tmp_path), {"deals/ardent.md": pack(MARKDOWN)})
    file.content_string = ""
    assert file.content_string == "" and file.content_bytes == b""
    file.content_bytes = "# Réécrit\n".encode()
    assert file.content_string == "# Réécrit\n"


def test_the_project_root_is_the_same_for_a_config_named_relatively_or_absolutely(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve -f mkdocs.yml` loads the first build's config by the name given, every
    rebuild's by its absolute path: both builds must see the same settings, or the first
    rebuild finds none of the first build's work cached."""
    project.write_config()
    monkeypatch.chdir(project.root)
    settings = []
    for named in (open("mkdocs.yml", "rb"), str(project.root / "mkdocs.yml")):  # noqa: SIM115
        config = load_config(config_file=named)
        plugin = config.plugins["dealbook"]
        plugin.on_config(config)
        settings.append(plugin.settings)
    assert settings[0] == settings[1]
    assert settings[0].root == project.root
