"""The client lifecycle: explicit states, one event loop, copies, timeouts, sets (issues 10/11).

Nothing here sleeps: handlers wait on events, and every "would hang" case is
bounded by a task group deadline that fails the test instead.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from typing import Any

import anyio
import httpx
import pytest

from ncm_async import (
    AsyncNcmClient,
    ClientClosedError,
    ClientState,
    NcmError,
    RetryPolicy,
    V2Keys,
)
from ncm_async._query import format_value, in_values

KEYS = V2Keys("id1", "key1", "id2", "key2")
OK = {"data": [], "meta": {}}


def make(**kwargs: Any) -> AsyncNcmClient:
    kwargs.setdefault("transport", httpx.MockTransport(lambda r: httpx.Response(200, json=OK)))
    return AsyncNcmClient(v2_keys=KEYS, **kwargs)


def test_a_client_used_by_a_second_asyncio_run_says_it_is_bound_to_another_loop() -> None:
    ncm = make()
    asyncio.run(ncm.request("GET", "routers"))
    with pytest.raises(NcmError, match="bound to another event loop"):
        asyncio.run(ncm.request("GET", "routers"))
    assert ncm.state is ClientState.OPEN


def test_a_client_used_by_a_second_trio_run_says_so_too() -> None:
    import trio

    ncm = make()
    trio.run(ncm.request, "GET", "routers")
    with pytest.raises(NcmError, match="bound to another event loop"):
        trio.run(ncm.request, "GET", "routers")


def test_two_threads_with_their_own_loops() -> None:
    ncm = make()
    outcomes: dict[str, BaseException | int] = {}
    started = threading.Event()

    def worker(name: str) -> None:
        try:
            outcomes[name] = asyncio.run(ncm.request("GET", "routers")).status
        except BaseException as exc:
            outcomes[name] = exc
        started.set()

    first = threading.Thread(target=worker, args=("first",))
    first.start()
    first.join(timeout=30)
    second = threading.Thread(target=worker, args=("second",))
    second.start()
    second.join(timeout=30)
    assert not first.is_alive()
    assert not second.is_alive()
    assert outcomes["first"] == 200
    assert isinstance(outcomes["second"], NcmError)
    assert "bound to another event loop" in str(outcomes["second"])


pytestmark = pytest.mark.anyio


async def test_states_and_a_closed_client_refuses_everything() -> None:
    ncm = make()
    assert ncm.state is ClientState.OPEN
    async with ncm:
        await ncm.request("GET", "routers")
    assert ncm.state is ClientState.CLOSED
    assert "closed" in repr(ncm)
    with pytest.raises(ClientClosedError, match="cannot enter a closed client"):
        async with ncm:
            pass
    with pytest.raises(ClientClosedError, match="the client is closed"):
        await ncm.request("GET", "routers")
    with pytest.raises(ClientClosedError):
        await ncm.v2.routers.list().collect()
    await ncm.aclose()


async def test_aclose_ends_requests_in_flight_with_a_clear_error() -> None:
    arrived = anyio.Event()
    never = anyio.Event()
    seen: list[str] = []

    async def hang(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if len(seen) == 3:
            arrived.set()
        await never.wait()
        return httpx.Response(200, json=OK)

    ncm = make(transport=httpx.MockTransport(hang))
    errors: list[BaseException] = []

    async def call() -> None:
        try:
            await ncm.request("GET", "routers")
        except NcmError as exc:
            errors.append(exc)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            for _ in range(3):
                tg.start_soon(call)
            await arrived.wait()
            await ncm.aclose()
    assert len(errors) == 3
    assert all(isinstance(e, ClientClosedError) for e in errors)
    assert {str(e) for e in errors} == {"the client was closed while this request was in flight"}
    assert ncm.limiter.in_flight == 0


async def test_aclose_also_ends_requests_waiting_for_the_limiter() -> None:
    from ncm_async import RateLimit
    from ncm_async.clock import FakeClock

    clock = FakeClock()
    ncm = make(clock=clock, rate_limit=RateLimit(requests_per_minute=10, burst=1))
    results: list[object] = []

    async def call() -> None:
        try:
            results.append((await ncm.request("GET", "routers")).status)
        except NcmError as exc:
            results.append(type(exc))

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            tg.start_soon(call)
            tg.start_soon(call)
            while not results or ncm.limiter.waiting == 0:
                await anyio.lowlevel.checkpoint()
            await ncm.aclose()
    assert results == [200, ClientClosedError]


async def test_aclose_also_ends_requests_waiting_to_retry() -> None:
    from ncm_async.clock import FakeClock

    clock = FakeClock()
    sent: list[str] = []

    def unavailable(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return httpx.Response(503, json={"detail": "maintenance"})

    retry = RetryPolicy(max_attempts=5, backoff_initial=30, jitter=False)
    ncm = make(clock=clock, retry=retry, transport=httpx.MockTransport(unavailable))
    errors: list[BaseException] = []

    async def call() -> None:
        try:
            await ncm.request("GET", "routers")
        except NcmError as exc:
            errors.append(exc)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            tg.start_soon(call)
            while not clock._sleepers:
                await anyio.lowlevel.checkpoint()
            await ncm.aclose()
    assert sent == ["/api/v2/routers/"]
    assert [type(e) for e in errors] == [ClientClosedError]
    assert str(errors[0]) == "the client was closed while this request was in flight"
    assert ncm.stats.errors == 1


async def test_with_options_is_an_explicit_copy_sharing_pool_limiter_and_lifecycle() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=OK)

    ncm = make(transport=httpx.MockTransport(answer), timeout=30)
    patient = ncm.with_options(retry=RetryPolicy(max_attempts=1), timeout=99)
    assert type(patient) is AsyncNcmClient
    assert set(vars(patient)) == set(vars(ncm)), "with_options() must copy every attribute"
    assert patient.retry.max_attempts == 1
    assert ncm.retry.max_attempts == 6
    assert (patient._http, patient.limiter, patient.stats) == (ncm._http, ncm.limiter, ncm.stats)
    assert patient.base_url_v2 == ncm.base_url_v2
    assert patient.clock is ncm.clock
    assert patient.v2 is not ncm.v2
    assert patient.bulk is not ncm.bulk
    await patient.v2.routers.list().collect()
    await ncm.v2.routers.list().collect()
    assert [r.extensions["timeout"]["read"] for r in seen] == [99, 30]
    await patient.aclose()
    assert ncm.state is ClientState.OPEN
    assert not ncm._http.is_closed
    await ncm.request("GET", "routers")
    await ncm.aclose()
    assert patient.state is ClientState.CLOSED
    with pytest.raises(ClientClosedError):
        await patient.request("GET", "routers")


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (99, {"connect": 99, "read": 99, "write": 99, "pool": 99}),
        (2.5, {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}),
        (httpx.Timeout(5, read=60), {"connect": 5, "read": 60, "write": 5, "pool": 5}),
    ],
)
async def test_timeout_is_honoured_with_a_users_http_client(
    timeout: float | httpx.Timeout,  # noqa: ASYNC109 - the client's option under test
    expected: dict[str, float],
) -> None:
    seen: list[dict[str, float]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=OK)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        assert http.timeout.read == 5
        async with AsyncNcmClient(v2_keys=KEYS, http_client=http, timeout=timeout) as ncm:
            await ncm.v2.routers.list().collect()
        assert not http.is_closed
    assert seen == [expected]


def test_sets_are_encoded_sorted() -> None:
    assert format_value({"c", "a", "b"}, name="name__in") == "a,b,c"
    assert format_value(frozenset({30, 4, 200}), name="id__in") == "200,30,4"
    assert format_value(["c", "a"], name="name__in") == "c,a"
    assert in_values({"z", "x", "y"}, name="name__in") == ["x", "y", "z"]


def test_bulk_ids_given_as_a_set_are_batched_sorted() -> None:
    from ncm_async.bulk._plan import unique_ids

    assert unique_ids({"30", 4, "200"}, name="router") == ["200", "30", "4"]
    assert unique_ids([30, 4, 30], name="router") == ["30", "4"]


def test_set_filters_make_the_same_url_whatever_the_hash_seed() -> None:
    code = (
        "from ncm_async._query import format_value;"
        "print(format_value({f'router-{i}' for i in range(50)}, name='name__in'))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
