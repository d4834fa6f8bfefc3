"""What the site's search indexes, whichever engine runs it: the reviews and questions without
their closing sections that only repeat other pages (the titles and dates of similar reviews,
the reviews that missed a question, a plan's past deals and questions), and the briefs and
checklists by their introduction.
Indexed, a counterparty's name matched every review that lists one of its deals as similar,
and every result carried those lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# By page type, the heading of the first repeating section; the templates put these sections
# after the author's text, so the last heading of that name is theirs.
REPEATS = {"Review": "Similar past deals", "Question": "Missed in reviews",
           "Plan": "Leverage reality check"}
# Pages found by their title and introduction only: every section below repeats reviews and
# questions (indexed, "Kestrel" found each brief that lists a Kestrel deal).
INTRO_ONLY = {"Brief", "Checklist"}
_HEADING = re.compile(r"<(h[1-6])\b")


def repeats_start(content: str, facets: Mapping[str, Sequence[str]]) -> int | None:
    """Where a page's repeating sections begin (they run to its end), if it has them."""
    for kind in facets.get("Type", ()):
        if kind in INTRO_ONLY:
            first = re.search(r"<h2\b", content)
            return first.start() if first else None
        if kind in REPEATS:
            heading = re.escape(REPEATS[kind])
            starts = [m.start() for m in re.finditer(rf"<h2\b[^>]*>{heading}<", content)]
            if starts:
                return starts[-1]
    return None


def without_repeats(content: str, facets: Mapping[str, Sequence[str]]) -> str:
    """For Material's search: the repeating sections' headings carry its exclusion mark. It
    leaves a marked heading's section out of the index and removes the mark from the page."""
    start = repeats_start(content, facets)
    if start is None:
        return content
    return content[:start] + _HEADING.sub(r'<\1 data-search-exclude="true"', content[start:])
