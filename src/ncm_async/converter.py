"""Records in and out: API JSON <-> model instances, fast.

A private :class:`cattrs.Converter` (never the global one) carries hooks for
every model class; the hooks are generated per class by
:mod:`ncm_async.models._codegen` (straight-line code, no per-field dispatch, no
validation of plain values). The functions here are the SDK's only entry points:

- :func:`structure` / :func:`structure_many`: JSON objects -> models (the hot
  path of bulk pulls: a state sample costs about 1.5x parsing its JSON);
- :func:`unstructure`: a model -> the API's JSON shape;
- :func:`structure_resource` / :func:`structure_resources`: v3 JSON:API
  resource objects -> :class:`~ncm_async.models.v3.V3Resource`.

Round trip: ``unstructure(structure(d, cls)) == d`` for any JSON object ``d``,
modulo these normalisations: timestamps are written as ``datetime.isoformat()``
(``Z`` and ``%2B00:00`` become ``+00:00``, a space separator becomes ``T``,
fractions are written with 6 digits or none, naive values gain ``+00:00``).
Keys absent from the input stay absent; unknown keys come back from ``extra``.
Nested dicts and lists are shared, not copied.

Wrong shapes (a list or string where a record object is expected, a record
where an array is expected) raise :class:`~ncm_async.errors.ResponseValidationError`.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import cattrs

from ncm_async.errors import ResponseValidationError
from ncm_async.models._codegen import Compiled, compile_record
from ncm_async.models.base import Record
from ncm_async.models.v3 import V3Resource

__all__ = [
    "structure",
    "structure_many",
    "structure_resource",
    "structure_resources",
    "unstructure",
]

T = TypeVar("T")
R = TypeVar("R", bound=Record)

_compiled: dict[type, Compiled] = {}
_unstructurers: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _compiled_for(cls: type) -> Compiled:
    found = _compiled.get(cls)
    if found is None:
        found = _compiled[cls] = compile_record(cls)
    return found


def _is_record(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Record)


def _unstructure_hook(cls: type) -> Callable[[Any], dict[str, Any]]:
    found = _unstructurers.get(cls)
    if found is not None:
        return found
    base = _compiled_for(cls).unstructure
    if not issubclass(cls, V3Resource):
        _unstructurers[cls] = base
        return base

    def unstructure_resource(obj: V3Resource[Any]) -> dict[str, Any]:
        out = base(obj)
        if isinstance(obj.attributes, Record):
            out["attributes"] = unstructure(obj.attributes)
        return out

    _unstructurers[cls] = unstructure_resource
    return unstructure_resource


def _is_v3_alias(tp: Any) -> bool:
    return typing.get_origin(tp) is V3Resource


def _v3_alias_hook(tp: Any) -> Callable[..., V3Resource[Any]]:
    (attributes_cls,) = typing.get_args(tp)

    def structure_v3(data: Mapping[str, Any], _type: Any = None) -> V3Resource[Any]:
        return structure_resource(data, attributes_cls)

    return structure_v3


_converter = cattrs.Converter()
_converter.register_structure_hook_factory(_is_record, lambda cls: _compiled_for(cls).one)
_converter.register_structure_hook_factory(_is_v3_alias, _v3_alias_hook)
_converter.register_unstructure_hook_factory(_is_record, _unstructure_hook)


def _describe(value: object) -> str:
    if isinstance(value, Mapping):
        return "a JSON object"
    if isinstance(value, (list, tuple)):
        return "a JSON array"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (bool, int, float)):
        return f"{value!r}"
    return f"a {type(value).__name__}"


def _name(cls: Any) -> str:
    return str(getattr(cls, "__name__", cls))


def _shape_error(cls: Any, value: object, where: str = "") -> ResponseValidationError:
    return ResponseValidationError(
        f"expected a JSON object for {_name(cls)}{where}, got {_describe(value)}"
    )


def structure(data: Mapping[str, Any], cls: type[T]) -> T:
    """Build one model from one JSON object.

    Args:
        data: A decoded JSON object (a record, possibly projected by ``fields=``).
        cls: The model class (any class the private converter handles).

    Returns:
        The model instance. Plain values are passed through unvalidated;
        timestamps become aware datetimes.

    Raises:
        ResponseValidationError: ``data`` is not a JSON object.
    """
    try:
        if cls in _compiled:
            one: Callable[[Any], T] = _compiled[cls].one
            return one(data)
        return _converter.structure(data, cls)
    except (TypeError, AttributeError, LookupError) as exc:
        if not isinstance(data, Mapping):
            raise _shape_error(cls, data) from exc
        raise


def structure_many(items: Sequence[Mapping[str, Any]], cls: type[T]) -> list[T]:
    """Build a model from every JSON object of a page (the bulk hot path).

    Args:
        items: The page's decoded ``data`` array.
        cls: The model class (``V3Resource[X]`` structures v3 resources).

    Returns:
        The models, in order.

    Raises:
        ResponseValidationError: ``items`` is not an array, or one item is not a
            JSON object (the message gives its index).
    """
    if not isinstance(items, (list, tuple)) and (
        isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable)
    ):
        raise ResponseValidationError(
            f"expected a JSON array of {_name(cls)} records, got {_describe(items)}"
        )
    try:
        if _is_record(cls):
            return _compiled_for(cls).many(items)
        hook = _converter.get_structure_hook(cls)
        out = []
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                raise _shape_error(cls, item, f" at index {index}")
            out.append(hook(item, cls))
        return out
    except (TypeError, AttributeError, LookupError) as exc:
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                raise _shape_error(cls, item, f" at index {index}") from exc
        raise


def unstructure(obj: Record) -> dict[str, Any]:
    """Turn a model back into the API's JSON shape.

    Field names are the API's (a deprecated field is written under its API
    name), timestamps become ISO 8601 strings and ``extra`` keys are merged in
    (a field's non-None value wins over an ``extra`` entry of the same name).
    For a record structured from the API, keys that were absent stay absent; for
    one built in code, None fields are left out, so it can serve as a PUT/POST
    body of just the fields that were set.

    Args:
        obj: A model instance.

    Returns:
        A JSON-ready dict (nested dicts/lists are shared with ``obj``).
    """
    fn = _unstructurers.get(obj.__class__)
    if fn is None:
        if not _is_record(obj.__class__):
            raise TypeError(f"not a model: {type(obj).__name__}")
        fn = _unstructure_hook(obj.__class__)
    return fn(obj)


def _structure_attributes(resource: V3Resource[Any], cls: type[Record]) -> None:
    raw = resource.attributes
    if raw is not None:
        if not isinstance(raw, Mapping):
            raise _shape_error(cls, raw, " attributes")
        resource.attributes = structure(raw, cls)


def structure_resource(doc: Mapping[str, Any], cls: type[R]) -> V3Resource[R]:
    """Build a v3 resource from a JSON:API resource object.

    Args:
        doc: A resource object ``{id, type, attributes, relationships, links}``;
            a single-resource document ``{"data": {...}}`` is unwrapped.
        cls: The attributes class of the resource type (an endpoint's ``spec.model``).

    Returns:
        A :class:`V3Resource` whose ``attributes`` is a ``cls`` instance.

    Raises:
        ResponseValidationError: ``doc`` or its ``attributes`` is not a JSON object.
    """
    if isinstance(doc, Mapping) and "type" not in doc and isinstance(doc.get("data"), Mapping):
        doc = doc["data"]
    resource: V3Resource[Any] = structure(doc, V3Resource)
    _structure_attributes(resource, cls)
    return resource


def structure_resources(docs: Sequence[Mapping[str, Any]], cls: type[R]) -> list[V3Resource[R]]:
    """Build a v3 resource from every resource object of a page's ``data`` array.

    Args:
        docs: The page's resource objects.
        cls: The attributes class of the resource type.

    Returns:
        The resources, in order.

    Raises:
        ResponseValidationError: ``docs`` is not an array, or an item or its
            ``attributes`` is not a JSON object.
    """
    resources: list[V3Resource[Any]] = structure_many(docs, V3Resource)
    for resource in resources:
        _structure_attributes(resource, cls)
    return resources
