"""Whether a final review is a complete one: the substance of the one-page form is there
(errors leave the review out of the site) and nothing falls short of it (warnings).

Validation says each value is well formed; this says the form was filled in. A review is final
unless it says `status: draft`, and drafts are not checked: they are work in progress.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import yaml

from generator.base.diagnostics import Diagnostic, Severity, error, warning
from generator.check.checked import Checked, Value
from generator.read.source import Document
from generator.schema.fields import (
    FINAL_REVIEW,
    NONE_WORD,
    PLACEHOLDER,
    REVIEW,
    FinalRule,
    default_choice,
)

_STATUS = default_choice(REVIEW, "status")
_DRAFT_HINT = "or keep 'status: draft' until it is"


def check_final(doc: Document, values: Checked) -> list[Diagnostic]:
    """Every way a final review falls short of the form, at the line to fix."""
    if values.values.get("status", _STATUS) != "final":
        return []
    found: list[Diagnostic] = []
    missing: list[str] = []  # keys reported as errors: no warnings about their parts
    for rule in FINAL_REVIEW:
        if (rule.signed_only and values.values.get("signed") is None) or any(
                rule.key.startswith(f"{key}.") for key in missing):
            continue
        problem = _shortfall(doc, values, rule)
        if problem is not None:
            found.append(problem)
            missing += [rule.key] if problem.severity is Severity.ERROR else []
    return found + list(_placeholders(doc))


def _shortfall(doc: Document, values: Checked, rule: FinalRule) -> Diagnostic | None:
    value: Value | None = values
    for part in rule.key.split("."):
        value = value.values.get(part) if isinstance(value, Checked) else None
    if rule.among and isinstance(value, Checked):
        value = replace(value, values={k: v for k, v in value.values.items() if k in rule.among})
    have = _amount(value)
    if have >= rule.least or _said_none(doc.front, rule.key):
        return None
    written = _node(doc.front, rule.key) is not None
    state = "empty" if written else "missing"
    line, column = _where(doc, rule.key)
    if rule.severity == "error" and rule.among:
        return error(doc.path, line, column, f"{rule.key} has none of {', '.join(rule.among)}, "
                     "and a final review of a signed deal needs them",
                     f"write {rule.doc}, {_DRAFT_HINT}")
    if rule.severity == "error":
        return error(doc.path, line, column, f"{rule.key} is {state}, and a final review "
                     "needs it", f"write {rule.doc}, {_DRAFT_HINT}")
    wanted = "at least one" if rule.least == 1 else str(rule.least)
    given = f"has only {have}" if have else f"is {state}"
    return warning(doc.path, line, column, f"{rule.key} {given}; the review form asks for "
                   f"{wanted}", f"add {rule.doc}")


def _amount(value: Value | None) -> int:
    """How much is written: list entries, or 1 for any text, date or filled-in mapping."""
    if isinstance(value, list):
        return len(value)
    if isinstance(value, Checked):
        return int(any(_amount(v) for v in value.values.values()))
    return int(value not in (None, ""))


def _said_none(front: yaml.MappingNode, key: str) -> bool:
    node = _node(front, key)
    return isinstance(node, yaml.ScalarNode) and node.value == NONE_WORD


def _entry(node: yaml.Node | None, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    """A mapping's (key node, value node) for `name`, if written."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in node.value if k.value == name), None)


def _node(front: yaml.MappingNode, key: str) -> yaml.Node | None:
    node: yaml.Node | None = front
    for part in key.split("."):
        entry = _entry(node, part)
        node = entry[1] if entry else None
    return node


def _where(doc: Document, key: str) -> tuple[int, int]:
    """The deepest written part of a dotted key (the key itself, or its parent), else the
    line saying `status: final`, else the front matter's first line."""
    status = _entry(doc.front, "status")
    found = status[0] if status else None
    node: yaml.Node = doc.front
    for part in key.split("."):
        entry = _entry(node, part)
        if entry is None:
            break
        found, node = entry
    return (doc.line(found), doc.column(found)) if found else (doc.line(doc.front), 1)


def _placeholders(doc: Document) -> Iterator[Diagnostic]:
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        column = line.find(PLACEHOLDER)
        if column >= 0:
            yield error(doc.path, number, column + 1, "the template's placeholder "
                        f"'{_clip(line.strip())}' is still here",
                        f"write the real date and event, or delete the line, {_DRAFT_HINT}")


def _clip(text: str) -> str:
    return text if len(text) <= 60 else re.sub(r"\s+\S*$", "", text[:60]) + "…"
