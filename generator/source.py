"""Reading content files: bytes → text → front matter node tree + body, with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

from .diagnostics import Diagnostic, error

# A review is a page of text; anything this big is a paste gone wrong, and would slow every build.
MAX_FILE_BYTES = 1_000_000

_HANDLER = YAMLHandler()
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HAS_LIBYAML = _LOADER is not yaml.SafeLoader


@dataclass(frozen=True)
class Document:
    """A content file split into its front matter (as YAML nodes) and its Markdown body."""

    path: str
    front: yaml.MappingNode
    line_offset: int
    body: str

    def line(self, node: yaml.Node) -> int:
        """The 1-based line in the file where `node` starts."""
        return node.start_mark.line + self.line_offset + 1

    def column(self, node: yaml.Node) -> int:
        """The 1-based column in the file where `node` starts."""
        return node.start_mark.column + 1


def read_document(file_path: Path, display: str) -> Document | Diagnostic:
    """Read one content file; a problem that stops reading it comes back as a Diagnostic."""
    try:
        raw = file_path.read_bytes()
    except OSError as exc:
        return error(display, 0, 0, f"cannot read the file: {exc.strerror}")
    if len(raw) > MAX_FILE_BYTES:
        return error(display, 0, 0, f"file is {len(raw):,} bytes, over the limit of "
                     f"{MAX_FILE_BYTES:,}", "a review is a page of text; move attachments out")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        return error(display, line, column,
                     f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                     "save it as UTF-8 in your editor")
    return split_document(text.replace("\r\n", "\n").replace("\r", "\n"), display)


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
    return parse_front(text[opening.end():closing.start()], text[closing.end():].lstrip("\n"),
                       display, line_offset)


def parse_front(front: str, body: str, display: str, line_offset: int) -> Document | Diagnostic:
    """Compose the front matter into YAML nodes, which keep the line of every value."""
    try:
        node = yaml.compose(front, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        # At the end of the text, the place where the unfinished construct began helps more.
        ended = "end of stream" in problem and exc.context_mark is not None
        mark = (exc.context_mark if ended else exc.problem_mark) or exc.context_mark
        line_text = front.split("\n")[mark.line] if mark else ""
        return error(display, mark.line + line_offset + 1 if mark else 1,
                     mark.column + 1 if mark else 0, f"front matter is not valid YAML: {problem}",
                     _yaml_hint(problem, line_text))
    except yaml.YAMLError as exc:
        return error(display, 1, 0, f"front matter is not valid YAML: {exc}")
    except RecursionError:
        return error(display, 1, 0, "front matter is nested too deeply")
    if node is None:
        return error(display, line_offset + 1, 1, "front matter is empty",
                     "add at least the required keys")
    if not isinstance(node, yaml.MappingNode):
        shape = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return error(display, node.start_mark.line + line_offset + 1, 1,
                     f"front matter must be keys with values, not {shape}",
                     "write one 'key: value' per line")
    return Document(display, node, line_offset, body)


def _yaml_hint(problem: str, line_text: str) -> str:
    if "\t" in line_text[:len(line_text) - len(line_text.lstrip())]:
        return "YAML does not allow tabs for indentation: use spaces"
    if "mapping values are not allowed" in problem:
        return "a value contains ': ' — put the whole value in double quotes"
    return "check the indentation and quote values that contain ':' or start with a symbol"
