"""The memory a build needs, by search option and size, and the warning before a build runs out."""

from __future__ import annotations

import pytest

from generator.plugin.memory import memory_needed, memory_warning

GB = 1e9


@pytest.mark.parametrize(("search", "reviews", "measured"), [
    ("material", 1_000, 0.164 * GB), ("material", 10_000, 0.854 * GB),
    ("pagefind", 1_000, 0.726 * GB), ("pagefind", 10_000, 5.9 * GB)])
def test_the_estimate_matches_the_measured_peaks(search: str, reviews: int,
                                                 measured: float) -> None:
    assert memory_needed(search, reviews) == pytest.approx(measured, rel=0.05)


def test_a_build_warns_only_when_the_machine_is_too_small() -> None:
    warning = memory_warning("pagefind", 10_000, int(4 * GB))
    assert warning is not None and "10,000 reviews" in warning and "5.9 GB" in warning
    assert "Material's search" in warning
    assert memory_warning("pagefind", 10_000, int(16 * GB)) is None  # a public repo's runner
    # A private repository's runner: 5.9 GB is more than 80% of its 7 GB.
    assert memory_warning("pagefind", 10_000, int(7 * GB)) is not None
    assert memory_warning("pagefind", 9_000, int(7 * GB)) is None
    assert memory_warning("material", 10_000, int(7 * GB)) is None
    assert memory_warning("pagefind", 10_000, None) is None  # unknown: nothing to say
