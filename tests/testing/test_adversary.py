"""The adversarial knobs do what they say, only where they are aimed; all are off by default.

Spoken to with bare httpx, so the server's behaviour is proven independently of
the SDK.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest

from ncm_async.testing import AdversaryPlan, NcmSimulator, SimRateLimit, Trickle
from ncm_async.testing.adversary import WRONG_SHAPES, endpoint_of
from ncm_async.testing.server import running

pytestmark = pytest.mark.anyio

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
V2_HEADERS = {"X-CP-API-ID": "a", "X-CP-API-KEY": "b", "X-ECM-API-ID": "c", "X-ECM-API-KEY": "d"}
ClientFactory = Callable[..., httpx.AsyncClient]


def hostile(**plan: Any) -> NcmSimulator:
    return NcmSimulator(routers=60, seed=3, now=NOW, adversary=AdversaryPlan(**plan))


async def test_every_knob_is_off_by_default(v2_client: ClientFactory) -> None:
    plain = NcmSimulator(routers=60, seed=3, now=NOW)
    calm = hostile()
    assert plain.adversary is None
    for sim in (plain, calm):
        async with v2_client(sim) as http:
            page = await http.get("routers/", params={"limit": 7, "offset": 7})
            assert page.headers["content-length"] == str(len(page.content))
            body = page.json()
        assert [r["id"] for r in body["data"]] == [str(r["id"]) for r in sim.fleet.routers[7:14]]
        assert body["meta"]["next"].endswith("limit=7&offset=14")
    assert calm.counters.body_chunks == 0


@pytest.mark.parametrize("kind", WRONG_SHAPES)
async def test_wrong_shape_answers_200_with_that_shape(v2_client: ClientFactory, kind: str) -> None:
    sim = hostile(wrong_shape=kind, endpoints={"routers"})
    async with v2_client(sim) as http:
        listed = await http.get("routers/", params={"limit": 3})
        item = await http.get(f"routers/{sim.fleet.router_ids[0]}/")
        other = await http.get("accounts/")
    assert (listed.status_code, item.status_code, other.status_code) == (200, 200, 200)
    assert isinstance(other.json()["data"], list)
    for response in (listed, item):
        if kind == "html":
            assert response.headers["content-type"] == "text/html"
            assert response.text.startswith("<html>")
            continue
        body = response.json()
        if kind == "detail":
            assert body == {"detail": "scheduled maintenance"}
        elif kind == "data_object":
            assert isinstance(body["data"], dict)
            assert body["data"]["id"] == str(sim.fleet.router_ids[0])
        elif kind == "records_not_objects":
            assert body["data"]
            assert all(isinstance(r, str) for r in body["data"])
        else:
            assert isinstance(body, list)
            assert body[0]["id"] == str(sim.fleet.router_ids[0])


async def test_wrong_shape_leaves_errors_and_writes_alone(v2_client: ClientFactory) -> None:
    sim = hostile(wrong_shape="detail")
    async with v2_client(sim) as http:
        missing = await http.get("routers/999999999/")
        renamed = await http.put(f"routers/{sim.fleet.router_ids[0]}/", json={"name": "x"})
    assert missing.status_code == 404
    assert "exception" in missing.json()
    assert renamed.status_code == 202
    assert renamed.json()["name"] == "x"


@pytest.mark.parametrize(
    ("endpoint", "params"),
    [
        ("routers/", {"limit": 4}),
        ("router_state_samples/", {"limit": 4, "router": "{router}"}),
        ("alert_rules/", {"limit": 1}),
    ],
)
async def test_next_link_cycle_sends_the_second_page_back_to_the_first(
    v2_client: ClientFactory, endpoint: str, params: dict[str, Any]
) -> None:
    sim = hostile(next_link_cycle=True)
    params = {k: str(v).format(router=sim.fleet.busy_router_ids[0]) for k, v in params.items()}
    async with v2_client(sim) as http:
        first = await http.get(endpoint, params=params)
        link_b = first.json()["meta"]["next"]
        second = await http.get(link_b)
        link_a = second.json()["meta"]["next"]
        again = await http.get(link_a)
    assert link_b is not None
    assert link_a == str(first.url)
    assert again.json() == first.json()
    assert second.json()["data"] != first.json()["data"]


async def test_next_link_cycle_on_v3_links(v3_client: ClientFactory) -> None:
    sim = hostile(next_link_cycle=True, endpoints={"asset_endpoints"})
    async with v3_client(sim) as http:
        first = await http.get("asset_endpoints", params={"page[size]": 5})
        second = await http.get(first.json()["links"]["next"])
        back = httpx.URL(second.json()["links"]["next"])
        assert (back.path, back.params) == (first.url.path, first.url.params)
        other = (await http.get("tenants")).json()
    assert other["links"]["next"] is None or "page" in other["links"]["next"]


async def test_page_cap_answers_short_pages_without_meta(v2_client: ClientFactory) -> None:
    sim = hostile(page_cap=3, endpoints={"routers"})
    expected = [str(r["id"]) for r in sim.fleet.routers]
    got: list[str] = []
    async with v2_client(sim) as http:
        while True:
            body = (await http.get("routers/", params={"limit": 10, "offset": len(got)})).json()
            assert "meta" not in body
            assert len(body["data"]) <= 3
            if not body["data"]:
                break
            got += [r["id"] for r in body["data"]]
        accounts = (await http.get("accounts/", params={"limit": 10})).json()
    assert got == expected
    assert "meta" in accounts


async def test_offset_overlap_repeats_records_across_pages(v2_client: ClientFactory) -> None:
    sim = hostile(offset_overlap=2)
    ids = [str(r["id"]) for r in sim.fleet.routers]
    pages: list[list[str]] = []
    async with v2_client(sim) as http:
        url: str | None = "routers/?limit=10"
        while url is not None:
            body = (await http.get(url)).json()
            pages.append([r["id"] for r in body["data"]])
            url = body["meta"]["next"]
    assert pages[0] == ids[:10]
    assert pages[1] == ids[8:18]
    assert pages[2] == ids[16:26]
    flat = [i for page in pages for i in page]
    assert sorted(set(flat), key=ids.index) == ids
    assert len(flat) - len(ids) == 2 * (len(pages) - 1)


def test_endpoint_names_of_paths() -> None:
    assert endpoint_of("/api/v2/routers/12/") == "routers"
    assert endpoint_of("/api/v3/beta/exchange_sites") == "exchange_sites"
    assert endpoint_of("/api/v3/asset_endpoints/regrades") == "asset_endpoints"
    assert endpoint_of("/beta/exchange_resources") == "exchange_resources"


async def test_trickle_sends_the_body_in_paced_pieces(v2_client: ClientFactory) -> None:
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    sim = NcmSimulator(
        routers=10,
        seed=3,
        now=NOW,
        sleep=sleep,
        adversary=AdversaryPlan(trickle=Trickle(chunk_bytes=64, pause_seconds=0.6)),
    )
    async with v2_client(sim) as http:
        response = await http.get("routers/", params={"limit": 2})
    pieces = math.ceil(len(response.content) / 64)
    assert "content-length" not in response.headers
    assert orjson.loads(response.content)["meta"]["limit"] == 2
    assert sim.counters.body_chunks == pieces
    assert pauses == [0.6] * (pieces - 1)


@pytest.mark.asyncio
@pytest.mark.server
async def test_trickle_is_a_chunked_body_over_a_real_socket() -> None:
    plan = AdversaryPlan(trickle=Trickle(chunk_bytes=100, pause_seconds=0.0))
    sim = NcmSimulator(routers=10, seed=3, now=NOW, adversary=plan)
    plain = NcmSimulator(routers=10, seed=3, now=NOW)
    async with (
        running(sim, port=0) as server,
        running(plain, port=0) as reference,
        httpx.AsyncClient(headers=V2_HEADERS) as http,
    ):
        trickled = await http.get(f"{server.base_url_v2}routers/?limit=5")
        whole = await http.get(f"{reference.base_url_v2}routers/?limit=5")
    assert trickled.headers["transfer-encoding"] == "chunked"
    assert "content-length" in whole.headers
    served = trickled.content.replace(server.origin.encode(), b"")
    assert served == whole.content.replace(reference.origin.encode(), b"")
    assert sim.counters.body_chunks == math.ceil(len(trickled.content) / 100)


@pytest.mark.parametrize(
    "make",
    [
        lambda: AdversaryPlan(wrong_shape="xml"),  # type: ignore[arg-type]
        lambda: AdversaryPlan(page_cap=0),
        lambda: AdversaryPlan(offset_overlap=-1),
        lambda: Trickle(chunk_bytes=0),
        lambda: Trickle(pause_seconds=-1),
    ],
)
def test_bad_plans_are_refused(make: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"must|needs"):
        make()


async def test_burst_is_independent_of_the_rate(v2_client: ClientFactory) -> None:
    now = [0.0]
    for limit, allowed in (
        (SimRateLimit(requests_per_minute=60_000), 10),
        (SimRateLimit(requests_per_minute=1), 10),
        (SimRateLimit(requests_per_minute=60_000, burst=None), 10),
        (SimRateLimit(requests_per_minute=60_000, burst=3), 3),
        (SimRateLimit(requests_per_minute=1, burst=25), 25),
    ):
        sim = NcmSimulator(routers=2, seed=0, now=NOW, rate_limit=limit, clock=lambda: now[0])
        async with v2_client(sim) as http:
            statuses = [(await http.get("accounts/")).status_code for _ in range(allowed + 2)]
        assert statuses == [200] * allowed + [429, 429], limit


@pytest.mark.asyncio
@pytest.mark.server
async def test_a_trickle_stops_when_the_client_goes_away() -> None:
    plan = AdversaryPlan(trickle=Trickle(chunk_bytes=4, pause_seconds=0.05))
    sim = NcmSimulator(routers=10, seed=3, now=NOW, adversary=plan)
    plain = NcmSimulator(routers=10, seed=3, now=NOW)
    transport = httpx.ASGITransport(app=plain.app)
    async with httpx.AsyncClient(transport=transport, headers=V2_HEADERS) as local:
        whole = len((await local.get(f"{plain.base_url_v2}routers/?limit=10")).content)
    async with running(sim, port=0) as server, httpx.AsyncClient(headers=V2_HEADERS) as http:
        url = f"{server.base_url_v2}routers/?limit=10"
        async with http.stream("GET", url) as response:
            async for _ in response.aiter_raw():
                break
    assert 0 < sim.counters.body_chunks < math.ceil(whole / 4) // 2
