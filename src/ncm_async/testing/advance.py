"""Moving the simulator's clock forward: devices keep reporting while time passes.

``NcmSimulator.advance(delta)`` moves ``fleet.now`` by ``delta`` and widens the
window by as much, so the data served before stays served (nothing ages out),
and every device whose time-series was already generated reports new records in
``[old now, new now)`` at its own average rate. Series generated later cover the
widened window from the start, so what is served and the ground truth always
agree: both read the same store.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ncm_async.testing.tables import Series
from ncm_async.testing.truth import _GENERATORS as GENERATORS

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

_MICRO = timedelta(microseconds=1)


def advance(fleet: Fleet, delta: timedelta) -> int:
    """Move ``fleet`` forward by ``delta``; returns how many records were added.

    Raises:
        ValueError: ``delta`` is not positive.
    """
    if not isinstance(delta, timedelta) or delta <= timedelta(0):
        msg = f"advance needs a positive timedelta, got {delta!r}"
        raise ValueError(msg)
    start, span = fleet.now, fleet.window
    fleet.now += delta
    fleet.window += delta
    added = 0
    for endpoint, generate in GENERATORS.items():
        store = fleet.store(endpoint)
        if not isinstance(store, Series):
            continue
        for owner, rows in store.generated().items():
            if not rows:
                continue
            rng = fleet.rng("advance", endpoint, owner, fleet.now.isoformat())
            count = round(len(rows) * (delta / span))
            span_us = int(delta / _MICRO)
            times = sorted(start + _MICRO * rng.randrange(span_us) for _ in range(count))
            new = generate(fleet, owner, rng, times)
            store.add(owner, new)
            added += len(new)
    return added
