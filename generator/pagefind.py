"""The Pagefind search option: which content it indexes, with which filters, and running it.

Pagefind splits its index into small fragments a browser fetches as the reader types, where
Material's lunr index is one file downloaded whole (23.5 MB at 5,000 pages). Only pages with
facets (reviews and questions) are indexed: listing pages would only repeat their titles. For
the same reason the sections of those pages that list other pages are left out (search.py).
"""

from __future__ import annotations

import html
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .diagnostics import DealbookError
from .search import repeats_start

OUTPUT = "pagefind"


def indexed_content(content: str, facets: Mapping[str, Sequence[str]]) -> str:
    """The page's HTML marked as the searchable body, with its facets as Pagefind filters.
    Permalink anchors (¶) are left out of the index, or every result title would end in one."""
    filters = "".join(
        f'<span data-pagefind-filter="{html.escape(f"{_escape(name)}:{_escape(value)}")}">'
        "</span>" for name, values in facets.items() for value in values)
    content = content.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
    start = repeats_start(content, facets)
    if start is not None:
        content = f"{content[:start]}<div data-pagefind-ignore>{content[start:]}</div>"
    return f'<div data-pagefind-body>{content}<div hidden>{filters}</div></div>'


def _escape(text: str) -> str:
    """Commas and colons separate Pagefind's filters: escape them inside names and values."""
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(":", "\\:")


def build_index(site_dir: Path) -> None:
    """Index a built site with the Pagefind binary shipped in its wheel (no download)."""
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
