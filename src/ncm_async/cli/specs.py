"""Pure parsing of the command line's structured inputs: ids, filters, fields, fault plans.

Like :mod:`ncm_async.cli.timespec`, nothing here touches files or the network;
callers pass lines in and get values or a user-facing ``ValueError`` out.

Fault spec (``--faults``/``--sim-faults``): comma-separated ``key=value`` items::

    transient=0.03            fraction of requests (0..1, or 3%) meeting a transient fault
    kinds=500+502+503+drop    which transient kinds (also: slow); default all
    slow=5s                   delay of a "slow" fault
    seed=7                    seed of the fault sequence and of the failing-router pick
    permanent=403:5           5 routers (picked by seed) always answer 403; repeatable
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from ncm_async.cli.timespec import parse_duration
from ncm_async.models.base import id_from_url
from ncm_async.testing import FaultPlan
from ncm_async.testing.faults import ALL_KINDS, FaultKind

_ID = re.compile(r"^\d+$")
_SEPARATORS = re.compile(r"[\s,;]+")


def parse_ids(lines: Iterable[str], *, source: str = "ids") -> list[str]:
    """Ids from an ``--ids`` file: one or more per line, ``#`` comments, blank lines.

    Values may be bare ids or resource URLs (``.../api/v2/routers/123/``), as
    exported from NCM. Duplicates are dropped (keeping the first), since each
    id queried twice would write its records twice.

    Raises:
        ValueError: A value that is not an id, naming its line; or no ids at all.
    """
    seen: dict[str, None] = {}
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip()
        for token in _SEPARATORS.split(text):
            if not token:
                continue
            value = id_from_url(token) if "/" in token else token
            if value is None or not _ID.match(value):
                msg = f"{source}, line {number}: {token!r} is not an id"
                raise ValueError(msg)
            seen.setdefault(value, None)
    if not seen:
        msg = f"{source}: no ids found"
        raise ValueError(msg)
    return list(seen)


def parse_filter(text: str) -> tuple[str, str]:
    """``state=online`` -> ``("state", "online")`` (validated later against the spec).

    Raises:
        ValueError: Not ``FIELD=VALUE``.
    """
    field, sep, value = text.partition("=")
    if not sep or not field.strip():
        msg = f"--filter {text!r} must be FIELD=VALUE (e.g. state=online, id__in=1,2)"
        raise ValueError(msg)
    return field.strip(), value.strip()


def parse_fields(text: str) -> tuple[str, ...]:
    """``id,name`` -> ``("id", "name")``.

    Raises:
        ValueError: No field names.
    """
    names = tuple(f.strip() for f in text.split(",") if f.strip())
    if not names:
        msg = "--fields needs at least one field name (e.g. --fields id,name)"
        raise ValueError(msg)
    return names


@attrs.frozen
class FaultSpec:
    """A parsed ``--faults`` value; :meth:`plan` turns it into a simulator ``FaultPlan``."""

    transient: float = 0.0
    kinds: tuple[FaultKind, ...] = ALL_KINDS
    slow_seconds: float = 5.0
    seed: int = 0
    permanent: tuple[tuple[int, int], ...] = ()
    """``(status, how many routers)`` pairs."""

    def plan(self, router_ids: Sequence[int]) -> FaultPlan:
        """The simulator's plan, picking the permanently failing routers by :attr:`seed`."""
        rng = random.Random(self.seed)  # noqa: S311 - a reproducible pick, not security
        pool = list(router_ids)
        failing: dict[object, int] = {}
        for status, count in self.permanent:
            picked = rng.sample(pool, min(count, len(pool)))
            pool = [r for r in pool if r not in set(picked)]
            failing.update({str(r): status for r in sorted(picked)})
        permanent: dict[str, Mapping[object, int]] = {"routers": failing} if failing else {}
        return FaultPlan(
            transient_rate=self.transient,
            kinds=self.kinds,
            seed=self.seed,
            slow_seconds=self.slow_seconds,
            permanent=permanent,
        )

    def describe(self) -> str:
        """A short echo of the spec for the startup banner."""
        parts = []
        if self.transient:
            parts.append(f"{self.transient:.1%} transient ({'+'.join(self.kinds)})")
        parts.extend(f"{count} routers answer {status}" for status, count in self.permanent)
        return ", ".join(parts) or "none"


def parse_faults(text: str) -> FaultSpec:
    """Parse a fault spec (grammar in the module docstring); ``none``/``off`` is no faults.

    Raises:
        ValueError: Unknown key, bad value, or a malformed item.
    """
    fields: dict[str, object] = {}
    permanent: list[tuple[int, int]] = []
    word = text.strip().lower()
    if word in {"", "none", "off"}:
        return FaultSpec()
    for item in word.split(","):
        key, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not value:
            msg = f"fault item {item.strip()!r} must be key=value (e.g. transient=0.03)"
            raise ValueError(msg)
        if key == "transient":
            fields["transient"] = _fraction(value)
        elif key == "kinds":
            fields["kinds"] = _kinds(value)
        elif key == "slow":
            fields["slow_seconds"] = parse_duration(value)
        elif key == "seed":
            fields["seed"] = _count(value, "seed", minimum=0)
        elif key == "permanent":
            permanent.append(_permanent(value))
        else:
            msg = f"unknown fault key {key!r} (known: transient, kinds, slow, seed, permanent)"
            raise ValueError(msg)
    return FaultSpec(permanent=tuple(permanent), **fields)  # type: ignore[arg-type]


def _fraction(value: str) -> float:
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        msg = f"transient={value} must be a fraction 0..1 or a percentage (e.g. 0.03 or 3%)"
        raise ValueError(msg)
    return number


def _kinds(value: str) -> tuple[FaultKind, ...]:
    chosen = tuple(k for k in value.split("+") if k)
    unknown = [k for k in chosen if k not in ALL_KINDS]
    if unknown or not chosen:
        msg = f"kinds={value}: choose from {'+'.join(ALL_KINDS)}"
        raise ValueError(msg)
    return tuple(k for k in ALL_KINDS if k in chosen)


def _permanent(value: str) -> tuple[int, int]:
    status, sep, count = value.partition(":")
    code = _count(status, "permanent status", minimum=400) if sep else 0
    if not sep or code > 599:
        msg = f"permanent={value} must be STATUS:COUNT with a 4xx/5xx status (e.g. 403:5)"
        raise ValueError(msg)
    return code, _count(count, "permanent count", minimum=1)


def _count(value: str, what: str, *, minimum: int) -> int:
    if not value.isdigit() or int(value) < minimum:
        msg = f"{what} must be a whole number >= {minimum}, got {value!r}"
        raise ValueError(msg)
    return int(value)
