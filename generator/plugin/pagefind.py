"""The Pagefind search option: which content it indexes, with which filters, and running it.

Pagefind splits its index into small fragments a browser fetches as the reader types, where
Material's lunr index is one file downloaded whole (23.5 MB at 5,000 pages). Only pages with
facets (reviews and questions) are indexed: listing pages would only repeat their titles. For
the same reason the sections of those pages that list other pages are left out (search.py),
and so are the labels every review repeats: its section headings, the names of its facts and
its tables' header rows. Indexed, "value" or "renewal" matched every review whatever it said,
and made the index chunk a reader fetches for "val…" 30% larger (10,000 reviews).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.base.diagnostics import DealbookError
from generator.plugin.search import repeats_start

OUTPUT = "pagefind"
# Labels the templates repeat on every page: section headings, fact names, table headers.
_LABEL = re.compile(r"<(h2|dt|thead)\b")
TITLE_WEIGHT = 10  # Pagefind's highest; its default for text is 1


def indexed_content(content: str, facets: Mapping[str, Sequence[str]]) -> str:
    """The page's HTML marked as the searchable body, with its facets as Pagefind filters.
    Permalink anchors (¶) are left out of the index, or every result title would end in one."""
    # A filter's value as the element's text, not after a colon in the attribute: Pagefind
    # unescapes neither ',' nor ':' there, so "Client project\, fixed scope" showed as a label.
    filters = "".join(
        f'<span data-pagefind-filter="{html.escape(name)}">{html.escape(value)}</span>'
        for name, values in facets.items() for value in values)
    start = repeats_start(content, facets)
    own, repeats = (content, "") if start is None else (content[:start], content[start:])
    own = _LABEL.sub(r"<\1 data-pagefind-ignore", own)
    # The title outweighs the body (so do a review's counterparty and tags: deal.md.j2).
    own = own.replace("<h1", f'<h1 data-pagefind-weight="{TITLE_WEIGHT}"', 1)
    own = own.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
    if repeats:
        repeats = f"<div data-pagefind-ignore>{repeats}</div>"
    # Ignored for the index, yet Pagefind still reads the filters inside.
    return (f'<div data-pagefind-body>{own}{repeats}'
            f'<div hidden data-pagefind-ignore>{filters}</div></div>')


def build_index(site_dir: Path) -> None:
    """Index a built site with the Pagefind binary shipped in its wheel (no download).
    Its filter files change name and order from run to run, whatever the input: Pagefind writes
    them from a randomly seeded hash map (tests/plugin/test_pagefind.py pins the rest as stable)."""
    try:
        done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir),
                               "--output-subdir", OUTPUT], capture_output=True, text=True,
                              timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DealbookError(f"Pagefind could not run: {exc}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
        raise DealbookError(f"Pagefind failed to index {site_dir}: {tail}\n"
                            "is the package installed? pip install 'pagefind[extended]'")
