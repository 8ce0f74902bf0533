"""Retry decisions per method and failure, and the waits they take."""

from __future__ import annotations

import random

import httpx
import pytest

from ncm_async import errors
from ncm_async._config import RetryPolicy
from ncm_async._protocol import error_class
from ncm_async._retry import backoff, is_retryable, wait_for


def status_error(
    status: int, *, api: str = "v2", body: object = None, retry_after: float | None = None
) -> errors.APIStatusError:
    response = httpx.Response(status, request=httpx.Request("GET", "https://x/api/v2/a/"))
    cls = error_class(status, body, api=api)
    return cls("m", response=response, body=body, retry_after=retry_after)


CONNECT = errors.APIConnectionError("refused", sent=False)
RESET = errors.APIConnectionError("reset after sending", sent=True)
READ_TIMEOUT = errors.APITimeoutError("read timeout", sent=True)
CONNECT_TIMEOUT = errors.APITimeoutError("connect timeout", sent=False)


@pytest.mark.parametrize(
    ("exc", "get", "write"),
    [
        (CONNECT, True, True),
        (CONNECT_TIMEOUT, True, True),
        (RESET, True, False),
        (READ_TIMEOUT, True, False),
        (status_error(408), True, False),
        (status_error(429), True, True),
        (status_error(409, api="v3"), True, True),
        (status_error(409, api="v3", body={"errors": [{"title": "Conflict"}]}), False, False),
        (status_error(409), False, False),
        (status_error(500), True, False),
        (status_error(502), True, False),
        (status_error(503), True, False),
        (status_error(504), True, False),
        (status_error(501), False, False),
        (status_error(400), False, False),
        (status_error(401), False, False),
        (status_error(403), False, False),
        (status_error(404), False, False),
        (errors.ResponseValidationError("bad"), False, False),
        (ValueError("bug"), False, False),
    ],
)
def test_retry_decisions(exc: BaseException, get: bool, write: bool) -> None:
    assert is_retryable("GET", exc) is get
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert is_retryable(method, exc) is write


def test_backoff_ceiling_doubles_and_caps() -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_max=4.0, jitter=False)
    rng = random.Random(0)
    assert [backoff(policy, a, rng) for a in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_full_jitter_stays_below_ceiling() -> None:
    policy = RetryPolicy(backoff_initial=1.0, backoff_max=8.0)
    rng = random.Random(7)
    for attempt in range(1, 8):
        ceiling = min(8.0, 2.0 ** (attempt - 1))
        draws = [backoff(policy, attempt, rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in draws)
        assert max(draws) > ceiling / 2


def test_retry_after_wins_and_is_capped() -> None:
    policy = RetryPolicy(retry_after_max=30.0, jitter=False, backoff_initial=1.0)
    rng = random.Random(0)
    assert wait_for(policy, status_error(503, retry_after=7.0), 1, rng) == 7.0
    assert wait_for(policy, status_error(429, retry_after=600.0), 1, rng) == 30.0
    assert wait_for(policy, status_error(500), 3, rng) == 4.0
    assert wait_for(policy, CONNECT, 2, rng) == 2.0


@pytest.mark.anyio
async def test_with_retries_builds_the_retry_loop_only_after_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first attempt runs bare; a retryable failure hands over to the tenacity loop,
    which replays it as attempt 1 (so the waits and on_retry numbering are unchanged)."""
    from ncm_async import _retry
    from ncm_async.clock import FakeClock

    built: list[str] = []
    real = _retry.retrying

    def counting(*args: object, **kwargs: object) -> object:
        built.append("loop")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_retry, "retrying", counting)
    clock = FakeClock()
    policy = RetryPolicy(max_attempts=3, backoff_initial=1.0, jitter=False)
    retried: list[tuple[str, int, float]] = []
    calls: list[int] = []

    async def attempt(number: int) -> str:
        calls.append(number)
        if number < 3:
            raise status_error(503)
        return "ok"

    async def ok(number: int) -> str:
        calls.append(number)
        return "ok"

    def on_retry(exc: BaseException, n: int, wait: float) -> None:
        retried.append((type(exc).__name__, n, wait))

    common = {"method": "GET", "clock": clock, "rng": random.Random(0), "on_retry": on_retry}
    assert await _retry.with_retries(ok, policy, **common) == "ok"  # type: ignore[arg-type]
    assert (built, calls) == ([], [1])
    calls.clear()
    async with clock.autojump():
        assert await _retry.with_retries(attempt, policy, **common) == "ok"  # type: ignore[arg-type]
    assert built == ["loop"]
    assert calls == [1, 2, 3]
    assert retried == [("ServerError", 2, 1.0), ("ServerError", 3, 2.0)]
    assert clock.sleeps == [1.0, 2.0]


@pytest.mark.anyio
async def test_with_retries_gives_up_with_the_first_failure_when_one_attempt_is_allowed() -> None:
    from ncm_async import _retry
    from ncm_async.clock import FakeClock

    failure = status_error(503)

    async def attempt(number: int) -> str:
        raise failure

    with pytest.raises(errors.APIStatusError) as caught:
        await _retry.with_retries(
            attempt,
            RetryPolicy(max_attempts=1),
            method="GET",
            clock=FakeClock(),
            rng=random.Random(0),
        )
    assert caught.value is failure
