"""Our own nesting guard answers before libyaml does, whatever libyaml's limit and wording.

Checked with PyYAML 6.0.2, 6.0.3 and 6.0.4 (libyaml inside the wheels): 6.0.4's libyaml stops
at 1,000 flow levels with an error of its own; the older ones recurse until the C stack
overflows. Every test here holds on all three, because the guard reads the text itself.
"""

from __future__ import annotations

import pytest
import yaml

from generator.read.nesting import MAX_DEPTH, too_deep
from generator.read.source import parse_front


def flow(levels: int) -> str:
    return f"tags: {'[' * levels}{']' * levels}\n"


def block(levels: int) -> str:
    return "tags:\n" + "".join("  " * level + "-\n" for level in range(1, levels + 1))


@pytest.mark.parametrize("levels", [MAX_DEPTH, 999, 1_000, 1_001, 20_000])
def test_flow_nesting_past_the_limit_is_ours(levels: int) -> None:
    # The root mapping is one level, so the 64th bracket is the 65th level.
    assert too_deep(flow(levels)) == (0, 6 + MAX_DEPTH - 1)
    found = parse_front(flow(levels), "", "content/deals/x.md", 1)
    assert not hasattr(found, "front")
    assert found.message == f"front matter is nested more than {MAX_DEPTH} levels deep"


@pytest.mark.parametrize("levels", [MAX_DEPTH, 1_000, 5_000])
def test_block_nesting_past_the_limit_is_ours(levels: int) -> None:
    assert too_deep(block(levels)) == (MAX_DEPTH, 2 * MAX_DEPTH)


def test_mixed_block_and_flow_levels_add_up() -> None:
    text = block(40) + "  " * 41 + "- " + "[" * 30 + "]" * 30 + "\n"
    assert too_deep(text) is not None


def test_the_installed_pyyaml_never_answers_first() -> None:
    # On 6.0.4 this is where libyaml's own message would appear instead of ours.
    assert yaml.__version__ and too_deep(flow(1_000)) is not None


@pytest.mark.parametrize("text", [
    flow(MAX_DEPTH - 1),
    block(MAX_DEPTH - 1),
    "notes: '" + "[" * 300 + "'\n",                      # brackets inside quotes
    'notes: "' + "{" * 300 + '\\" still quoted"\n',
    "notes: |\n" + "  [\n" * 300,                        # a block scalar's literal text
    "notes: x" + "[" * 300 + "\n",                       # not a flow opener in a plain value
    "# " + "[" * 300 + "\ntitle: ok\n",                  # a comment
    "tags: [" + ", ".join(["[a]"] * 300) + "]\n",       # many collections, shallow
])
def test_shallow_text_is_not_flagged(text: str) -> None:
    assert too_deep(text) is None
    yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
