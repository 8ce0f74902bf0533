"""Many accounts: each its own credentials, budget and report; in one process or on arq workers.

Two simulators are served in their own processes, each enforcing one account's
keys; a third account has keys neither accepts. The pulls run through
:class:`AccountPool` in the test's process, then as arq jobs on two worker
processes (the README's example, ``examples/arq_accounts.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from redis_support import RedisServer, wait_for_output
from sim_process import SimProcess

from ncm_async import AsyncNcmClient, V2Keys
from ncm_async.accounts import Account, AccountPool
from ncm_async.errors import AuthenticationError, ConfigurationError
from ncm_async.models.base import id_from_url
from ncm_async.testing import NcmSimulator
from orphan_guard import dies_with_us

pytestmark = pytest.mark.server

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)
ROUTERS = 60
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEEDS = {"acme": 21, "globex": 22}
PARTS = ("cp", "cpkey", "ecm", "ecmkey")
KEYS = {name: tuple(f"{name}-{part}" for part in PARTS) for name in SEEDS}


@pytest.fixture(scope="module")
def sims() -> Iterator[dict[str, SimProcess]]:
    servers = {
        name: SimProcess(
            "--routers", str(ROUTERS), "--seed", str(seed), "--now", NOW.isoformat(),
            "--v2-keys", ",".join(KEYS[name]),
        )
        for name, seed in SEEDS.items()
    }  # fmt: skip
    try:
        for server in servers.values():
            server.__enter__()
        yield servers
    finally:
        for server in servers.values():
            server.__exit__()


def accounts_data(sims: dict[str, SimProcess]) -> list[dict[str, Any]]:
    data = []
    for name, keys in [*KEYS.items(), ("initech", ("no", "such", "keys", "here"))]:
        origin = sims["acme" if name == "initech" else name].origin
        names = ("cp_api_id", "cp_api_key", "ecm_api_id", "ecm_api_key")
        fields = dict(zip(names, keys, strict=True))
        data.append({"name": name, **fields, "base_url_v2": f"{origin}/api/v2"})
    return data


def truth(name: str) -> list[str]:
    sim = NcmSimulator(routers=ROUTERS, seed=SEEDS[name], now=NOW)
    ids = sim.fleet.router_ids
    rows = sim.ground_truth("router_state_samples", router__in=ids[:100], created_at__gt=SINCE)
    return sorted(f"{id_from_url(r['router'])} {r['created_at_timeuuid']}" for r in rows)


async def samples(ncm: AsyncNcmClient, account: Account) -> Counter[str]:
    ids = [r.id async for r in ncm.v2.routers.list(fields=["id"])]
    stream = ncm.bulk.list(ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE)
    async with stream:
        return Counter([f"{s.router_id} {s.created_at_timeuuid}" async for s in stream])


@pytest.mark.anyio
async def test_a_pool_runs_every_account_on_its_own_keys_and_reports_each(
    sims: dict[str, SimProcess],
) -> None:
    accounts = [Account.from_dict(a) for a in accounts_data(sims)]
    seen: list[str] = []
    reports = await AccountPool(accounts, concurrency=2).run(
        samples, on_report=lambda r: seen.append(r.account)
    )
    assert list(reports) == ["acme", "globex", "initech"]
    assert sorted(seen) == sorted(reports)
    for name in SEEDS:
        report = reports[name]
        assert report.ok, report.error
        assert report.value == Counter(truth(name))
        assert report.requests >= 2
    failed = reports["initech"]
    assert isinstance(failed.error, AuthenticationError)
    assert failed.value is None
    assert "such" not in repr(accounts[2])
    assert "such" not in str(failed.error)


def test_accounts_are_checked_before_any_io() -> None:
    keys = V2Keys("a", "b", "c", "d")
    with pytest.raises(ConfigurationError, match="no credentials"):
        Account("x")
    with pytest.raises(ConfigurationError, match="without spaces"):
        Account("a b", v2_keys=keys)
    with pytest.raises(ConfigurationError, match="incomplete v2 keys, add ecm_api_key"):
        Account.from_dict({"name": "x", "cp_api_id": "a", "cp_api_key": "b", "ecm_api_id": "c"})
    with pytest.raises(ConfigurationError, match="unknown account fields: password"):
        Account.from_dict({"name": "x", "password": "p"})
    with pytest.raises(ConfigurationError, match="unique: x repeated"):
        AccountPool([Account("x", v2_keys=keys), Account("x", v3_token="t")])
    with pytest.raises(ConfigurationError, match="concurrency"):
        AccountPool([Account("x", v2_keys=keys)], concurrency=0)
    with pytest.raises(ConfigurationError, match="redis://"):
        AccountPool([Account("x", v2_keys=keys)], redis_url="http://nope")


def test_an_accounts_token_is_kept_as_a_secret() -> None:
    from ncm_async import Secret

    account = Account("x", v3_token="tok-SECRET-123")
    assert isinstance(account.v3_token, Secret)
    assert account.v3_token.reveal() == "tok-SECRET-123"
    assert "SECRET" not in repr(account)
    assert "SECRET" not in repr(Account.from_dict({"name": "y", "v3_token": "tok-SECRET-4"}))
    client = account.client()
    assert client._credentials.headers("v3")["Authorization"] == "Bearer tok-SECRET-123"
    with pytest.raises(ConfigurationError, match="v3_token must be a non-empty string"):
        Account("x", v3_token="two words")


class Worker:
    """``arq arq_accounts.WorkerSettings`` in its own process."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "arq", "arq_accounts.WorkerSettings"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=dies_with_us(),  # noqa: PLW1509 - a single-threaded test process
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        wait_for_output(self.process, rb"Starting worker", timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.mark.asyncio
async def test_per_account_jobs_on_two_arq_workers(
    sims: dict[str, SimProcess], redis_server: RedisServer, tmp_path: Path
) -> None:
    accounts_file = tmp_path / "accounts.json"
    accounts_file.write_text(json.dumps(accounts_data(sims)))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "NCM_", "CP_"))}
    env.update(
        PYTHONPATH=os.pathsep.join([str(EXAMPLES), env.get("PYTHONPATH", "")]),
        NCM_REDIS_URL=redis_server.url,
        NCM_ACCOUNTS_FILE=str(accounts_file),
        NCM_OUT_DIR=str(tmp_path),
        NCM_JOBS_PER_WORKER="1",
    )
    workers = [Worker(env) for _ in range(2)]
    try:
        for worker in workers:
            worker.wait_ready()
        sys.path.insert(0, str(EXAMPLES))
        os.environ["NCM_REDIS_URL"] = redis_server.url
        try:
            import arq_accounts

            arq_accounts.REDIS_URL = redis_server.url
            results = await arq_accounts.enqueue(SINCE.isoformat(), ["acme", "globex", "initech"])
        finally:
            sys.path.remove(str(EXAMPLES))
            del os.environ["NCM_REDIS_URL"]
    finally:
        for worker in workers:
            worker.stop()
    by_name = {r["account"]: r for r in results}
    for name in SEEDS:
        expected = truth(name)
        assert by_name[name]["ok"], by_name[name]["error"]
        assert by_name[name]["records"] == len(expected) > 0
        assert by_name[name]["digest"] == hashlib.sha256("\n".join(expected).encode()).hexdigest()
        lines = (tmp_path / f"{name}.jsonl").read_text().splitlines()
        assert sorted(json.loads(line) for line in lines) == expected
    assert by_name["initech"]["error"].startswith("AuthenticationError")
    assert len({r["worker"] for r in results}) == 2
    assert {r["worker"] for r in results} == {w.process.pid for w in workers}


@pytest.mark.asyncio
async def test_with_a_redis_url_each_account_has_its_own_shared_budget(
    sims: dict[str, SimProcess], redis_server: RedisServer
) -> None:
    import redis.asyncio as aioredis

    accounts = [Account.from_dict(a) for a in accounts_data(sims)[:2]]
    prefix = f"test-{uuid.uuid4().hex}:"
    pool = AccountPool(accounts, redis_url=redis_server.url, namespace_prefix=prefix)
    reports = await pool.run(samples)
    assert all(r.ok for r in reports.values())
    client = aioredis.Redis.from_url(redis_server.url)
    try:
        keys = sorted(k.decode() for k in await client.keys(f"ncm_async:limiter:{{{prefix}*"))
    finally:
        await client.aclose()
    assert keys == [f"ncm_async:limiter:{{{prefix}{name}}}" for name in ("acme", "globex")]
