"""From validated values to the typed model, driven by the declarations.

One converter for every document type: a model class is a frozen dataclass whose attributes
are named like the keys of its declaration. Nested mappings (and lists of them) become the
dataclass named by the attribute's type; an absent key becomes its declared default, else
nothing of its kind (empty text, an empty tuple, None). What the front matter does not hold
(the file's path, its body, what later stages add) is marked GIVEN and passed by the caller;
`line` and `column` are where the mapping was written. A `done` key fills two attributes:
`<key>`, whether it was done, and `<key>_on`, the date when the review gives one.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from generator.check.checked import Checked, Value
from generator.schema.fields import Field

Model = TypeVar("Model")
POSITIONS = ("line", "column")
DONE_ON = "_on"  # suffix of the attribute holding a `done` key's date
# Marks a model attribute the front matter does not hold: `field(metadata=GIVEN)`; the caller
# passes it, or its default stands.
GIVEN = {"given": True}


@dataclass(frozen=True)
class _Slot:
    """One declared key as an attribute of a model class."""

    name: str
    spec: Field
    nested: type | None  # the model class of a mapping, or of a list's mapping entries
    empty: object  # its value when the key is absent


def from_checked(cls: type[Model], spec: Field, checked: Checked | None, **extra: object
                 ) -> Model:
    """A `cls` from a validated mapping declared by `spec` (None: the mapping is absent)."""
    values = {} if checked is None else checked.values
    kwargs: dict[str, object] = {}
    for slot in _slots(cls, spec):
        value = values.get(slot.name)
        if slot.spec.kind == "done":
            kwargs[slot.name] = slot.empty if value is None else value is not False
            kwargs[slot.name + DONE_ON] = value if isinstance(value, date) else None
        else:
            kwargs[slot.name] = slot.empty if value is None else _convert(slot, value)
    if checked is not None:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs.update((p, at) for p, at in zip(POSITIONS, checked.at, strict=True) if p in names)
    return cls(**kwargs, **extra)


def absent(cls: type, spec: Field) -> dict[str, object]:
    """Each declared attribute's value when its key is not written."""
    return {slot.name: slot.empty for slot in _slots(cls, spec)}


def _convert(slot: _Slot, value: Value) -> object:
    if isinstance(value, Checked):
        assert slot.nested is not None
        return from_checked(slot.nested, slot.spec, value)
    if not isinstance(value, list):
        return value
    if slot.nested is not None:
        assert slot.spec.item is not None
        return tuple(from_checked(slot.nested, slot.spec.item, item)  # type: ignore[arg-type]
                     for item in value)
    return tuple(dict.fromkeys(value)) if slot.spec.distinct else tuple(value)


_SLOTS: dict[tuple[type, int], tuple[_Slot, ...]] = {}


def _slots(cls: type, spec: Field) -> tuple[_Slot, ...]:
    """The declared keys of `cls`, worked out once per class and declaration."""
    key = (cls, id(spec))
    if key not in _SLOTS:
        hints = typing.get_type_hints(cls)
        _SLOTS[key] = tuple(_slot(sub, hints[sub.name]) for sub in spec.fields
                            if sub.name in hints)
    return _SLOTS[key]


def _slot(spec: Field, hint: object) -> _Slot:
    target = spec.item if spec.kind == "list" and spec.item is not None else spec
    nested = _model_class(hint) if target.kind == "mapping" else None
    if spec.kind == "list":
        empty: object = ()
    elif nested is not None:
        empty = from_checked(nested, spec, None)
    elif spec.default is not None:
        empty = spec.default
    else:
        empty = "" if spec.kind == "text" else None
    return _Slot(spec.name, spec, nested, empty)


def _model_class(hint: object) -> type:
    """The dataclass in `Outcome` or `tuple[Risk, ...]`."""
    found = [t for t in (hint, *typing.get_args(hint)) if dataclasses.is_dataclass(t)]
    assert found and isinstance(found[0], type), f"no model class in {hint}"
    return found[0]


def mismatches(cls: type, spec: Field) -> list[str]:
    """Where a model class and its declaration disagree, nested classes included: a declared
    key without an attribute, or an attribute neither declared nor marked GIVEN."""
    attributes = {f.name: f for f in dataclasses.fields(cls)}
    declared = {sub.name for sub in spec.fields}
    declared |= {sub.name + DONE_ON for sub in spec.fields if sub.kind == "done"}
    found = [f"{cls.__name__}: no attribute for the declared key '{name}'"
             for name in sorted(declared - set(attributes))]
    found += [f"{cls.__name__}.{name} is neither declared in '{spec.name}' nor GIVEN"
              for name, attribute in attributes.items()
              if name not in declared and name not in POSITIONS
              and not attribute.metadata.get("given")]
    for slot in _slots(cls, spec):
        if slot.nested is not None:
            inner = slot.spec.item if slot.spec.kind == "list" else slot.spec
            assert inner is not None
            found += mismatches(slot.nested, inner)
    return found
