"""Planning kept between builds while serving."""

from __future__ import annotations

from datetime import date

from generator.pages import plan


def test_a_rebuild_of_the_same_day_gets_the_last_builds_standings() -> None:
    """So that an unchanged relationship's standing, and the rows showing it, are the last
    build's; a new day works every standing out again."""
    plan.forget_standings()
    first = plan._standings(date(2026, 12, 6))
    assert plan._standings(date(2026, 12, 6)) is first
    assert plan._standings(date(2026, 12, 7)) is not first
    plan.forget_standings()
    assert plan._LAST_STANDINGS == []
