"""Links in a review's body written the way people link in Markdown: by file path.

A body that links `../2025/kestrel-managed-hosting-sla.md` means the review in that file,
`../../questions/who-signs.md` the question, `timeline.png` the image next to the review. Their
pages live elsewhere (`deals/<id>.md`, `questions/<id>.md`), and the review's own page sits at
`deals/<id>.md` whatever its folder, so each link to a file under the docs folder is pointed at
that file's page (or the file itself), and a review linked to learns who links to it. A link to
a review this build does not publish (a draft, or one kept from this audience) keeps its text
and loses its target, so it neither breaks the build nor reveals where the review lives.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.base.body import CODE_SPAN, outside_fences
from generator.check.model import Deal

# A relative path (no scheme, not from the root), with an optional anchor.
_TARGET = r"<?(?P<path>[^)\s<>:#?/][^)\s<>:#?]*)(?P<anchor>#[^)\s<>]*)?>?"
# An inline link or image, or a reference definition, to a relative path.
_LINK = re.compile(rf"(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\(\s*{_TARGET}\s*\)")
_DEFINITION = re.compile(rf"^(?P<lead> {{0,3}}\[[^\]\n]+\]:[ \t]*){_TARGET}", re.MULTILINE)


@dataclass(frozen=True)
class Sources:
    """Where content files are: `pages` maps the source path of each review published in this
    build and of each question to its page URI; `reviews` holds the source path of every review
    read, published or not; `docs` is the docs folder's path (other files under it, such as the
    method pages, are pages at their own path)."""

    pages: Mapping[str, str]
    reviews: frozenset[str]
    docs: str


@dataclass(frozen=True)
class LinkedBodies:
    """Each published review's body with its links by path resolved, and for each review
    the published reviews whose bodies link to it (in the order given)."""

    bodies: dict[str, str]
    linked_from: dict[str, tuple[Deal, ...]]


def link_bodies(published: Sequence[Deal], sources: Sources,
                page_of: Callable[[Deal], str]) -> LinkedBodies:
    """Resolve the links by path in the bodies of `published` deals."""
    deal_at = {deal.path: deal for deal in published}
    bodies: dict[str, str] = {}
    linked_from: dict[str, list[Deal]] = defaultdict(list)
    for deal in published:
        if "](" not in deal.body and "]:" not in deal.body:  # neither _LINK nor _DEFINITION
            bodies[deal.id] = deal.body
            continue
        here = page_of(deal)
        found: list[str] = []

        def target(match: re.Match[str], deal: Deal = deal, here: str = here,
                   found: list[str] = found) -> str | None:
            """The link's new destination; None for a review left out of this build; the
            destination as written when it is not a content file."""
            path = posixpath.normpath(posixpath.join(posixpath.dirname(deal.path),
                                                     match["path"]))
            uri = sources.pages.get(path)
            if uri is None and path in sources.reviews:
                return None
            if uri is None and not path.startswith(f"{sources.docs}/"):
                return match["path"] + (match["anchor"] or "")
            found.append(path)
            uri = uri or path.removeprefix(f"{sources.docs}/")
            return posixpath.relpath(uri, posixpath.dirname(here)) + (match["anchor"] or "")

        def inline(match: re.Match[str]) -> str:
            new = target(match)
            return match["text"] if new is None else f"{match['bang']}[{match['text']}]({new})"

        def definition(match: re.Match[str]) -> str:
            return f"{match['lead']}{target(match) or '#'}"

        bodies[deal.id] = _outside_code(
            deal.body, lambda text: _DEFINITION.sub(definition, _LINK.sub(inline, text)))
        for path in dict.fromkeys(found):
            if path in deal_at and path != deal.path:
                linked_from[deal_at[path].id].append(deal)
    return LinkedBodies(bodies, {k: tuple(v) for k, v in linked_from.items()})


def _outside_code(markdown: str, change: Callable[[str], str]) -> str:
    """Apply `change` to the text outside fenced code blocks and code spans."""
    return outside_fences(markdown, lambda text: _outside_spans(text, change))


def _outside_spans(text: str, change: Callable[[str], str]) -> str:
    pieces, last = [], 0
    for span in CODE_SPAN.finditer(text):
        pieces += [change(text[last:span.start()]), span[0]]
        last = span.end()
    pieces.append(change(text[last:]))
    return "".join(pieces)
