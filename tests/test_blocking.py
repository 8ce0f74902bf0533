"""``NcmClient``: the async client without ``await``, on a loop in a background thread."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from ncm_async import (
    AsyncNcmClient,
    ConfigurationError,
    NcmClient,
    NotFoundError,
    RateLimit,
    V2Keys,
)
from ncm_async._blocking import BlockingBulkStream, BlockingPaginator
from ncm_async.testing import FaultPlan, NcmSimulator

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
FAST = RateLimit(requests_per_minute=1e6, burst=1000, max_concurrency=8)


def blocking_client(sim: NcmSimulator, **kwargs: Any) -> NcmClient:
    """What ``sim.client()`` is for the async client: an ``NcmClient`` wired in-process."""
    kwargs.setdefault("rate_limit", FAST)
    return NcmClient(
        v2_keys=V2Keys("a", "b", "c", "d"),
        v3_token="t",
        base_url_v2=sim.base_url_v2,
        base_url_v3=sim.base_url_v3,
        allow_insecure_http=True,
        transport=httpx.ASGITransport(app=sim.app),
        **kwargs,
    )


def loop_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ncm-async-loop"]


@pytest.fixture
def sim() -> NcmSimulator:
    return NcmSimulator(routers=120, seed=5, now=NOW)


def test_list_iterates_every_record_without_await(sim: NcmSimulator) -> None:
    with blocking_client(sim) as ncm:
        listing = ncm.v2.routers.list(limit=50)
        assert isinstance(listing, BlockingPaginator)
        ids = [r.id for r in listing]
    assert ids == [str(r["id"]) for r in sim.ground_truth("routers")]
    assert len(sim.requests) == 3  # 120 routers, 50 a page


def test_get_pages_collect_and_errors(sim: NcmSimulator) -> None:
    first = sim.fleet.router_ids[0]
    with blocking_client(sim) as ncm:
        router = ncm.v2.routers.get(first, fields=["id", "name"])
        assert router.id == str(first)
        page = ncm.v2.routers.list(limit=7).first_page()
        assert len(page.items) == 7
        assert page.next is not None
        pages = list(ncm.v2.routers.list(limit=100).pages())
        assert [len(p.items) for p in pages] == [100, 20]
        assert len(ncm.v2.groups.list().collect(max_items=2)) == 2
        with pytest.raises(NotFoundError):
            ncm.v2.routers.get(999_999_999)
        with pytest.raises(ConfigurationError, match="colour"):
            ncm.v2.routers.list(colour="red")
        users = list(ncm.v3.users.list())
    assert len(users) == len(sim.ground_truth("users", api="v3"))


def test_bulk_list_is_an_iterator_with_a_report(sim: NcmSimulator) -> None:
    ids = sim.fleet.router_ids
    since = NOW - timedelta(hours=6)
    expected = [
        record
        for batch in (ids[:100], ids[100:])
        for record in sim.ground_truth(
            "router_state_samples", router__in=batch, created_at__gt=since
        )
    ]
    with blocking_client(sim) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=since
        )
        assert isinstance(stream, BlockingBulkStream)
        records = [r.created_at_timeuuid for r in stream]
        report = stream.report
        with ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=since
        ) as background:
            again = sum(1 for _ in background)
    assert sorted(records) == sorted(r["created_at_timeuuid"] for r in expected)
    assert report.records == len(expected) == again
    assert (report.ids_total, report.ids_done, report.failed) == (len(ids), len(ids), {})
    assert report.requests == len(sim.requests) // 2


def test_bulk_map_runs_plain_functions_that_use_the_blocking_client(sim: NcmSimulator) -> None:
    ids = sim.fleet.router_ids[:10]
    missing = 999_999_999
    with blocking_client(sim) as ncm:
        result = ncm.bulk.map([*ids, missing], lambda rid: ncm.v2.routers.get(rid).name)

        async def name_of(rid: str) -> str | None:
            return (await ncm.async_client.v2.routers.get(rid)).name

        same = ncm.bulk.map(ids, name_of)
    names = {str(r["id"]): r["name"] for r in sim.ground_truth("routers")}
    assert result.ok == {str(i): names[str(i)] for i in ids}
    assert list(result.errors) == [str(missing)]
    assert isinstance(result.errors[str(missing)], NotFoundError)
    assert same.ok == result.ok


def test_retries_and_stats_are_the_async_clients(sim: NcmSimulator) -> None:
    flaky = NcmSimulator(routers=20, seed=5, now=NOW, faults=FaultPlan(transient_rate=0.5, seed=2))
    with blocking_client(flaky) as ncm:
        routers = list(ncm.v2.routers.list(limit=2))
        stats = ncm.stats
    assert len(routers) == 20
    assert stats.retries == sum(1 for r in flaky.requests if r.fault is not None) > 0
    assert stats.requests == len(flaky.requests)


def test_raw_request_and_with_options_share_the_loop(sim: NcmSimulator) -> None:
    with blocking_client(sim) as ncm:
        response = ncm.request("GET", "routers", params={"limit": 1})
        assert response.status == 200
        short = ncm.with_options(timeout=5)
        assert short.v2.routers.get(sim.fleet.router_ids[0]).id == str(sim.fleet.router_ids[0])
        short.close()  # closes nothing shared
        assert len(list(ncm.v2.routers.list(limit=500))) == 120
    assert len(sim.requests) == 3


def test_close_stops_the_loop_thread_and_later_calls_fail_clearly(sim: NcmSimulator) -> None:
    before = len(loop_threads())
    ncm = blocking_client(sim)
    assert len(loop_threads()) == before + 1
    ncm.close()
    ncm.close()
    assert len(loop_threads()) == before
    with pytest.raises(RuntimeError, match="closed"):
        ncm.v2.routers.get(1)


def test_garbage_collection_closes_an_open_client(sim: NcmSimulator) -> None:
    before = len(loop_threads())
    ncm = blocking_client(sim)
    assert list(ncm.v2.routers.list(limit=5).first_page().items)
    del ncm
    gc.collect()
    assert len(loop_threads()) == before


def test_bad_configuration_raises_before_io_and_leaves_no_thread() -> None:
    before = len(loop_threads())
    with pytest.raises(ConfigurationError, match="no credentials"):
        NcmClient()
    with pytest.raises(ConfigurationError, match="incomplete v2 keys"):
        NcmClient.from_env({"X_CP_API_ID": "a"})
    assert len(loop_threads()) == before


def test_from_env_reads_the_same_variables_as_the_async_client() -> None:
    env = {"NCM_API_TOKEN": "tok", "CP_BASE_URL_V3": "http://127.0.0.1:9/api/v3"}
    with NcmClient.from_env(env) as ncm:
        assert isinstance(ncm.async_client, AsyncNcmClient)
        assert ncm.async_client.base_url_v3 == "http://127.0.0.1:9/api/v3/"
        assert "tok" not in repr(ncm)


def test_works_where_an_event_loop_already_runs_in_the_calling_thread(
    sim: NcmSimulator,
) -> None:
    """A notebook cell runs inside a running asyncio loop; the blocking client does not care."""

    async def cell() -> int:
        with blocking_client(sim) as ncm:
            return len(ncm.v2.routers.list().collect())

    assert asyncio.run(cell()) == 120


def test_an_unclosed_client_does_not_keep_the_interpreter_alive() -> None:
    script = textwrap.dedent(
        """
        import httpx
        from ncm_async import NcmClient, V2Keys
        from ncm_async.testing import NcmSimulator

        sim = NcmSimulator(routers=5, seed=1)
        ncm = NcmClient(v2_keys=V2Keys("a", "b", "c", "d"), base_url_v2=sim.base_url_v2,
                        allow_insecure_http=True, transport=httpx.ASGITransport(app=sim.app))
        print(len(list(ncm.v2.routers.list())))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "5\n", "")
