"""Validating front matter nodes against the schema, collecting every problem at once."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeAlias

import yaml

from generator.base.diagnostics import Diagnostic, Severity, error, warning
from generator.base.text import CHOICES_SHOWN, listed, show, suggest
from generator.check.checked import Checked, Value
from generator.read.source import Document
from generator.schema.fields import (
    CURRENCY_PATTERN,
    EARLIEST_DATE,
    EXTENSION_PREFIX,
    LATEST_DATE,
    MAX_VALUE,
    NONE_WORD,
    Field,
)
from generator.schema.slugs import slug_problem

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_TAG + "seq", _TAG + "map"}
_SAFE = yaml.SafeLoader("")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Plain decimal only: YAML 1.1 would also read 1:30 as 90 (base 60) and 012 as 10 (octal).
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9_]*)(\.[0-9_]*)?([eE][-+]?[0-9]+)?$")
# Text with ': ' in it reads as a key with a value, unless quoted.
_COLON_HINT = "a ': ' inside text starts a key: put the whole text in double quotes"
MAX_PROBLEMS = 20  # per file: past that, more messages only bury the first ones


class _TooManyProblems(Exception):
    """Stops validating a file once it has MAX_PROBLEMS problems."""


class _Invalid:
    """Marks a value that was present but wrong (already reported)."""


INVALID = _Invalid()
# What validating one value gives: the value, INVALID (reported), or None (empty).
_Result: TypeAlias = "Value | _Invalid | None"


@dataclass
class Checker:
    """Walks one document's nodes; collects diagnostics instead of stopping at the first."""

    doc: Document
    scenarios: tuple[str, ...]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)  # values met as mapping values
    _walked: set[int] = field(default_factory=set)  # collections validated
    _alias_reported: bool = False

    def report(self, node: yaml.Node, message: str, hint: str = "",
               severity: Severity = Severity.ERROR) -> None:
        """Record a problem located at `node`; give up on the file past MAX_PROBLEMS."""
        if len(self.diagnostics) >= MAX_PROBLEMS:
            self.diagnostics.append(error(self.doc.path, self.doc.line(node),
                                          self.doc.column(node),
                                          f"more than {MAX_PROBLEMS} problems: stopped "
                                          "checking this file", "fix these first"))
            raise _TooManyProblems
        make = error if severity is Severity.ERROR else warning
        self.diagnostics.append(
            make(self.doc.path, self.doc.line(node), self.doc.column(node), message, hint))

    def mapping(self, spec: Field, node: yaml.Node, where: str) -> Checked | _Invalid:
        """Validate a mapping node; unknown keys warn, missing required keys fail."""
        if not isinstance(node, yaml.MappingNode):
            keys = ", ".join(f.name for f in spec.fields)
            self.report(node, f"{where or 'front matter'} must be keys with values, "
                              f"not {_shape(node)}", "write one 'key: value' per line"
                        + (f", indented under it ({keys})" if where and keys else ""))
            return INVALID
        values: dict[str, Value | _Invalid] = {}
        entries = self._entries(node, where)
        for key, (key_node, value_node) in entries.items():
            sub = spec.child(key) or spec.item
            if sub is None:
                self._unknown_key(spec, key_node, key, where)
                continue
            # A reused scalar (alias) carries its anchor's position: point at this key instead.
            at = key_node if id(value_node) in self._seen else None
            self._seen.add(id(value_node))
            value = self.value(sub, value_node, _join(where, key), at)
            if value is not None:
                values[key] = value
            elif sub.required:
                self.report(key_node, f"{_join(where, key)} is empty", f"fill it in: {sub.doc}")
        for sub in spec.fields:
            if sub.required and sub.name not in entries:
                self.report(node, f"missing required key '{_join(where, sub.name)}'",
                            f"add '{sub.name}:' ({sub.doc})")
        self._relations(spec, values, {k: e[0] for k, e in entries.items()}, where)
        checked = {k: v for k, v in values.items() if not isinstance(v, _Invalid)}
        if len(checked) < len(values):
            return INVALID
        # The front matter's own keys, and freely named ones: cross-file checks point at them.
        keys_at = {} if where and spec.item is None else {
            key: (self.doc.line(k), self.doc.column(k)) for key, (k, _) in entries.items()}
        return Checked(checked, (self.doc.line(node), self.doc.column(node)), keys_at)

    def _entries(self, node: yaml.MappingNode, where: str
                 ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The keys with their key and value nodes. Keys YAML allows but a review cannot use
        (lists as keys, merge keys, repeated keys) are reported and left out."""
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(key_node, f"a key in {where or 'the front matter'} is a list or "
                            "mapping", "keys are plain names such as 'title'")
            elif key_node.tag == _TAG + "merge":
                self.report(key_node, "YAML merge keys ('<<') are not supported",
                            "write the keys out in full")
            elif str(key_node.value) in entries:
                key = str(key_node.value)
                self.report(key_node, f"duplicate key '{show(_join(where, key))}' (first given "
                            f"on line {self.doc.line(entries[key][0])})", "keep one of them")
            else:
                entries[str(key_node.value)] = (key_node, value_node)
        return entries

    def _relations(self, spec: Field, values: dict[str, Value | _Invalid],
                   nodes: dict[str, yaml.Node], where: str) -> None:
        """Check the declared relations between sibling keys (order of dates, companions)."""
        for sub in spec.fields:
            value = values.get(sub.name)
            if value is None or value is INVALID:
                continue
            earlier = values.get(sub.not_before)
            if isinstance(earlier, date) and isinstance(value, date) and value < earlier:
                self.report(nodes[sub.name], f"{_join(where, sub.name)} ({value}) is before "
                            f"{_join(where, sub.not_before)} ({earlier})",
                            "check both dates; one of them is probably mistyped")
            if sub.requires and sub.requires not in values and sub.requires not in nodes:
                self.report(nodes[sub.name], f"{_join(where, sub.name)} is given without "
                            f"{_join(where, sub.requires)}", f"add '{sub.requires}:' too")

    def value(self, spec: Field, node: yaml.Node, where: str, at: yaml.Node | None = None
              ) -> _Result:
        """Validate one value; None when empty, INVALID when wrong. Problems are reported at
        `at` when given (the key of a reused value), else at the value."""
        if not self._plain_yaml(node, where, at):
            return INVALID
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
            return None
        if spec.kind == "mapping":
            return self.mapping(spec, node, where)
        if spec.kind == "list":
            return self.sequence(spec, node, where)
        if not isinstance(node, yaml.ScalarNode):
            self.report(at or node, f"{where} must be {_expected(spec)}, not {_shape(node)}",
                        _COLON_HINT if _colon_in_item(node, where) else "")
            return INVALID
        return self.scalar(spec, node, where, at or node)

    def sequence(self, spec: Field, node: yaml.Node, where: str) -> list[Value] | _Invalid:
        """Validate a list; a lone value where a list belongs is an error with the fix."""
        if spec.none_word and isinstance(node, yaml.ScalarNode) and node.value == NONE_WORD:
            return []  # said to be empty; completeness.py tells it from a list left empty
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"{where} must be a list, not {_shape(node)}",
                        f"write '{where.split('.')[-1]}: [first, second]' "
                        "or one '- item' per line"
                        + (f", or '{NONE_WORD}' if there are none" if spec.none_word else ""))
            return INVALID
        assert spec.item is not None
        if spec.max_items is not None and len(node.value) > spec.max_items:
            self.report(node, f"{where} has {len(node.value):,} entries, over the limit of "
                        f"{spec.max_items}", "keep the ones that matter most")
            return INVALID
        items = [self.value(spec.item, item, f"{where}[{i}]")
                 for i, item in enumerate(node.value, start=1)]
        valid = [item for item in items if not isinstance(item, _Invalid)]
        if len(valid) < len(items):
            return INVALID
        return [item for item in valid if item is not None]

    def scalar(self, spec: Field, node: yaml.ScalarNode, where: str, at: yaml.Node) -> _Result:
        """Validate a scalar according to its declared kind."""
        if spec.kind in ("date", "integer", "number", "boolean", "done"):
            return self._typed(spec, node, where, at)
        # Text takes the value as written: `owner: No` is a name, not YAML's false.
        text = " ".join(str(node.value).split()) if spec.kind != "text" else node.value.strip()
        if not text:
            return None
        if spec.kind == "slug" and (problem := slug_problem(text, where)):
            self.report(at, *problem)
            return INVALID
        if spec.kind == "currency" and not re.match(CURRENCY_PATTERN, text):
            self.report(at, f"{where} must be a 3-letter currency code (got '{show(text)}')",
                        f"use '{text.upper()}'" if re.match(r"^[a-zA-Z]{3}$", text)
                        else "for example EUR, USD or GBP")
            return INVALID
        choices = self.scenarios if spec.kind == "scenario" else spec.choices
        if choices and text not in choices:
            hint = dict(spec.mistakes).get(text.lower()) or suggest(text, choices)
            if spec.kind == "scenario":
                hint = hint or "declare new scenarios under the dealbook plugin in mkdocs.yml"
            self.report(at, f"{where} must be one of {listed(choices, CHOICES_SHOWN)} "
                            f"(got '{show(text)}')", hint)
            return INVALID
        return text

    def _typed(self, spec: Field, node: yaml.ScalarNode, where: str, at: yaml.Node) -> _Result:
        tag = node.tag.removeprefix(_TAG)
        written = str(node.value)
        if spec.kind == "date":
            return self._date(node, tag, where, at)
        quoted = tag == "str" and node.style in ("'", '"')
        if spec.kind == "done" and tag != "bool" and written.lower() not in ("true", "false"):
            if tag == "timestamp" or _ISO_DATE.match(written.strip()):
                return self._date(node, tag, where, at)
            self.report(at, f"{where} must be the date it was done, true or false "
                            f"(got '{show(written)}')", "for example 2026-03-14")
            return INVALID
        if spec.kind in ("boolean", "done"):  # a `done` here is YAML's true or false
            if tag == "bool":
                return _SAFE.construct_yaml_bool(node)
            self.report(at, f"{where} must be true or false (got {_quote(written, quoted)})",
                        "remove the quotes" if quoted else "")
            return INVALID
        if tag in ("int", "float") and _DECIMAL.match(written):
            return self._number(spec, node, where, at)
        if quoted:
            hint = "remove the quotes"
        elif tag in ("int", "float"):
            hint = "write plain decimal digits, without a leading zero or ':'"
        else:
            hint = "write digits only, without separators, units or currency"
        self.report(at, f"{where} must be {_expected(spec)} (got {_quote(written, quoted)})",
                    hint)
        return INVALID

    def _number(self, spec: Field, node: yaml.ScalarNode, where: str, at: yaml.Node) -> _Result:
        written = str(node.value)
        digits = written.replace("_", "")
        whole = re.match(r"^[-+]?[0-9]+$", digits) is not None
        if spec.kind == "integer" and not whole:
            self.report(at, f"{where} must be a whole number (got '{show(written)}')",
                        "round it to a whole number")
            return INVALID
        try:
            number: float = int(digits) if whole else float(digits)
        except ValueError:  # past Python's limit on the digits of an int
            number = -math.inf if digits.startswith("-") else math.inf
        if spec.minimum is not None and number < spec.minimum:
            self.report(at, f"{where} must be at least {spec.minimum} (got '{show(written)}')")
            return INVALID
        maximum = MAX_VALUE if spec.maximum is None else spec.maximum
        if number > maximum:
            self.report(at, f"{where} must be at most {maximum:,} (got '{show(written)}')",
                        "a larger value is almost certainly a typo")
            return INVALID
        return number

    def _date(self, node: yaml.ScalarNode, tag: str, where: str, at: yaml.Node
              ) -> date | _Invalid:
        written = str(node.value).strip()
        if tag == "timestamp" or (tag == "str" and _ISO_DATE.match(written)):
            try:
                parsed = _SAFE.construct_yaml_timestamp(node) if tag == "timestamp" \
                    else date.fromisoformat(written)
            except ValueError:
                self.report(at, f"{where} is not a real date (got '{show(written)}')",
                            "check the day and month")
                return INVALID
            day = parsed.date() if isinstance(parsed, datetime) else parsed
            if not EARLIEST_DATE <= day <= LATEST_DATE:
                self.report(at, f"{where} must be between {EARLIEST_DATE} and {LATEST_DATE} "
                                f"(got '{show(written)}')", "check the year")
                return INVALID
            return day
        self.report(at, f"{where} must be a date written YYYY-MM-DD (got '{show(written)}')",
                    "for example 2026-03-14")
        return INVALID

    def _plain_yaml(self, node: yaml.Node, where: str, at: yaml.Node | None = None) -> bool:
        """Refuse YAML tags and reused collections (alias bombs expand exponentially)."""
        allowed = _PLAIN_TAGS if isinstance(node, yaml.ScalarNode) else _COLLECTION_TAGS
        if node.tag not in allowed:
            self.report(at or node, f"{where} uses the YAML tag '{show(node.tag)}', which is "
                        "not allowed", "write plain values without '!' tags")
            return False
        if isinstance(node, yaml.ScalarNode):
            return True
        if id(node) in self._walked:
            if not self._alias_reported:  # once: a bomb reuses the same node thousands of times
                self.report(at or node, f"{where} reuses a list or mapping through a YAML "
                            "alias", "write the value out instead of using '&anchor' and "
                            "'*alias'")
                self._alias_reported = True
            return False
        self._walked.add(id(node))
        return True

    def _unknown_key(self, spec: Field, key_node: yaml.Node, key: str, where: str) -> None:
        if key.startswith(EXTENSION_PREFIX):
            return
        known = [f.name for f in spec.fields]
        hint = suggest(key, known) or (
            f"known keys: {listed(known, CHOICES_SHOWN)}; custom keys must start with "
            f"'{EXTENSION_PREFIX}'")
        self.report(key_node, f"unknown key '{show(_join(where, key))}'", hint,
                    Severity.WARNING)


def _colon_in_item(node: yaml.Node, where: str) -> bool:
    """`- Lesson: show the plan first` in a list of texts: YAML reads one key with a value."""
    return (where.endswith("]") and isinstance(node, yaml.MappingNode)
            and not node.flow_style and len(node.value) == 1)


def _quote(written: str, quoted: bool) -> str:
    return f"the quoted text '{show(written)}'" if quoted else f"'{show(written)}'"


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "keys with values"
    return f"'{node.value}'"


def _expected(spec: Field) -> str:
    return {
        "date": "a date written YYYY-MM-DD", "integer": "a whole number",
        "number": "a number", "boolean": "true or false",
    }.get(spec.kind, "text")


def validate(doc: Document, spec: Field, scenarios: tuple[str, ...]
             ) -> tuple[Checked | None, list[Diagnostic]]:
    """Validate a document's front matter; values are None when any error was found."""
    checker = Checker(doc, scenarios)
    try:
        values = checker.mapping(spec, doc.front, "")
    except _TooManyProblems:
        return None, checker.diagnostics
    if isinstance(values, _Invalid) or any(
            d.severity is Severity.ERROR for d in checker.diagnostics):
        return None, checker.diagnostics
    return values, checker.diagnostics
