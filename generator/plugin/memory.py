"""The memory a build machine needs, by search option and size, and a warning before a build
runs out of it.

Measured peaks (benchmarks/RESULTS.md, the build and its workers together, the benchmark's
corpus with its logs and plans): with Material's search 164 MB at 1,000 reviews and 854 MB at
10,000; with Pagefind 726 MB and 5.9 GB, which its indexer needs (about 0.53 MB per indexed
page, with no setting to bound it). A hosted CI runner has about 7 GB for a private repository
and 16 GB for a public one.
"""

from __future__ import annotations

import os
from pathlib import Path

# (fixed, per review) in bytes: a straight line through the two measured sizes.
_NEEDS = {"material": (87_300_000, 76_700), "pagefind": (151_000_000, 575_000)}
HEADROOM = 0.8  # warn above this share of the machine: the system and the server need the rest
_CGROUP_LIMIT = Path("/sys/fs/cgroup/memory.max")


def memory_needed(search: str, reviews: int) -> int:
    """The peak memory, in bytes, of a build of `reviews` reviews with `search`."""
    fixed, per_review = _NEEDS[search]
    return fixed + per_review * reviews


def machine_memory() -> int | None:
    """This machine's memory in bytes (a container's limit when lower), None if unknown."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return None
    try:
        limit = _CGROUP_LIMIT.read_text(encoding="ascii").strip()
    except OSError:
        return total
    return min(total, int(limit)) if limit.isdigit() else total


def memory_warning(search: str, reviews: int, machine: int | None) -> str | None:
    """What to tell the writer when this build may need more memory than the machine has."""
    needed = memory_needed(search, reviews)
    if machine is None or needed <= HEADROOM * machine:
        return None
    advice = ("Pagefind's indexer needs about 0.58 MB per review and cannot be bounded: use a "
              "machine with more memory (a public repository's hosted runner has 16 GB) or "
              "Material's search" if search == "pagefind" else "use a machine with more memory")
    return (f"dealbook: a build of {reviews:,} reviews with {search} search needs about "
            f"{needed / 1e9:.1f} GB of memory, and this machine has {machine / 1e9:.1f} GB; "
            f"{advice} (README, 'Memory')")
