"""The seeded, deterministic fleet behind the simulator.

Construction builds only the backbone (accounts, products, firmwares, groups,
routers, net_devices), which keeps a 2,000-router fleet well under a second.
Every other endpoint's table, and every router's or net_device's time-series,
is built on first access from a random generator seeded by
``(seed, endpoint, owner)``, so the data depends only on ``(seed, routers, now)``
and never on the order of requests.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ncm_async.testing import backbone, records, series
from ncm_async.testing.endpoint import Paging
from ncm_async.testing.links import Urls
from ncm_async.testing.tables import Row, Series, Table
from ncm_async.testing.v2_docs import V2_DOCS

Store = Table | Series

_SERIES = {
    "router_state_samples": ("router", series.state_samples),
    "router_stream_usage_samples": ("router", series.stream_usage_samples),
    "router_alerts": ("router", series.router_alerts),
    "alerts": ("router", series.alerts),
    "router_logs": ("router", series.router_logs),
    "historical_locations": ("router", series.historical_locations),
    "net_device_signal_samples": ("net_device", series.signal_samples),
    "net_device_usage_samples": ("net_device", series.net_device_usage_samples),
}

PROFILES = ("quiet", "normal", "busy")
"""Activity of a router: no samples in the window, the usual few, or more than 500."""


class Fleet:
    """Every record the simulator serves, generated from ``(seed, routers, now)``.

    Attributes:
        now: The instant the data is generated back from.
        window: How far back time-series reach.
        density: Multiplier on time-series sample rates.
        router_ids / net_device_ids: Ids in id order, for tests to pick from.
        busy_router_ids: Routers with more than 500 state samples in the window.
        quiet_router_ids: Routers with no time-series samples at all.
    """

    def __init__(
        self,
        *,
        routers: int,
        seed: int,
        now: datetime,
        window: timedelta = timedelta(days=7),
        density: float = 1.0,
        urls: Urls | None = None,
    ):
        if routers < 0:
            msg = "routers must be >= 0"
            raise ValueError(msg)
        self.seed = seed
        self.now = now
        self.window = window
        self.density = density
        self.urls = urls or Urls()
        self.writes = 0
        self._next_ids: dict[str, int] = {}
        self._stores: dict[str, Store] = {}
        self.extra_tables: dict[str, Table] = {}
        self._deleted_routers: set[str] = set()
        bb = backbone.build(self, routers, self.rng("backbone"))
        self.root_account_id = bb.root_account_id
        self.profiles: dict[str, str] = bb.profiles
        self.router_net_devices: dict[str, list[str]] = bb.router_net_devices
        self.gps_router_ids: frozenset[str] = bb.gps_router_ids
        for name, rows in bb.tables.items():
            self._stores[name] = Table(name, V2_DOCS[name].id_field, rows)
        self.router_ids = [int(i) for i in self.router_net_devices]
        self.net_device_ids = [int(n) for ns in self.router_net_devices.values() for n in ns]
        self.busy_router_ids = [int(r) for r, p in self.profiles.items() if p == "busy"]
        self.quiet_router_ids = [int(r) for r, p in self.profiles.items() if p == "quiet"]

    @property
    def routers(self) -> list[dict[str, Any]]:
        """Router records in id order (the stored dicts: read, do not modify)."""
        return [r.data for r in self.table("routers").ordered()]

    @property
    def net_devices(self) -> list[dict[str, Any]]:
        """net_device records in id order (the stored dicts: read, do not modify)."""
        return [r.data for r in self.table("net_devices").ordered()]

    def rng(self, *parts: object) -> random.Random:
        """A generator seeded by the fleet seed and ``parts`` (stable across runs)."""
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))  # noqa: S311

    def new_id(self, endpoint: str) -> int:
        """The next unused integer id of an endpoint (above every generated one)."""
        current = self._next_ids.get(endpoint)
        if current is None:
            table = self.store(endpoint)
            existing = [int(k) for k in _ids(table)] if isinstance(table, Table) else []
            current = max(existing, default=100) + 1000
        self._next_ids[endpoint] = current + 1
        return current

    def store(self, endpoint: str) -> Store:
        """The endpoint's records, built on first access."""
        found = self._stores.get(endpoint)
        if found is None:
            found = self._build(endpoint)
            self._stores[endpoint] = found
        return found

    def table(self, endpoint: str) -> Table:
        """The endpoint's :class:`Table` (TypeError for time-series endpoints)."""
        found = self.store(endpoint)
        if not isinstance(found, Table):
            msg = f"{endpoint} is a time-series endpoint"
            raise TypeError(msg)
        return found

    def router(self, router_id: object) -> dict[str, Any] | None:
        """The router record with this id, or None."""
        row = self.table("routers").get(str(router_id))
        return row.data if row is not None else None

    def router_exists(self, router_id: str) -> bool:
        """Whether the router exists and was not deleted."""
        return router_id in self.router_net_devices and router_id not in self._deleted_routers

    def net_device_owner(self, net_device_id: str) -> str | None:
        """The router id of a net_device."""
        row = self.table("net_devices").get(net_device_id)
        if row is None:
            return None
        return str(row.hidden["router_id"])

    def delete_router(self, router_id: str) -> None:
        """Unregister a router: it and all of its data disappear (docs, DELETE)."""
        self._deleted_routers.add(router_id)
        for name, store in self._stores.items():
            if isinstance(store, Series):
                owners = [router_id]
                if store.owner_field == "net_device":
                    owners = self.router_net_devices.get(router_id, [])
                for owner in owners:
                    store.drop(owner)
            elif name == "net_devices":
                for nd in self.router_net_devices.get(router_id, []):
                    store.remove(nd)

    def _build(self, endpoint: str) -> Store:
        spec = V2_DOCS.get(endpoint)
        if spec is None or spec.paging is Paging.NONE:
            msg = f"no records for {endpoint!r}"
            raise KeyError(msg)
        if endpoint in _SERIES:
            owner_field, make = _SERIES[endpoint]
            return self._series(endpoint, owner_field, make)
        build = records.BUILDERS[endpoint]
        return Table(endpoint, spec.id_field, build(self, self.rng(endpoint)))

    def _series(self, endpoint: str, owner_field: str, make: Callable[..., list[Row]]) -> Series:
        if owner_field == "router":
            account_level = [""] if endpoint == "alerts" else []

            def owners() -> list[str]:
                return [*self.router_net_devices, *account_level]

            def exists(owner: str) -> bool:
                return self.router_exists(owner) or (owner == "" and bool(account_level))
        else:

            def owners() -> list[str]:
                return [n for ns in self.router_net_devices.values() for n in ns]

            def exists(owner: str) -> bool:
                router = self.net_device_owner(owner)
                return router is not None and self.router_exists(router)

        def generate(owner: str) -> list[Row]:
            return make(self, owner, self.rng(endpoint, owner))

        return Series(endpoint, owner_field, generate, owners, exists)


def _ids(table: Table) -> list[str]:
    return [i for i in (table.record_id(r) for r in table.ordered()) if i.isdigit()]
