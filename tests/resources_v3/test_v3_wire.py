"""What v3 resources put on the wire, for endpoints the simulator does not serve.

Each test answers with ``httpx.MockTransport`` and checks the exact request:
media types, plain vs ``filter[...]`` parameters, documents, and what comes back.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import orjson
import pytest

from ncm_async import AsyncNcmClient, ConfigurationError, PaginationError, ResponseValidationError
from ncm_async._resources.v3.documents import ref
from ncm_async._resources.v3.regrades import ATOMIC_MEDIA_TYPE

pytestmark = pytest.mark.anyio

BASE = "https://api.cradlepointecm.com/api/v3/"
JSON_API = "application/vnd.api+json"


class Recorder:
    """Answers each request with the next canned response and keeps the requests."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0)


def doc(status: int, body: object) -> httpx.Response:
    return httpx.Response(status, content=orjson.dumps(body), headers={"content-type": JSON_API})


def client(recorder: Callable[[httpx.Request], httpx.Response]) -> AsyncNcmClient:
    return AsyncNcmClient(v3_token="tok", transport=httpx.MockTransport(recorder))


def sent(request: httpx.Request) -> object:
    return orjson.loads(request.content)


async def test_gets_send_json_api_media_types_and_plain_router_filter() -> None:
    rec = Recorder(
        doc(
            200, {"data": [{"id": "1", "type": "unmasked_wifi_passwords"}], "links": {"next": None}}
        )
    )
    async with client(rec) as ncm:
        with pytest.raises(ConfigurationError, match="router filter is required"):
            ncm.v3.unmasked_wifi_passwords.list()
        with pytest.raises(ConfigurationError, match="unknown filter 'router__gt'"):
            ncm.v3.unmasked_wifi_passwords.list(router__gt=1)
        records = await ncm.v3.unmasked_wifi_passwords.list(router=[11, 12]).collect()
    assert [r.id for r in records] == ["1"]
    (request,) = rec.requests
    assert str(request.url).startswith(f"{BASE}unmasked_wifi_passwords?")
    assert request.url.params.multi_items() == [("router", "11,12"), ("page[size]", "50")]
    assert request.headers["accept"] == JSON_API
    assert request.headers["content-type"] == JSON_API
    assert request.headers["authorization"] == "Bearer tok"


async def test_modem_upgrade_writes_use_plain_json() -> None:
    rec = Recorder(
        doc(201, {"data": {"id": "m1", "type": "modem_upgrades", "attributes": {"carrier": "X"}}})
    )
    async with client(rec) as ncm:
        made = await ncm.v3.modem_upgrades.create(
            carrier="X",
            modem_type_name="LP4",
            operation="preview",
            relationships={"group": ref("groups", 12)},
        )
    assert made is not None
    assert made.attributes is not None
    assert made.attributes.extra == {"carrier": "X"}
    (request,) = rec.requests
    assert request.headers["content-type"] == "application/json"
    assert sent(request) == {
        "data": {
            "type": "modem_upgrades",
            "attributes": {"carrier": "X", "modem_type_name": "LP4", "operation": "preview"},
            "relationships": {"group": {"data": {"type": "groups", "id": "12"}}},
        }
    }


async def test_regrade_uses_the_atomic_media_type() -> None:
    rec = Recorder(
        doc(
            200,
            {
                "atomic:results": [
                    {"data": {"id": "r1", "type": "regrades", "attributes": {"status": "QUEUED"}}}
                ]
            },
        )
    )
    async with client(rec) as ncm:
        (result,) = await ncm.v3.regrades.regrade("aa-bb-cc-dd-ee-ff", subscription_type="S")
    assert result.id == "r1"
    (request,) = rec.requests
    assert request.headers["content-type"] == ATOMIC_MEDIA_TYPE
    assert str(request.url) == f"{BASE}asset_endpoints/regrades"


async def test_a_regrade_answer_without_results_is_a_validation_error() -> None:
    rec = Recorder(doc(200, {"data": []}))
    async with client(rec) as ncm:
        with pytest.raises(ResponseValidationError, match="atomic:results"):
            await ncm.v3.regrades.unlicense("AABBCCDDEEFF")


async def test_polymorphic_update_takes_the_type_from_the_record() -> None:
    profile = {"id": "p1", "type": "remote_connect_ssh_profile", "attributes": {"name": "a"}}
    rec = Recorder(doc(200, {"data": profile}), httpx.Response(204))
    async with client(rec) as ncm:
        got = await ncm.v3.remote_connect_profiles.get("p1")
        assert await ncm.v3.remote_connect_profiles.update(got, port=2222) is None
    put = rec.requests[1]
    assert (put.method, str(put.url)) == ("PUT", f"{BASE}remote_connect_profiles/p1")
    assert sent(put) == {
        "data": {"type": "remote_connect_ssh_profile", "id": "p1", "attributes": {"port": 2222}}
    }


async def test_a_get_answer_that_is_not_a_resource_document_is_refused() -> None:
    rec = Recorder(doc(200, {"data": [{"id": "1"}]}))
    async with client(rec) as ncm:
        with pytest.raises(ResponseValidationError, match="expected a JSON:API document"):
            await ncm.v3.tenants.get("t1")


async def test_a_next_link_to_another_origin_is_not_followed() -> None:
    rec = Recorder(
        doc(
            200,
            {
                "data": [{"id": "1", "type": "tenants"}],
                "links": {"next": "https://evil.example/api/v3/tenants?page[after]=x"},
            },
        )
    )
    async with client(rec) as ncm:
        listing = ncm.v3.tenants.list().pages()
        first = await listing.__anext__()
        assert [t.id for t in first.items] == ["1"]
        with pytest.raises(PaginationError, match="outside"):
            await listing.__anext__()
    assert len(rec.requests) == 1


async def test_get_with_sparse_fields() -> None:
    rec = Recorder(doc(200, {"data": {"id": "u1", "type": "users", "attributes": {"email": "e"}}}))
    async with client(rec) as ncm:
        user = await ncm.v3.users.get("u1", fields=["email"])
    assert user.attributes is not None
    assert user.attributes.email == "e"
    assert rec.requests[0].url.params.multi_items() == [("fields[users]", "email")]
