"""A packed page takes the memory of its packed bytes, not of its Markdown (render/packed.py)."""

from __future__ import annotations

import tracemalloc

from generator.render.packed import pack, unpack

MARKDOWN = "".join(f"| [Review {i} — renewal](../deals/review-{i}/) | 2026-03-{i % 28 + 1:02d} |\n"
                   for i in range(2000))


def test_a_packed_page_holds_only_its_packed_bytes() -> None:
    tracemalloc.start()
    try:
        packed = pack(MARKDOWN)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert unpack(packed) == MARKDOWN
    assert len(packed) * 5 < len(MARKDOWN.encode())
    assert held < 2 * len(packed) + 1000  # the bytes and nothing the compressor sized them for
