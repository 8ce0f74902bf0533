"""Cost of turning API JSON into models, per record, measured in one run.

Compares, over N generated records of ``router_state_samples`` (small, the
bulk of fleet pulls) and ``net_devices`` (61 fields):

- ``orjson.loads`` of the page body (the floor: parsing the JSON),
- ``ncm_async.converter.structure_many`` of the parsed records,
- a naive ``cattrs.Converter()`` (the global converter's defaults plus a
  ``datetime.fromisoformat`` hook) structuring record by record,
- ``ncm_async.converter.unstructure`` back to dicts,
- the slower shapes: a ``fields=`` projection, a record with an unknown key.

Run: ``python benchmarks/bench_models.py [N]`` (default 10,000). Prints µs/record
and the ratios; best of several repeats, so noise inflates nothing.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import cattrs
import orjson

from ncm_async.converter import structure_many, unstructure
from ncm_async.models import NetDevice, RouterStateSample

BASE = "https://www.cradlepointecm.com/api/v2"
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def state_samples(n: int) -> list[dict[str, Any]]:
    return [
        {
            "created_at": (T0 + timedelta(seconds=37 * i, microseconds=i)).isoformat(),
            "created_at_timeuuid": f"{i:08x}-3611-11eb-9034-32d40d962d51",
            "period": 200.0 + i / 7,
            "router": f"{BASE}/routers/{2_000_000 + i % 5000}/",
            "state": ("online", "offline", "initialized")[i % 3],
        }
        for i in range(n)
    ]


def net_devices(n: int) -> list[dict[str, Any]]:
    names = [a.alias for a in attrs.fields(NetDevice) if a.init and a.name != "extra"]
    out = []
    for i in range(n):
        record: dict[str, Any] = {name: f"{name}-{i}" for name in names}
        record.update(
            account=f"{BASE}/accounts/{i % 7}/",
            channel=i % 11,
            id=str(30_000_000 + i),
            is_asset=True,
            is_gps_supported=bool(i % 2),
            is_upgrade_available=False,
            is_upgrade_supported=True,
            mtu=1428,
            resource_url=f"{BASE}/net_devices/{30_000_000 + i}/",
            router=f"{BASE}/routers/{2_000_000 + i % 5000}/",
            updated_at=(T0 + timedelta(seconds=i, microseconds=i)).isoformat(),
            uptime=1234.5 + i,
        )
        out.append(record)
    return out


def best_us(fn: Callable[[], object], n: int, repeat: int = 7) -> float:
    """Best time of ``repeat`` runs, in µs per record."""
    return min(timeit.repeat(fn, number=1, repeat=repeat)) / n * 1e6


def naive_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_structure_hook(datetime, lambda v, _: datetime.fromisoformat(v))
    return converter


def run(name: str, cls: type, records: list[dict[str, Any]]) -> None:
    n = len(records)
    body = orjson.dumps({"data": records})
    parsed = orjson.loads(body)["data"]
    naive = naive_converter()
    models = structure_many(parsed, cls)

    parse = best_us(lambda: orjson.loads(body), n)
    ours = best_us(lambda: structure_many(parsed, cls), n)
    cattrs_naive = best_us(lambda: [naive.structure(r, cls) for r in parsed], n, repeat=3)
    back = best_us(lambda: [unstructure(m) for m in models], n)

    print(f"{name}: {n} records, {len(body) / n:.0f} bytes/record")
    print(f"  orjson.loads            {parse:7.3f} µs/record")
    print(f"  structure_many          {ours:7.3f} µs/record   {ours / parse:5.2f}x orjson")
    print(
        f"  naive cattrs.structure  {cattrs_naive:7.3f} µs/record   "
        f"{cattrs_naive / ours:5.2f}x slower than structure_many"
    )
    print(f"  unstructure             {back:7.3f} µs/record   {back / parse:5.2f}x orjson")
    print(f"  loads + structure_many  {parse + ours:7.3f} µs/record")

    projected = [{"id": r.get("id"), "state": r.get("state")} for r in parsed]
    with_extra = [{**r, "unannounced_field": 1} for r in parsed]
    projection = best_us(lambda: structure_many(projected, cls), n)
    unknown = best_us(lambda: structure_many(with_extra, cls), n)
    print(f"  projection (2 fields)   {projection:7.3f} µs/record   {projection / ours:5.2f}x full")
    print(f"  with one unknown key    {unknown:7.3f} µs/record   {unknown / ours:5.2f}x full")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    run("router_state_samples", RouterStateSample, state_samples(n))
    run("net_devices", NetDevice, net_devices(n))


if __name__ == "__main__":
    main()
