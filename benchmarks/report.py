"""The figures of a run, and the table they are printed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured figure, with its target when the issue sets one."""

    key: str
    label: str
    value: float | None
    unit: str
    target: float | None = None
    below: bool = False  # the target is "under" (<), not "at most" (<=)
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        if self.value is None:
            return "FAIL"
        if self.unit == "bool":
            ok = self.value == self.target
        else:
            ok = self.value < self.target if self.below else self.value <= self.target
        return "PASS" if ok else "FAIL"


@dataclass
class Report:
    """Every figure of a run, printed as it is measured, and notes for the end."""

    reviews: int
    seed: int
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args: Any, **kwargs: Any) -> Figure:
        figure = Figure(*args, **kwargs)
        self.figures.append(figure)
        print(f"  {figure.label}: {fmt(figure.value, figure.unit)}"
              f"{'  ' + figure.verdict if figure.verdict else ''}", flush=True)
        return figure

    def get(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def value(self, key: str) -> float | None:
        found = self.get(key)
        return None if found is None else found.value


def fmt(value: float | None, unit: str) -> str:
    """A figure as printed: seconds, milliseconds, ratios, decimal bytes, yes or NO."""
    if value is None:
        return "not measured"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "B":
        for size, name in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
            if value >= size:
                return f"{value / size:,.{1 if value < 100 * size else 0}f} {name}"
        return f"{value:,.0f} B"
    if unit == "bool":
        return "yes" if value else "NO"
    return f"{value:,.0f}{(' ' + unit) if unit else ''}"


def target_text(figure: Figure) -> str:
    if figure.target is None:
        return ""
    op = "<" if figure.below else "≤"
    if figure.unit == "bool":
        return "yes"
    return f"{op} {fmt(figure.target, figure.unit)}"


def step(message: str) -> None:
    print(f"· {message}", flush=True)


def print_report(report: Report, facts: dict[str, str]) -> None:
    """The machine, every figure with its target and verdict, the notes, the PASS count."""
    print()
    print(f"Dealbook benchmark: {report.reviews:,} reviews, seed {report.seed}")
    print()
    for key, value in facts.items():
        print(f"  {key:<13} {value}")
    print()
    rows = [("figure", "value", "target", "")] + [
        (f.label, fmt(f.value, f.unit), target_text(f), f.verdict) for f in report.figures]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for i, row in enumerate(rows):
        print(f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}"
              .rstrip())
        if i == 0:
            print("  " + "-" * (sum(widths) + 10))
    print()
    for note in report.notes:
        print(f"  note: {note}")
    verdicts = [f.verdict for f in report.figures if f.verdict]
    print()
    print(f"  targets: {verdicts.count('PASS')} PASS, {verdicts.count('FAIL')} FAIL")
