"""What a chart shows, planned with its page; `render/charts.py` draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one group of bars per label (first label on top), one bar per
    series in each group. Counts get whole-number ticks; `percent` scales to 0–100%."""

    chart_id: str
    title: str
    labels: Sequence[str]
    series: Sequence[tuple[str, Sequence[float | None]]]
    stacked: bool = False
    percent: bool = False
