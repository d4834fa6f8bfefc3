"""`row`: a table row rendered from its values alone, and reused while they are the same."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from generator.render.templates import RenderedRows, _template_position, make_environment


@dataclass(frozen=True)
class Entry:
    text: str


def _environment(tmp_path: Path) -> jinja2.Environment:
    (tmp_path / "_row.md.j2").write_text("<tr><td>{{ value }}</td><td>{{ entry.text }}</td>"
                                         "<td>{{ a('it', uri) }}</td></tr>\n")
    (tmp_path / "_hidden.md.j2").write_text("<tr><td>{{ secret }}</td></tr>\n")
    return make_environment((tmp_path,), tmp_path.name)


def _render(env: jinja2.Environment, rows: RenderedRows, call: str, page_uri: str = "a/b.md",
            **context: object) -> str:
    return env.from_string(call).render(context, page_uri=page_uri, rendered_rows=rows)


ROW = "{{ row('_row.md.j2', value=value, entry=entry, uri='c/d.md') }}"


def test_a_row_is_rendered_again_only_when_a_value_differs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env, rows = _environment(tmp_path), RenderedRows()
    entry = Entry("first")
    assert (_render(env, rows, ROW, value=1, entry=entry)
            == '<tr><td>1</td><td>first</td><td><a href="../../c/d/">it</a></td></tr>')
    rows.next_build()
    rendered: list[Hashable] = []
    render_row = RenderedRows.row

    def counted(self: RenderedRows, key: Hashable, objects: tuple[object, ...],
                render: Callable[[], Markup]) -> Markup:
        def noted() -> Markup:
            rendered.append(key)
            return render()
        return render_row(self, key, objects, noted)

    monkeypatch.setattr(RenderedRows, "row", counted)
    assert "first" in _render(env, rows, ROW, value=1, entry=entry)
    assert rendered == []  # the same values: the last build's row
    # An equal but distinct object is another object: rendered again.
    assert "first" in _render(env, rows, ROW, value=1, entry=Entry("first"))
    # True equals 1, but prints differently.
    assert "<td>True</td>" in _render(env, rows, ROW, value=True, entry=entry)
    # Links are relative to the page: another page renders its own row.
    assert "../c/d/" in _render(env, rows, ROW, page_uri="x.md", value=1, entry=entry)
    assert len(rendered) == 3


def test_a_row_template_sees_only_its_values(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    with pytest.raises(jinja2.UndefinedError, match="secret"):
        _render(env, RenderedRows(), "{{ row('_hidden.md.j2') }}", secret="page's own")


def test_a_mutable_row_value_is_refused(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    with pytest.raises(jinja2.TemplateRuntimeError, match="'entry' is a list"):
        _render(env, RenderedRows(), ROW, value=1, entry=["grows later"])


def test_an_error_in_a_row_template_names_its_file_and_line(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    (tmp_path / "_bad.md.j2").write_text("<tr>\n<td>{{ entry.text.missing }}</td>\n</tr>\n")
    with pytest.raises(jinja2.UndefinedError) as raised:
        _render(env, RenderedRows(), "{{ row('_bad.md.j2', entry=entry) }}",
                entry=Entry("x"))
    where, line = _template_position(raised.value, "page.md.j2")
    assert (Path(where).name, line) == ("_bad.md.j2", 2)
