"""Table rows kept from one build to the next while serving.

The pattern tables list every review, hundreds to tens of thousands of rows, and an edit
changes one review's rows: a rebuild reuses the others. A row is written in a template as a
`call` block given the values it shows, `{% call(update, deal) row(item.update, item.deal) %}
<tr>…</tr>{% endcall %}`, and is reused while those values are the last build's (an unchanged
review is the same object, check/load.py). That is sound only if the block reads nothing
else, which `unkeyed_names` checks of every template before a page is rendered.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import jinja2
from jinja2 import nodes
from markupsafe import Markup

# Printed as they are, compared by value; any other value is compared by identity.
_VALUES = frozenset({str, Markup, int, float, bool, type(None), date})
# What a row block may read besides its parameters: the addresses, the page's own.
KEYED_NAMES = frozenset({"to", "page_uri"})

RowKey = tuple[object, ...]  # what makes the row, objects by their id()


class RenderedRows:
    """The table rows rendered in this build and the last. Each row is kept with the objects
    it was made of, which keeps their id() theirs."""

    def __init__(self) -> None:
        self.current: dict[RowKey, tuple[tuple[object, ...], Markup]] = {}
        self.last: dict[RowKey, tuple[tuple[object, ...], Markup]] = {}
        # Rendering in this process, so the next build can have the rows: `row` keeps them
        # only then. A worker's rows are lost with it, and keying them cost a cold build of
        # 10,000 reviews 1.4 s of 32 (a review table's rows, shared between the pages of one
        # build, are kept anyway).
        self.in_process = True

    def row(self, key: RowKey, objects: tuple[object, ...], render: Callable[[], Markup]
            ) -> Markup:
        found = self.current.get(key) or self.last.get(key)
        if found is None or not all(map(operator.is_, found[0], objects)):
            found = (objects, render())
        self.current[key] = found
        return found[1]

    def next_build(self) -> None:
        """Forget the rows the last build rendered and this one did not use."""
        self.last, self.current = self.current, {}


@jinja2.pass_context
def row(context: Any, *values: object, caller: jinja2.runtime.Macro) -> Markup:
    """One row of a table, made by the `call` block around it from `values` alone."""
    rows: RenderedRows = context["rendered_rows"]
    if not rows.in_process:
        return Markup(caller(*values))
    to = context["to"]
    # The block's code tells two tables of one page apart. One loop: a row's whole cost when
    # it is reused, a hundred thousand times in a rebuild at 10,000 reviews.
    key: list[object] = [caller._func.__code__, context["page_uri"], id(to)]
    objects = [to]
    for value in values:
        kind = type(value)
        if kind in _VALUES:
            key += (kind, value)  # True and 1 are equal keys, but print differently
        else:
            key.append(id(value))
            objects.append(value)
    return rows.row(tuple(key), tuple(objects), lambda: Markup(caller(*values)))


def unkeyed_names(source: str, env: jinja2.Environment) -> Iterator[tuple[int, str]]:
    """(line, problem) for each `row` block of a template that reads a name it is not given
    (its parameters, `to`, `page_uri`, the environment's globals, what it sets itself) or
    names fewer or more parameters than the values it is given."""
    for block in env.parse(source).find_all(nodes.CallBlock):
        call = block.call
        if not (isinstance(call.node, nodes.Name) and call.node.name == "row"):
            continue
        if len(block.args) != len(call.args) or call.kwargs or call.dyn_args:
            yield block.lineno, (f"the row block is given {len(call.args)} values but names "
                                 f"{len(block.args)} in call(…)")
        names = [name for statement in block.body for name in statement.find_all(nodes.Name)]
        known = ({arg.name for arg in block.args} | KEYED_NAMES | set(env.globals)
                 | {name.name for name in names if name.ctx in ("store", "param")})
        for name in names:
            if name.ctx == "load" and name.name not in known:
                yield name.lineno, (f"the row block reads `{name.name}`, which it is not "
                                    "given: pass it to row(…) and name it in call(…)")
