"""The page cache (generator/plugin/converted.py): a build takes a generated page's HTML from
an earlier build when nothing that converts it changed, and writes the very site a build
without the cache writes."""

from __future__ import annotations

import filecmp
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import Project, review
from corpus import write_corpus
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_build import ENV, build

from generator.plugin.converted import _ADDRESS, CACHE_FILE, _targets

TAKEN = re.compile(r"(\d+) generated pages' HTML taken from the page cache, (\d+) converted")


def _built(project: Project, site: Path, *flags: str) -> tuple[tuple[int, int], str]:
    """A `mkdocs build` into `site`: (pages taken from the cache, pages converted), its log."""
    done = build(project.root, site, *flags)
    assert done.returncode == 0, done.stderr
    found = TAKEN.search(done.stderr)
    assert found is not None, done.stderr  # every build here converts or takes pages
    return (int(found[1]), int(found[2])), done.stderr


def _same_site(one: Path, other: Path) -> None:
    """Every file of both sites, byte for byte."""
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    _, differing, errors = filecmp.cmpfiles(one, other, [str(f) for f in files], shallow=False)
    assert (differing, errors) == ([], [])


def test_a_second_build_takes_every_generated_page_from_the_cache(project: Project,
                                                                  tmp_path: Path) -> None:
    write_corpus(project)
    (taken, _), _ = _built(project, tmp_path / "cold")
    assert taken == 0 and (project.root / CACHE_FILE).is_file()
    (taken, converted), _ = _built(project, tmp_path / "cached")
    assert taken > 50 and converted == 0
    _same_site(tmp_path / "cold", tmp_path / "cached")


def test_an_edit_converts_only_the_pages_it_changes_and_the_site_is_a_cold_builds(
        project: Project, tmp_path: Path) -> None:
    write_corpus(project)
    _built(project, tmp_path / "first")
    path = project.root / "content" / "deals" / "kestrel-2026.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Kestrel hosting renewal", "Kestrel renewal, edited 7c1e"), encoding="utf-8")
    (taken, converted), _ = _built(project, tmp_path / "cached")
    assert 0 < converted < taken
    assert "Kestrel renewal, edited 7c1e" in (
        tmp_path / "cached" / "deals" / "kestrel-2026" / "index.html").read_text()
    shutil.rmtree(project.root / ".cache")
    (taken, _), _ = _built(project, tmp_path / "cold")
    assert taken == 0
    _same_site(tmp_path / "cold", tmp_path / "cached")


def test_a_new_review_converts_only_the_pages_that_show_it(project: Project,
                                                          tmp_path: Path) -> None:
    """The pages' links are checked one by one, not the site's whole list of files: a new
    page leaves the others' HTML valid."""
    write_corpus(project)
    _built(project, tmp_path / "first")
    project.add_deal("umber-2026.md", review(id="umber-2026", title="Umber support 2026"))
    (taken, converted), _ = _built(project, tmp_path / "cached")
    assert 0 < converted < taken
    shutil.rmtree(project.root / ".cache")
    _built(project, tmp_path / "cold")
    _same_site(tmp_path / "cold", tmp_path / "cached")


def test_a_page_whose_image_is_gone_is_converted_again(project: Project,
                                                       tmp_path: Path) -> None:
    write_corpus(project)
    image = project.root / "content" / "img" / "chart.png"
    image.parent.mkdir()
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    project.add_deal("orbit-2026.md", review(id="orbit-2026", title="Orbit support"),
                     "![Chart](../img/chart.png)\n")
    _built(project, tmp_path / "first")
    (_, converted), _ = _built(project, tmp_path / "second")
    assert converted == 0
    image.unlink()
    (_, converted), logged = _built(project, tmp_path / "third")
    assert converted == 1 and "chart.png" in logged


def test_new_markdown_settings_convert_every_page_again(project: Project,
                                                        tmp_path: Path) -> None:
    write_corpus(project)
    _built(project, tmp_path / "before")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("- toc\n", "- toc:\n    permalink: true\n"))
    (taken, converted), _ = _built(project, tmp_path / "after")
    assert taken == 0 and converted > 50
    assert 'class="headerlink"' in (tmp_path / "after" / "deals" / "kestrel-2026" /
                                    "index.html").read_text()


def test_a_page_whose_conversion_warns_is_converted_again_so_strict_still_fails(
        project: Project, tmp_path: Path) -> None:
    write_corpus(project)
    project.add_deal("orbit-2026.md", review(id="orbit-2026", title="Orbit support"),
                     "See [the annex](../annex.md#prices).\n")
    _, logged = _built(project, tmp_path / "cold")
    assert "annex.md" in logged
    assert build(project.root, tmp_path / "strict", "--strict").returncode == 1
    (taken, converted), logged = _built(project, tmp_path / "cached")
    assert taken > 50 and converted == 1 and "annex.md" in logged


def test_an_unreadable_cache_is_left_aside(project: Project, tmp_path: Path) -> None:
    write_corpus(project)
    _built(project, tmp_path / "cold")
    (project.root / CACHE_FILE).write_bytes(b"not a database " * 100)
    done = build(project.root, tmp_path / "without")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "the page cache" in done.stderr and "cannot be used" in done.stderr
    assert TAKEN.search(done.stderr) is None  # no page taken from it, none kept in it
    _same_site(tmp_path / "cold", tmp_path / "without")


def test_an_unreadable_entry_is_converted_again(project: Project, tmp_path: Path) -> None:
    write_corpus(project)
    _built(project, tmp_path / "cold")
    with sqlite3.connect(project.root / CACHE_FILE) as db:
        db.execute("UPDATE pages SET entry = ? WHERE rowid = 1", (b"not packed",))
    (taken, converted), logged = _built(project, tmp_path / "again")
    assert converted == 1 and taken > 50 and "Traceback" not in logged
    _same_site(tmp_path / "cold", tmp_path / "again")


# `mkdocs build` with every batch shared between two processes, however small the site.
SHARED = """
import sys
import generator.base.parallel as parallel
parallel.MIN_SHARE = 1
parallel.cores = lambda: 2
from mkdocs.__main__ import cli
cli(["build", "-f", sys.argv[1], "-d", sys.argv[2]])
"""
# The same, where the worker dies as one killed for lack of memory would.
KILLED = SHARED.replace("from mkdocs.__main__", """import os
from generator.plugin import ahead
parent, convert = os.getpid(), ahead.converted
def killed(*args):
    if os.getpid() != parent:
        os._exit(1)
    return convert(*args)
ahead.converted = killed
from mkdocs.__main__""")


def _shared_build(project: Project, site: Path, code: str = SHARED) -> str:
    """The log of a shared `mkdocs build` into `site`, which must succeed."""
    done = subprocess.run([sys.executable, "-c", code, str(project.root / "mkdocs.yml"),
                           str(site)], capture_output=True, text=True, env=ENV, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_a_cold_build_converts_its_pages_ahead_in_two_processes_and_writes_the_same_site(
        project: Project, tmp_path: Path) -> None:
    write_corpus(project)
    project.add_deal("orbit-2026.md", review(id="orbit-2026", title="Orbit support"),
                     "See [the annex](../annex.md#prices).\n")
    logged = _shared_build(project, tmp_path / "shared")
    assert re.search(r"\d+ generated pages converted ahead of MkDocs, in 2 processes", logged)
    found = TAKEN.search(logged)
    assert found is not None and int(found[1]) > 50
    # The page whose conversion warns is converted in MkDocs' loop, and warns once.
    warned = [line for line in logged.splitlines() if "annex.md" in line]
    assert int(found[2]) == 1 and len(warned) == 1, warned
    (project.root / CACHE_FILE).unlink()
    (_, converted), logged = _built(project, tmp_path / "alone")
    assert "converted ahead" not in logged and converted > 50
    _same_site(tmp_path / "alone", tmp_path / "shared")


def test_when_a_worker_dies_mkdocs_converts_the_pages_itself(project: Project,
                                                             tmp_path: Path) -> None:
    write_corpus(project)
    logged = _shared_build(project, tmp_path / "killed", KILLED)
    assert "converting pages ahead stopped" in logged and "build again" not in logged
    assert "converted ahead" not in logged and "Traceback" not in logged
    found = TAKEN.search(logged)
    assert found is not None and int(found[1]) == 0 and int(found[2]) > 50
    (project.root / CACHE_FILE).unlink()
    _built(project, tmp_path / "alone")
    _same_site(tmp_path / "alone", tmp_path / "killed")

@settings(max_examples=3000, deadline=None)
@given(page=st.sampled_from(["", "deals/kestrel-2026/", "bank/checklists/vendor_sla/",
                             "404.html", "a/b.html"]),
       address=st.text(alphabet="./?#;:%ab \t\n", max_size=14))
def test_a_link_resolves_to_the_path_urljoin_gives(page: str, address: str) -> None:
    """The cache's own resolution of a link (faster than urljoin) never differs from it."""
    assume(not address.startswith(("#", "//")) and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:",
                                                                 address))
    html = f'<a href="{address}">'
    expected = {urlsplit(urljoin(urljoin("http://site/", page), address)).path}
    assert _targets(html, page) == (expected if _ADDRESS.search(html) else set())
