"""Per-model structure/unstructure functions, generated once per class.

A bulk pull structures millions of records, so each model gets straight-line
Python specialised to its fields: no per-field dispatch, no validation of plain
values, one fast ``datetime.fromisoformat`` per timestamp. The shapes:

- a record with all of the model's keys (the usual case, even when the API
  adds new ones) is read with subscripts; a missing key (``KeyError``) or a
  smaller key count falls back to ``.get`` and records which keys were absent
  (the key sets seen are cached, so a page of projected records learns once);
- unknown keys go to ``record.extra``; absent ones are remembered so
  ``unstructure`` gives back the keys it was given (and, for records built in
  code, only the fields that are not None);
- a timestamp ``fromisoformat`` rejects goes through
  :func:`~ncm_async.models.base.parse_datetime`; if that fails too the field is
  None and the raw value is kept in ``extra`` under the field's name.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timezone
from typing import Any

import attrs
import orjson

from ncm_async.models.base import Record, parse_datetime

__all__ = ["Compiled", "compile_record"]

_SHAPE_CACHE_SIZE = 512


@attrs.frozen
class Compiled:
    """The generated functions of one model class."""

    one: Callable[..., Any]
    """``one(data, _type=None)``: a cattrs-style structure hook."""
    many: Callable[[Any], list[Any]]
    """``many(items)``: structure every item of an iterable."""
    unstructure: Callable[[Any], dict[str, Any]]
    """``unstructure(record)``: back to the API's JSON shape."""


def _is_datetime(tp: Any) -> bool:
    if tp is datetime:
        return True
    origin = typing.get_origin(tp)
    return origin in (typing.Union, types.UnionType) and datetime in typing.get_args(tp)


def _plan(cls: type[Record]) -> list[tuple[str, str, bool]]:
    """(attribute, API key, is_datetime) for every API field of ``cls``."""
    attrs.resolve_types(cls)
    return [
        (a.name, a.alias, _is_datetime(a.type))
        for a in attrs.fields(cls)
        if a.init and a.name != "extra"
    ]


def _iso(value: Any, _utc: timezone = UTC, _dumps: Any = orjson.dumps) -> Any:
    """``value.isoformat()``; for UTC via orjson, whose RFC 3339 output is identical
    (``+00:00``, 6 fraction digits or none) and three times faster."""
    if value.__class__ is datetime and value.tzinfo is _utc:
        return _dumps(value)[1:-1].decode()
    return value.isoformat() if isinstance(value, datetime) else value


def _merge_extra(out: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        if out.get(key) is None:
            out[key] = value


def _pick(d: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    picked = {}
    for key in keys:
        picked[key] = d[key]
    return picked


def _bad_datetime(obj: Record, key: str, raw: Any) -> datetime | None:
    try:
        return parse_datetime(raw)
    except (TypeError, ValueError):
        obj.extra[key] = raw
        return None


def _structure_body(plan: list[tuple[str, str, bool]], ind: str) -> list[str]:
    """Lines turning mapping ``d`` into the fields of the new object ``o``."""
    dts = {key: f"t{i}" for i, (_, key, is_dt) in enumerate(plan) if is_dt}

    def reads(getter: str, pad: str) -> list[str]:
        return [
            f"{pad}{dts[key]} = {getter.format(key=repr(key))}"
            if key in dts
            else f"{pad}o.{attr} = {getter.format(key=repr(key))}"
            for attr, key, _ in plan
        ]

    partial = [
        f"{ind}    s = _shapes.get(tuple(d))",
        f"{ind}    if s is None:",
        f"{ind}        s = _learn(d)",
        f"{ind}    o._absent = s[0]",
        f"{ind}    o.extra = _pick(d, s[1]) if s[1] else {{}}",
        f"{ind}    g = d.get",
        *reads("g({key})", ind + "    "),
    ]
    lines = [
        f"{ind}o = _new(_cls)",
        f"{ind}n = len(d)",
        f"{ind}if n >= {len(plan)}:",
        f"{ind}    try:",
        f"{ind}        pass",
        *reads("d[{key}]", ind + "        "),
        f"{ind}    except KeyError:",
        *["    " + line for line in partial],
        f"{ind}    else:",
        f"{ind}        o._absent = _FULL",
        f"{ind}        o.extra = {{}} if n == {len(plan)} else _extras(d)",
        f"{ind}else:",
        *partial,
    ]
    for attr, key, is_dt in plan:
        if not is_dt:
            continue
        t = dts[key]
        lines += [
            f"{ind}if {t} is not None:",
            f"{ind}    try:",
            f"{ind}        {t} = _fromiso({t})",
            f"{ind}    except (TypeError, ValueError):",
            f"{ind}        {t} = _bad_datetime(o, {key!r}, {t})",
            f"{ind}    else:",
            f"{ind}        if {t}.tzinfo is None:",
            f"{ind}            {t} = {t}.replace(tzinfo=_UTC)",
            f"{ind}o.{attr} = {t}",
        ]
    return lines


def _unstructure_source(plan: list[tuple[str, str, bool]]) -> list[str]:
    full = ", ".join(
        f"{key!r}: _iso(o.{attr})" if is_dt else f"{key!r}: o.{attr}" for attr, key, is_dt in plan
    )
    lines = [
        "def unstructure(o):",
        "    a = o._absent",
        "    if a is _FULL:",
        f"        out = {{{full}}}",
        "    else:",
        "        if a is None:",
        "            a = _KEYS",
        "        out = {}",
    ]
    for attr, key, is_dt in plan:
        if is_dt:
            lines += [
                f"        v = o.{attr}",
                "        if v is not None:",
                f"            out[{key!r}] = _iso(v)",
                f"        elif {key!r} not in a:",
                f"            out[{key!r}] = None",
            ]
        else:
            lines += [
                f"        v = o.{attr}",
                f"        if v is not None or {key!r} not in a:",
                f"            out[{key!r}] = v",
            ]
    lines += ["    e = o.extra", "    if e:", "        _merge_extra(out, e)", "    return out"]
    return lines


def compile_record(cls: type[Record]) -> Compiled:
    """Generate the structure and unstructure functions of one model class.

    Args:
        cls: An attrs class deriving from :class:`~ncm_async.models.base.Record`.

    Returns:
        The generated functions (build once per class and cache them).
    """
    plan = _plan(cls)
    keys = frozenset(key for _, key, _ in plan)
    shapes: dict[tuple[str, ...], tuple[frozenset[str], tuple[str, ...]]] = {}

    def learn(d: Mapping[str, Any]) -> tuple[frozenset[str], tuple[str, ...]]:
        present = tuple(d)
        shape = (keys.difference(present), tuple(k for k in present if k not in keys))
        if len(shapes) >= _SHAPE_CACHE_SIZE:
            shapes.clear()
        shapes[present] = shape
        return shape

    def extras(d: Mapping[str, Any]) -> dict[str, Any]:
        shape = shapes.get(tuple(d)) or learn(d)
        return _pick(d, shape[1])

    namespace: dict[str, Any] = {
        "_cls": cls,
        "_new": object.__new__,
        "_FULL": frozenset(),
        "_KEYS": keys,
        "_UTC": UTC,
        "_fromiso": datetime.fromisoformat,
        "_bad_datetime": _bad_datetime,
        "_iso": _iso,
        "_merge_extra": _merge_extra,
        "_shapes": shapes,
        "_learn": learn,
        "_extras": extras,
        "_pick": _pick,
    }
    source = [
        "def one(d, _type=None):",
        *_structure_body(plan, "    "),
        "    return o",
        "",
        "def many(items):",
        "    out = []",
        "    append = out.append",
        "    for d in items:",
        *_structure_body(plan, "        "),
        "        append(o)",
        "    return out",
        "",
        *_unstructure_source(plan),
    ]
    filename = f"<ncm_async generated {cls.__module__}.{cls.__qualname__}>"
    exec(compile("\n".join(source), filename, "exec"), namespace)  # noqa: S102
    return Compiled(namespace["one"], namespace["many"], namespace["unstructure"])
