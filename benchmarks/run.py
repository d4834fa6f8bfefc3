"""The Dealbook benchmark: one command, every figure of the performance targets, on one machine.

    .venv/bin/python -m benchmarks.run --reviews 1000

generates a synthetic project (benchmarks/corpus.py) and measures, in this order: the YAML
floor, the core generator cold and warm, the full `mkdocs build` (Material search, and the
Pagefind option) with peak memory, the anchor build of the same pages as static Markdown, site
bytes, the search payload and time to first results in Chromium, and `mkdocs serve`: three
edits timed to served, every dependent page checked, the served site against a clean build.
See benchmarks/README.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .browser import measure_search
from .builds import measure_builds, measure_growth
from .core import measure_core
from .machine import code_snapshot, code_version, load_average, machine
from .options import Options, parse
from .profiling import measure_profile
from .project import measure_corpus
from .report import Report, print_report
from .serve import measure_serve


def main(argv: Sequence[str] | None = None) -> int:
    options = parse(argv)
    facts = machine()
    facts["code"] = code_version()
    before = code_snapshot()
    print(f"$ python -m benchmarks.run {' '.join(argv if argv is not None else sys.argv[1:])}")
    started = time.perf_counter()
    report = run_benchmark(options)
    facts["load average"] += f" at start; {load_average()} at end"
    facts["run took"] = f"{time.perf_counter() - started:.0f} s"
    after = code_snapshot()
    edited = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if edited:
        report.notes.append("WARNING: the measured code changed during the run, so figures "
                            f"mix versions: {', '.join(edited)}")
    print_report(report, facts)
    return 0


def run_benchmark(options: Options) -> Report:
    """Every figure the options ask for, in a temporary folder unless `--keep` names one."""
    report = Report(options.reviews, options.seed)
    work = options.keep or Path(tempfile.mkdtemp(prefix="dealbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        _measure(options, work.resolve(), report)
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return report


def _measure(options: Options, work: Path, report: Report) -> None:
    project = measure_corpus(options, work, report)
    if options.serve_only:  # how 10,000 reviews are measured: the rest takes hours there
        measure_serve(options, project, work, report)
        return
    measure_core(options, project, work, report)
    sites = measure_builds(options, project, work, report)
    measure_growth(options, work, report)
    if not options.skip_browser:
        measure_search(options, project, sites, report)
    if not options.skip_serve:
        measure_serve(options, project, work, report)
    if options.profile:
        measure_profile(options, project, work, report)


if __name__ == "__main__":
    sys.exit(main())
