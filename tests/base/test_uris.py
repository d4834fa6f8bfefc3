"""Every URI is made in `generator/base/uris.py`: templates take their links from the context
(`to.…` or what the page plan passes), and no other module spells a page's address."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import pytest
from conftest import REPO
from mkdocs.structure.files import File

from generator.base.uris import (
    FIND_STYLESHEET,
    FIND_URI,
    UPDATES_NORM_URI,
    Addresses,
    asset_url,
    candidate_uri,
    leverage_uri,
    page_url,
    relative_url,
    site_url_of,
)
from generator.build import build_site
from generator.read.settings import load_settings
from generator.render.templates import relative

ROOT = REPO
TEMPLATES = sorted((ROOT / "site_templates").glob("*.j2"))
_CODE_SPAN = re.compile(r"`[^`\n]*`")
# A link whose target is written out: link("…", "a/b.md"), [text](a/b.md), href="../x", an
# anchor added to a page's address. A section of the page itself, `[…](#heading)`, is fine:
# the anchor is the page's own heading, not an address.
_WRITTEN = re.compile(r"""link\([^()]*,\s*["']|\]\((?!\{|#)|href=["'](?!\{)|~\s*["']#""")
# A page address as a Python string: "patterns/leverage.md", f"tags/{tag}/". Paths in the
# content folder are files, not addresses.
_ADDRESS = re.compile(r"(?!content/)[a-z{][\w{}.-]*/[\w{}./-]*(\.md|/)(#.*)?")


def test_no_template_writes_a_link_target() -> None:
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in TEMPLATES
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if _WRITTEN.search(_CODE_SPAN.sub("", line))]
    assert found == []


def test_the_check_finds_a_written_link() -> None:
    for line in ('{{ link("Friction", "patterns/friction.md") }}', "[Tags](tags/index.md)",
                 '<link href="../assets/find.css">', '{{ link(n, page ~ "#open") }}'):
        assert _WRITTEN.search(line), line
    assert not _WRITTEN.search(_CODE_SPAN.sub("", "write `[phase 1](../2025/a.md)` to link"))


def _strings(source: str) -> Iterator[tuple[int, str]]:
    """The strings of a module but its docstrings, an f-string's fields as `{}`."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}"
                                       for v in node.values)
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in docstrings):
            yield node.lineno, node.value


def test_no_module_but_uris_spells_an_address() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {text}"
             for path in sorted((ROOT / "generator").rglob("*.py")) if path.name != "uris.py"
             for line, text in _strings(path.read_text()) if _ADDRESS.fullmatch(text)]
    assert found == []
    source = 'uri = "patterns/leverage.md"\nlinks = f"tags/{tag}/"\npath = "content/deals/"\n'
    assert {text for _, text in _strings(source) if _ADDRESS.fullmatch(text)} >= {
        "patterns/leverage.md", "tags/{}/"}
    assert not _ADDRESS.fullmatch("content/deals/")


def test_every_named_page_is_a_page_the_build_makes() -> None:
    built_uris = set(build_site(load_settings(REPO / "mkdocs.yml")).pages)
    named = {name: uri for name, uri in vars(Addresses).items()
             if isinstance(uri, str) and uri.endswith(".md")}
    assert "patterns" in named and "inbox" in named
    # The debrief and planning how-tos are pages of the content, not generated.
    assert {n for n, uri in named.items() if uri not in built_uris} == {"debrief", "planning"}
    assert all((REPO / "content" / named[n]).is_file() for n in ("debrief", "planning"))


def test_addresses_as_links_files_and_full_urls_see_them() -> None:
    assert page_url(FIND_URI) == "find/"
    assert asset_url(FIND_URI, FIND_STYLESHEET) == "../assets/find.css"
    assert asset_url("bank/checklists/index.md", "x.css") == "../../x.css"
    assert site_url_of("https://deals.example/", "deals/acme.md") == \
        "https://deals.example/deals/acme/"
    assert site_url_of("", "index.md") == ""
    to = Addresses({})
    assert to.section(UPDATES_NORM_URI, "not-measured") == \
        "patterns/playbook-update-norm.md#not-measured"
    assert candidate_uri("implementation", "who-signs") == \
        "bank/candidates/implementation.md#who-signs"
    assert relative(leverage_uri("all", "time", "proven"), to.leverage) == "../leverage.md"


@pytest.mark.parametrize("page", ["index.md", "deals/index.md", "deals/acme.md", "find.md",
                                  "patterns/relationships/all-green.md"])
def test_an_html_link_goes_where_mkdocs_sends_the_markdown_link(page: str) -> None:
    """Tables written as HTML link with relative_url; MkDocs makes the same address of a
    Markdown link to the page's .md file, which is what the site had before."""
    targets = ["index.md", "deals/index.md", "deals/acme.md", "deals/other.md",
               "patterns/leverage.md", "patterns/relationships/all-green.md", "find.md"]
    here = File(page, "docs", "site", use_directory_urls=True)
    for target in targets:
        there = File(target, "docs", "site", use_directory_urls=True)
        assert relative_url(page, target) == there.url_relative_to(here), (page, target)
        assert relative_url(page, f"{target}#terms") == f"{there.url_relative_to(here)}#terms"
