"""Event hooks, OpenTelemetry client spans and structured log records, on a fake clock."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ncm_async import AsyncNcmClient, NotFoundError, RetryPolicy, V2Keys
from ncm_async.clock import FakeClock
from ncm_async.observe import (
    EventHooks,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
    ThrottleEvent,
    active_tracer,
)

pytestmark = pytest.mark.anyio

KEYS = V2Keys("cp-id-SECRET1", "cp-key-SECRET2", "ecm-id-SECRET3", "ecm-key-SECRET4")
SECRETS = ("SECRET1", "SECRET2", "SECRET3", "SECRET4")
NO_JITTER = RetryPolicy(max_attempts=4, backoff_initial=0.5, jitter=False)
URL = "https://www.cradlepointecm.com/api/v2/routers/?limit=1"


def scripted(*responses: httpx.Response) -> httpx.MockTransport:
    script = list(responses)

    def answer(request: httpx.Request) -> httpx.Response:
        return script.pop(0)

    return httpx.MockTransport(answer)


def client(transport: httpx.MockTransport, clock: FakeClock, **kwargs: Any) -> AsyncNcmClient:
    return AsyncNcmClient(v2_keys=KEYS, transport=transport, clock=clock, retry=NO_JITTER, **kwargs)


def ok() -> httpx.Response:
    return httpx.Response(200, json={"data": [], "meta": {}})


def throttled() -> httpx.Response:
    return httpx.Response(429, json={"detail": "slow down"}, headers={"Retry-After": "3"})


def unavailable() -> httpx.Response:
    return httpx.Response(503, text="<html>busy</html>")


async def test_hooks_see_every_attempt_retry_and_throttle_in_order() -> None:
    clock = FakeClock()
    seen: list[object] = []
    hooks = EventHooks(
        on_request=seen.append,
        on_response=seen.append,
        on_retry=seen.append,
        on_throttle=seen.append,
    )
    transport = scripted(unavailable(), throttled(), ok())
    async with clock.autojump(), client(transport, clock, event_hooks=hooks) as ncm:
        await ncm.request("GET", "routers", params={"limit": 1})
    kinds = [type(e).__name__ for e in seen]
    assert kinds == [
        "RequestEvent",
        "ResponseEvent",
        "RetryEvent",
        "RequestEvent",
        "ResponseEvent",
        "ThrottleEvent",
        "RetryEvent",
        "RequestEvent",
        "ResponseEvent",
    ]
    assert seen[0] == RequestEvent("GET", URL, "v2", 1)
    responses = [e for e in seen if isinstance(e, ResponseEvent)]
    assert [(r.attempt, r.status, r.elapsed) for r in responses] == [
        (1, 503, 0.0),
        (2, 429, 0.0),
        (3, 200, 3.0),  # the shared cooldown after the 429 is part of the attempt
    ]
    retries = [e for e in seen if isinstance(e, RetryEvent)]
    assert [(r.attempt, r.wait, r.reason) for r in retries] == [
        (2, 0.5, "HTTP 503"),
        (3, 3.0, "HTTP 429"),
    ]
    assert seen[5] == ThrottleEvent("GET", URL, "v2", 2, 429, 3.0)
    assert not any(s in repr(seen) for s in SECRETS)


async def test_a_hook_that_is_not_callable_is_refused_before_any_io() -> None:
    with pytest.raises(TypeError, match="on_response must be callable"):
        EventHooks(on_response="metrics")  # type: ignore[arg-type]


@pytest.fixture
def spans() -> Iterator[Any]:
    """A global SDK tracer provider with an in-memory exporter, removed afterwards."""
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.util._once import Once

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    try:
        yield exporter
    finally:
        # What opentelemetry's own test utilities do: the global is set-once otherwise.
        trace._TRACER_PROVIDER_SET_ONCE = Once()  # type: ignore[attr-defined]
        trace._TRACER_PROVIDER = None  # type: ignore[attr-defined]


async def test_one_client_span_per_request_with_retries_and_throttles_as_events(
    spans: Any,
) -> None:
    from opentelemetry.trace import SpanKind, StatusCode

    clock = FakeClock()
    transport = scripted(unavailable(), throttled(), ok(), httpx.Response(404, json={}))
    async with clock.autojump(), client(transport, clock) as ncm:
        await ncm.request("GET", "routers", params={"limit": 1})
        with pytest.raises(NotFoundError):
            await ncm.v2.routers.get(7)
    first, second = spans.get_finished_spans()
    assert (first.name, first.kind) == ("GET", SpanKind.CLIENT)
    assert dict(first.attributes) == {
        "http.request.method": "GET",
        "url.full": URL,
        "server.address": "www.cradlepointecm.com",
        "ncm.api": "v2",
        "http.response.status_code": 200,
        "ncm.attempt": 3,
    }
    assert [(e.name, dict(e.attributes)) for e in first.events] == [
        ("ncm.retry", {"ncm.attempt": 2, "ncm.wait": 0.5, "ncm.reason": "HTTP 503"}),
        ("ncm.throttle", {"ncm.attempt": 2, "http.response.status_code": 429, "ncm.wait": 3.0}),
        ("ncm.retry", {"ncm.attempt": 3, "ncm.wait": 3.0, "ncm.reason": "HTTP 429"}),
    ]
    assert first.status.status_code is StatusCode.UNSET
    assert second.attributes["http.response.status_code"] == 404
    assert second.attributes["error.type"] == "NotFoundError"
    assert second.attributes["url.full"].endswith("/api/v2/routers/7/")
    assert second.status.status_code is StatusCode.ERROR
    assert not any(s in repr([dict(s.attributes) for s in (first, second)]) for s in SECRETS)


async def test_no_tracer_and_no_hooks_means_nothing_observed() -> None:
    assert active_tracer() is None
    clock = FakeClock()
    async with clock.autojump(), client(scripted(ok()), clock) as ncm:
        assert (await ncm.request("GET", "routers")).status == 200


def test_opentelemetry_is_never_imported_unless_the_application_does() -> None:
    script = textwrap.dedent(
        """
        import sys, anyio, httpx
        from ncm_async import AsyncNcmClient, V2Keys

        async def main():
            transport = httpx.MockTransport(lambda r: httpx.Response(200, json={"data": []}))
            keys = V2Keys("a", "b", "c", "d")
            async with AsyncNcmClient(v2_keys=keys, transport=transport) as ncm:
                await ncm.request("GET", "routers")

        anyio.run(main)
        print(sorted(m for m in sys.modules if m.startswith("opentelemetry")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


async def test_log_records_carry_structured_fields(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    transport = scripted(throttled(), ok())
    with caplog.at_level(logging.DEBUG, logger="ncm_async"):
        async with clock.autojump(), client(transport, clock) as ncm:
            await ncm.request("GET", "routers", params={"limit": 1})
    by_event = {getattr(r, "ncm_event", None): r for r in caplog.records}
    throttle, retry, response = by_event["throttle"], by_event["retry"], by_event["response"]
    assert (throttle.ncm_status, throttle.ncm_wait) == (429, 3.0)  # type: ignore[attr-defined]
    assert (retry.ncm_attempt, retry.ncm_reason, retry.ncm_wait) == (2, "HTTP 429", 3.0)  # type: ignore[attr-defined]
    assert (response.ncm_method, response.ncm_url, response.ncm_status) == ("GET", URL, 200)  # type: ignore[attr-defined]
    assert "throttled (HTTP 429)" in throttle.getMessage()
    assert not any(s in r.getMessage() + repr(r.__dict__) for r in caplog.records for s in SECRETS)


async def test_hooks_reach_derived_clients_and_bulk() -> None:
    from ncm_async.testing import NcmSimulator

    sim = NcmSimulator(routers=30, seed=2)
    statuses: list[int] = []
    hooks = EventHooks(on_response=lambda e: statuses.append(e.status))
    async with sim.client(event_hooks=hooks) as ncm:
        await ncm.with_options(timeout=5).v2.routers.list(limit=10).collect()
        ids = sim.fleet.router_ids
        async for _ in ncm.bulk.list(ncm.v2.net_devices, key="router", ids=ids):
            pass
    assert statuses == [200] * len(sim.requests)
    assert len(statuses) == 3 + 1  # 30 routers: 3 pages of 10, then one router__in batch
