"""From validated values to the typed model, driven by the declarations.

One converter for every document type: a model class is a frozen dataclass whose attributes
are named like the keys of its declaration. Nested mappings (and lists of them) become the
dataclass named by the attribute's type; an absent key becomes its declared default, else
nothing of its kind (empty text, an empty tuple, None). What the front matter does not hold
(the file's path, its body, what later stages add) is marked GIVEN and passed by the caller;
`line` and `column` are where the mapping was written. A `done` key fills two attributes:
`<key>`, whether it was done, and `<key>_on`, the date when the review gives one. An absent
mapping whose attribute may be None is None. A mapping whose keys the writer names (a
check-in's metrics) becomes a tuple of `Named` entries.
"""

from __future__ import annotations

import dataclasses
import types
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
class _Plan:
    """How to fill one model class from one declaration, worked out once."""

    slots: dict[str, _Slot]  # by key
    empty: dict[str, object]  # each declared attribute as it is when its key is absent
    positions: tuple[tuple[str, int], ...]  # `line` and `column`, if the class has them


@dataclass(frozen=True)
class _Slot:
    """One declared key as an attribute of a model class."""

    name: str
    spec: Field
    nested: type | None  # the model class of a mapping, or of a list's mapping entries
    empty: object  # its value when the key is absent

    @property
    def plain(self) -> bool:
        """Taken as validation left it: text, a number, a date."""
        return self.nested is None and self.spec.kind not in ("list", "done", "mapping")


def from_checked(cls: type[Model], spec: Field, checked: Checked | None, **extra: object
                 ) -> Model:
    """A `cls` from a validated mapping declared by `spec` (None: the mapping is absent)."""
    plan = _plan(cls, spec)
    kwargs = dict(plan.empty)
    if checked is not None:
        for key, value in checked.values.items():  # validation keeps no empty values
            slot = plan.slots[key]
            if slot.plain:
                kwargs[key] = value
            elif slot.spec.kind == "done":
                kwargs[key] = value is not False
                kwargs[key + DONE_ON] = value if isinstance(value, date) else None
            else:
                kwargs[key] = _convert(slot, value)
        kwargs.update((name, checked.at[i]) for name, i in plan.positions)
    return cls(**kwargs, **extra)


def absent(cls: type, spec: Field) -> dict[str, object]:
    """Each declared attribute's value when its key is not written."""
    return dict(_plan(cls, spec).empty)


def _convert(slot: _Slot, value: Value) -> object:
    if isinstance(value, Checked):
        if slot.nested is None:  # its keys are named by the writer
            return value.named()
        return from_checked(slot.nested, slot.spec, value)
    if not isinstance(value, list):
        return value
    if slot.nested is not None:
        assert slot.spec.item is not None
        return tuple(from_checked(slot.nested, slot.spec.item, item)  # type: ignore[arg-type]
                     for item in value)
    return tuple(dict.fromkeys(value)) if slot.spec.distinct else tuple(value)


# By class and declaration; declarations are module constants, alive as long as the process.
_PLANS: dict[tuple[type, int], _Plan] = {}


def _plan(cls: type, spec: Field) -> _Plan:
    """The declared keys of `cls` and its positions, once per class and declaration."""
    key = (cls, id(spec))
    if key not in _PLANS:
        hints = typing.get_type_hints(cls)
        if missing := [sub.name for sub in spec.fields if sub.name not in hints]:
            raise TypeError(f"{cls.__name__} has no attribute for {', '.join(missing)}, "
                            f"declared in '{spec.name}'")
        slots = {sub.name: _slot(sub, hints[sub.name]) for sub in spec.fields}
        empty = {name: slot.empty for name, slot in slots.items()}
        empty.update((name + DONE_ON, None) for name, slot in slots.items()
                     if slot.spec.kind == "done")
        _PLANS[key] = _Plan(slots, empty,
                            tuple((p, i) for i, p in enumerate(POSITIONS) if p in hints))
    return _PLANS[key]


def _slot(spec: Field, hint: object) -> _Slot:
    target = spec.item if spec.kind == "list" and spec.item is not None else spec
    nested = _model_class(hint) if _declared_mapping(target) else None
    if spec.kind == "list" or (spec.kind == "mapping" and nested is None):
        empty: object = ()
    elif nested is not None:
        empty = None if _optional(hint) else from_checked(nested, spec, None)
    elif spec.default is not None:
        empty = spec.default
    else:
        empty = "" if spec.kind == "text" else None
    return _Slot(spec.name, spec, nested, empty)


def _declared_mapping(spec: Field) -> bool:
    """A mapping of declared keys, which a model class holds (not one of freely named keys)."""
    return spec.kind == "mapping" and spec.item is None


def _optional(hint: object) -> bool:
    """`SecondDebrief | None`: an absent mapping is None, not its empty model object."""
    return isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)


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
    hints = typing.get_type_hints(cls)
    for sub in spec.fields:
        inner = sub.item if sub.kind == "list" and sub.item is not None else sub
        if _declared_mapping(inner) and sub.name in hints:
            found += mismatches(_model_class(hints[sub.name]), inner)
    return found
