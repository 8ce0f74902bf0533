"""The transport: headers, classification, retries and throttling, on a fake clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest

from ncm_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncNcmClient,
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    RateLimit,
    RateLimitError,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
    V2Keys,
    errors,
)
from ncm_async._request import ApiRequest
from ncm_async.clock import FakeClock

pytestmark = pytest.mark.anyio

KEYS = V2Keys("cp-id-SECRET1", "cp-key-SECRET2", "ecm-id-SECRET3", "ecm-key-SECRET4")
TOKEN = "v3-token-SECRET5"
SECRETS = ("SECRET1", "SECRET2", "SECRET3", "SECRET4", "SECRET5")
NO_JITTER = RetryPolicy(max_attempts=6, max_total_seconds=300, backoff_initial=0.5, jitter=False)

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """Answers from a script of responses and records when each request arrived."""

    def __init__(self, clock: FakeClock, *responses: httpx.Response | Exception) -> None:
        self.clock = clock
        self.script = list(responses)
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.times.append(self.clock.now())
        item = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(item, Exception):
            raise item
        return item


def ok(body: Any = None, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json=body if body is not None else {"data": [], "meta": {}}, headers=headers
    )


def make(recorder: Recorder, **kwargs: Any) -> AsyncNcmClient:
    kwargs.setdefault("retry", NO_JITTER)
    return AsyncNcmClient(
        v2_keys=KEYS,
        v3_token=TOKEN,
        transport=httpx.MockTransport(recorder),
        clock=recorder.clock,
        **kwargs,
    )


async def test_v2_headers_and_trailing_slash() -> None:
    clock = FakeClock()
    rec = Recorder(clock, ok())
    async with make(rec) as ncm:
        await ncm.request("GET", "routers", params={"state": "online"})
        await ncm.request("POST", "groups", json={"name": "g"})
    get, post = rec.requests
    assert str(get.url) == "https://www.cradlepointecm.com/api/v2/routers/?state=online"
    assert get.headers["X-CP-API-ID"] == "cp-id-SECRET1"
    assert get.headers["X-CP-API-KEY"] == "cp-key-SECRET2"
    assert get.headers["X-ECM-API-ID"] == "ecm-id-SECRET3"
    assert get.headers["X-ECM-API-KEY"] == "ecm-key-SECRET4"
    assert get.headers["Accept"] == "application/json"
    assert "Content-Type" not in get.headers
    assert "Authorization" not in get.headers
    assert post.headers["Content-Type"] == "application/json"
    assert post.content == b'{"name":"g"}'


async def test_v3_headers_and_no_trailing_slash() -> None:
    clock = FakeClock()
    rec = Recorder(clock, ok({"data": []}))
    async with make(rec) as ncm:
        await ncm.request("GET", "beta/exchange_sites", api="v3")
    (req,) = rec.requests
    assert str(req.url) == "https://api.cradlepointecm.com/api/v3/beta/exchange_sites"
    assert req.headers["Authorization"] == f"Bearer {TOKEN}"
    assert req.headers["Accept"] == "application/vnd.api+json"
    assert req.headers["Content-Type"] == "application/vnd.api+json"
    assert "X-CP-API-KEY" not in req.headers


async def test_missing_credentials_for_an_api_fail_before_io() -> None:
    clock = FakeClock()
    rec = Recorder(clock, ok())
    async with AsyncNcmClient(
        v3_token=TOKEN, transport=httpx.MockTransport(rec), clock=clock
    ) as ncm:
        with pytest.raises(ConfigurationError, match="v2 keys are not configured"):
            await ncm.request("GET", "routers")
    assert rec.requests == []


async def test_get_retries_500_with_exact_backoff() -> None:
    clock = FakeClock()
    shard = httpx.Response(
        500,
        json={
            "exception": {"message": "cp internal error shard-router-3", "type": "server_error"},
            "errors": [],
        },
    )
    rec = Recorder(clock, shard, shard, ok({"data": [1]}))
    async with clock.autojump(), make(rec) as ncm:
        response = await ncm.request("GET", "routers")
    assert response.body == {"data": [1]}
    assert len(rec.requests) == 3
    assert rec.times == [0.0, 0.5, 1.5]
    assert ncm.stats.requests == 3
    assert ncm.stats.retries == 2
    assert ncm.stats.errors == 0


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_writes_are_never_repeated_after_a_500(method: str) -> None:
    clock = FakeClock()
    rec = Recorder(
        clock,
        httpx.Response(
            500, json={"exception": {"message": "boom", "type": "server_error"}, "errors": []}
        ),
    )
    async with clock.autojump(), make(rec) as ncm:
        with pytest.raises(ServerError, match="server_error boom"):
            await ncm.request(method, "groups/1", json={"name": "x"})
    assert len(rec.requests) == 1


async def test_write_after_read_timeout_is_not_repeated() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.ReadTimeout("slow"))
    async with clock.autojump(), make(rec) as ncm:
        with pytest.raises(APITimeoutError):
            await ncm.request("POST", "groups", json={"name": "x"})
    assert len(rec.requests) == 1


async def test_write_after_connect_error_is_repeated() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.ConnectError("refused"), ok({"id": "1"}, 201))
    async with clock.autojump(), make(rec) as ncm:
        response = await ncm.request("POST", "groups", json={"name": "x"})
    assert response.status == 201
    assert len(rec.requests) == 2


async def test_write_is_repeated_after_429_honouring_retry_after() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.Response(429, headers={"Retry-After": "7"}), ok({"id": "1"}, 201))
    async with clock.autojump(), make(rec) as ncm:
        await ncm.request("POST", "groups", json={"name": "x"})
    assert rec.times == [0.0, 7.0]
    assert ncm.stats.throttles == 1


async def test_gives_up_after_max_attempts() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.Response(503))
    policy = RetryPolicy(max_attempts=4, backoff_initial=1.0, jitter=False)
    async with clock.autojump(), make(rec, retry=policy) as ncm:
        with pytest.raises(ServerError) as info:
            await ncm.request("GET", "routers")
    assert info.value.status_code == 503
    assert rec.times == [0.0, 1.0, 3.0, 7.0]
    assert ncm.stats.errors == 1


async def test_gives_up_when_total_time_would_be_exceeded() -> None:
    clock = FakeClock()
    rec = Recorder(
        clock,
        httpx.Response(502, text="<html>bad gateway</html>", headers={"content-type": "text/html"}),
    )
    policy = RetryPolicy(max_attempts=10, max_total_seconds=5.0, backoff_initial=1.0, jitter=False)
    async with clock.autojump(), make(rec, retry=policy) as ncm:
        with pytest.raises(ServerError, match="HTTP 502: <html>bad gateway</html>"):
            await ncm.request("GET", "routers")
    assert rec.times == [0.0, 1.0, 3.0]


@pytest.mark.parametrize(
    ("status", "exc"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
    ],
)
async def test_client_errors_are_never_retried(status: int, exc: type[Exception]) -> None:
    clock = FakeClock()
    rec = Recorder(
        clock,
        httpx.Response(
            status, json={"exception": {"message": "no", "type": "error"}, "errors": []}
        ),
    )
    async with clock.autojump(), make(rec) as ncm:
        with pytest.raises(exc) as info:
            await ncm.request("GET", "routers")
    assert type(info.value) is exc
    assert len(rec.requests) == 1


async def test_unauthorized_body_is_parsed() -> None:
    clock = FakeClock()
    body = {
        "status_code": 401,
        "exception": "unauthorized",
        "message": " Invalid Credentials i.e. missing or invalid keys.",
        "success": False,
    }
    rec = Recorder(clock, httpx.Response(401, json=body))
    async with make(rec) as ncm:
        with pytest.raises(AuthenticationError) as info:
            await ncm.request("GET", "routers")
    assert info.value.body == body
    assert "Invalid Credentials" in str(info.value)


async def test_success_that_is_not_json_is_a_validation_error() -> None:
    clock = FakeClock()
    rec = Recorder(
        clock,
        httpx.Response(200, text="<html>maintenance</html>", headers={"content-type": "text/html"}),
    )
    async with make(rec) as ncm:
        with pytest.raises(ResponseValidationError, match=r"not JSON \(text/html\)"):
            await ncm.request("GET", "routers")


async def test_204_has_no_body() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.Response(204))
    async with make(rec) as ncm:
        response = await ncm.request("DELETE", "groups/5")
    assert response.status == 204
    assert response.body is None


async def test_v3_throttling_409_is_retried_and_a_real_conflict_is_not() -> None:
    clock = FakeClock()
    throttle = httpx.Response(
        409, json={"message": "Conflict with internal rules. i.e. invalid app-key."}
    )
    rec = Recorder(clock, throttle, ok({"data": []}))
    async with clock.autojump(), make(rec) as ncm:
        await ncm.request("GET", "users", api="v3")
        assert len(rec.requests) == 2
        assert ncm.stats.throttles == 1
        conflict = Recorder(
            clock, httpx.Response(409, json={"errors": [{"title": "Conflict", "detail": "exists"}]})
        )
    async with clock.autojump(), make(conflict) as ncm2:
        with pytest.raises(Exception, match="exists") as info:
            await ncm2.request("POST", "users", api="v3", json={"data": {}})
    assert type(info.value).__name__ == "ConflictError"


async def test_connection_errors_exhaust_into_api_connection_error() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.RemoteProtocolError("server disconnected"))
    async with clock.autojump(), make(rec, retry=RetryPolicy(max_attempts=3, jitter=False)) as ncm:
        with pytest.raises(APIConnectionError, match="no response"):
            await ncm.request("GET", "routers")
    assert len(rec.requests) == 3


async def test_cooldown_pauses_every_task() -> None:
    """One 429 with Retry-After: 5 at t=0: none of 50 tasks sends inside [0, 5)."""
    clock = FakeClock()
    first = True

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal first
        times.append(clock.now())
        if first:
            first = False
            return httpx.Response(429, headers={"Retry-After": "5"})
        return ok()

    times: list[float] = []
    limit = RateLimit(requests_per_minute=60_000, max_concurrency=8, burst=1000, adaptive=False)
    client = AsyncNcmClient(
        v2_keys=KEYS,
        transport=httpx.MockTransport(handler),
        clock=clock,
        rate_limit=limit,
        retry=NO_JITTER,
    )
    async with clock.autojump(), client as ncm:
        await ncm.request("GET", "routers")  # the throttled one, retried after the cooldown
        assert times == [0.0, 5.0]
        first = True
        times.clear()
        start = clock.now()
        async with anyio.create_task_group() as tg:
            for _ in range(50):
                tg.start_soon(ncm.request, "GET", "routers")
    assert len(times) == 51
    throttle_at = times[0]
    assert start <= throttle_at < start + 0.01
    assert all(t == throttle_at or t >= throttle_at + 5.0 for t in times)
    assert sum(1 for t in times if t == throttle_at) <= 8
    assert ncm.stats.throttles == 2


async def test_secrets_never_leak(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    rec = Recorder(
        clock,
        httpx.Response(500, json={"exception": {"message": "cp-key-SECRET2 echoed", "type": "e"}}),
        httpx.Response(401, text="denied"),
    )
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    async with clock.autojump(), make(rec) as ncm:
        texts += [repr(ncm), str(ncm), repr(KEYS), str(KEYS), repr(ncm._credentials)]
        with pytest.raises(AuthenticationError) as info:
            await ncm.request("GET", "routers")
        texts += [
            str(info.value),
            repr(info.value),
            repr(info.value.request),
            repr(info.value.response),
        ]
    texts += [r.getMessage() for r in caplog.records]
    texts.append(caplog.text)
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
    assert any("retrying GET" in r.getMessage() for r in caplog.records)


async def test_secret_echoed_in_an_error_body_is_redacted() -> None:
    clock = FakeClock()
    rec = Recorder(
        clock,
        httpx.Response(
            400, json={"exception": {"message": "bad key cp-key-SECRET2", "type": "validation"}}
        ),
    )
    async with make(rec) as ncm:
        with pytest.raises(errors.BadRequestError) as info:
            await ncm.request("GET", "routers")
    assert "SECRET2" not in str(info.value)
    assert "<redacted>" in str(info.value)


async def test_not_found_is_typed() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.Response(404))
    async with make(rec) as ncm:
        with pytest.raises(NotFoundError):
            await ncm.request("GET", "routers/1")


async def test_throttle_without_retry_after_uses_backoff_and_rate_error_surfaces() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.Response(429))
    policy = RetryPolicy(max_attempts=3, backoff_initial=2.0, jitter=False)
    async with clock.autojump(), make(rec, retry=policy) as ncm:
        with pytest.raises(RateLimitError) as info:
            await ncm.request("GET", "routers")
    assert info.value.retry_after is None
    assert rec.times == [0.0, 2.0, 6.0]


async def test_error_message_and_server_detail_are_separate() -> None:
    clock = FakeClock()
    rec = Recorder(
        clock,
        httpx.Response(
            403, json={"exception": {"message": "forbidden", "type": "error"}, "errors": []}
        ),
    )
    ids = ",".join(str(i) for i in range(1000, 1100))
    async with make(rec) as ncm:
        with pytest.raises(errors.PermissionDeniedError) as info:
            await ncm.request("GET", "router_state_samples", params={"router__in": ids})
    assert info.value.message == "HTTP 403: error forbidden"
    assert str(info.value).startswith(
        "GET https://www.cradlepointecm.com/api/v2/router_state_samples/?router__in=1000"
    )
    assert str(info.value).endswith("chars): HTTP 403: error forbidden")
    assert len(str(info.value)) < 220
    assert ids in str(info.value.request.url)


def test_redaction_replaces_whole_tokens_only() -> None:
    from ncm_async._auth import Credentials

    creds = Credentials(V2Keys("a", "b", "c", "d"), "tok-SECRET5")
    assert creds.redact("unauthorized: bad key a") == "unauthorized: bad key <redacted>"
    assert creds.redact("Bearer tok-SECRET5, id=a;") == "Bearer <redacted>, id=<redacted>;"


async def test_with_options_shares_pool_limiter_and_stats() -> None:
    clock = FakeClock()
    rec = Recorder(clock, httpx.Response(500), ok({"data": []}))
    async with clock.autojump(), make(rec) as ncm:
        impatient = ncm.with_options(retry=RetryPolicy(max_attempts=1), timeout=2.5)
        assert impatient.limiter is ncm.limiter
        assert impatient.stats is ncm.stats
        assert impatient._http is ncm._http
        assert impatient.v2 is not ncm.v2
        with pytest.raises(ServerError):
            await impatient.request("GET", "routers")
        assert len(rec.requests) == 1
        assert rec.requests[0].extensions["timeout"] == httpx.Timeout(2.5).as_dict()
        await impatient.aclose()
        assert not ncm._http.is_closed
        rec.script = [httpx.Response(500), ok({"data": []})]
        await ncm.request("GET", "routers")
        assert len(rec.requests) == 3
        assert ncm.stats.requests == 3
    with pytest.raises(ConfigurationError, match="timeout must be a positive number"):
        ncm.with_options(timeout=-1)


async def test_building_a_throttle_error_is_separate_from_reacting_to_it() -> None:
    """``_error`` only builds; the named throttle step counts and starts the cooldown."""
    clock = FakeClock()
    client = make(Recorder(clock, ok()))
    transport = client._transport
    url = "https://www.cradlepointecm.com/api/v2/routers/"
    response = httpx.Response(429, headers={"retry-after": "7"}, request=httpx.Request("GET", url))
    error = transport._error(ApiRequest(method="GET", url=url, api="v2"), response)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7
    assert client.stats.throttles == 0
    assert client.limiter.cooldown_remaining == 0
    await transport._throttled(error)
    assert client.stats.throttles == 1
    assert client.limiter.cooldown_remaining == 7
    await client.aclose()


async def test_own_pool_builds_the_same_request_as_build_request() -> None:
    """The own pool's direct build and httpx's ``build_request`` (a user's client) agree."""
    sent: dict[str, list[httpx.Request]] = {"own": [], "user": []}

    def answer(into: list[httpx.Request]) -> Handler:
        def handler(request: httpx.Request) -> httpx.Response:
            into.append(request)
            return ok()

        return handler

    user = httpx.AsyncClient(transport=httpx.MockTransport(answer(sent["user"])))
    own = AsyncNcmClient(
        v2_keys=KEYS, v3_token=TOKEN, transport=httpx.MockTransport(answer(sent["own"]))
    )
    theirs = AsyncNcmClient(v2_keys=KEYS, v3_token=TOKEN, http_client=user)
    for ncm in (own, theirs):
        async with ncm:
            await ncm.request("GET", "routers", params={"id__in": "1,2"})
            await ncm.request("PATCH", "routers/1", json={"name": "r"})
            await ncm.request("GET", "users", api="v3")
    await user.aclose()
    assert len(sent["own"]) == len(sent["user"]) == 3
    for mine, reference in zip(sent["own"], sent["user"], strict=True):
        assert (mine.method, str(mine.url)) == (reference.method, str(reference.url))
        assert mine.headers.multi_items() == reference.headers.multi_items()
        assert mine.content == reference.content
        assert mine.extensions["timeout"] == reference.extensions["timeout"]


async def test_own_pool_sends_cookies_the_server_set() -> None:
    """A pool holding cookies (rare on this API) builds through httpx, which sends them."""
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        return httpx.Response(
            200, json={"data": [], "meta": {}}, headers={"set-cookie": "session=abc; Path=/"}
        )

    async with AsyncNcmClient(v2_keys=KEYS, transport=httpx.MockTransport(handler)) as ncm:
        await ncm.request("GET", "routers")
        await ncm.request("GET", "routers")
    assert seen == [None, "session=abc"]
