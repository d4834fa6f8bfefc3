"""What validation hands on: values that passed, each mapping with where it was written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeAlias

Position = tuple[int, int]  # (line, column)
# A value as validation leaves it: text, a number, a date, `done`'s true or false, a list of
# values, or a nested mapping.
Value: TypeAlias = "str | int | float | bool | date | list[Value] | Checked"


@dataclass(frozen=True, slots=True)
class Checked:
    """A mapping that passed validation: its values by key, where it starts, and (for the
    front matter itself) where each of its keys is, so cross-file checks point at them."""

    values: Mapping[str, Value]
    at: Position
    keys_at: Mapping[str, Position] = field(default_factory=dict)

    def key_at(self, key: str) -> Position:
        """Where `key` is written; where the mapping starts when it is not."""
        return self.keys_at.get(key, self.at)

    def named(self) -> tuple[Named, ...]:
        """The entries of a mapping whose keys the writer names (a check-in's metrics)."""
        return tuple(Named(key, value, self.key_at(key)) for key, value in self.values.items())


@dataclass(frozen=True, slots=True)
class Named:
    """One entry of a freely named mapping: its name, its value and where the name is."""

    name: str
    value: Value
    at: Position
