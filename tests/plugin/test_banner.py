"""The preview's problem banner and its last-good-site keeping, without a server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.plugin.banner import (
    BANNER_ID,
    PreviewProblems,
    describe,
    kept_on_failure,
    with_banner,
)


def app(body: bytes, content_type: str) -> Any:
    def serve(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", content_type),
                                  ("Content-Length", str(len(body)))])
        return [body]
    return serve


def call(wsgi: Any) -> tuple[str, dict[str, str], bytes]:
    answered: list[Any] = []
    body = b"".join(wsgi({}, lambda status, headers: answered.append((status, headers))))
    return answered[0][0], dict(answered[0][1]), body


def test_the_banner_goes_first_inside_body_of_html_only() -> None:
    problems = PreviewProblems(failure=("mkdocs.yml: <bad> option",))
    page = b'<html><body class="x"><p>Page</p></body></html>'
    status, headers, body = call(with_banner(app(page, "text/html; charset=utf-8"),
                                             problems.banner))
    assert body.startswith(b'<html><body class="x"><div id="' + BANNER_ID.encode())
    assert body.endswith(b"<p>Page</p></body></html>")
    assert b"mkdocs.yml: &lt;bad&gt; option" in body  # escaped
    assert (status, headers["Content-Length"]) == ("200 OK", str(len(body)))
    assert call(with_banner(app(b"{}", "application/json"), problems.banner))[2] == b"{}"
    assert call(with_banner(app(page, "text/html"), PreviewProblems().banner))[2] == page


def test_content_errors_are_listed_up_to_ten() -> None:
    banner = PreviewProblems(content=tuple(f"content/deals/{n}.md:2:5: error: x"
                                           for n in range(12))).banner().decode()
    assert "12 error(s) in the content" in banner and "last good site" not in banner
    assert "content/deals/9.md" in banner and "content/deals/10.md" not in banner
    assert "… and 2 more: run &#x27;dealbook check&#x27;" in banner


def test_a_failed_full_rebuild_puts_the_last_good_site_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "deals").mkdir(parents=True)
    (site / "deals" / "index.html").write_text("good")
    with pytest.raises(RuntimeError), kept_on_failure(site):
        assert not any(site.iterdir())  # what the rebuild starts from
        (site / "half.html").write_text("half")
        raise RuntimeError
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "deals", "deals/index.html"]
    with kept_on_failure(site):
        (site / "new.html").write_text("new")
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert [p.name for p in site.iterdir()] == ["new.html"]


def test_an_exception_is_described_with_its_template_line(tmp_path: Path) -> None:
    (tmp_path / "page.md.j2").write_text("# Title\n\n{{ missing.key }}\n")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path),
                             undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError) as caught:
        env.get_template("page.md.j2").render()
    assert describe(caught.value) == (f"UndefinedError: 'missing' is undefined "
                                      f"({tmp_path / 'page.md.j2'}:3)")
    assert describe(ValueError("day is out of range for month")) == (
        "ValueError: day is out of range for month")
