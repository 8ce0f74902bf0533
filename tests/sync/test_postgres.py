"""The PostgreSQL target against a real server: same layout and guarantees as SQLite.

asyncpg runs on asyncio only, so these tests do too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import asyncpg
import pytest
from pg_server import postgres_server
from sync_support import FAST, NOW, SINCE, pages_per_batch, truth_rows

from ncm_async.sync import SyncLockedError, open_target
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

_names = itertools.count()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with postgres_server(tmp_path_factory.mktemp("pg")) as dsn:
        yield dsn


@pytest.fixture
async def dsn(server: str) -> str:
    name = f"sync_{next(_names)}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return server.rsplit("/", 1)[0] + "/" + name


async def _rows(dsn: str, table: str) -> dict[tuple[str, str], dict[str, object]]:
    conn = await asyncpg.connect(dsn)
    try:
        found = await conn.fetch(f'SELECT * FROM "{table}"')
    finally:
        await conn.close()
    out: dict[tuple[str, str], dict[str, object]] = {}
    for record in found:
        row = dict(record)
        key = (row.pop("router_id"), row["created_at_timeuuid"])
        assert key not in out
        out[key] = row
    return out


async def test_incremental_sync_into_postgres(dsn: str) -> None:
    sim = NcmSimulator(routers=150, seed=11, now=NOW)
    ids = sim.fleet.router_ids
    endpoint = "router_state_samples"

    async def sync() -> object:
        async with sim.client(rate_limit=FAST) as ncm:
            sim.reset_requests()
            return await ncm.bulk.sync(
                ncm.v2.router_state_samples, key="router", ids=ids, into=dsn, since=SINCE
            )

    first = await sync()
    truth = truth_rows(sim, endpoint, ids, created_at__gt=SINCE)
    rows = await _rows(dsn, endpoint)
    assert set(rows) == set(truth)
    for key, record in truth.items():
        assert rows[key]["state"] == record["state"]
        assert rows[key]["created_at"] == record["created_at"]
        assert float(rows[key]["period"]) == record["period"]  # type: ignore[arg-type]
    assert first.new_records == len(truth)  # type: ignore[attr-defined]
    assert first.requests == sum(pages_per_batch(sim, endpoint, ids, created_at__gt=SINCE))  # type: ignore[attr-defined]

    added = sim.advance(timedelta(hours=6))
    second = await sync()
    assert second.new_records == added  # type: ignore[attr-defined]
    assert second.requests == 2  # type: ignore[attr-defined]
    assert set(await _rows(dsn, endpoint)) == set(
        truth_rows(sim, endpoint, ids, created_at__gt=SINCE)
    )

    third = await sync()
    assert (third.new_records, third.requests) == (0, 2)  # type: ignore[attr-defined]


async def test_snapshot_and_nested_values(dsn: str) -> None:
    sim = NcmSimulator(routers=20, seed=12, now=NOW)
    async with sim.client(rate_limit=FAST) as ncm:
        first = await ncm.bulk.sync(ncm.v2.routers, into=dsn)
        gone = str(sim.fleet.router_ids[0])
        await ncm.v2.routers.delete(gone)
        second = await ncm.bulk.sync(ncm.v2.routers, into=dsn)
        await ncm.bulk.sync(
            ncm.v2.alerts, key="router", ids=sim.fleet.router_ids[1:], into=dsn, since=SINCE
        )
    assert (first.new_records, second.deleted) == (20, 1)
    conn = await asyncpg.connect(dsn)
    try:
        ids = {r[0] for r in await conn.fetch('SELECT id FROM "routers"')}
        info = await conn.fetchval(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'alerts' AND column_name = 'info'"
        )
        kind = await conn.fetchval("""SELECT info->>'type' FROM "alerts" LIMIT 1""")
    finally:
        await conn.close()
    assert ids == {r["id"] for r in sim.ground_truth("routers")}
    assert info == "jsonb"
    assert kind


async def test_a_second_sync_is_refused_by_the_advisory_lock(dsn: str) -> None:
    holder = open_target(dsn)
    await holder.open()
    try:
        second = open_target(dsn)
        with pytest.raises(
            SyncLockedError,
            match=r"another sync is running on postgresql://127\.0\.0\.1:\d+/sync_\d+ "
            r"\(backend pid \d+\)",
        ):
            await second.open()
    finally:
        await holder.close()
    again = open_target(dsn)
    await again.open()
    await again.close()


def test_the_password_never_shows(tmp_path: Path) -> None:
    target = open_target("postgresql://u:s3cret@127.0.0.1:5/db")
    assert "s3cret" not in repr(target)
    assert "s3cret" not in target.description
