"""Reading content files: bytes → text → front matter node tree + body, with line numbers."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar, Protocol

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator.base.diagnostics import Diagnostic, error
from generator.read.nesting import MAX_DEPTH, too_deep

# A review is a page of text; anything this big is a paste gone wrong, and would slow every build.
MAX_FILE_BYTES = 1_000_000
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, which has no named pipes in folders
# Line breaks for YAML, but not for editors: marks count them, our line numbers must not.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")

_HANDLER = YAMLHandler()
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HAS_LIBYAML = _SAFE_LOADER is not yaml.SafeLoader
NO_LIBYAML = ("PyYAML has no libyaml C loader here, so reading reviews is about 8 times slower; "
              "fix: pip install --force-reinstall --no-cache-dir pyyaml (PyPI's wheels "
              "include libyaml)")


class _Loader(_SAFE_LOADER):  # type: ignore[valid-type, misc]
    """The safe loader, remembering the type YAML gives a short plain value. PyYAML works it out
    in Python, trying up to nine patterns, for each of the ~150 values of a review, which are
    mostly keys and choices that every review repeats: a tenth of reading the corpus."""

    SHORT = 32  # characters: keys, choices, dates, numbers
    REMEMBERED = 10_000  # values at most, whatever the corpus: the rest are worked out anew
    _types: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or not implicit[0] or len(value) > self.SHORT:
            return str(super().resolve(kind, value, implicit))
        tag = self._types.get(value)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(self._types) < self.REMEMBERED:
                self._types[value] = tag
        return tag


class Mark(Protocol):
    """A position in the front matter, from PyYAML's Python or C (libyaml) parser."""

    index: int
    line: int
    column: int


@dataclass(frozen=True)
class Lines:
    """Turns a character offset of the front matter into an editor's line and column."""

    line_offset: int
    newlines: tuple[int, ...] = field(default=())

    @staticmethod
    def of(front: str, line_offset: int) -> Lines:
        if not any(b in front for b in _YAML_ONLY_BREAKS):
            return Lines(line_offset)  # YAML's own line numbers are right: the fast path
        return Lines(line_offset, tuple(m.start() for m in re.finditer("\n", front)))

    def at(self, mark: Mark) -> tuple[int, int]:
        """1-based (line, column) in the file."""
        if not self.newlines:
            return mark.line + self.line_offset + 1, mark.column + 1
        before = bisect_right(self.newlines, mark.index - 1)
        start = self.newlines[before - 1] + 1 if before else 0
        return before + self.line_offset + 1, mark.index - start + 1


@dataclass(frozen=True)
class Document:
    """A content file split into its front matter (as YAML nodes) and its Markdown body."""

    path: str
    front: yaml.MappingNode
    lines: Lines
    body: str
    body_line: int = 1  # the line of the file where `body` starts

    def line(self, node: yaml.Node) -> int:
        """The 1-based line in the file where `node` starts."""
        return self.lines.at(node.start_mark)[0]

    def column(self, node: yaml.Node) -> int:
        """The 1-based column in the file where `node` starts."""
        return self.lines.at(node.start_mark)[1]


def read_bytes(file_path: Path, display: str) -> bytes | Diagnostic:
    """A regular file's bytes, never more than one past the size limit (it may be huge)."""
    try:
        # Non-blocking: opening a named pipe for reading would otherwise wait for a writer.
        handle = os.open(file_path, os.O_RDONLY | _NONBLOCK)
        with open(handle, "rb") as stream:
            kind = file_kind(os.fstat(handle).st_mode)
            return stream.read(MAX_FILE_BYTES + 1) if not kind else not_regular(display, kind)
    except OSError as exc:
        return error(display, 0, 0, f"cannot read the file: {exc.strerror}")


def not_regular(display: str, kind: str) -> Diagnostic:
    """The error for a file that is not a regular file (`kind` from file_kind)."""
    return error(display, 0, 0, f"file is {kind}, not a regular file, so it is not read",
                 "replace it with a plain file, or remove it")


def file_kind(mode: int) -> str:
    """'' for a regular file, else what it is, as said in messages."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a folder" if stat.S_ISDIR(mode) else "a special file"


def read_document(raw: bytes, display: str) -> Document | Diagnostic:
    """Decode and split a content file; a problem that stops reading it is a Diagnostic."""
    if len(raw) > MAX_FILE_BYTES:
        return error(display, 0, 0, f"file is over the limit of {MAX_FILE_BYTES:,} bytes",
                     "a review is a page of text; move attachments out")
    try:
        # Any number of byte-order marks: editors and pastes sometimes stack them.
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        return error(display, line, column,
                     f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                     "save it as UTF-8 in your editor")
    # NFC: "é" typed as one character or as "e" plus an accent is one name, one page address.
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return split_document(text, display)


def split_document(text: str, display: str) -> Document | Diagnostic:
    """Split normalised text into front matter nodes and body."""
    if not text.strip():
        return error(display, 1, 1, "file is empty",
                     "start with a line '---', the front matter keys, then '---'")
    if not _HANDLER.detect(text):
        return error(display, 1, 1, "file has no front matter",
                     "the first line must be '---', followed by the keys, then '---'")
    boundaries = _HANDLER.FM_BOUNDARY.finditer(text)
    opening = next(boundaries)
    closing = next(boundaries, None)
    if closing is None:
        return error(display, 1, 1, "front matter is never closed",
                     "add a line '---' after the last key")
    line_offset = text.count("\n", 0, opening.end())
    body = text[closing.end():].lstrip("\n")
    doc = parse_front(text[opening.end():closing.start()], body, display, line_offset)
    if isinstance(doc, Document):
        return replace(doc, body_line=text.count("\n", 0, len(text) - len(body)) + 1)
    return doc


def parse_front(front: str, body: str, display: str, line_offset: int) -> Document | Diagnostic:
    """Compose the front matter into YAML nodes, which keep the line of every value."""
    lines = Lines.of(front, line_offset)
    deep = too_deep(front)
    if deep is not None:
        return error(display, line_offset + deep[0] + 1, deep[1] + 1,
                     f"front matter is nested more than {MAX_DEPTH} levels deep",
                     "a review needs three levels at most")
    try:
        node = yaml.compose(front, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, front, display, lines)
    except yaml.reader.ReaderError as exc:
        line = line_offset + 1 + front.count("\n", 0, exc.position)
        column = exc.position - front.rfind("\n", 0, exc.position)
        return error(display, line, column, "front matter contains the control character "
                     f"U+{exc.character:04X}, which YAML does not allow",
                     "delete it: it usually comes from pasting")
    if node is None:
        return error(display, line_offset + 1, 1, "front matter is empty",
                     "add at least the required keys")
    if not isinstance(node, yaml.MappingNode):
        shape = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return error(display, lines.at(node.start_mark)[0], 1,
                     f"front matter must be keys with values, not {shape}",
                     "write one 'key: value' per line")
    return Document(display, node, lines, body)


def _syntax_error(exc: yaml.MarkedYAMLError, front: str, display: str, lines: Lines
                  ) -> Diagnostic:
    """Say what is wrong in our own words: the parser's wording changes between versions."""
    problem, context = exc.problem_mark, exc.context_mark
    # At the end of the text, the place where the unfinished construct began helps more.
    ended = problem is None or problem.index >= len(front.rstrip())
    mark = (context if ended and context is not None else problem) or context
    if mark is None:
        return error(display, lines.line_offset + 1, 0, "front matter is not valid YAML",
                     _GENERIC_HINT)
    line, column = lines.at(mark)
    line_text = front.split("\n")[line - lines.line_offset - 1] if line else ""
    what, hint = _yaml_problem(line_text, front[mark.index:mark.index + 1], ended)
    return error(display, line, column, f"front matter is not valid YAML: {what}", hint)


_GENERIC_HINT = "check the indentation and quote values that contain ':' or start with a symbol"


def _yaml_problem(line_text: str, char: str, ended: bool) -> tuple[str, str]:
    """(what is wrong, how to fix it), worked out from the text at the parser's mark."""
    start = line_text[:len(line_text) - len(line_text.lstrip(" \t-?"))]
    if "\t" in start:
        return ("a tab indents this line",
                "YAML does not allow tabs for indentation: use spaces")
    if line_text.startswith(("---", "...")):
        return ("a second YAML document starts here",
                "a line starting with '---' ends the front matter: remove it, or quote the value")
    if ended and char in "'\"":
        return ("the quoted value that starts here is never closed",
                "add the closing quote; a line '---' inside a quoted value ends the front matter")
    if char == "*":
        return ("'*' refers to an anchor that is not defined",
                "define the anchor with '&name' first, or quote a value that starts with '*'")
    if len(line_text.split(":", 1)[0]) > 1024:
        return "a key is longer than 1024 characters", "a key may be at most 1024 characters long"
    if ": " in line_text.split(": ", 1)[-1]:
        return ("a value contains ': '", "put the whole value in double quotes")
    return "the text here cannot be read", _GENERIC_HINT
