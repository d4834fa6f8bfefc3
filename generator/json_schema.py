"""JSON Schemas of the front matter, derived from the schema declarations for editors.

Editors read YAML 1.2, where an unquoted 2026-03-14 is a string, so dates are strings with a
date pattern. Empty values are allowed wherever the validator treats them as absent. A rule
JSON Schema cannot express (one date not before another) is said in the description.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .schema import (
    CURRENCY_PATTERN,
    EXTENSION_PREFIX,
    NONE_WORD,
    QUESTION,
    REVIEW,
    SLUG_PATTERN,
    Field,
)
from .settings import Settings

SCHEMA_FILES = {"review.schema.json": REVIEW, "question.schema.json": QUESTION}
_DATE = r"^\d{4}-\d{2}-\d{2}$"


def json_schema(spec: Field, scenarios: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of one front matter declaration. Draft-07, the newest draft that
    editors' validators (Ajv's default, the YAML language server) all understand."""
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "title": f"Dealbook {spec.name}", "description": spec.doc,
            **_node(spec, scenarios, top=True)}


def _node(spec: Field, scenarios: tuple[str, ...], top: bool = False) -> dict[str, Any]:
    node: dict[str, Any] = {} if top else {"description": _describe(spec)}
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
        if spec.none_word:  # or the one word that says there are none
            node.update(type=["array", "null", "string"], **{"if": {"type": "string"},
                        "then": {"const": NONE_WORD}})
        return node
    node.update(_scalar(spec, scenarios))
    if not spec.required:
        node["type"] = [node["type"], "null"]
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
        return found
    if spec.kind == "boolean":
        return {"type": "boolean"}
    pattern = {"slug": SLUG_PATTERN, "date": _DATE, "currency": CURRENCY_PATTERN}.get(spec.kind)
    return {"type": "string", "pattern": pattern} if pattern else {"type": "string"}


def _describe(spec: Field) -> str:
    if spec.not_before:
        return f"{spec.doc}; not before `{spec.not_before}`"
    return spec.doc


def render_schemas(settings: Settings) -> dict[str, str]:
    """The schema files' text, keyed by file name, with this project's scenarios."""
    return {name: json.dumps(json_schema(spec, settings.scenario_keys), indent=2) + "\n"
            for name, spec in SCHEMA_FILES.items()}


def write_schemas(settings: Settings, folder: Path) -> list[Path]:
    """Write the schema files into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas(settings).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
