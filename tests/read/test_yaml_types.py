"""The loader remembers the type YAML gives a short plain value (read/source.py): every value
must keep the type PyYAML's safe loader gives it, quoted or not, first seen or remembered."""

from __future__ import annotations

import yaml

from generator.read.source import Document, _Loader, parse_front

FRONT = """\
status: final
signed: 2026-03-14
quoted_day: "2026-03-14"
value: 120000
ratio: 0.5
done: true
owner: No
quoted_no: 'No'
empty: ~
blank:
hex: 0x1F
time: 12:30
title: A title far longer than thirty-two characters, typed as text
tags: [vendor_sla, 2026-03-14, yes, "yes", null, 'null', 1_000]
"""


def tags(node: yaml.Node) -> list[tuple[str, str]]:
    """Every scalar's value and tag, in document order."""
    if isinstance(node, yaml.ScalarNode):
        return [(node.value, node.tag)]
    if isinstance(node, yaml.MappingNode):
        return [pair for key, value in node.value for pair in tags(key) + tags(value)]
    return [pair for item in node.value for pair in tags(item)]


def test_values_keep_the_safe_loaders_types_when_remembered() -> None:
    expected = tags(yaml.compose(FRONT, Loader=yaml.SafeLoader))
    assert ("2026-03-14", "tag:yaml.org,2002:timestamp") in expected
    assert ("2026-03-14", "tag:yaml.org,2002:str") in expected  # the quoted one
    for _ in range(2):  # the second time, short values are remembered
        found = parse_front(FRONT, "", "content/deals/x.md", 1)
        assert isinstance(found, Document)
        assert tags(found.front) == expected
    assert {"2026-03-14", "No", "final"} <= set(_Loader._types)


def test_the_memory_is_bounded() -> None:
    before = dict(_Loader._types)
    try:
        _Loader._types.clear()
        many = "".join(f"k{i}: v{i}\n" for i in range(_Loader.REMEMBERED + 500))
        found = parse_front(many, "", "content/deals/x.md", 1)
        assert isinstance(found, Document)
        assert len(_Loader._types) == _Loader.REMEMBERED
        assert tags(found.front) == tags(yaml.compose(many, Loader=yaml.SafeLoader))
    finally:
        _Loader._types.clear()
        _Loader._types.update(before)
