"""Where a live-preview rebuild spends its time: `mkdocs serve`'s own rebuild, run in this
process on a benchmark project, for each of the benchmark's three edits and its revert, with
MkDocs' phases timed (the generator is `on_pre_build`; converting the rebuilt pages is
`on_nav` ahead of MkDocs' loop and `populate` in it; the theme and the search index are
`build_page`). The server's HTTP loop is replaced by the edits, so nothing is served.

    python -m benchmarks.serve_phases PROJECT [--config mkdocs-material.yml] [--cold]

PROJECT is a benchmark project (`--keep DIR` leaves one in DIR/project). `--cold` empties
the page cache first, so the edited pages are converted as on a writer's first edit.
Prints a line a rebuild: its wall time, then each phase's.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs.commands.build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import PluginCollection

from .edits import Edit, edit_target, more_edits, title_edit

Spent = defaultdict[str, float]  # seconds by phase, for one rebuild
# Each phase as printed: where MkDocs defines it, and its name there.
PHASES: dict[str, tuple[Any, str]] = {
    "on_pre_build": (PluginCollection, "on_pre_build"),
    "get_files": (mkdocs_build, "get_files"),
    "on_files": (PluginCollection, "on_files"),
    "nav": (mkdocs_build, "get_navigation"),
    "on_nav": (PluginCollection, "on_nav"),
    "populate": (mkdocs_build, "_populate_page"),
    "build_page": (mkdocs_build, "_build_page"),
    "on_post_build": (PluginCollection, "on_post_build"),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_phases")
    parser.add_argument("project", type=Path)
    parser.add_argument("--config", default="mkdocs-material.yml")
    parser.add_argument("--cold", action="store_true", help="empty the page cache first")
    args = parser.parse_args()
    project = args.project.resolve()
    if args.cold:
        shutil.rmtree(project / ".cache" / "dealbook", ignore_errors=True)
    path, front = edit_target(project)
    edits = [title_edit(path, front), *more_edits(project, path, front)]
    spent: Spent = defaultdict(float)
    _time_phases(spent)
    logging.basicConfig(level=logging.WARNING)
    LiveReloadServer.serve = _editing(edits, spent)  # type: ignore[method-assign]
    os.chdir(project)
    mkdocs_serve.serve(config_file=str(project / args.config), livereload=True)


def _time_phases(spent: Spent) -> None:
    """Wrap each phase so that its time adds to `spent`."""
    for phase, (owner, name) in PHASES.items():
        setattr(owner, name, _timed(getattr(owner, name), phase, spent))


def _timed(function: Callable[..., Any], phase: str, spent: Spent) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[phase] += time.perf_counter() - start
    return timed


def _editing(edits: list[Edit], spent: Spent) -> Callable[..., None]:
    """The server's loop replaced: once the first build is done, each edit and its revert,
    each followed by the rebuild the server would run, then the process ends."""
    def serve(server: LiveReloadServer, *args: Any, **kwargs: Any) -> None:
        for edit in edits:
            for old, new, label in ((edit.old, edit.new, edit.key),
                                    (edit.new, edit.old, f"{edit.key} reverted")):
                text = edit.path.read_text(encoding="utf-8")
                edit.path.write_text(text.replace(old, new, 1), encoding="utf-8")
                spent.clear()
                start = time.perf_counter()
                server.builder()
                phases = " ".join(f"{p}={spent[p]:.3f}" for p in PHASES)
                print(f"{label}: {time.perf_counter() - start:.3f} s  {phases}", flush=True)
        raise KeyboardInterrupt  # as Ctrl-C ends the server: MkDocs shuts it down, cleans up
    return serve


if __name__ == "__main__":
    main()
