"""Validating front matter nodes against the schema, collecting every problem at once."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from .diagnostics import Diagnostic, Severity, error, warning
from .schema import CURRENCY_PATTERN, EXTENSION_PREFIX, SLUG_PATTERN, Field
from .source import Document

# Every validated mapping records where it starts, (line, column), for later cross-checks.
AT = "@at"

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_TAG + "seq", _TAG + "map"}
_SAFE = yaml.SafeLoader("")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Invalid:
    """Marks a value that was present but wrong (already reported)."""


INVALID = _Invalid()


def slugify(text: str) -> str:
    """A best-effort slug, offered in hints and used for generated addresses."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "x"


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    """A "did you mean" hint for a value outside a vocabulary."""
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


@dataclass
class Checker:
    """Walks one document's nodes; collects diagnostics instead of stopping at the first."""

    doc: Document
    scenarios: tuple[str, ...]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)
    _alias_reported: bool = False

    def report(self, node: yaml.Node, message: str, hint: str = "",
               severity: Severity = Severity.ERROR) -> None:
        """Record a problem located at `node`."""
        make = error if severity is Severity.ERROR else warning
        self.diagnostics.append(
            make(self.doc.path, self.doc.line(node), self.doc.column(node), message, hint))

    def mapping(self, spec: Field, node: yaml.Node, where: str) -> dict[str, Any] | _Invalid:
        """Validate a mapping node; unknown keys warn, missing required keys fail."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{where or 'front matter'} must be keys with values, "
                              f"not {_shape(node)}", "write one 'key: value' per line")
            return INVALID
        values: dict[str, Any] = {AT: (self.doc.line(node), self.doc.column(node))}
        first_line: dict[str, int] = {}
        nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            if key in first_line:
                self.report(key_node, f"duplicate key '{_join(where, key)}' "
                                      f"(first given on line {first_line[key]})",
                            "keep one of them")
                continue
            first_line[key] = self.doc.line(key_node)
            nodes[key] = key_node
            sub = spec.child(key)
            if sub is None:
                self._unknown_key(spec, key_node, key, where)
                continue
            value = self.value(sub, value_node, _join(where, key))
            if value is not None:
                values[key] = value
        for sub in spec.fields:
            if sub.required and sub.name not in values:
                self.report(node, f"missing required key '{_join(where, sub.name)}'",
                            f"add '{sub.name}:' ({sub.doc})")
        self._relations(spec, values, nodes, where)
        return INVALID if any(v is INVALID for v in values.values()) else values

    def _relations(self, spec: Field, values: dict[str, Any], nodes: dict[str, yaml.Node],
                   where: str) -> None:
        """Check the declared relations between sibling keys (order of dates, companions)."""
        for sub in spec.fields:
            value = values.get(sub.name)
            if value is None or value is INVALID:
                continue
            earlier = values.get(sub.not_before)
            if isinstance(earlier, date) and value < earlier:
                self.report(nodes[sub.name], f"{_join(where, sub.name)} ({value}) is before "
                            f"{_join(where, sub.not_before)} ({earlier})",
                            "check both dates; one of them is probably mistyped")
            if sub.requires and sub.requires not in values and sub.requires not in nodes:
                self.report(nodes[sub.name], f"{_join(where, sub.name)} is given without "
                            f"{_join(where, sub.requires)}", f"add '{sub.requires}:' too")

    def value(self, spec: Field, node: yaml.Node, where: str) -> Any:
        """Validate one value; None when empty, INVALID when wrong."""
        if not self._plain_yaml(node, where):
            return INVALID
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
            return None
        if spec.kind == "mapping":
            return self.mapping(spec, node, where)
        if spec.kind == "list":
            return self.sequence(spec, node, where)
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, f"{where} must be {_expected(spec)}, not {_shape(node)}")
            return INVALID
        return self.scalar(spec, node, where)

    def sequence(self, spec: Field, node: yaml.Node, where: str) -> list[Any] | _Invalid:
        """Validate a list; a lone value where a list belongs is an error with the fix."""
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"{where} must be a list, not {_shape(node)}",
                        f"write '{where.split('.')[-1]}: [first, second]' "
                        "or one '- item' per line")
            return INVALID
        assert spec.item is not None
        items = [self.value(spec.item, item, f"{where}[{i}]")
                 for i, item in enumerate(node.value, start=1)]
        if any(item is INVALID for item in items):
            return INVALID
        return [item for item in items if item is not None]

    def scalar(self, spec: Field, node: yaml.ScalarNode, where: str) -> Any:
        """Validate a scalar according to its declared kind."""
        if spec.kind in ("date", "integer", "number", "boolean"):
            return self._typed(spec, node, where)
        # Text takes the value as written: `owner: No` is a name, not YAML's false.
        text = " ".join(str(node.value).split()) if spec.kind != "text" else node.value.strip()
        if not text:
            return None
        if spec.kind == "slug" and not re.match(SLUG_PATTERN, text):
            self.report(node, f"{where} must be a slug: lower-case letters, digits and hyphens "
                              f"(got '{text}')", f"use '{slugify(text)}'")
            return INVALID
        if spec.kind == "currency" and not re.match(CURRENCY_PATTERN, text):
            self.report(node, f"{where} must be a 3-letter currency code (got '{text}')",
                        f"use '{text.upper()}'" if re.match(r"^[a-zA-Z]{3}$", text)
                        else "for example EUR, USD or GBP")
            return INVALID
        choices = self.scenarios if spec.kind == "scenario" else spec.choices
        if choices and text not in choices:
            hint = suggest(text, choices)
            if spec.kind == "scenario":
                hint = hint or "declare new scenarios under the dealbook plugin in mkdocs.yml"
            self.report(node, f"{where} must be one of {', '.join(choices)} (got '{text}')", hint)
            return INVALID
        return text

    def _typed(self, spec: Field, node: yaml.ScalarNode, where: str) -> Any:
        tag = node.tag.removeprefix(_TAG)
        written = str(node.value)
        if spec.kind == "date":
            return self._date(node, tag, where)
        if spec.kind == "boolean":
            if tag == "bool":
                return _SAFE.construct_yaml_bool(node)
            self.report(node, f"{where} must be true or false (got '{written}')")
            return INVALID
        if tag == "int" or (spec.kind == "number" and tag == "float"):
            number = (_SAFE.construct_yaml_int(node) if tag == "int"
                      else _SAFE.construct_yaml_float(node))
            if math.isfinite(number) and (spec.minimum is None or number >= spec.minimum):
                return number
            self.report(node, f"{where} must be at least {spec.minimum} (got '{written}')")
            return INVALID
        self.report(node, f"{where} must be {_expected(spec)} (got '{written}')",
                    "write digits only, without separators, units or currency")
        return INVALID

    def _date(self, node: yaml.ScalarNode, tag: str, where: str) -> date | _Invalid:
        written = str(node.value).strip()
        if tag == "timestamp" or (tag == "str" and _ISO_DATE.match(written)):
            try:
                parsed = _SAFE.construct_yaml_timestamp(node) if tag == "timestamp" \
                    else date.fromisoformat(written)
            except ValueError:
                self.report(node, f"{where} is not a real date (got '{written}')",
                            "check the day and month")
                return INVALID
            return parsed.date() if isinstance(parsed, datetime) else parsed
        self.report(node, f"{where} must be a date written YYYY-MM-DD (got '{written}')",
                    "for example 2026-03-14")
        return INVALID

    def _plain_yaml(self, node: yaml.Node, where: str) -> bool:
        """Refuse YAML tags and reused collections (alias bombs expand exponentially)."""
        allowed = _PLAIN_TAGS if isinstance(node, yaml.ScalarNode) else _COLLECTION_TAGS
        if node.tag not in allowed:
            self.report(node, f"{where} uses the YAML tag '{node.tag}', which is not allowed",
                        "write plain values without '!' tags")
            return False
        if isinstance(node, yaml.ScalarNode):
            return True
        if id(node) in self._seen:
            if not self._alias_reported:  # once: a bomb reuses the same node thousands of times
                self.report(node, f"{where} reuses a list or mapping through a YAML alias",
                            "write the value out instead of using '&anchor' and '*alias'")
                self._alias_reported = True
            return False
        self._seen.add(id(node))
        return True

    def _unknown_key(self, spec: Field, key_node: yaml.Node, key: str, where: str) -> None:
        if key.startswith(EXTENSION_PREFIX):
            return
        known = [f.name for f in spec.fields]
        hint = suggest(key, known) or (
            f"known keys: {', '.join(known)}; custom keys must start with '{EXTENSION_PREFIX}'")
        self.report(key_node, f"unknown key '{_join(where, key)}'", hint, Severity.WARNING)


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
             ) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Validate a document's front matter; values are None when any error was found."""
    checker = Checker(doc, scenarios)
    values = checker.mapping(spec, doc.front, "")
    failed = isinstance(values, _Invalid) or any(
        d.severity is Severity.ERROR for d in checker.diagnostics)
    return (None if failed else values), checker.diagnostics  # type: ignore[return-value]
