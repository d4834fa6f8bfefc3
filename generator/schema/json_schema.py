"""JSON Schemas of the front matter, derived from the schema declarations for editors.

Editors read YAML 1.2, where an unquoted 2026-03-14 is a string, so dates are strings with a
date pattern. Empty values are allowed wherever the validator treats them as absent. A rule
JSON Schema cannot express (one date not before another) is said in the description.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.schema.fields import (
    CURRENCY_PATTERN,
    EARLIEST_DATE,
    EXTENSION_PREFIX,
    LATEST_DATE,
    LOG,
    NONE_WORD,
    QUESTION,
    REVIEW,
    SLUG_PATTERN,
    Field,
)
from generator.schema.plans import PLAN

SCHEMA_FILES = {"review.schema.json": REVIEW, "question.schema.json": QUESTION,
                "plan.schema.json": PLAN, "log.schema.json": LOG}


def json_schema(spec: Field, scenarios: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of one front matter declaration. Draft-07, the newest draft that
    editors' validators (Ajv's default, the YAML language server) all understand."""
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "title": f"Dealbook {spec.name}", "description": spec.doc,
            **_node(spec, scenarios, top=True)}


def _node(spec: Field, scenarios: tuple[str, ...], top: bool = False) -> dict[str, Any]:
    node: dict[str, Any] = {} if top else {"description": _describe(spec)}
    if spec.kind == "mapping" and spec.item is not None:  # keys named freely
        value = _node(spec.item, scenarios)
        if spec.item.kind == "text":  # a reading is text as written: `3` and `99.9` too
            value["type"] = ["string", "number", "boolean", "null"]
        node.update(type=["object", "null"], additionalProperties=value)
        return node
    if spec.kind == "mapping":
        node.update(type="object", additionalProperties=False,
                    patternProperties={f"^{EXTENSION_PREFIX}": {}},
                    properties={f.name: _node(f, scenarios) for f in spec.fields})
        required = [f.name for f in spec.fields if f.required]
        companions = {f.name: [f.requires] for f in spec.fields if f.requires}
        if required:
            node["required"] = required
        if companions:
            node["dependencies"] = companions
        return node
    if spec.kind == "list":
        assert spec.item is not None
        node.update(type=["array", "null"], items=_node(spec.item, scenarios))
        if spec.max_items is not None:
            node["maxItems"] = spec.max_items
        if spec.none_word:  # or the one word that says there are none
            node.update(type=["array", "null", "string"], **{"if": {"type": "string"},
                        "then": {"const": NONE_WORD}})
        return node
    node.update(_scalar(spec, scenarios))
    if not spec.required:
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        node["type"] = [*types, "null"]
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
    return node


def _scalar(spec: Field, scenarios: tuple[str, ...]) -> dict[str, Any]:
    if spec.kind == "choice":
        return {"type": "string", "enum": list(spec.choices)}
    if spec.kind == "scenario":
        return {"type": "string", "enum": list(scenarios)}
    if spec.kind in ("integer", "number"):
        found: dict[str, Any] = {"type": spec.kind}
        if spec.minimum is not None:
            found["minimum"] = spec.minimum
        if spec.maximum is not None:
            found["maximum"] = spec.maximum
        return found
    if spec.kind == "boolean":
        return {"type": "boolean"}
    if spec.kind == "done":
        return {"type": ["boolean", "string"], "pattern": _date_pattern()}
    pattern = {"slug": SLUG_PATTERN, "date": _date_pattern(), "currency": CURRENCY_PATTERN
               }.get(spec.kind)
    return {"type": "string", "pattern": pattern} if pattern else {"type": "string"}


def _date_pattern() -> str:
    """YYYY-MM-DD within the years of the date bounds (the bounds' days are said in the
    description: a pattern cannot compare dates)."""
    years = _digits_pattern(EARLIEST_DATE.year, LATEST_DATE.year, 4)
    return rf"^{years}-\d{{2}}-\d{{2}}$"


def _digits_pattern(low: int, high: int, width: int) -> str:
    """A regular expression for the numbers low..high written with `width` digits, such as
    19[7-9]\\d|2[01]\\d\\d for 1970..2199."""
    if width == 0:
        return ""
    if (low, high) == (0, 10**width - 1):
        return r"\d" * width
    step = 10 ** (width - 1)
    groups: list[tuple[int, int, str]] = []  # runs of leading digits with the same rest
    for lead in range(low // step, high // step + 1):
        rest = _digits_pattern(max(low - lead * step, 0), min(high - lead * step, step - 1),
                               width - 1)
        if groups and groups[-1][2] == rest:
            groups[-1] = (groups[-1][0], lead, rest)
        else:
            groups.append((lead, lead, rest))
    parts = [(f"{a}" if a == b else f"[{a}{'-' if b > a + 1 else ''}{b}]") + rest
             for a, b, rest in groups]
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def _describe(spec: Field) -> str:
    rules = [f"between {EARLIEST_DATE} and {LATEST_DATE}"] if spec.kind == "date" else []
    if spec.not_before:
        rules.append(f"not before `{spec.not_before}`")
    return f"{spec.doc}; {', '.join(rules)}" if rules else spec.doc


def render_schemas(scenario_keys: tuple[str, ...]) -> dict[str, str]:
    """The schema files' text, keyed by file name, with a project's scenarios."""
    return {name: json.dumps(json_schema(spec, scenario_keys), indent=2) + "\n"
            for name, spec in SCHEMA_FILES.items()}


def write_schemas(scenario_keys: tuple[str, ...], folder: Path) -> list[Path]:
    """Write the schema files into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas(scenario_keys).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
