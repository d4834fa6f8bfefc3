"""Table rows kept from build to build (render/rows.py): a row is made of the
values its `call` block is given and nothing else, so a rebuild may reuse it when those values
are the last build's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import REPO, Project
from corpus import write_corpus

from generator.base.diagnostics import DealbookError
from generator.build import build_site
from generator.render.rows import RenderedRows, unkeyed_names
from generator.render.templates import make_environment

TEMPLATES = REPO / "site_templates"


def _environment(*dirs: Path) -> jinja2.Environment:
    return make_environment(dirs or (TEMPLATES,), object())


def leaks(source: str, env: jinja2.Environment) -> list[str]:
    return [f"line {line}: {problem}" for line, problem in unkeyed_names(source, env)]


def test_every_row_block_reads_only_what_its_key_holds() -> None:
    env = _environment()
    checked = 0
    for path in sorted(TEMPLATES.glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        assert leaks(source, env) == [], path.name
        checked += source.count(" row(")
    assert checked >= 8  # the pattern, renewal, risk, cadence and question bank tables


READS = "the row block reads `{}`, which it is not given: pass it to row(…) and name it in call(…)"


@pytest.mark.parametrize(("body", "leaked"), [
    ("{{ item.title }}", [f"line 1: {READS.format('item')}"]),  # the loop's, not the block's
    ("{{ a(deal.title, owner_pages[deal.owner]) }}", [f"line 1: {READS.format('owner_pages')}"]),
    ("{% set shown = deal.title %}{{ shown }}", []),
])
def test_a_block_reading_outside_its_values_is_found(body: str, leaked: list[str]) -> None:
    source = ("{% for item in items %}{% call(deal) row(item) %}" + body
              + "{% endcall %}{% endfor %}")
    assert leaks(source, _environment()) == leaked


def test_a_block_given_more_values_than_it_names_is_found() -> None:
    source = "{% call(deal) row(item, 2) %}{{ deal }}{% endcall %}"
    assert leaks(source, _environment()) == [
        "line 1: the row block is given 2 values but names 1 in call(…)"]


class Deal:
    def __init__(self, title: str) -> None:
        self.title = title


TABLES = ("{% for d, days in rows %}{% call(d, days) row(d, days) %}"
          "<tr><td>{{ d.title }}</td><td>{{ days }}</td></tr>\n{% endcall %}{% endfor %}"
          "{% for d, days in rows %}{% call(d, days) row(d, days) %}"
          "<p>{{ days }} {{ d.title }}</p>\n{% endcall %}{% endfor %}")


def render(rows: RenderedRows, values: list[tuple[Any, Any]], to: object = None) -> str:
    env = _environment()
    text = env.from_string(TABLES).render(rows=values, to=to, page_uri="p.md",
                                          rendered_rows=rows)
    rows.next_build()
    return text


def test_a_row_is_reused_while_its_values_are_the_same_objects() -> None:
    rows, kept, edited = RenderedRows(), Deal("Kept"), Deal("Before")
    first = render(rows, [(kept, 3), (edited, 4)])
    assert first == ("<tr><td>Kept</td><td>3</td></tr>\n<tr><td>Before</td><td>4</td></tr>\n"
                     "<p>3 Kept</p>\n<p>4 Before</p>\n")  # two blocks, two rows each
    kept.title = "Changed in place"  # objects are immutable: a reused row shows what it was
    edited = Deal("After")  # an edited review is a new object
    assert render(rows, [(kept, 3), (edited, 4)]) == (
        "<tr><td>Kept</td><td>3</td></tr>\n<tr><td>After</td><td>4</td></tr>\n"
        "<p>3 Kept</p>\n<p>4 After</p>\n")


def test_a_row_is_made_again_when_a_value_or_the_addresses_change() -> None:
    rows, deal, to = RenderedRows(), Deal("Kept"), object()
    assert "<td>3</td>" in render(rows, [(deal, 3)], to)
    assert "<td>True</td>" in render(rows, [(deal, True)], to)  # equal to 1, not the same
    assert "<td>1</td>" in render(rows, [(deal, 1)], to)
    deal.title = "Renamed"
    assert "Renamed" in render(rows, [(deal, 1)], object())  # new addresses: every row anew


def test_rows_the_last_build_did_not_use_are_forgotten() -> None:
    rows, deal = RenderedRows(), Deal("Gone")
    render(rows, [(deal, 3)])
    render(rows, [])
    render(rows, [])
    assert rows.current == rows.last == {}


def test_rows_rendered_for_worker_processes_are_not_kept() -> None:
    """A cold build renders in workers, whose rows no later build would see."""
    rows, deal = RenderedRows(), Deal("Once")
    rows.in_process = False
    assert "<td>Once</td>" in render(rows, [(deal, 3)])
    assert rows.current == rows.last == {}


def test_a_teams_row_block_reading_outside_its_values_stops_the_build(
        project: Project, tmp_path: Path) -> None:
    """A team's own template is held to the same rule before any page is rendered: the
    preview would otherwise show a row as the last build made it."""
    templates = tmp_path / "templates"
    templates.mkdir()
    missed = templates / "pattern_missed.md.j2"
    missed.write_text((TEMPLATES / "pattern_missed.md.j2").read_text(encoding="utf-8")
                      .replace("<td>{{ deal.owner }}</td>", "<td>{{ result.norm.label }}</td>"),
                      encoding="utf-8")
    project.write_config(templates_dir=str(templates))
    write_corpus(project)
    with pytest.raises(DealbookError) as raised:
        build_site(project.settings)
    line = next(number for number, text in enumerate(missed.read_text().splitlines(), 1)
                if "result.norm.label }}</td>" in text)
    assert str(raised.value) == f"{missed}:{line}: {READS.format('result')}"
