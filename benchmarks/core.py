"""The YAML floor and the core generator, cold and warm: how far the core is from the least any
generator must do."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import yaml

from .corpus import REPO, document_files
from .options import Options
from .processes import ENV, PYTHON, must, run_child
from .report import Report, step
from .targets import CORE_RATIO, WARM_RATIO


def measure_core(options: Options, project: Path, work: Path, report: Report) -> None:
    """The floor and the core in rounds (like the builds), the fastest of each kept."""
    step("YAML floor (read + libyaml parse of every front matter: reviews, questions, logs, "
         "plans; best of 3), then the core generator in a fresh process, cold and warm; in rounds")
    floors, runs = [], []
    for _ in range(options.repeat):
        floors.append(yaml_floor(project))
        runs.append(core(project, work))
    floor = report.add("floor_s", "YAML floor", min(floors), "s").value
    found = min(runs, key=lambda r: r["cold"])
    found["warm"] = min(r["warm"] for r in runs)
    report.add("core_cold_s", f"core cold ({found['pages']:,} pages)", found["cold"], "s")
    report.add("core_ratio", "core cold / YAML floor", found["cold"] / (floor or 1e-9), "x",
               CORE_RATIO)
    report.add("core_warm_s", "core warm (nothing changed)", found["warm"], "s")
    report.add("warm_ratio", "core warm / core cold", found["warm"] / found["cold"], "x",
               WARM_RATIO)
    report.add("core_rss", "core peak RSS", found["rss"], "B")
    report.notes.append(f"the core parsed and rendered in {found['workers']} processes "
                        f"({found['cpu']:.2f} s of CPU for {found['cold']:.2f} s cold)")
    if found["errors"] or not found["same"]:
        report.notes.append(f"core: {found['errors']} errors; warm returned the cached result: "
                            f"{found['same']}")


def yaml_floor(project: Path, rounds: int = 3) -> float:
    """Reading every review, question, log and plan and parsing its front matter with libyaml:
    the least any generator must do. Best of `rounds`."""
    files = document_files(project)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for path in files:
            text = path.read_text(encoding="utf-8")
            lines = text.split("\n")
            end = lines.index("---", 1)
            yaml.load("\n".join(lines[1:end]), Loader=loader)
        best = min(best, time.perf_counter() - start)
    return best


def core(project: Path, work: Path) -> dict[str, Any]:
    """build_site cold and warm, in a fresh interpreter so every cache starts empty."""
    found: dict[str, Any] = json.loads(in_fresh_process(project, work, "cold", "core.log",
                                                        "the core generator"))
    return found


def in_fresh_process(project: Path, work: Path, mode: str, log: str, what: str,
                     *args: str) -> str:
    """The last line a mode of benchmarks/core_process.py prints (all of it for `profile`)."""
    child = must(run_child([PYTHON, "-m", "benchmarks.core_process", mode,
                            str(project / "mkdocs.yml"), *args], project, work / log,
                           env={**ENV, "PYTHONPATH": str(REPO)}), what)
    return child.log if mode == "profile" else child.log.strip().splitlines()[-1]
