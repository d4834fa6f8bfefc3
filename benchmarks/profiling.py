"""Where the cold core's time goes (`--profile TOP`): phase by phase, and cProfile's top."""

from __future__ import annotations

import json
from pathlib import Path

from .core import in_fresh_process
from .corpus import REPO
from .options import Options
from .report import Report, step


def measure_profile(options: Options, project: Path, work: Path, report: Report) -> None:
    """Notes: the cold core by phase (no profiler), then its TOP functions under cProfile."""
    step(f"profile of a cold core build (cProfile, top {options.profile} by cumulative time)")
    found = phases(project, work)
    total = sum(found.values())
    report.notes.append("core cold by phase (fresh process, no profiler), total "
                        f"{total:.2f} s:\n" + "\n".join(f"    {name:<72} {seconds:6.2f} s"
                                                        for name, seconds in found.items()))
    text = in_fresh_process(project, work, "profile", "profile.log", "the profile",
                            str(options.profile))
    report.notes.append("profile:\n" + _profile_table(text))


def phases(project: Path, work: Path) -> dict[str, float]:
    """The cold core's time by phase (empty if the core's internals changed shape)."""
    try:
        line = in_fresh_process(project, work, "phases", "phases.log", "the phases")
    except SystemExit:
        return {}
    found: dict[str, float] = json.loads(line)
    return found


def _profile_table(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line.replace(str(REPO) + "/", "") for line in lines[start - 4:]
                     if line.strip())
