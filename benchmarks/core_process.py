"""The core generator in a fresh interpreter, as the benchmark measures it: every import done
before a clock starts, every cache empty. Prints its figures as JSON on the last line.

    python -m benchmarks.core_process cold|phases|profile CONFIG [TOP]

`cold`: `build_site` cold, then again with nothing changed. `phases`: the cold build's time by
phase, by timing the very functions `generator.build` calls (no profiler). `profile`: the cold
build under cProfile, its TOP functions by cumulative time (as text).
"""

from __future__ import annotations

import cProfile
import json
import pstats
import resource
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from unittest import mock

import jinja2

import generator.build as build
from generator.base.diagnostics import Severity
from generator.base.parallel import workers_for
from generator.read.settings import Settings, load_settings
from generator.render.templates import make_environment

# The functions of generator.build timed in `phases`, with the names the report gives them.
PHASES = {
    "read_corpus": "load + validate (read_corpus)",
    "link_playbook": "link (link_playbook, incl. similar deals and question bank)",
    "curation_advice": "curation advice",
    "make_environment": "compile templates",
    "plan_pages": "summarize + plan pages (plan_pages: patterns, charts, briefs, bank)",
    "render_pages": "render Markdown (render_pages)",
    "render_calendar": "calendar",
}


def cold(settings: Settings) -> dict[str, Any]:
    """The cold build's figures, and the warm one's (nothing changed)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = build.build_site(settings)
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu + children.ru_utime + children.ru_stime
    start = time.perf_counter()
    again = build.build_site(settings)
    warm = time.perf_counter() - start
    return {"cold": seconds, "warm": warm, "pages": len(result.pages), "cpu": cpu,
            "workers": workers_for(len(result.pages)),
            "markdown_bytes": sum(len(p.encode()) for p in result.pages.values()),
            "errors": sum(1 for d in result.diagnostics if d.severity is Severity.ERROR),
            "same": again is result,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def phases(settings: Settings) -> dict[str, float]:
    """Seconds spent in each function of PHASES during a cold build, in the order called.
    Templates are all compiled when the environment is made, so that compiling is not
    counted as rendering."""
    found: dict[str, float] = {}
    with ExitStack() as patches:
        patches.enter_context(mock.patch.object(build, "make_environment",
                                                _compiling(make_environment)))
        for name, label in PHASES.items():
            patches.enter_context(mock.patch.object(
                build, name, _timed(getattr(build, name), label, found)))
        build.build_site(settings)
    return found


def _timed(call: Callable[..., Any], label: str, found: dict[str, float]
           ) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        value = call(*args, **kwargs)
        found[label] = found.get(label, 0.0) + time.perf_counter() - start
        return value
    return timed


def _compiling(make: Callable[..., jinja2.Environment]) -> Callable[..., jinja2.Environment]:
    def compiled(*args: Any, **kwargs: Any) -> jinja2.Environment:
        env = make(*args, **kwargs)
        for name in env.list_templates(extensions="j2"):
            env.get_template(name)
        return env
    return compiled


def profile(settings: Settings, top: int) -> None:
    """Print the cold build's TOP functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    build.build_site(settings)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


def main(argv: Sequence[str]) -> int:
    mode, config, *rest = argv
    settings = load_settings(Path(config))
    if mode == "cold":
        print(json.dumps(cold(settings)))
    elif mode == "phases":
        print(json.dumps(phases(settings)))
    elif mode == "profile":
        profile(settings, int(rest[0]))
    else:
        raise SystemExit(f"unknown mode {mode!r}: cold, phases or profile")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
