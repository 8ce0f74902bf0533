"""Every public input is checked before any I/O, and no httpx exception escapes (issue 10, class 6).

respx stands in for the network: a catch-all route proves that nothing was sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx

from ncm_async import (
    APIConnectionError,
    AsyncNcmClient,
    ConfigurationError,
    NcmError,
    ResponseValidationError,
    RetryPolicy,
    V2Keys,
)

pytestmark = pytest.mark.anyio

KEYS = V2Keys("cp-id", "cp-key", "ecm-id", "ecm-key")
BAD_IDS = [
    "..",
    ".",
    "1?expand=account",
    "1#x",
    "",
    "   ",
    "1\r\nX-Injected: yes",
    "1 2",
    "r\u00f6uter",
    "1%2F2",
    "1;drop",
    "x" * 201,
]


@pytest.fixture
async def nothing_sent() -> AsyncIterator[respx.Route]:
    with respx.mock(assert_all_called=False) as router:
        yield router.route()


@pytest.fixture
async def ncm() -> AsyncIterator[AsyncNcmClient]:
    async with AsyncNcmClient(v2_keys=KEYS, v3_token="tok", retry=RetryPolicy(max_attempts=1)) as c:
        yield c


async def _refused(call: Callable[[], Awaitable[Any]], route: respx.Route, match: str) -> str:
    with pytest.raises(ConfigurationError, match=match) as info:
        await call()
    assert route.call_count == 0
    return str(info.value)


@pytest.mark.parametrize("bad", BAD_IDS)
async def test_bad_ids_never_become_paths(
    bad: str, ncm: AsyncNcmClient, nothing_sent: respx.Route
) -> None:
    await _refused(lambda: ncm.v2.routers.get(bad), nothing_sent, "id")
    await _refused(lambda: ncm.v2.routers.update(bad, name="x"), nothing_sent, "id")
    await _refused(lambda: ncm.v2.groups.delete(bad), nothing_sent, "id")
    await _refused(lambda: ncm.v3.users.get(bad), nothing_sent, "id")


async def test_an_id_in_a_filter_is_checked_too(
    ncm: AsyncNcmClient, nothing_sent: respx.Route
) -> None:
    with pytest.raises(ConfigurationError, match="is not a valid id"):
        ncm.bulk.list(ncm.v2.router_state_samples, key="router", ids=[1, "..", 3])
    assert nothing_sent.call_count == 0


@pytest.mark.parametrize(
    ("filters", "match"),
    [
        ({"id": float("nan")}, "NaN or infinity"),
        ({"id": float("inf")}, "NaN or infinity"),
        ({"id__in": [1, float("-inf")]}, "NaN or infinity"),
        ({"name": "a\r\nX-Evil: 1"}, "must not contain CR, LF or NUL"),
        ({"name": "a\x00b"}, "must not contain CR, LF or NUL"),
        ({"name": "x" * 100_000}, "over the 8,000 this SDK sends"),
        ({"name__in": [f"{i}" + "y" * 500 for i in range(20)]}, "over the 8,000 this SDK sends"),
    ],
)
async def test_bad_filter_values_are_refused_before_io(
    filters: dict[str, Any], match: str, ncm: AsyncNcmClient, nothing_sent: respx.Route
) -> None:
    async def first_page() -> object:
        return await ncm.v2.routers.list(**filters)

    text = await _refused(first_page, nothing_sent, match)
    assert len(text) < 400


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"path": "../accounts"}, "path must be a relative path"),
        ({"path": "routers/../../x"}, "path must be a relative path"),
        ({"path": "routers?expand=account"}, "use params= for a query"),
        ({"path": "routers#frag"}, "path must be a relative path"),
        ({"path": "routers\r\nX: 1"}, "path must be a relative path"),
        ({"path": "r\u00f6uters"}, "path must be a relative path"),
        ({"path": "routers", "method": "GE T"}, "method must be one of DELETE, GET"),
        ({"path": "routers", "method": "TRACE"}, "method must be one of"),
        ({"path": "routers", "api": "v4"}, "api must be 'v2' or 'v3'"),
        ({"path": "routers", "params": {"x": float("nan")}}, "NaN or infinity"),
    ],
)
async def test_raw_requests_are_checked(
    kwargs: dict[str, Any], match: str, ncm: AsyncNcmClient, nothing_sent: respx.Route
) -> None:
    options = dict(kwargs)
    method = options.pop("method", "GET")
    path = options.pop("path")
    await _refused(lambda: ncm.request(method, path, **options), nothing_sent, match)


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("key\r\nX-Evil: 1", "must not contain control characters"),
        ("k\ney", "must not contain control characters"),
        ("ke\ty", "must not contain control characters"),
        ("\u043a\u043b\u044e\u0447", "must contain only latin-1 characters"),
        ("", "must be a non-empty string"),
        (42, "must be a non-empty string"),
    ],
)
def test_keys_that_cannot_be_headers_are_refused(value: object, match: str) -> None:
    with pytest.raises(ConfigurationError, match=rf"V2Keys.ecm_api_key {match}") as info:
        V2Keys("id", "key", "id2", value)  # type: ignore[arg-type]
    assert "(X-ECM-API-KEY)" in str(info.value)


@pytest.mark.parametrize("token", ["tok\r\nX: 1", "to\nk", "to ken", "\u0442\u043e\u043a", "", 7])
def test_tokens_that_cannot_be_headers_are_refused(token: object) -> None:
    with pytest.raises(ConfigurationError, match="v3_token must be a non-empty string"):
        AsyncNcmClient(v3_token=token)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (httpx.LocalProtocolError("illegal header"), APIConnectionError),
        (httpx.RemoteProtocolError("peer closed"), APIConnectionError),
        (httpx.ReadError("reset"), APIConnectionError),
        (httpx.ProxyError("proxy"), APIConnectionError),
        (httpx.UnsupportedProtocol("gopher"), APIConnectionError),
        (httpx.DecodingError("bad gzip"), ResponseValidationError),
        (httpx.TooManyRedirects("loop"), APIConnectionError),
    ],
)
async def test_no_httpx_exception_escapes_the_error_tree(
    error: Exception, expected: type[NcmError]
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    client = AsyncNcmClient(
        v2_keys=KEYS, transport=httpx.MockTransport(fail), retry=RetryPolicy(max_attempts=1)
    )
    async with client:
        with pytest.raises(expected) as info:
            await client.request("GET", "routers")
    assert isinstance(info.value.__cause__, httpx.HTTPError)
    assert info.value.__cause__.__traceback__ is None


async def test_a_closed_user_http_client_is_a_clear_error() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    await http.aclose()
    async with AsyncNcmClient(v2_keys=KEYS, http_client=http) as ncm:
        with pytest.raises(NcmError, match="the http_client passed to AsyncNcmClient was closed"):
            await ncm.request("GET", "routers")
