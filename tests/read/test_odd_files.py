"""Odd files under content/: folder links, named pipes, links out of it, reviews saved outside
deals/. None may hang or crash a check, a build, `render` or `new`, or reach the site; each is
named with its fix. (Their exact diagnostics are hostile cases; the canaries that prove nothing
is published are in test_confidential.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Project, as_file, review

from generator.read.tree import front_matter, top_level_keys, walk_content

SECONDS = 120  # a guard against hangs: each of these takes a few seconds


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=SECONDS)


def dealbook(*args: str) -> subprocess.CompletedProcess[str]:
    return run("-c", "import sys; from generator import main; sys.exit(main(sys.argv[1:]))",
               *args)


def mkdocs_build(project: Project, site: Path) -> subprocess.CompletedProcess[str]:
    return run("-m", "mkdocs", "build", "--strict", "-f", str(project.root / "mkdocs.yml"),
               "-d", str(site))


def folder_links(project: Project, kind: str) -> list[str]:
    """Folder links MkDocs would follow: to /, a loop, and two loops (2^n paths)."""
    content = project.root / "content"
    if kind == "root":
        (content / "deals" / "2026").mkdir()
        (content / "deals" / "2026" / "root").symlink_to("/")
        return ["content/deals/2026/root"]
    (content / "method" / "a").symlink_to("..")
    if kind == "loop":
        return ["content/method/a"]
    (content / "method" / ".b").symlink_to(".")  # hidden: MkDocs still walks into it
    return ["content/method/.b", "content/method/a"]


@pytest.mark.parametrize("kind", ["root", "loop", "two-loops"])
def test_build_stops_before_mkdocs_follows_a_folder_link(project: Project, tmp_path: Path,
                                                         kind: str) -> None:
    links = folder_links(project, kind)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for link in links:
        assert f"{link}:0:0: error: folder is a link, which is not followed" in result.stderr
    assert "the build stops here: MkDocs would follow these links" in result.stderr
    assert not site.exists()
    checked = dealbook("check", str(project.root))
    assert checked.returncode == 1
    assert all(f"{link}:0:0: error: folder is a link" in checked.stdout for link in links)


def test_render_and_new_pass_odd_files_by(project: Project, tmp_path: Path) -> None:
    content = project.root / "content"
    for folder in ("deals", "method"):
        os.mkfifo(content / folder / "pipe.md")
    (project.root.parent / "secret.txt").write_text("canaryoutside\n")
    (content / "method" / "notes.txt").symlink_to(project.root.parent / "secret.txt")
    out = tmp_path / "out"
    rendered = dealbook("render", str(out), "--project", str(project.root))
    assert rendered.returncode == 1
    assert "content/method/notes.txt:0:0: error: file is a link to somewhere outside content/"\
        in rendered.stderr
    assert (out / "docs" / "method" / "index.md").is_file()
    assert not (out / "docs" / "method" / "notes.txt").exists()
    assert not (out / "docs" / "method" / "pipe.md").exists()
    made = dealbook("new", "--title", "Pipe", "--counterparty", "C", "--owner", "O",
                    "--deal-type", "client", "--scenario", "client_fixed_scope",
                    "--signed", "2026-01-02", "--project", str(project.root))
    assert made.returncode == 0, made.stderr
    assert (content / "deals" / "2026" / "pipe.md").is_file()


def test_links_that_stay_inside_content_are_published(project: Project) -> None:
    content = project.root / "content"
    (content / "images").mkdir()
    (content / "images" / "logo.svg").write_text("<svg/>")
    (content / "method" / "logo.svg").symlink_to("../images/logo.svg")
    (content / ".cache").mkdir()
    os.mkfifo(content / ".cache" / "pipe.md")  # hidden: MkDocs never publishes it
    tree = walk_content(project.settings)
    assert tree.diagnostics == () and tree.refused == frozenset()
    published = {p.relative_to(content).as_posix() for p in tree.published}
    assert {"images/logo.svg", "method/logo.svg", "method/index.md"} <= published
    assert not any(p.startswith(".cache") for p in published)


def test_pages_that_only_mention_reviews_are_published(project: Project) -> None:
    content = project.root / "content"
    (content / "guide.md").write_text(as_file(
        {"title": "Guide", "id": "guide", "tags": ["how-to"], "owner": "Priya",
         "reviewed": "2026-01-05", "counterparty": "Acme"},
        "Write `visibility: restricted` in a review.\n\ncounterparty: Acme\ndeal_type: client\n"))
    tree = walk_content(project.settings)
    assert tree.diagnostics == ()
    assert content / "guide.md" in tree.published


@pytest.mark.parametrize("text,keys", [
    ("---\nid: a\ntitle: T\n---\nbody: x\n", ["id", "title"]),
    ("\ufeff---\r\nid: a\r\n...\r\nbody: x\r\n", ["id"]),
    ("---\nid: a\nowner: b\n", ["id", "owner"]),  # never closed: all of it is front matter
    ("Title: T\nOwner: O\n    more\n\nCounterparty: C\n", ["Title", "Owner"]),  # MultiMarkdown
    ("# Heading\nowner: O\n", []),
    ("---\n  nested: 1\n'quoted': 2\n---\n", ["quoted"]),
])
def test_front_matter_as_mkdocs_may_read_it(text: str, keys: list[str]) -> None:
    assert top_level_keys(front_matter(text.encode())) == keys


def test_a_review_is_read_from_deals_only_as_md(project: Project) -> None:
    project.add_deal("a.markdown", review())
    project.add_deal("b.MD", review(id="b"))
    tree = walk_content(project.settings)
    assert tree.reviews == ()
    assert [(d.path, d.severity.value, d.hint) for d in tree.diagnostics] == [
        ("content/deals/a.markdown", "warning", "rename it to a.md"),
        ("content/deals/b.MD", "error", "rename it to b.md")]
