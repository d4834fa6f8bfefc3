"""Small text helpers shared by validation, linking and scaffolding: slugs, and values as
quoted in messages."""

from __future__ import annotations

import difflib
import re
import unicodedata

_SHOWN = 60


def slugify(text: str) -> str:
    """A best-effort slug, offered in hints and used for generated addresses."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "x"


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
