"""The rendered pages, held compressed until MkDocs reads each one.

A build holds every page's Markdown from rendering until MkDocs has converted it: 278 million
characters for the 15,001 pages of 10,000 reviews. As Python text that is 556 MB (two bytes a
character once a page has one character beyond Latin-1, an em dash, as almost every page has),
as UTF-8 280 MB, and compressed 76 MB. Zstandard's level 1 packs as small as zlib's fastest
level in under half its time (1,000 reviews' pages: 8.0 MB in 0.13 s, zlib 8.3 MB in 0.30 s),
and a forked worker hands its pages over through a pipe in a quarter of the bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import zstandard

# Reused (making them for each page cost 10 µs): one build at a time uses them, and each
# process its own.
_PACKER = zstandard.ZstdCompressor(level=1)
_UNPACKER = zstandard.ZstdDecompressor()
# Told of each page as soon as it is rendered: its URI and its Markdown, packed.
Told = Callable[[str, bytes], None]


def pack(markdown: str) -> bytes:
    """A page as it is held: the same Markdown always packs to the same bytes."""
    packed = _PACKER.compress(markdown.encode())
    # Copied: the binding returns its bytes in a buffer sized for the worst case, as large as
    # the Markdown itself, which would hold on to all that memory.
    return bytes(memoryview(packed))


def unpack(packed: bytes) -> str:
    return _UNPACKER.decompress(packed).decode("utf-8")


class RenderedPages(Mapping[str, str]):
    """Every page's Markdown by URI; `packed` is what MkDocs is handed."""

    def __init__(self, packed: dict[str, bytes]) -> None:
        self.packed = packed

    def __getitem__(self, uri: str) -> str:
        return unpack(self.packed[uri])

    def __contains__(self, uri: object) -> bool:  # without unpacking the page
        return uri in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)
