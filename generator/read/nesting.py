"""How deep front matter nests, measured by our own scan before any YAML parser sees the text.

libyaml's composer recurses once per level and overflows the C stack past ~20,000 levels; newer
libyaml versions stop earlier with an error of their own wording (PyYAML 6.0.4: "exceeded maximum
nesting depth" at 1,000 flow levels). So the limit has to be ours, and checked first, for the
answer not to depend on which PyYAML is installed. The scan is a careful over-approximation:
front matter that YAML nests deeply always trips it; well-formed reviews (three levels) never do.
"""

from __future__ import annotations

import re

# Front matter needs three levels; anything past this is a paste gone wrong or an attack.
MAX_DEPTH = 64
# Depth is at most 1 + the longest run of indentation and entry dashes + the flow openers: below
# half the limit each, the text cannot pass it, and the scan is skipped (almost every file).
_HALF = MAX_DEPTH // 2
_DEEP_PREFIX = re.compile(rf"^[ \t?-]{{{_HALF},}}", re.MULTILINE)
_BLOCK_SCALAR = re.compile(r"(?:^|[:\-?]\s)[|>][0-9+-]*\s*(?:#.*)?$")
_OPENERS = "[{"
_CLOSERS = "]}"


def too_deep(front: str) -> tuple[int, int] | None:
    """The 0-based (line, column) where nesting passes MAX_DEPTH, if it does.

    Only text with many flow openers or deep indentation is scanned: the rest cannot nest deep.
    """
    if sum(front.count(c) for c in _OPENERS) < _HALF and not _DEEP_PREFIX.search(front):
        return None
    return _Scan().run(front)


class _Scan:
    """One pass over the lines: block levels by indentation, flow levels by brackets."""

    def __init__(self) -> None:
        self.indents: list[int] = []  # the column of each open block collection
        self.flow = 0
        self.quote = ""
        self.block_scalar_indent: int | None = None

    def run(self, front: str) -> tuple[int, int] | None:
        for number, line in enumerate(front.split("\n")):
            found = self.line(line)
            if found is not None:
                return number, found
        return None

    def line(self, line: str) -> int | None:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if self.block_scalar_indent is not None:
            if not stripped or indent > self.block_scalar_indent:
                return None  # literal text of a `|` or `>` value
            self.block_scalar_indent = None
        if not stripped or (stripped.startswith("#") and not self.flow and not self.quote):
            return None
        start = 0
        if not self.flow and not self.quote:
            found = self.block(stripped, indent)
            if found is not None:
                return found
            start = indent
            if _BLOCK_SCALAR.search(line):
                self.block_scalar_indent = indent
                return None
        return self.flow_levels(line, start)

    def block(self, stripped: str, indent: int) -> int | None:
        """Open block collections at this line's indentation and its `- ` / `? ` entries."""
        while self.indents and self.indents[-1] > indent:
            self.indents.pop()
        column = indent
        rest = stripped
        while True:
            if not self.indents or self.indents[-1] < column:
                self.indents.append(column)
                if len(self.indents) > MAX_DEPTH:
                    return column
            entry = re.match(r"[-?](?:[ \t]+|$)", rest)
            if entry is None or not rest[entry.end():]:
                return None
            column += entry.end()
            rest = rest[entry.end():]

    def flow_levels(self, line: str, start: int) -> int | None:
        """Track `[` / `{` levels, skipping quoted text and comments."""
        previous = line[start - 1] if start else " "
        column = start
        while column < len(line):
            char = line[column]
            if self.quote:
                column = self.inside_quote(line, column)
                previous = "x"
                continue
            if char == "#" and previous in " \t":
                return None
            starts = previous in " \t" or (self.flow > 0 and previous in "[{,:")
            if char in "'\"" and starts:
                self.quote = char
            elif char in _OPENERS and starts:
                self.flow += 1
                if len(self.indents) + self.flow > MAX_DEPTH:
                    return column
            elif char in _CLOSERS and self.flow:
                self.flow -= 1
            previous = char
            column += 1
        return None

    def inside_quote(self, line: str, column: int) -> int:
        """The column after the quoted text's next character (or its closing quote)."""
        char = line[column]
        if self.quote == '"' and char == "\\":
            return column + 2
        if char == self.quote:
            if self.quote == "'" and line[column + 1:column + 2] == "'":
                return column + 2  # '' is an escaped quote inside '...'
            self.quote = ""
        return column + 1
