"""No redirect is ever followed and credentials go to the configured origins only
(issue 10, class 2). respx plays the API and a foreign host; its call records show
exactly which requests left, and with which headers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from ncm_async import APIStatusError, AsyncNcmClient, ConfigurationError, PaginationError, V2Keys
from ncm_async._request import ApiRequest

pytestmark = pytest.mark.anyio

KEYS = V2Keys("cp-id-K1", "cp-key-K2", "ecm-id-K3", "ecm-key-K4")
TOKEN = "v3-token-K5"
SECRETS = ("K1", "K2", "K3", "K4", "K5")
V2 = "https://www.cradlepointecm.com/api/v2/"
V3 = "https://api.cradlepointecm.com/api/v3/"
EVIL = "https://evil.example/steal/path?token=abc"


@pytest.fixture
async def api() -> AsyncIterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        router.get(url__startswith="https://evil.example").respond(200, json={"data": []})
        yield router


def clients() -> list[tuple[str, AsyncNcmClient]]:
    following = httpx.AsyncClient(follow_redirects=True)
    return [
        ("own pool", AsyncNcmClient(v2_keys=KEYS, v3_token=TOKEN)),
        (
            "user client following redirects",
            AsyncNcmClient(v2_keys=KEYS, v3_token=TOKEN, http_client=following),
        ),
    ]


def assert_only_configured_origins(router: respx.MockRouter) -> None:
    hosts = {call.request.url.host for call in router.calls}
    assert hosts <= {"www.cradlepointecm.com", "api.cradlepointecm.com"}, hosts


@pytest.mark.parametrize(
    ("status", "location"),
    [
        (301, EVIL),
        (302, EVIL),
        (303, EVIL),
        (307, EVIL),
        (308, EVIL),
        (302, "http://www.cradlepointecm.com/api/v2/routers/"),
        (302, "//evil.example/x"),
        (302, "/api/v2/routers/?page=2"),
        (302, None),
    ],
)
async def test_a_redirect_is_an_error_never_followed(
    api: respx.MockRouter, status: int, location: str | None
) -> None:
    headers = {"Location": location} if location else {}
    api.get(f"{V2}routers/").respond(status, headers=headers)
    api.get(f"{V3}users").respond(status, headers=headers)
    for name, ncm in clients():
        async with ncm:
            with pytest.raises(APIStatusError) as info:
                await ncm.v2.routers.list().collect()
            assert info.value.status_code == status, name
            assert type(info.value) is APIStatusError
            text = str(info.value)
            assert "not followed (the SDK never follows redirects)" in text
            assert "steal" not in text
            assert "token=abc" not in text
            if location == EVIL:
                assert "redirect to https://evil.example:443" in text
            with pytest.raises(APIStatusError):
                await ncm.v3.users.list().collect()
    assert_only_configured_origins(api)
    assert len(api.calls) == 4


async def test_a_foreign_next_link_is_refused_before_any_request(api: respx.MockRouter) -> None:
    api.get(f"{V2}routers/").respond(
        200, json={"data": [{"id": "1"}], "meta": {"next": f"{EVIL}&offset=1"}}
    )
    for _, ncm in clients():
        async with ncm:
            with pytest.raises(PaginationError, match="outside"):
                await ncm.v2.routers.list(limit=1).collect()
    assert_only_configured_origins(api)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/api/v2/routers/",
        "http://www.cradlepointecm.com/api/v2/routers/",
        "https://www.cradlepointecm.com:8443/api/v2/routers/",
        "https://www.cradlepointecm.com.evil.example/api/v2/routers/",
    ],
)
async def test_the_transport_checks_every_origin_before_adding_credentials(
    api: respx.MockRouter, url: str
) -> None:
    async with AsyncNcmClient(v2_keys=KEYS, v3_token=TOKEN) as ncm:
        with pytest.raises(ConfigurationError, match="refusing to send credentials to") as info:
            await ncm._transport.send(ApiRequest(method="GET", url=url))
    assert all(s not in str(info.value) for s in SECRETS)
    assert "/api/v2/routers" not in str(info.value)
    assert api.calls.call_count == 0


async def test_credentials_reach_the_configured_hosts_and_nowhere_else(
    api: respx.MockRouter,
) -> None:
    v2 = api.get(f"{V2}routers/").respond(200, json={"data": [], "meta": {}})
    v3 = api.get(f"{V3}users").respond(200, json={"data": [], "links": {}})
    for _, ncm in clients():
        async with ncm:
            await ncm.v2.routers.list().collect()
            await ncm.v3.users.list().collect()
    assert v2.call_count == 2
    assert v3.call_count == 2
    assert v2.calls.last.request.headers["X-CP-API-KEY"] == "cp-key-K2"
    assert v3.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "X-CP-API-KEY" not in v3.calls.last.request.headers
    assert_only_configured_origins(api)
