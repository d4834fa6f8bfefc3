"""Telling when two questions are worded the same, or nearly.

Two wordings match when their content words overlap enough: the Jaccard similarity of their
word sets, after dropping case, punctuation, quotes and common function words, and a plural
's', is at least NEAR. On the hand-labelled sample, rewordings that change one or two words
score 0.71–1.0 and different questions at most 0.17; 0.7 keeps "…risky to your security
team?" and "…risky to your finance team?" (0.67) apart.

Candidates are found through an inverted index of words, so matching a wording costs the
number of questions sharing a word with it, never the size of the whole bank.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

NEAR = 0.7
# Wordings whose words are remembered: every build matches each review's missed questions
# again, and most are worded as before (by the same review, unchanged, or repeated by others).
WORDINGS_REMEMBERED = 1 << 15

_STOPWORDS = frozenset("""
a an the and or but nor of to in on at for from by with as into onto about over under than then
is are was were be been being do does did done will would can could should shall may might must
has have had this that these those it its we us our you your they them their he she his her
what which who whom whose how when where why if any some
""".split())


@functools.lru_cache(maxsize=WORDINGS_REMEMBERED)
def normalise(text: str) -> str:
    """Lower case, quotes and punctuation removed, single spaces: exact matches compare this."""
    text = text.lower().replace("’", "").replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", text))


@functools.lru_cache(maxsize=WORDINGS_REMEMBERED)
def content_words(text: str) -> frozenset[str]:
    """The words that carry meaning, a plural 's' removed."""
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                     for w in normalise(text).split() if w not in _STOPWORDS)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


@dataclass
class Matcher:
    """Finds the known wording closest to a new one: exact first, then near."""

    _exact: dict[str, str] = field(default_factory=dict)
    _words: dict[str, frozenset[str]] = field(default_factory=dict)
    _index: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: str, text: str) -> None:
        """Register a wording under `key`; the first key given a wording keeps it."""
        self._exact.setdefault(normalise(text), key)
        words = content_words(text)
        self._words[key] = words
        for word in words:
            self._index[word].append(key)

    def match(self, text: str) -> tuple[str, float] | None:
        """The key of the best wording with its similarity, if it is at least NEAR."""
        exact = self._exact.get(normalise(text))
        if exact is not None:
            return exact, 1.0
        words = content_words(text)
        candidates = {key for word in words for key in self._index.get(word, ())}
        scored = [(similarity(words, self._words[key]), key) for key in candidates]
        top = max((score for score, _ in scored), default=0.0)
        if top < NEAR:
            return None
        # The tie-break is worked out for the tied keys only: it cost more than the scoring.
        return max((key for score, key in scored if score == top), key=_reverse), top


def _reverse(key: str) -> tuple[int, ...]:
    """Sort key that prefers the alphabetically first key on equal scores."""
    return tuple(-ord(c) for c in key)
