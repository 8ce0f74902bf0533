"""Per-account pulls as arq jobs: many accounts, many workers, one budget per account.

Each job pulls one account's router state samples with that account's
credentials. The workers use the same Redis for the job queue and for each
account's request budget (a RedisLimiterStore named after the account), so two
jobs of one account, on any workers, never send more than its budget together.

Accounts come from a JSON file (``NCM_ACCOUNTS_FILE``: a list of objects with
``name``, the four v2 keys and optionally base URLs); in production, read them
from your secret store instead. Run::

    export NCM_REDIS_URL=redis://127.0.0.1:6379/0 NCM_ACCOUNTS_FILE=accounts.json
    arq arq_accounts.WorkerSettings          # as many workers as you like, on any host
    python arq_accounts.py 24h acme globex   # enqueue one job per account, print reports
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from arq import create_pool
from arq.connections import RedisSettings

from ncm_async import AsyncNcmClient
from ncm_async.accounts import Account, run_account
from ncm_async.ratelimit import RedisLimiterStore

REDIS_URL = os.environ.get("NCM_REDIS_URL", "redis://127.0.0.1:6379/0")


def load_accounts() -> dict[str, Account]:
    """The accounts file, by name."""
    data = json.loads(Path(os.environ["NCM_ACCOUNTS_FILE"]).read_text())
    return {a.name: a for a in map(Account.from_dict, data)}


async def pull_account(ctx: dict[str, Any], name: str, since: str) -> dict[str, Any]:
    """The arq job: one account's samples since ``since``; returns its report."""
    account = ctx["accounts"][name]
    out_dir = Path(os.environ.get("NCM_OUT_DIR", "."))

    async def job(ncm: AsyncNcmClient, account: Account) -> dict[str, Any]:
        ids = [r.id async for r in ncm.v2.routers.list(fields=["id"])]
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=ids,
            created_at__gt=datetime.fromisoformat(since),
        )
        keys = []
        with (out_dir / f"{account.name}.jsonl").open("w") as out:
            async with stream:
                async for sample in stream:
                    key = f"{sample.router_id} {sample.created_at_timeuuid}"
                    out.write(json.dumps(key) + "\n")
                    keys.append(key)
        digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()
        return {"records": len(keys), "digest": digest}

    store = RedisLimiterStore.from_url(REDIS_URL, namespace=f"ncm-account:{name}")
    try:
        report = await run_account(account, job, limiter_store=store)
    finally:
        await store.aclose()
    return {
        "account": report.account,
        "ok": report.ok,
        "error": None if report.error is None else f"{type(report.error).__name__}: {report.error}",
        "requests": report.requests,
        "throttles": report.throttles,
        "worker": os.getpid(),
        **(report.value or {}),
    }


async def startup(ctx: dict[str, Any]) -> None:
    ctx["accounts"] = load_accounts()


class WorkerSettings:
    """``arq arq_accounts.WorkerSettings``."""

    functions = [pull_account]  # noqa: RUF012 - arq reads class attributes
    on_startup = startup
    redis_settings = RedisSettings.from_dsn(REDIS_URL)
    max_jobs = int(os.environ.get("NCM_JOBS_PER_WORKER", "4"))


async def enqueue(since: str, names: list[str]) -> list[dict[str, Any]]:
    """Enqueue one job per account and wait for every report."""
    redis = await create_pool(RedisSettings.from_dsn(REDIS_URL))
    try:
        jobs = [await redis.enqueue_job("pull_account", name, since) for name in names]
        return [await job.result(timeout=600) for job in jobs if job is not None]
    finally:
        await redis.aclose()


if __name__ == "__main__":
    window = timedelta(hours=float(sys.argv[1].removesuffix("h")))
    start = (datetime.now(UTC) - window).isoformat()
    for report in asyncio.run(enqueue(start, sys.argv[2:])):
        print(json.dumps(report))
