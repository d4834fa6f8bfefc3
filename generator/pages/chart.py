"""What a chart shows, planned with its page; `render/charts.py` draws it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one group of bars per label (first label on top), one bar per
    series in each group. Counts get whole-number ticks; `percent` scales to 0–100%. Made of
    tuples, so that equal figures are one chart, drawn once (render/charts.py)."""

    chart_id: str
    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    stacked: bool = False
    percent: bool = False
