"""The one touch of MkDocs' internals (generator/plugin/dirty.py), pinned to the MkDocs version
in uv.lock: a new MkDocs fails here first, before the preview silently rebuilds everything."""

from __future__ import annotations

import inspect
import logging
import re
import tomllib
from typing import Any

import mkdocs
import pytest
from conftest import REPO
from mkdocs.commands import serve

from generator.plugin.dirty import DIRTY_WARNING, dirty_builds


def locked_version(package: str) -> str:
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    (version,) = [p["version"] for p in lock["package"] if p["name"] == package]
    return str(version)


def test_mkdocs_is_the_locked_version() -> None:
    assert mkdocs.__version__ == locked_version("mkdocs")


def test_serves_builder_calls_the_build_global_with_the_dirty_flag() -> None:
    builder = inspect.getsource(serve.serve)
    assert re.search(r"\n\s+build\(config, serve_url=.*, dirty=is_dirty\)", builder)


def test_within_the_switch_serve_builds_dirty(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serve, "build", lambda config, **options: calls.append(options),
                        raising=True)
    recorder = serve.build  # type: ignore[attr-defined]
    with dirty_builds():
        serve.build("config", serve_url="http://127.0.0.1:1/", dirty=False)  # type: ignore[attr-defined]
    serve.build("config", serve_url=None, dirty=False)  # type: ignore[attr-defined]
    assert calls == [{"serve_url": "http://127.0.0.1:1/", "dirty": True},
                     {"serve_url": None, "dirty": False}]
    assert serve.build is recorder  # type: ignore[attr-defined]


def test_the_dirty_warning_is_dropped_only_within(caplog: pytest.LogCaptureFixture) -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    with caplog.at_level(logging.WARNING, logger="mkdocs.commands.build"):
        with dirty_builds():
            build_log.warning(f"{DIRTY_WARNING}, this will likely ...")
            build_log.warning("another warning")
        build_log.warning(f"{DIRTY_WARNING} by hand")
    assert [r.getMessage() for r in caplog.records] == [
        "another warning", f"{DIRTY_WARNING} by hand"]
