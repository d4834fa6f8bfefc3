"""Slugs: the addresses and ids made from names and questions, by one rule for the whole project.

Letters of every script are transliterated rather than dropped: "Société Générale" becomes
societe-generale and "北京银行" beijingyinxing (anyascii keeps a word's syllables together).
A word typed in Latin letters that holds a letter of another script drawn the same way (the
Cyrillic U+0430 for "a" in "acme") is a slip of the keyboard, not a foreign word: that letter
becomes its Latin twin, so the slug is acme, where transliteration would give asme.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

from generator.base.text import listed, show
from generator.schema.fields import RESERVED_IDS, SLUG_PATTERN

MAX_SLUG = 100  # a slug becomes a file name; most file systems stop at 255 bytes
MAX_WORDS = 8  # a generated id or address keeps the first words of a long title or question
MAX_LENGTH = 80  # leaves room for a -2 suffix under MAX_SLUG

# Cyrillic, Greek and Armenian letters drawn like a Latin letter: the letter pairs of Unicode's
# confusables list (UTS #39). Full-width and styled letters (U+FF41, U+1D41A) are found by NFKC.
_TWINS = {
    "\u0430": "a", "\u0435": "e", "\u0456": "i", "\u0458": "j", "\u043e": "o", "\u0440": "p",
    "\u0441": "c", "\u0443": "y", "\u0445": "x", "\u0455": "s", "\u04bb": "h", "\u0501": "d",
    "\u051b": "q", "\u051d": "w", "\u04cf": "l", "\u0410": "A", "\u0412": "B", "\u0415": "E",
    "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C",
    "\u0422": "T", "\u0423": "Y", "\u0425": "X", "\u0406": "I", "\u0408": "J", "\u0405": "S",
    "\u03bf": "o", "\u03bd": "v", "\u03b1": "a", "\u03c1": "p", "\u03c5": "u", "\u03b9": "i",
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X", "\u0585": "o", "\u057d": "u", "\u0570": "h", "\u0578": "n",
}
_WORD = re.compile(r"\w+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def slugify(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens for any text; "x" when nothing is left."""
    text = _WORD.sub(_latin_twins, unicodedata.normalize("NFKC", text))
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "x"


def _latin_twins(word: re.Match[str]) -> str:
    if not _ASCII_LETTER.search(word[0]):
        return word[0]  # a word of another script: transliterated as a whole
    return "".join(_TWINS.get(c, c) for c in word[0])


def lookalike(char: str) -> str | None:
    """The ASCII letter or digit a non-ASCII character is drawn like, if any."""
    if char.isascii():
        return None
    twin = _TWINS.get(char) or unicodedata.normalize("NFKC", char)
    return twin if len(twin) == 1 and twin.isascii() and twin.isalnum() else None


def lookalikes(text: str) -> list[str]:
    """Each look-alike character of `text` once, named: "CYRILLIC SMALL LETTER A (U+0430)
    looks like 'a'"."""
    found = dict.fromkeys(c for c in text if lookalike(c))
    return [f"{unicodedata.name(c, 'character')} (U+{ord(c):04X}) looks like '{lookalike(c)}'"
            for c in found]


def slug_problem(text: str, where: str) -> tuple[str, str] | None:
    """What is wrong with a slug as written, as (message, hint); None when it is fine."""
    if not re.match(SLUG_PATTERN, text):
        twins = lookalikes(text)  # invisible in an editor: name them
        return (f"{where} must be a slug: lower-case letters, digits and hyphens "
                f"(got '{show(text)}'{f'; {listed(twins, 2)}' if twins else ''})",
                f"use '{show(slugify(text))}'" + (", typed in Latin letters" if twins else ""))
    if text in RESERVED_IDS:
        return f"{where} '{text}' is reserved for a generated page", "choose a more specific name"
    if len(text) > MAX_SLUG:
        return (f"{where} is {len(text)} characters long, over the limit of {MAX_SLUG}",
                "a slug becomes a file name: shorten it")
    return None


class Slugs:
    """Hands out slugs unique among themselves and `taken`, never a reserved name: the first
    MAX_WORDS words of the text, cut at MAX_LENGTH; in a clash the later text gets -2, -3…"""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._used = set(taken) | RESERVED_IDS

    def add(self, text: str) -> str:
        """A new slug for `text`, taken from now on."""
        base = "-".join(slugify(text).split("-")[:MAX_WORDS])[:MAX_LENGTH].rstrip("-")
        slug, suffix = base, 2
        while slug in self._used:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self._used.add(slug)
        return slug


def unique_slugs(texts: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """A unique slug for each text, in order (see Slugs)."""
    slugs = Slugs(taken)
    return [slugs.add(text) for text in texts]
