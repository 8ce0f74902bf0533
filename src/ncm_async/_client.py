"""``AsyncNcmClient``: configuration, lifetime and the API namespaces.

The client owns one transport (one httpx pool, one rate limiter, one retry
policy) shared by everything reached through it: ``ncm.v2.<endpoint>``,
``ncm.v3.<endpoint>`` and ``ncm.bulk``. Constructing it does no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Self, cast
from urllib.parse import urlsplit

import httpx

from ncm_async._auth import Credentials, validate_token
from ncm_async._config import (
    DEFAULT_BASE_URL_V2,
    DEFAULT_BASE_URL_V3,
    ENV_V2_KEYS,
    ENV_V3_TOKEN,
    RateLimit,
    RetryPolicy,
    V2Keys,
    normalize_base_url,
)
from ncm_async._lifecycle import ClientState
from ncm_async._options import (
    MAX_POOL,
    Verify,
    check_flag,
    check_types,
    make_http,
    parse_timeout,
    pool_size,
    tls_context,
)
from ncm_async._request import ApiRequest, ApiResponse
from ncm_async._secret import Secret
from ncm_async._stats import ClientStats
from ncm_async._transport import Transport
from ncm_async.clock import Clock, SystemClock
from ncm_async.errors import ClientClosedError, ConfigurationError
from ncm_async.ratelimit import LimiterStore, RateLimiter

if TYPE_CHECKING:
    from ncm_async._resources.v2.api import V2Api
    from ncm_async._resources.v3.api import V3Api
    from ncm_async.bulk import Bulk
    from ncm_async.observe import EventHooks

__all__ = ["AsyncNcmClient", "MAX_POOL"]


class AsyncNcmClient:
    """An asyncio client for the NCM API v2 and v3.

    Args:
        v2_keys: The four v2 API keys, or None when only v3 is used.
        v3_token: The v3 bearer token, or None when only v2 is used.
        base_url_v2: v2 base URL (https; plain http only to loopback hosts).
        base_url_v3: v3 base URL.
        rate_limit: The account's request budget, shared by every task of this client.
        retry: When and how long to retry.
        timeout: Bound on each attempt as a whole (body included) in seconds, or an
            ``httpx.Timeout``; applied to every request, also through ``http_client``.
        http_client: A user-owned ``httpx.AsyncClient`` to send through; never closed
            here, never allowed to follow redirects.
        transport: An httpx transport for the client's own pool (e.g. the simulator's
            ASGI transport, or an aiohttp-backed one).
        allow_insecure_http: Permit plain http to hosts other than loopback.
        clock: Time source for the limiter and retries (tests inject a fake one).
        limiter_store: Shared limiter state, for several processes on one account.
        verify: TLS verification: True (system CAs), a CA bundle path or an
            ``ssl.SSLContext`` for a private CA. ``False`` is refused.
        event_hooks: Callables told of each request, response, retry and throttle
            (:class:`ncm_async.observe.EventHooks`), for your own metrics.

    Raises:
        ConfigurationError: No credentials at all, a malformed URL or bad settings.
    """

    def __init__(
        self,
        *,
        v2_keys: V2Keys | None = None,
        v3_token: str | Secret | None = None,
        base_url_v2: str = DEFAULT_BASE_URL_V2,
        base_url_v3: str = DEFAULT_BASE_URL_V3,
        rate_limit: RateLimit | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = 30.0,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_insecure_http: bool = False,
        clock: Clock | None = None,
        limiter_store: LimiterStore | None = None,
        verify: Verify = True,
        event_hooks: EventHooks | None = None,
    ) -> None:
        v3_token = Secret.wrap(v3_token)
        if not isinstance(cast(object, v2_keys), V2Keys | None):
            msg = "v2_keys must be a V2Keys(cp_api_id=..., cp_api_key=..., ...)"
            raise ConfigurationError(msg)
        token = validate_token(v3_token)
        if v2_keys is None and token is None:
            msg = (
                f"no credentials: pass v2_keys= and/or v3_token=, or set {', '.join(ENV_V2_KEYS)}"
                f" and/or {ENV_V3_TOKEN} and use AsyncNcmClient.from_env()"
            )
            raise ConfigurationError(msg)
        check_types(
            rate_limit=rate_limit, retry=retry, http_client=http_client, transport=transport
        )
        timeout = parse_timeout(timeout)
        if event_hooks is not None:
            check_hooks(event_hooks)
        if http_client is not None and transport is not None:
            msg = "pass either http_client= or transport=, not both"
            raise ConfigurationError(msg)
        tls = tls_context(verify)
        if http_client is not None and verify is not True:
            msg = "verify= configures the client's own pool: set it on your http_client instead"
            raise ConfigurationError(msg)
        insecure = check_flag("allow_insecure_http", allow_insecure_http)
        self.base_url_v2 = normalize_base_url(
            base_url_v2, name="base_url_v2", allow_insecure_http=insecure
        )
        self.base_url_v3 = normalize_base_url(
            base_url_v3, name="base_url_v3", allow_insecure_http=insecure
        )
        self.rate_limit = rate_limit or RateLimit()
        self.retry = retry or RetryPolicy()
        self._clock = clock or SystemClock()
        self._owns_http = http_client is None
        self._http = http_client or make_http(self.rate_limit, timeout, transport, tls)
        self.stats = ClientStats()
        self.limiter = RateLimiter(
            self.rate_limit,
            clock=self._clock,
            store=limiter_store,
            max_in_flight=pool_size(self.rate_limit) if self._owns_http else None,
        )
        self._credentials = Credentials(v2_keys, token)
        self._transport = Transport(
            self._http,
            credentials=self._credentials,
            limiter=self.limiter,
            retry=self.retry,
            clock=self._clock,
            stats=self.stats,
            origins=(self.base_url_v2, self.base_url_v3),
            timeout=timeout,
            hooks=event_hooks,
            own_pool=self._owns_http,
        )
        self._derived = False

    def with_options(
        self, *, retry: RetryPolicy | None = None, timeout: float | httpx.Timeout | None = None
    ) -> Self:
        """A client for one part of your code with another retry policy or timeout.

        It shares this client's connection pool, rate limiter (so both stay within the
        one account budget), credentials, stats and lifecycle: closing this client
        closes it too, while closing it closes nothing shared.

        Raises:
            ConfigurationError: A bad ``retry`` or ``timeout``.
        """
        check_types(retry=retry)
        parsed = None if timeout is None else parse_timeout(timeout)
        derived = type(self).__new__(type(self))
        derived.base_url_v2 = self.base_url_v2
        derived.base_url_v3 = self.base_url_v3
        derived.rate_limit = self.rate_limit
        derived.retry = retry or self.retry
        derived._clock = self._clock
        derived._owns_http = False
        derived._derived = True
        derived._http = self._http
        derived.stats = self.stats
        derived.limiter = self.limiter
        derived._credentials = self._credentials
        derived._transport = self._transport.derive(retry=retry, timeout=parsed)
        return derived

    @property
    def state(self) -> ClientState:
        """Open until :meth:`aclose` (of this client or the one it was derived from)."""
        return self._transport.lifecycle.state

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: object
    ) -> AsyncNcmClient:
        """A client configured from the ``ncm`` package's environment variables.

        Reads ``X_CP_API_ID``, ``X_CP_API_KEY``, ``X_ECM_API_ID``, ``X_ECM_API_KEY``,
        ``NCM_API_TOKEN`` (else ``TOKEN``, as ``ncm`` does), ``CP_BASE_URL`` and
        ``CP_BASE_URL_V3``; keyword arguments override them.

        Raises:
            ConfigurationError: Incomplete keys, or no credentials at all.
        """
        from ncm_async._env import mask_environ, read_env

        masked = mask_environ(environ)
        del environ
        if "v3_token" in overrides:
            overrides["v3_token"] = Secret.wrap(overrides["v3_token"])
        env = read_env(masked)
        kwargs: dict[str, object] = {"v2_keys": env.v2_keys, "v3_token": env.v3_token}
        if env.base_url_v2:
            kwargs["base_url_v2"] = env.base_url_v2
        if env.base_url_v3:
            kwargs["base_url_v3"] = env.base_url_v3
        kwargs.update(overrides)
        return cls(**kwargs)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        # Must not raise on a half-built client (a traceback rendering its locals
        # would crash); shows no secret either way.
        base = getattr(self, "base_url_v2", "?")
        credentials = getattr(self, "_credentials", "credentials: not set")
        transport = getattr(self, "_transport", None)
        state = transport.lifecycle.state.value if transport is not None else "not built"
        return f"AsyncNcmClient(base_url_v2={base!r}, {credentials!r}, {state})"

    @property
    def clock(self) -> Clock:
        """The time source shared by the limiter, retries and bulk reports."""
        return self._clock

    async def request(
        self,
        method: str,
        path: str,
        *,
        api: str = "v2",
        params: Mapping[str, object] | None = None,
        json: object = None,
        content_type: str | None = None,
    ) -> ApiResponse:
        """Send one raw request through the client's limiter and retries.

        The escape hatch for what the typed resources do not cover. ``path`` is
        relative to the version's base URL (v2 gets its trailing slash).

        Returns:
            The response: status, parsed JSON body (None when empty), headers.
        """
        if api not in {"v2", "v3"}:
            msg = f"api must be 'v2' or 'v3', got {api!r:.40}"
            raise ConfigurationError(msg)
        if not isinstance(method, str) or method.upper() not in _METHODS:
            msg = f"method must be one of {', '.join(sorted(_METHODS))}, got {method!r:.40}"
            raise ConfigurationError(msg)
        import ncm_async._query as query

        base = self.base_url_v2 if api == "v2" else self.base_url_v3
        path = query.relative_path(path)
        if api == "v2":
            path = query.with_slash(path)
        encoded = [(k, query.format_value(v, name=k)) for k, v in (params or {}).items()]
        url = query.join_url(base, path, query.encode_query(encoded))
        request = ApiRequest(
            method=method.upper(), url=url, api=api, json=json, content_type=content_type
        )
        return await self._transport.send(request)

    @cached_property
    def v2(self) -> V2Api:
        """Every v2 endpoint: ``ncm.v2.routers``, ``ncm.v2.router_state_samples``, ..."""
        from ncm_async._resources.context import ApiContext
        from ncm_async._resources.v2.api import V2Api

        return V2Api(ApiContext(self._transport, self.base_url_v2, "v2", _root(self.base_url_v2)))

    @cached_property
    def v3(self) -> V3Api:
        """The v3 endpoints: ``ncm.v3.users``, ``ncm.v3.subscriptions``, ..."""
        from ncm_async._resources.context import ApiContext
        from ncm_async._resources.v3.api import V3Api

        return V3Api(ApiContext(self._transport, self.base_url_v3, "v3", _root(self.base_url_v3)))

    @cached_property
    def bulk(self) -> Bulk:
        """Fan-out over many routers through this client's shared rate budget."""
        from ncm_async.bulk import Bulk

        return Bulk(self)

    async def __aenter__(self) -> Self:
        """Enter an open client.

        Raises:
            ClientClosedError: The client was closed (a closed client stays closed).
        """
        if self.state is ClientState.CLOSED:
            msg = "cannot enter a closed client: create a new AsyncNcmClient"
            raise ClientClosedError(msg)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close: refuse new requests, end those in flight, close the connection pool.

        Requests still running end with :class:`ClientClosedError`. A user-supplied
        ``http_client`` is left open; a client made by :meth:`with_options` closes
        nothing (close the client it came from).
        """
        if self._derived:
            return
        if self._transport.lifecycle.close() and self._owns_http:
            await self._http.aclose()


_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


def check_hooks(hooks: object) -> None:
    """ConfigurationError unless ``hooks`` is an :class:`~ncm_async.observe.EventHooks`."""
    from ncm_async.observe import EventHooks

    if not isinstance(hooks, EventHooks):
        msg = "event_hooks must be an ncm_async.observe.EventHooks(on_request=..., ...)"
        raise ConfigurationError(msg)


def _root(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}/"
