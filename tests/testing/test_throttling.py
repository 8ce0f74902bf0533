"""The account budget on a fake clock: exact refusals, ``Retry-After`` forms, v3's 409."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from typing import Any

import pytest

from ncm_async.testing import NcmSimulator, SimRateLimit
from ncm_async.testing.ratelimit import TokenBucket, retry_after_header

pytestmark = pytest.mark.anyio


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _sim(clock: FakeClock, **kw: Any) -> NcmSimulator:
    limit = SimRateLimit(requests_per_minute=60, burst=5, **kw)
    return NcmSimulator(routers=10, seed=0, rate_limit=limit, clock=clock)


async def test_exactly_the_requests_over_the_burst_are_throttled(v2_client: Any) -> None:
    clock = FakeClock()
    sim = _sim(clock)
    async with v2_client(sim) as client:
        statuses = [(await client.get("accounts/")).status_code for _ in range(8)]
        clock.now += 2.0
        refilled = [(await client.get("accounts/")).status_code for _ in range(3)]
    assert statuses == [200] * 5 + [429] * 3
    assert refilled == [200, 200, 429]
    assert sim.counters.throttled == 4
    assert [r.status for r in sim.requests].count(429) == 4


async def test_retry_after_seconds(v2_client: Any) -> None:
    clock = FakeClock()
    sim = _sim(clock)
    async with v2_client(sim) as client:
        for _ in range(5):
            await client.get("accounts/")
        clock.now += 0.25
        response = await client.get("accounts/")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.json()["exception"]["type"] == "error"


async def test_retry_after_http_date_and_absent(v2_client: Any) -> None:
    for style in ("http-date", "absent"):
        sim = _sim(FakeClock(), retry_after=style)
        async with v2_client(sim) as client:
            for _ in range(5):
                await client.get("accounts/")
            response = await client.get("accounts/")
        assert response.status_code == 429
        if style == "absent":
            assert "retry-after" not in response.headers
        else:
            value = response.headers["retry-after"]
            assert re.fullmatch(
                r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT", value
            )
            assert parsedate_to_datetime(value).tzinfo is not None


async def test_v3_throttles_with_a_409_without_errors(v3_client: Any) -> None:
    sim = _sim(FakeClock())
    async with v3_client(sim) as client:
        responses = [await client.get("users") for _ in range(6)]
    throttled = responses[-1]
    assert [r.status_code for r in responses] == [200] * 5 + [409]
    assert "errors" not in throttled.json()
    assert throttled.json() == {"message": "Conflict with internal rules. i.e. invalid app-key."}


async def test_v3_can_throttle_with_429(v3_client: Any) -> None:
    sim = _sim(FakeClock(), v3_throttle_409=False)
    async with v3_client(sim) as client:
        responses = [await client.get("users") for _ in range(6)]
    assert responses[-1].status_code == 429


async def test_v2_and_v3_share_one_budget_and_redirects_count(
    v2_client: Any, v3_client: Any
) -> None:
    sim = _sim(FakeClock())
    async with v2_client(sim) as v2, v3_client(sim) as v3:
        assert (await v2.get("accounts")).status_code == 301
        assert (await v2.get("accounts/")).status_code == 200
        assert (await v3.get("users")).status_code == 200
        assert (await v3.get("tenants")).status_code == 200
        assert (await v2.get("products/")).status_code == 200
        assert (await v2.get("products/")).status_code == 429


async def test_unauthenticated_requests_are_not_charged(v2_client: Any) -> None:
    sim = _sim(FakeClock())
    async with v2_client(sim, headers={}) as anonymous, v2_client(sim) as client:
        for _ in range(10):
            assert (await anonymous.get("accounts/")).status_code == 401
        assert (await client.get("accounts/")).status_code == 200


def test_token_bucket_waits_are_exact() -> None:
    clock = FakeClock()
    bucket = TokenBucket(SimRateLimit(requests_per_minute=120, burst=1), clock)
    assert bucket.try_take() is None
    assert bucket.try_take() == pytest.approx(0.5)
    clock.now += 0.2
    assert bucket.try_take() == pytest.approx(0.3)
    clock.now += 0.3
    assert bucket.try_take() is None


def test_retry_after_rounds_up() -> None:
    assert retry_after_header("seconds", 0.01) == [(b"retry-after", b"1")]
    assert retry_after_header("seconds", 2.2) == [(b"retry-after", b"3")]
    assert retry_after_header("absent", 2.2) == []


@pytest.mark.parametrize("kwargs", [{"requests_per_minute": 0}, {"burst": 0}])
def test_rate_limit_validation(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        SimRateLimit(**kwargs)
