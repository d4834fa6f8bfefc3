"""The options of `python -m benchmarks.run`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Options:
    reviews: int = 1000
    seed: int = 7
    search: str = "both"  # material, pagefind or both: which site configurations to build
    keep: Path | None = None
    skip_serve: bool = False
    serve_only: bool = False  # the corpus, then the live preview's figures only
    skip_browser: bool = False
    profile: int = 0  # print the top N functions of a profiled cold core build
    repeat: int = 1  # core runs and builds, the fastest kept (the machine may be shared)

    @property
    def searches(self) -> list[str]:
        """The search options whose sites are built, the main one first."""
        return ["material", "pagefind"] if self.search == "both" else [self.search]


def parse(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Measure Dealbook against its performance targets on a synthetic corpus.")
    parser.add_argument("--reviews", type=int, default=1000, help="number of reviews (N)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--search", choices=("material", "pagefind", "both"), default="both",
                        help="which site configurations to build and search (default both)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep the corpus and sites (a corpus already "
                             "there is reused)")
    parser.add_argument("--skip-serve", action="store_true", help="no mkdocs serve figures")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium figures")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the mkdocs serve figures (no floor, core, builds, browser)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="run the core and each build R times (builds in rounds with "
                             "the anchor) and keep the fastest (default 1)")
    parser.add_argument("--profile", type=int, default=0, metavar="TOP",
                        help="also print the TOP functions of a profiled cold core build")
    args = parser.parse_args(argv)
    if args.reviews < 1 or args.repeat < 1:
        parser.error("--reviews and --repeat must be at least 1")
    if args.serve_only and (args.skip_serve or args.search == "both"):
        parser.error("--serve-only needs --search material or pagefind, and no --skip-serve")
    return Options(args.reviews, args.seed, args.search, args.keep, args.skip_serve,
                   args.serve_only, args.skip_browser, args.profile, args.repeat)
