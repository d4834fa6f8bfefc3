"""Hostile bodies in Chromium: every payload of tests/payloads.py as a review of its own, and
each family of them as a question, built with the shipped mkdocs.yml (attr_list and all).

On every page: no dialog opens, even after each element of the content and of the table of
contents is sent the events inline handlers listen for; no element has a handler attribute;
no href or src holds a javascript:, data: or vbscript: URL; no id of Material's (all start
with "__") is taken twice, or at all in the article.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY, Project, question, review
from payloads import PAYLOADS, all_payloads
from playwright.sync_api import Browser, expect

from .conftest import DESKTOP, BuiltSite, build_site, new_tab, serving

PROVOKE = """() => {
    const types = ["mouseover", "mouseenter", "pointerover", "pointerenter", "focus", "focusin",
                   "blur", "toggle", "animationstart", "transitionend", "error", "load"];
    const targets = document.querySelectorAll("article *, .md-sidebar--secondary *");
    for (const element of targets) for (const type of types) {
        element.dispatchEvent(new Event(type));
    }
    return targets.length;
}"""

SCRUTINY = """() => {
    const all = [...document.querySelectorAll("*")];
    const seen = value => value.replace(/[\\t\\n\\r]/g, "").replace(/^[\\x00-\\x20]+/, "")
                               .toLowerCase();
    const ids = all.map(e => e.id).filter(id => id.startsWith("__"));
    return {
        handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith("on")))
                     .map(e => e.outerHTML.slice(0, 120)),
        urls: all.flatMap(e => ["href", "src", "srcset", "formaction", "action"]
                 .map(name => e.getAttribute(name)).filter(v => v !== null)
                 .filter(v => /^(javascript|data|vbscript):/.test(seen(v)))),
        twice: ids.filter((id, i) => ids.indexOf(id) !== i),
        inArticle: [...document.querySelectorAll("article [id^='__']")]
                       .map(e => e.id).filter(id => !/^__code_\\d+$/.test(id)),
    };
}"""
CLEAN = {"handlers": [], "urls": [], "twice": [], "inArticle": []}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped mkdocs.yml, templates and method pages, with the payloads as content."""
    root = tmp_path_factory.mktemp("bodies") / "project"
    shutil.copytree(REPO / "site_templates", root / "site_templates")
    shutil.copytree(REPO / "content" / "method", root / "content" / "method")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dealbook" in plugin:
            plugin["dealbook"]["today"] = TODAY.isoformat()
    # The payloads link to files that are not there, on purpose: a missing image fires onerror.
    config["validation"] = {"links": {"not_found": "info"}, "anchors": "info"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    project = Project(root)
    for number, payload in enumerate(all_payloads()):
        project.add_deal(f"payload-{number}.md", review(
            id=f"payload-{number}", title=f"Payload {number}", counterparty="Payload Co"),
            payload + "\n")
    for number, family in enumerate(PAYLOADS.values()):
        project.add_question(f"family-{number}.md", question(
            id=f"family-{number}", question=f"Family {number}?"), "\n\n".join(family) + "\n")
    # A title is no body, but its heading's id must keep clear of the theme's too.
    project.add_deal("reserved.md", review(id="reserved", title="__search", counterparty="X"))
    build_site(root, root.parent / "site")
    return BuiltSite(root, root.parent / "site")


@pytest.fixture(scope="module")
def hostile_url(hostile: BuiltSite) -> Iterator[str]:
    with serving(hostile.site) as url:
        yield url


def hostile_pages() -> list[str]:
    return ([f"deals/payload-{n}/" for n in range(len(all_payloads()))]
            + [f"questions/family-{n}/" for n in range(len(PAYLOADS))] + ["deals/reserved/"])


def test_at_least_forty_payloads_of_every_family() -> None:
    assert len(all_payloads()) >= 40
    assert {"attribute list on a block", "attribute list on a heading",
            "attribute list on an image", "script urls in links",
            "indented reference definitions", "reserved ids"} <= set(PAYLOADS)


def test_no_body_runs_a_script_or_takes_a_theme_id(browser: Browser, hostile: BuiltSite,
                                                   hostile_url: str) -> None:
    tab = new_tab(browser, hostile_url, viewport=DESKTOP)
    try:
        problems = {}  # every page's, so that one run shows all that got through
        for path in hostile_pages():
            page = tab.goto(path)
            assert page.evaluate(PROVOKE) > 0, path
            found = {**page.evaluate(SCRUTINY), "dialogs": tab.dialogs,
                     "static": 'id="__' in _article(hostile.site / path / "index.html")}
            if found != {**CLEAN, "dialogs": [], "static": False}:
                problems[path] = found
            tab.dialogs = []
        assert problems == {}
        # Material's search toggle is still the one element with its id, and still works.
        page = tab.goto("deals/reserved/")
        page.locator("input.md-search__input").click()
        expect(page.locator("#__search")).to_be_checked()
    finally:
        # The missing images are meant: the 404s they cause are the only errors allowed.
        tab.console_errors = [e for e in tab.console_errors if "status of 404" not in e]
        tab.close()


def _article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]
