"""Helpers shared by the bulk tests: ground truth per batch, fault injection.

Exactness is checked as multisets of ``(router id, created_at_timeuuid)``: a record
delivered twice or missed shows up as a difference.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from ncm_async import RateLimit
from ncm_async.models.base import id_from_url
from ncm_async.testing import NcmSimulator

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(days=7)
ROUTERS = 300
FAST = RateLimit(requests_per_minute=1e9, burst=1000, max_concurrency=8)
"""A client budget that never waits: for tests about data, not pacing."""

Key = tuple[str | None, str | None]
MakeSim = Callable[..., NcmSimulator]


def key_of(record: Any) -> Key:
    """A model's identity within one pull."""
    return id_from_url(record.router), record.created_at_timeuuid


def keys_of(records: Iterable[Any]) -> collections.Counter[Key]:
    return collections.Counter(map(key_of, records))


class Truth:
    """What a pull of ``endpoint`` over ``ids`` must yield, and its fewest requests.

    The minimum is the sum over the pull's queries (batches of ``batch`` ids in
    input order) of ``ceil(records / 500)``, one for a query with no records.
    """

    def __init__(
        self, sim: NcmSimulator, endpoint: str, ids: Sequence[object], batch: int, **filters: Any
    ) -> None:
        self.expected: collections.Counter[Key] = collections.Counter()
        self.minimum = 0
        self.per_id: dict[str, collections.Counter[Key]] = {}
        for start in range(0, len(ids), batch):
            chunk = list(ids[start : start + batch])
            name = "router__in" if batch > 1 else "router"
            rows = sim.ground_truth(endpoint, **{name: chunk if batch > 1 else chunk[0]}, **filters)
            for row in rows:
                owner = id_from_url(row.get("router")) or (str(chunk[0]) if batch == 1 else None)
                k = (owner, row["created_at_timeuuid"])
                self.expected[k] += 1
                self.per_id.setdefault(str(k[0]), collections.Counter())[k] += 1
            self.minimum += max(1, math.ceil(len(rows) / 500))

    def without(self, ids: Iterable[object]) -> collections.Counter[Key]:
        """The expected records minus those of ``ids``."""
        drop = {str(i) for i in ids}
        return collections.Counter({k: n for k, n in self.expected.items() if k[0] not in drop})


def naming(query: Sequence[tuple[str, str]], router: str) -> bool:
    """Whether a recorded request's query names ``router`` (``router=`` or ``router__in``)."""
    return any(
        name.split("__")[0] == "router" and router in value.split(",") for name, value in query
    )


class FailAfter:
    """The simulator's app, answering 403 to requests naming ``router`` after ``allowed`` of them.

    Models a router whose access is revoked mid-pull: its batch fails *after*
    some pages were delivered, which is when exactly-once is hardest.
    """

    def __init__(self, sim: NcmSimulator, router: object, allowed: int) -> None:
        self.sim = sim
        self.router = str(router)
        self.allowed = allowed
        self.seen = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            query = httpx.QueryParams(scope["query_string"].decode())
            if naming(list(query.multi_items()), self.router):
                self.seen += 1
                if self.seen > self.allowed:
                    body = b'{"success": false, "error": {"code": "forbidden"}}'
                    headers = [(b"content-type", b"application/json")]
                    await send({"type": "http.response.start", "status": 403, "headers": headers})
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.sim.app(scope, receive, send)


async def drain(stream: Any, mode: str = "with") -> list[Any]:
    """Everything a stream yields: plain ``async for``, inside ``async with``, or by pages."""
    out: list[Any] = []
    if mode == "plain":
        async for record in stream:
            out.append(record)
    elif mode == "with":
        async with stream:
            async for record in stream:
                out.append(record)
    else:
        async with stream:
            async for page in stream.pages():
                out.extend(page)
    return out
