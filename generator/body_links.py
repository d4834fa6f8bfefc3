"""Links between reviews written the way people link in Markdown: by file path.

A body that links `../2025/kestrel-managed-hosting-sla.md` means the review in that file. Its
page lives elsewhere (`deals/<id>.md`), so each such link is pointed at the review's page, and
the review linked to learns who links to it. A link to a review this build does not publish
(a draft, or one kept from this audience) keeps its text and loses its target, so it neither
breaks the build nor reveals where the review lives.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Deal

# An inline link (not an image) to a relative .md file, with an optional anchor.
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<path>[^)\s<>:#?]+\.md)"
                   r"(?P<anchor>#[^)\s<>]*)?>?\s*\)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


@dataclass(frozen=True)
class LinkedBodies:
    """Each published review's body with its links to reviews resolved, and for each review
    the published reviews whose bodies link to it (newest first, as given)."""

    bodies: dict[str, str]
    linked_from: dict[str, tuple[Deal, ...]]


def link_bodies(published: Sequence[Deal], review_paths: frozenset[str],
                page_of: Callable[[Deal], str]) -> LinkedBodies:
    """Resolve body links of `published` deals; `review_paths` are the source paths of every
    review read, published or not, and `page_of` gives a review's page URI."""
    by_path = {deal.path: deal for deal in published}
    bodies: dict[str, str] = {}
    linked_from: dict[str, list[Deal]] = defaultdict(list)
    for deal in published:
        targets: list[Deal] = []

        def resolve(match: re.Match[str], deal: Deal = deal, targets: list[Deal] = targets
                    ) -> str:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(deal.path),
                                                     match["path"]))
            target = by_path.get(path)
            if target is None:
                return match[0] if path not in review_paths else match["text"]
            targets.append(target)
            uri = posixpath.relpath(page_of(target), posixpath.dirname(page_of(deal)))
            return f"[{match['text']}]({uri}{match['anchor'] or ''})"

        bodies[deal.id] = _outside_code(deal.body, lambda text: _LINK.sub(resolve, text))
        for target in dict.fromkeys(targets):
            if target.id != deal.id:
                linked_from[target.id].append(deal)
    return LinkedBodies(bodies, {k: tuple(v) for k, v in linked_from.items()})


def _outside_code(markdown: str, change: Callable[[str], str]) -> str:
    """Apply `change` to the text outside fenced code blocks and code spans."""
    result: list[str] = []
    block: list[str] = []
    fence = ""
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence:
            result.append(line)
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
        elif opened:
            result.append(_outside_spans("".join(block), change))
            block, fence = [], opened[1]
            result.append(line)
        else:
            block.append(line)
    result.append(_outside_spans("".join(block), change))
    return "".join(result)


def _outside_spans(text: str, change: Callable[[str], str]) -> str:
    pieces, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        pieces += [change(text[last:span.start()]), span[0]]
        last = span.end()
    pieces.append(change(text[last:]))
    return "".join(pieces)
