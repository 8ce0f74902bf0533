"""Seeded transient faults and permanent per-device failures.

Transient faults are drawn per request, in arrival order, from a generator
seeded by :attr:`FaultPlan.seed`: the same request sequence meets the same
faults. A faulted request is answered before it is handled, so it never
changes data and a retry gets the right answer. Permanent faults model devices
a key may not read: every request that names such a router (``router=``,
``router__in`` containing it, ``router_id=``, ``/routers/<id>/``, ``id`` on
routers) fails the same way every time.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

FaultKind = Literal["500", "502", "503", "drop", "slow"]
ALL_KINDS: tuple[FaultKind, ...] = ("500", "502", "503", "drop", "slow")

_DEVICE_FIELDS = {
    "routers": frozenset({"router", "router_id"}),
    "net_devices": frozenset({"net_device"}),
}


def _normalize(permanent: Mapping[str, Mapping[object, int]]) -> Mapping[str, Mapping[str, int]]:
    return {kind: {str(k): int(v) for k, v in ids.items()} for kind, ids in permanent.items()}


@attrs.frozen
class FaultPlan:
    """Which faults the simulator injects.

    Attributes:
        transient_rate: Fraction of requests (0..1) that meet a transient fault.
        kinds: Transient fault kinds drawn from uniformly: ``"500"`` (the
            documented ``cp internal error shard-router-N`` body), ``"502"`` and
            ``"503"`` (HTML pages from the load balancer), ``"drop"`` (connection
            closed mid-response) and ``"slow"`` (answered after ``slow_seconds``).
        seed: Seed of the fault sequence.
        slow_seconds: Delay of a ``"slow"`` fault.
        permanent: ``{"routers": {router_id: status}, "net_devices": {...}}``:
            requests naming one of these devices always get ``status``.
    """

    transient_rate: float = 0.0
    kinds: tuple[FaultKind, ...] = ALL_KINDS
    seed: int = 0
    slow_seconds: float = 5.0
    permanent: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict, converter=_normalize)

    def __attrs_post_init__(self) -> None:
        if not 0.0 <= self.transient_rate <= 1.0:
            msg = "transient_rate must be within 0..1"
            raise ValueError(msg)
        unknown = set(self.kinds) - set(ALL_KINDS)
        if unknown or not self.kinds:
            msg = f"fault kinds must be a non-empty subset of {ALL_KINDS}"
            raise ValueError(msg)
        unknown_devices = set(self.permanent) - set(_DEVICE_FIELDS)
        if unknown_devices:
            msg = (
                f"permanent faults apply to {sorted(_DEVICE_FIELDS)}, not {sorted(unknown_devices)}"
            )
            raise ValueError(msg)


class FaultInjector:
    """Draws the transient fault of each request from the plan's seeded sequence."""

    def __init__(self, plan: FaultPlan):
        self.plan = plan
        self._rng = random.Random(plan.seed)  # noqa: S311 - simulated faults, not security

    def draw(self) -> FaultKind | None:
        """The fault for the next request, or None (one draw per request)."""
        if self.plan.transient_rate <= 0.0:
            return None
        roll = self._rng.random()
        kind = self._rng.choice(self.plan.kinds)
        return kind if roll < self.plan.transient_rate else None

    def permanent_status(self, endpoint: str, named: Iterable[tuple[str, str]]) -> int | None:
        """The status owed to a request naming ``(field, id)`` pairs on ``endpoint``."""
        for device, fields in _DEVICE_FIELDS.items():
            failing = self.plan.permanent.get(device)
            if not failing:
                continue
            for field, value in named:
                hit = field in fields or (field == "id" and endpoint == device)
                if hit and value in failing:
                    return failing[value]
        return None
