"""What the live preview shows when something is wrong: the last good site, with a banner on
every page that says why, until a rebuild succeeds.

MkDocs' own server leaves a failed rebuild in its terminal only, with a traceback, and a full
rebuild empties the served folder before it can fail: the browser waits for a reload that
never comes, or finds nothing. This module knows nothing of MkDocs: the server is a WSGI
application, and the failure comes as messages.
"""

from __future__ import annotations

import html
import logging
import shutil
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BANNER_ID = "dealbook-preview-problems"
SHOWN = 10  # content problems listed in the banner; the terminal and `dealbook check` list all

StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass
class PreviewProblems:
    """Why the last rebuild failed (empty when it succeeded), and the content's errors."""

    failure: tuple[str, ...] = ()
    content: tuple[str, ...] = ()

    def banner(self) -> bytes:
        """The banner's HTML; empty when there is nothing to show."""
        parts = []
        if self.failure:
            parts.append(_section(
                "#b00020", "The last change broke the build: this is the last good site.",
                "Fix the problem and save; the preview rebuilds by itself.", self.failure))
        if self.content:
            more = len(self.content) - SHOWN
            parts.append(_section(
                "#8a4b00", f"{len(self.content)} error(s) in the content.",
                "Those files are left out of the site, and a strict build fails.",
                self.content[:SHOWN] + ((f"… and {more} more: run 'dealbook check'",)
                                        if more > 0 else ())))
        if not parts:
            return b""
        return f'<div id="{BANNER_ID}" role="alert">{"".join(parts)}</div>'.encode()


def _section(colour: str, title: str, advice: str, lines: Iterable[str]) -> str:
    listed = html.escape("\n".join(lines))
    return (f'<div style="background:{colour};color:#fff;padding:.75em 1.2em;'
            f'font:15px/1.4 system-ui,sans-serif"><strong>{html.escape(title)}</strong> '
            f'{html.escape(advice)}<pre style="white-space:pre-wrap;margin:.5em 0 0;'
            f'font:13px/1.4 monospace;background:none;color:inherit">{listed}</pre></div>')


def with_banner(app: App, banner: Callable[[], bytes]) -> App:
    """The WSGI application `app`, with `banner()` inserted at the top of every HTML page."""
    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answered: list[tuple[str, list[tuple[str, str]]]] = []
        result = app(environ, lambda status, headers, *_: answered.append((status, headers)))
        status, headers = answered[0]
        # Asked only now: the server holds a request while a rebuild runs.
        shown = banner()
        if not shown or not any(k.lower() == "content-type" and v.startswith("text/html")
                                for k, v in headers):
            start_response(status, headers)
            return result
        try:
            page = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        page = _inserted(page, shown)
        start_response(status, [(k, v) for k, v in headers if k.lower() != "content-length"]
                       + [("Content-Length", str(len(page)))])
        return [page]
    return serve


def _inserted(page: bytes, banner: bytes) -> bytes:
    """The page with the banner first inside <body>, or first of all without one."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]


@contextmanager
def kept_on_failure(site_dir: Path) -> Iterator[None]:
    """Set the last good site aside while a full rebuild (which first empties the folder)
    runs, and put it back if the rebuild fails."""
    if not site_dir.is_dir():  # nothing built yet: nothing to keep
        yield
        return
    aside = site_dir.with_name(site_dir.name + ".last-good")
    shutil.rmtree(aside, ignore_errors=True)
    site_dir.rename(aside)
    site_dir.mkdir()
    try:
        yield
    except BaseException:
        shutil.rmtree(site_dir, ignore_errors=True)
        aside.rename(site_dir)
        raise
    shutil.rmtree(aside, ignore_errors=True)


@contextmanager
def logged_errors(logger: str, found: list[str]) -> Iterator[None]:
    """Collect into `found` the errors logged under `logger` while inside."""
    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    handler = Collect(logging.ERROR)
    logging.getLogger(logger).addHandler(handler)
    try:
        yield
    finally:
        logging.getLogger(logger).removeHandler(handler)


def describe(exc: BaseException) -> str:
    """An unexpected exception in one line, with the template line it came from, if any
    (Jinja2 puts template frames in the traceback under the template's file name)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not f.filename.endswith(".py") and f.lineno]
    where = f" ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"
