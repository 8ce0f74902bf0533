"""Time bounds that bound: a whole attempt within ``timeout``, a whole call within
``RetryPolicy.max_total_seconds``, limiter waits included (issue 10, class 4).

Every server here runs on a :class:`FakeClock`: a trickling body sleeps on it, the
deadlines fire on it, and the assertions read exact virtual times.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

from ncm_async import (
    APITimeoutError,
    AsyncNcmClient,
    RateLimit,
    RateLimitError,
    RetryPolicy,
    V2Keys,
)
from ncm_async.clock import FakeClock

pytestmark = pytest.mark.anyio

KEYS = V2Keys("id1", "key1", "id2", "key2")


class Trickle(httpx.AsyncByteStream):
    """A body sent 4 bytes every 0.6 s (29 s for 200 bytes): each read is quick."""

    def __init__(self, clock: FakeClock, chunks: int = 50) -> None:
        self.clock = clock
        self.chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"{"
        for _ in range(self.chunks):
            await self.clock.sleep(0.6)
            yield b"    "
        yield b'"data": [], "meta": {}}'


class Server:
    def __init__(self, clock: FakeClock, *answers: httpx.Response | str) -> None:
        self.clock = clock
        self.answers = list(answers)
        self.times: list[float] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.times.append(self.clock.now())
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if answer == "trickle":
            return httpx.Response(200, stream=Trickle(self.clock))
        assert isinstance(answer, httpx.Response)
        return answer


def client(server: Server, **kwargs: object) -> AsyncNcmClient:
    kwargs.setdefault("retry", RetryPolicy(max_attempts=1, jitter=False))
    return AsyncNcmClient(
        v2_keys=KEYS, transport=httpx.MockTransport(server), clock=server.clock, **kwargs
    )


async def test_a_trickling_body_cannot_stretch_an_attempt_past_its_timeout() -> None:
    clock = FakeClock()
    server = Server(clock, "trickle")
    async with clock.autojump(), client(server, timeout=1) as ncm:
        with pytest.raises(APITimeoutError, match=r"timed out after 1 s \(the whole attempt"):
            await ncm.request("GET", "routers")
    assert clock.now() == 1.0
    assert server.times == [0.0]


async def test_the_attempt_bound_is_the_largest_phase_of_an_httpx_timeout() -> None:
    clock = FakeClock()
    server = Server(clock, "trickle")
    async with clock.autojump(), client(server, timeout=httpx.Timeout(2, read=5)) as ncm:
        with pytest.raises(APITimeoutError, match="timed out after 5 s"):
            await ncm.request("GET", "routers")
    assert clock.now() == 5.0


async def test_a_quick_trickle_within_the_timeout_is_fine() -> None:
    clock = FakeClock()

    async def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Trickle(clock, chunks=3))

    ncm = AsyncNcmClient(
        v2_keys=KEYS, transport=httpx.MockTransport(answer), clock=clock, timeout=2
    )
    async with clock.autojump(), ncm:
        assert (await ncm.request("GET", "routers")).body == {"data": [], "meta": {}}
    assert clock.now() == pytest.approx(1.8)


async def test_retried_timeouts_stop_at_max_total_seconds() -> None:
    clock = FakeClock()
    server = Server(clock, "trickle")
    policy = RetryPolicy(max_attempts=10, max_total_seconds=2.5, backoff_initial=0.25, jitter=False)
    async with clock.autojump(), client(server, timeout=1, retry=policy) as ncm:
        with pytest.raises(APITimeoutError):
            await ncm.request("GET", "routers")
    assert server.times == [0.0, 1.25]
    assert clock.now() <= 2.5


async def test_the_total_bound_also_cuts_an_attempt_short() -> None:
    clock = FakeClock()
    server = Server(clock, "trickle")
    policy = RetryPolicy(max_attempts=3, max_total_seconds=2)
    async with clock.autojump(), client(server, timeout=30, retry=policy) as ncm:
        with pytest.raises(APITimeoutError, match="max_total_seconds=2 reached during the attempt"):
            await ncm.request("GET", "routers")
    assert clock.now() == 2.0


async def test_a_long_cooldown_fails_the_next_call_fast_instead_of_sleeping() -> None:
    clock = FakeClock()
    server = Server(
        clock, httpx.Response(429, headers={"Retry-After": "600"}), httpx.Response(200, json={})
    )
    policy = RetryPolicy(max_attempts=3, max_total_seconds=5, retry_after_max=900)
    async with clock.autojump(), client(server, retry=policy) as ncm:
        with pytest.raises(RateLimitError):
            await ncm.request("GET", "routers")
        assert clock.now() == 0.0
        with pytest.raises(APITimeoutError, match=r"paused 600\.0 s more after a throttle") as info:
            await ncm.request("GET", "routers")
        assert info.value.sent is False
        assert clock.now() == 0.0
        patient = ncm.with_options(retry=RetryPolicy(max_total_seconds=700, retry_after_max=900))
        await patient.request("GET", "routers")
    assert server.times == [0.0, 600.0]


async def test_a_limiter_wait_longer_than_the_budget_ends_at_the_budget() -> None:
    clock = FakeClock()
    server = Server(clock, httpx.Response(200, json={}))
    limit = RateLimit(requests_per_minute=10, burst=1, min_requests_per_minute=1)
    policy = RetryPolicy(max_attempts=2, max_total_seconds=3)
    async with clock.autojump(), client(server, rate_limit=limit, retry=policy) as ncm:
        await ncm.request("GET", "routers")
        with pytest.raises(APITimeoutError, match="no rate-limiter slot within") as info:
            await ncm.request("GET", "routers")
        assert info.value.sent is False
        assert clock.now() == 3.0
        assert ncm.limiter.waiting == 0
        assert ncm.limiter.in_flight == 0
        await ncm.with_options(retry=RetryPolicy(max_total_seconds=10)).request("GET", "routers")
    assert server.times == [0.0, 6.0]


async def test_web_handlers_can_rely_on_both_bounds_under_concurrency() -> None:
    clock = FakeClock()
    server = Server(clock, "trickle")
    policy = RetryPolicy(max_attempts=5, max_total_seconds=4, jitter=False)
    ends: list[float] = []

    async def handler(ncm: AsyncNcmClient) -> None:
        with pytest.raises(APITimeoutError):
            await ncm.request("GET", "routers")
        ends.append(clock.now())

    ncm = client(server, timeout=1.5, retry=policy)
    async with clock.autojump(), ncm, anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(handler, ncm)
    assert len(ends) == 20
    assert max(ends) == pytest.approx(4.0, abs=1e-9)
