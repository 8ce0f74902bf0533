"""The simulator object: an ASGI 3 app over a seeded fleet, with its knobs.

Every request goes through one pipeline: latency -> authentication (401, not
charged) -> the account's rate budget (429 / v3 409, charged and recorded) ->
a seeded transient fault (answered before any handling, so data never changes)
-> the trailing-slash redirect (v2; it counts as a call) -> routing ->
permanent per-device faults -> the endpoint. Every request is recorded, without
its authentication headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import anyio
import attrs
import httpx

from ncm_async.testing import adversary, asgi, credentials, truth
from ncm_async.testing.adversary import AdversaryPlan
from ncm_async.testing.bodies import (
    THROTTLED_V3_BODY,
    ApiError,
    Response,
    html_error,
    json_response,
    jsonapi_error,
    server_error_500,
    status_error,
    v2_error,
)
from ncm_async.testing.faults import FaultInjector, FaultPlan
from ncm_async.testing.fleet import Fleet
from ncm_async.testing.links import CANONICAL_ORIGIN, Urls
from ncm_async.testing.ratelimit import SimRateLimit, TokenBucket, retry_after_header
from ncm_async.testing.v2_routes import PREFIX as V2_PREFIX
from ncm_async.testing.v2_routes import V2Routes
from ncm_async.testing.v3_routes import V3Routes, is_v3
from ncm_async.testing.v3_routes import route as v3_route

if TYPE_CHECKING:
    from ncm_async._client import AsyncNcmClient


@attrs.frozen
class RecordedRequest:
    """One request as the simulator saw it (authentication headers are never kept).

    Attributes:
        status: The answered status; 0 for a dropped connection.
        fault: The transient fault injected, if any.
    """

    method: str
    path: str
    query: list[tuple[str, str]]
    status: int
    api: str
    fault: str | None = None


@attrs.define
class SimCounters:
    """Totals since construction (``reset_requests`` clears them too)."""

    requests: int = 0
    throttled: int = 0
    faults: int = 0
    body_chunks: int = 0
    """Body pieces sent by trickled answers (``AdversaryPlan.trickle``)."""


class NcmSimulator:
    """A faithful fake NCM (v2 + v3) over a deterministic fleet.

    Args:
        routers: Fleet size.
        seed: Seed of all generated data.
        now: Aware datetime the data is generated back from (default: now, UTC).
        rate_limit: Account budget; None disables throttling.
        latency: Seconds added to every request.
        faults: Transient and permanent faults; None injects none.
        v2_keys: None accepts any four non-empty v2 key headers; a ``V2Keys``, a
            4-tuple ``(cp_id, cp_key, ecm_id, ecm_key)`` or a header->value mapping
            is enforced exactly.
        v3_token: None accepts any non-empty bearer token; a string is enforced.
        clock: Monotonic clock of the rate limiter (inject a fake one in tests).
        origin: Origin of the in-process base URLs.
        window: How far back time-series reach.
        density: Multiplier on time-series sample rates.
        sleep: Async sleep used for latency and slow faults (inject in tests).
        strict_limit: Answer 400 to ``limit`` above the maximum (or 0) instead of
            serving the maximum like the real (Tastypie) paginator does.
        adversary: Hostile server behaviour (wrong shapes, next-link cycles, pages
            without ``meta``, overlapping offset pages, trickled bodies); None: none.
    """

    def __init__(
        self,
        routers: int = 1000,
        seed: int = 0,
        *,
        now: datetime | None = None,
        rate_limit: SimRateLimit | None = None,
        latency: float = 0.0,
        faults: FaultPlan | None = None,
        v2_keys: object = None,
        v3_token: str | None = None,
        clock: Callable[[], float] | None = None,
        origin: str = CANONICAL_ORIGIN,
        window: timedelta = timedelta(days=7),
        density: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        strict_limit: bool = False,
        adversary: AdversaryPlan | None = None,
    ):
        moment = now or datetime.now(UTC)
        if moment.tzinfo is None:
            msg = "now must be an aware datetime"
            raise ValueError(msg)
        self.origin = origin.rstrip("/")
        self.fleet = Fleet(routers=routers, seed=seed, now=moment, window=window, density=density)
        self.latency = latency
        self.rate_limit = rate_limit
        self.fault_plan = faults
        self.adversary = adversary
        self.requests: list[RecordedRequest] = []
        self.counters = SimCounters()
        self._v2_keys = credentials.expected_v2_keys(v2_keys)
        self._v3_token = v3_token
        self._clock = clock or _monotonic
        self._sleep = sleep or anyio.sleep
        self._bucket = TokenBucket(rate_limit, self._clock) if rate_limit else None
        self._faults = FaultInjector(faults) if faults else None
        self._v2 = V2Routes(self.fleet, strict_limit=strict_limit)
        self._v3 = V3Routes(self.fleet)

    @property
    def base_url_v2(self) -> str:
        """``<origin>/api/v2/`` for an in-process client."""
        return f"{self.origin}/api/v2/"

    @property
    def base_url_v3(self) -> str:
        """``<origin>/api/v3/`` for an in-process client."""
        return f"{self.origin}/api/v3/"

    @property
    def urls(self) -> Urls:
        """Resource URLs as served to a client using :attr:`origin`."""
        return Urls(self.origin)

    def client(self, **kwargs: Any) -> AsyncNcmClient:
        """An :class:`~ncm_async.AsyncNcmClient` wired to this simulator in-process.

        Keyword arguments go to the client (``rate_limit=``, ``retry=``, ``clock=``...);
        placeholder credentials are used unless given.
        """
        from ncm_async import AsyncNcmClient, V2Keys

        kwargs.setdefault("v2_keys", V2Keys("sim-cp-id", "sim-cp-key", "sim-ecm-id", "sim-ecm-key"))
        kwargs.setdefault("v3_token", "sim-token")
        kwargs.setdefault("base_url_v2", self.base_url_v2)
        kwargs.setdefault("base_url_v3", self.base_url_v3)
        kwargs.setdefault("allow_insecure_http", True)
        if "http_client" not in kwargs:
            kwargs.setdefault("transport", httpx.ASGITransport(app=self.app))
        return AsyncNcmClient(**kwargs)

    def reset_requests(self) -> None:
        """Forget recorded requests and counters (the rate budget is kept)."""
        self.requests.clear()
        self.counters = SimCounters()

    def ground_truth(self, endpoint: str, api: str = "v2", **filters: Any) -> list[dict[str, Any]]:
        """Every record a correct client gets for this query, over all pages, in serving order.

        Filter values may be Python values (ints, datetimes, lists for ``__in``,
        bools) or the strings a client would send. v3 filters use the v2-style
        ``field__op`` spelling plus ``sort=``.

        Raises:
            ValueError: the query is one the server rejects (status and body in the message).
        """
        return truth.ground_truth(self, endpoint, api, filters)

    def add_samples(
        self, endpoint: str, owner_id: object, times: Sequence[datetime]
    ) -> list[dict[str, Any]]:
        """Add time-series records at ``times`` (a device reporting in); returns them."""
        return truth.add_samples(self, endpoint, str(owner_id), list(times))

    def advance(self, delta: timedelta) -> int:
        """Move the simulator's clock forward: devices report new records meanwhile.

        Every device whose time-series exists already gets records in
        ``[now, now + delta)`` at its own average rate; nothing served before
        disappears (the window widens by ``delta``). Returns how many were added.
        """
        from ncm_async.testing.advance import advance

        return advance(self.fleet, delta)

    async def app(self, scope: asgi.Scope, receive: asgi.Receive, send: asgi.Send) -> None:
        """The ASGI 3 application."""
        if scope["type"] == "lifespan":
            await asgi.lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = await asgi.read_request(scope, receive, self.origin)
        api = "v3" if is_v3(request.path) else "v2"
        status, fault = 0, None
        try:
            response, fault = await self._respond(request, api)
            if response is None:
                await asgi.drop_connection(send)
                return
            status = response.status
            if self.adversary is not None:
                chunks = await adversary.send(
                    self.adversary, request, send, response, sleep=self._sleep, receive=receive
                )
                self.counters.body_chunks += chunks
            else:
                await asgi.send_response(send, response)
        finally:
            query = list(request.query)
            self.requests.append(
                RecordedRequest(request.method, request.path, query, status, api, fault)
            )

    async def _respond(self, request: asgi.Request, api: str) -> tuple[Response | None, str | None]:
        self.counters.requests += 1
        fault = None
        try:
            if self.latency > 0:
                await self._sleep(self.latency)
            credentials.check(request, api, self._v2_keys, self._v3_token)
            self._throttle(api)
            fault = self._faults.draw() if self._faults else None
            if fault is not None:
                self.counters.faults += 1
                if fault == "drop":
                    return None, fault
                if fault == "slow" and self.fault_plan is not None:
                    await self._sleep(self.fault_plan.slow_seconds)
                elif fault == "500":
                    return server_error_500(), fault
                elif fault in ("502", "503"):
                    return html_error(int(fault)), fault
            if self.adversary is None:
                response = self._dispatch(request, api)
            else:
                handled = adversary.rewrite(self.adversary, request)
                response = self._dispatch(handled, api)
                response = adversary.transform(self.adversary, request, response)
        except ApiError as error:
            response = error.response
        return _localize(response, request.origin), fault

    def _throttle(self, api: str) -> None:
        if self._bucket is None or self.rate_limit is None:
            return
        wait = self._bucket.try_take()
        if wait is None:
            return
        self.counters.throttled += 1
        headers = retry_after_header(self.rate_limit.retry_after, wait)
        if api == "v3" and self.rate_limit.v3_throttle_409:
            response = json_response(409, THROTTLED_V3_BODY)
        elif api == "v3":
            response = jsonapi_error(429, "too many requests").response
        else:
            response = v2_error(429, "too many requests", []).response
        response.headers.extend(headers)
        raise ApiError(response)

    def _dispatch(self, request: asgi.Request, api: str) -> Response:
        if api == "v3":
            return self._v3.handle(*v3_route(request), request)
        if not request.path.endswith("/") and request.path.startswith(V2_PREFIX[:-1]):
            location = request.origin + request.path + "/"
            location += f"?{request.raw_query}" if request.raw_query else ""
            return Response(301, b"", None, [(b"location", location.encode())])
        if not request.path.startswith(V2_PREFIX):
            raise v2_error(404, "not found", [{"path": CANONICAL_ORIGIN + request.path}])
        endpoint, operation, item_id = self._v2.route(request)
        if self._faults is not None:
            named = self._v2.named_devices(endpoint, operation, item_id, request)
            status = self._faults.permanent_status(endpoint.name, named)
            if status is not None:
                raise status_error(status)
        return self._v2.handle(endpoint, operation, item_id, request)


def _localize(response: Response, origin: str) -> Response:
    """Rewrite the canonical origin baked into records to the one the client used."""
    if origin != CANONICAL_ORIGIN and response.body:
        response.body = response.body.replace(CANONICAL_ORIGIN.encode(), origin.encode())
    return response


def _monotonic() -> float:
    import time

    return time.monotonic()
