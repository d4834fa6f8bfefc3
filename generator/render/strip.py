"""The status strip: a relationship's check-ins as a row of green, yellow and red cells, drawn
at build time as HTML (no script), oldest first, each cell holding the pulse when given."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from generator.check.logs import Checkin
from generator.schema.fields import RAG


def status_strip(checkins: Sequence[Checkin]) -> Markup:
    """The check-ins (in date order) as a strip; screen readers get one sentence instead."""
    counts = {s: sum(1 for c in checkins if c.status == s) for s in RAG}
    summary = (f"Status at {len(checkins)} check-ins from {checkins[0].date} to "
               f"{checkins[-1].date}: " + ", ".join(f"{n} {s}" for s, n in counts.items())
               if checkins else "No check-ins yet")
    cells = "".join(
        f'<span class="db-strip__cell db-rag--{c.status}" title="{escape(_title(c))}">'
        f'{"" if c.pulse is None else c.pulse}</span>' for c in checkins)
    return Markup(f'<div class="db-strip" role="img" aria-label="{escape(summary)}">'
                  f"{cells}</div>")


def _title(checkin: Checkin) -> str:
    pulse = "" if checkin.pulse is None else f", pulse {checkin.pulse}"
    why = f": {checkin.why}" if checkin.why else ""
    return f"{checkin.date} {checkin.status}{pulse}{why}"


def status_mix(rows: Sequence[tuple[str, Sequence[int]]]) -> Markup:
    """One bar per row, split into its green, yellow and red shares (counts in that order),
    with the counts written out for screen readers and for a row with none."""
    lines = []
    for label, counts in rows:
        total = sum(counts)
        said = ", ".join(f"{n} {s}" for s, n in zip(RAG, counts, strict=True)) if total \
            else "no logs"
        segments = "".join(
            f'<span class="db-mix__part db-rag--{s}" style="width: {100 * n / total:.1f}%">'
            f"{n}</span>" for s, n in zip(RAG, counts, strict=True) if n) if total else ""
        lines.append(f'<div class="db-mix__row"><span class="db-mix__label">{escape(label)}'
                     f'</span><span class="db-mix__bar" role="img" aria-label="'
                     f'{escape(f"{label}: {said}")}">'
                     f"{segments}</span></div>")
    return Markup(f'<div class="db-mix">{"".join(lines)}</div>')
