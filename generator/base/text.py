"""Small text helpers for messages: values as quoted, "did you mean" hints, long lists cut."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

_SHOWN = 60


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    """A "did you mean" hint for a value outside a vocabulary."""
    # 0.75: a typo ('proces', 'clinet', 'titel') scores 0.8 or more; another word sharing a
    # few letters ('price' and 'process', 0.67) is no spelling of it.
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else ""


def show(value: str) -> str:
    """A value as quoted in a message: invisible characters named, long values cut."""
    visible = "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp")
                      else c for c in value[:_SHOWN])
    return visible + ("…" if len(value) > _SHOWN else "")


PATHS_SHOWN = 5  # a message names a few files; the rest are counted
CHOICES_SHOWN = 30  # a vocabulary is read whole, unless a config made it huge


def listed(items: Iterable[str], limit: int = PATHS_SHOWN) -> str:
    """Items joined by commas, cut after `limit` with a count: "a.md, b.md, … and 1,994 more".
    Every message that lists items goes through here, so none grows with the content."""
    items = list(items)
    if len(items) <= limit + 1:  # "and 1 more" would take as much room as the item
        return ", ".join(items)
    return f"{', '.join(items[:limit])}, … and {len(items) - limit:,} more"


_END = (".", "?", "!", "…")


def sentence(text: str) -> str:
    """Text as a whole sentence: a full stop added unless it already ends one."""
    text = text.rstrip()
    return text if not text or text.endswith(_END) else f"{text}."


def lead_in(text: str) -> str:
    """Text to be followed by ": something", without the full stop, colon or semicolon it
    may end with ("Risk.: mitigation" reads as a typo); a question keeps its mark."""
    return text.rstrip().rstrip(".:;,").rstrip()
