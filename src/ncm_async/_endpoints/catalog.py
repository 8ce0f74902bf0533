"""How a catalog is written: a class whose annotated attributes are the endpoints.

Each attribute is one endpoint: its name is the attribute (``ncm.v2.<name>``),
its annotation is its kind parameterised by its model (:mod:`.kinds`), and its
value holds the remaining facts (paging, filters, ...). :func:`collect` turns
the class into the name -> :class:`EndpointSpec` table every layer reads; the
client's namespaces inherit the class, so mypy and editors see the same
annotation as the attribute's type.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ncm_async._endpoints.kinds import methods_of
from ncm_async._endpoints.spec import EndpointSpec


@attrs.frozen
class Entry:
    """The value side of a catalog line: every fact but name, kind and model."""

    facts: Mapping[str, Any]


def entry(**facts: Any) -> Any:
    """A catalog line's value (typed Any so it can stand under its kind annotation)."""
    return Entry(MappingProxyType(facts))


Finish = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]


def collect(catalog: type[Any], finish: Finish) -> MappingProxyType[str, EndpointSpec]:
    """Every endpoint of ``catalog`` by name, in declaration order.

    ``finish(name, facts)`` supplies the version's defaults (path, page sizes, ...).

    Raises:
        TypeError: An annotated attribute without an :func:`entry` value, or the reverse.
    """
    annotations: Mapping[str, Any] = inspect.get_annotations(catalog, eval_str=True)
    values = {k: v for k, v in vars(catalog).items() if isinstance(v, Entry)}
    if set(values) != set(annotations):
        odd = sorted(set(values) ^ set(annotations))
        msg = f"{catalog.__name__}: annotations and entries differ: {odd}"
        raise TypeError(msg)
    specs = {}
    for name, annotation in annotations.items():
        kind = typing.get_origin(annotation) or annotation
        (model,) = typing.get_args(annotation) or (None,)
        facts = finish(name, values[name].facts)
        specs[name] = EndpointSpec(
            name=name, methods=methods_of(kind), kind=kind, model=model, **facts
        )
    return MappingProxyType(specs)
